import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { BOS, BpeTokenizer, DELIM, EOS, UNK, tokenizerFromJSON } from '../../src/core/tokenize';
import { END_OF_CASE } from '../../src/core/agent/types';

const train = [
  ['Submit application', 'Check documents', 'Approve loan'],
  ['Submit application', 'Reject loan'],
];

test('vocabulary is compacted to the o200k pieces seen in training', () => {
  const t = BpeTokenizer.fit(train);
  const pieces = new Set(train.flat().flatMap((a) => encode(a)));
  assert.equal(t.vocabSize, 5 + pieces.size);
  assert.deepEqual(t.toJSON().bpeIds, [...pieces].sort((a, b) => a - b));
  assert.deepEqual(t.activities, ['Approve loan', 'Check documents', 'Reject loan', 'Submit application']);
});

test('a case is BOS, (pieces, DELIM)*, EOS and every id is in range', () => {
  const t = BpeTokenizer.fit(train);
  const ids = t.encodeCase(['Submit application', 'Reject loan']);
  assert.equal(ids[0], BOS);
  assert.equal(ids.at(-1), EOS);
  assert.equal(ids.filter((i) => i === DELIM).length, 2);
  assert.ok(ids.every((i) => i >= 0 && i < t.vocabSize));
  const expectedLength = 2 + encode('Submit application').length + encode('Reject loan').length + 2;
  assert.equal(ids.length, expectedLength);
  assert.deepEqual(t.encodePrefix(['Submit application']), ids.slice(0, 2 + encode('Submit application').length));
});

test('aligned encoding puts every piece and its delimiter on its event', () => {
  const t = BpeTokenizer.fit(train);
  const { ids, event } = t.encodeAligned(['Reject loan']);
  assert.equal(ids.length, event.length);
  assert.deepEqual(event, [-1, ...encode('Reject loan').map(() => 0), 0, 1]);
});

test('pieces never seen in training become UNK; unseen labels are reported', () => {
  const t = BpeTokenizer.fit(train);
  const ids = t.activityTokens('Zxqv xylophone');
  assert.ok(ids.includes(UNK));
  assert.equal(ids.at(-1), DELIM);
  assert.deepEqual(t.unknown(['Approve loan', 'Approve application']), ['Approve application']);
});

test('candidates spell each known activity with its delimiter; END is EOS', () => {
  const t = BpeTokenizer.fit(train);
  const c = t.candidates();
  assert.equal(c.length, 5);
  assert.deepEqual(c.at(-1), { label: END_OF_CASE, tokens: [EOS] });
  for (const cand of c.slice(0, -1)) assert.deepEqual(cand.tokens, t.activityTokens(cand.label));
});

test('grow appends new pieces only, keeping old ids', () => {
  const t = BpeTokenizer.fit(train);
  const before = t.encodeCase(train[0]);
  const size = t.vocabSize;
  const g = t.grow([['Escalate to manager', 'Approve loan']]);
  assert.deepEqual(g.newActivities, ['Escalate to manager']);
  assert.ok(g.newIds.length > 0);
  assert.deepEqual(g.newIds, g.newIds.map((_, i) => size + i));
  assert.deepEqual(t.encodeCase(train[0]), before);
  assert.ok(!t.activityTokens('Escalate to manager').includes(UNK));
});

test('JSON round trip gives the same encoding', () => {
  const t = BpeTokenizer.fit(train);
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.equal(back.kind, 'bpe');
  assert.equal(back.vocabSize, t.vocabSize);
  assert.deepEqual(back.encodeCase(['Approve loan', 'Check documents']), t.encodeCase(['Approve loan', 'Check documents']));
});
