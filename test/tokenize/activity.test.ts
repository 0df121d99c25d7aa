import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityTokenizer, BOS, EOS, UNK, fitTokenizer, tokenizerFromJSON } from '../../src/core/tokenize';
import { END_OF_CASE } from '../../src/core/agent/types';

const train = [
  ['Submit', 'Check', 'Approve'],
  ['Submit', 'Reject'],
];

test('fits ids on training activities only, specials first, sorted labels', () => {
  const t = ActivityTokenizer.fit(train);
  assert.deepEqual(t.activities, ['Approve', 'Check', 'Reject', 'Submit']);
  assert.equal(t.vocabSize, 8);
  assert.deepEqual(t.encodeCase(['Submit', 'Check']), [BOS, 7, 5, EOS]);
  assert.deepEqual(t.encodePrefix(['Submit']), [BOS, 7]);
});

test('unseen activities become UNK and are reported', () => {
  const t = ActivityTokenizer.fit(train);
  assert.deepEqual(t.encodeCase(['Submit', 'Escalate']), [BOS, 7, UNK, EOS]);
  assert.deepEqual(t.unknown(['Submit', 'Escalate', 'Audit']), ['Escalate', 'Audit']);
});

test('aligned encoding maps each token to its event', () => {
  const t = ActivityTokenizer.fit(train);
  assert.deepEqual(t.encodeAligned(['Submit', 'Reject']), { ids: [BOS, 7, 6, EOS], event: [-1, 0, 1, 2] });
});

test('candidates are every activity plus END spelled by EOS', () => {
  const t = ActivityTokenizer.fit(train);
  const c = t.candidates();
  assert.equal(c.length, 5);
  assert.deepEqual(c[0], { label: 'Approve', tokens: [4] });
  assert.deepEqual(c[4], { label: END_OF_CASE, tokens: [EOS] });
});

test('grow appends new activities and keeps every existing id', () => {
  const t = ActivityTokenizer.fit(train);
  const before = t.encodeCase(['Submit', 'Check', 'Approve']);
  const g = t.grow([['Submit', 'Escalate', 'Audit', 'Check']]);
  assert.deepEqual(g, { newIds: [8, 9], newActivities: ['Audit', 'Escalate'] });
  assert.deepEqual(t.encodeCase(['Submit', 'Check', 'Approve']), before);
  assert.equal(t.vocabSize, 10);
  assert.deepEqual(t.grow(train), { newIds: [], newActivities: [] });
});

test('JSON round trip restores identical ids', () => {
  const t = fitTokenizer('activity', train);
  t.grow([['Audit']]);
  const back = tokenizerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
  assert.equal(back.kind, 'activity');
  assert.deepEqual(back.activities, t.activities);
  assert.deepEqual(back.encodeCase(['Audit', 'Submit', 'Nope']), t.encodeCase(['Audit', 'Submit', 'Nope']));
});

test('restoring foreign JSON fails with a clear message', () => {
  assert.throws(() => tokenizerFromJSON({ kind: 'wordpiece' }), /unknown tokenizer kind "wordpiece"/);
  assert.throws(() => tokenizerFromJSON(null), /unknown tokenizer kind/);
  assert.throws(() => tokenizerFromJSON({ kind: 'activity', version: 9, activities: [] }), /version/);
});
