import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScoreAccumulator } from '../../src/core/eval/metrics';
import { damerauLevenshtein, dlSimilarity } from '../../src/core/eval/similarity';
import { scorePredictor, scoreSuffixes } from '../../src/core/eval/score';
import { END_OF_CASE } from '../../src/core/agent/types';

test('accuracy is micro-averaged over prefixes, not over lengths', () => {
  const acc = new ScoreAccumulator();
  // length 1: 1 of 1 right; length 2: 0 of 3 right → micro 1/4, macro-by-length would be 1/2.
  acc.add(1, 'b', ['b']);
  acc.add(2, 'c', ['d', 'c']);
  acc.add(2, 'c', ['d', 'e', 'c']);
  acc.add(2, 'c', ['d', 'e', 'f', 'c']);
  const s = acc.scores();
  assert.equal(s.accuracy, 0.25);
  assert.equal(s.top3, 0.75);
  assert.equal(s.prefixes, 4);
  assert.deepEqual(s.byPrefixLength, [
    { length: 1, accuracy: 1, count: 1 },
    { length: 2, accuracy: 0, count: 3 },
  ]);
});

test('precision and recall per activity', () => {
  const acc = new ScoreAccumulator();
  acc.add(1, 'a', ['a']);
  acc.add(1, 'a', ['b']);
  acc.add(1, 'b', ['b']);
  acc.add(1, 'c', ['b']);
  const by = Object.fromEntries(acc.scores().perActivity.map((p) => [p.activity, p]));
  assert.deepEqual(by.a, { activity: 'a', precision: 1, recall: 0.5, support: 2 });
  assert.deepEqual(by.b, { activity: 'b', precision: 1 / 3, recall: 1, support: 1 });
  assert.deepEqual(by.c, { activity: 'c', precision: 0, recall: 0, support: 1 });
});

test('a target outside the training vocabulary is wrong even if "predicted", and counted', () => {
  const acc = new ScoreAccumulator(new Set(['a']));
  acc.add(1, 'new', ['new', 'a']);
  acc.add(1, 'a', ['a']);
  const s = acc.scores();
  assert.equal(s.accuracy, 0.5);
  assert.equal(s.top3, 0.5);
  assert.equal(s.unseenTargets, 1);
  assert.equal(s.prefixes, 2);
});

test('Damerau-Levenshtein: insertions, deletions, substitutions, transpositions', () => {
  const d = (a: string, b: string) => damerauLevenshtein([...a], [...b]);
  assert.equal(d('', ''), 0);
  assert.equal(d('abc', ''), 3);
  assert.equal(d('abc', 'abc'), 0);
  assert.equal(d('abc', 'acb'), 1);
  assert.equal(d('abcd', 'abd'), 1);
  assert.equal(d('kitten', 'sitting'), 3);
  // unrestricted DL: "ca" → "abc" is 2 (transpose, then insert), OSA would say 3
  assert.equal(d('ca', 'abc'), 2);
  assert.equal(dlSimilarity([], []), 1);
  assert.equal(dlSimilarity(['a', 'b'], ['b', 'a']), 0.5);
  assert.equal(dlSimilarity(['a'], ['b', 'c']), 0);
});

test('scorePredictor batches prefixes and scores END when it is a target', async () => {
  const batches: number[] = [];
  const predictor = async (prefixes: readonly (readonly string[])[]) => {
    batches.push(prefixes.length);
    return prefixes.map((p) => (p.length >= 2 ? [END_OF_CASE] : ['b']));
  };
  const s = await scorePredictor([['a', 'b'], ['a', 'b', 'c']], { minPrefix: 1, eosTarget: true }, predictor, { batchSize: 2 });
  // prefixes: a→b ✓, ab→END ✓, a→b ✓, ab→c ✗, abc→END ✓
  assert.deepEqual(batches, [2, 2, 1]);
  assert.equal(s.prefixes, 5);
  assert.equal(s.accuracy, 0.8);
  assert.equal(s.perActivity.find((p) => p.activity === END_OF_CASE)?.support, 2);
});

test('scorePredictor rejects a predictor that answers the wrong number of prefixes', async () => {
  await assert.rejects(scorePredictor([['a', 'b']], { minPrefix: 1, eosTarget: false }, async () => []), /answered 0 prefixes for a batch of 1/);
});

test('scorePredictor stops when aborted', async () => {
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(scorePredictor([['a', 'b']], { minPrefix: 1, eosTarget: false }, async (p) => p.map(() => ['b']), { signal: ctl.signal }));
});

test('suffix similarity compares with the true rest of the case', async () => {
  const r = await scoreSuffixes([['a', 'b', 'c']], { minPrefix: 1, eosTarget: false }, async (prefixes) => prefixes.map(() => ['c']));
  // a → [b,c] vs [c]: 0.5; ab → [c] vs [c]: 1
  assert.equal(r.prefixes, 2);
  assert.equal(r.similarity, 0.75);
});
