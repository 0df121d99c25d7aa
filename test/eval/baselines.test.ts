import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselinePredictor, fitBaselines, fitLast1, fitNgram, fitPrefix, scoreBaselines } from '../../src/core/eval/baselines';
import { scorePredictor } from '../../src/core/eval/score';
import { END_OF_CASE } from '../../src/core/agent/types';

// After "b": c twice, d once → last1 says c. After "x b": d always → a 2-gram says d.
const train = [
  ['a', 'b', 'c'],
  ['a', 'b', 'c'],
  ['x', 'b', 'd'],
  ['x', 'b', 'd'],
  ['y', 'b', 'c'],
];

test('last1 predicts the majority successor of the last activity', () => {
  const b = fitLast1(train, { withEnd: false });
  assert.deepEqual(b.rank(['x', 'b']).slice(0, 2), ['c', 'd']);
  assert.equal(b.rank(['a'])[0], 'b');
});

test('n-gram uses the longest suffix seen and backs off', () => {
  const b = fitNgram(train, { withEnd: false });
  assert.equal(b.rank(['x', 'b'])[0], 'd');
  // "q b" was never seen: backs off to "b" → c
  assert.equal(b.rank(['q', 'b'])[0], 'c');
  // nothing known at all: the most frequent successor overall (b: 5 times)
  assert.equal(b.rank(['zzz'])[0], 'b');
});

test('n-gram looks at most maxN activities back', () => {
  const long = [['p', 'q', 'r', 's', 't', 'u', 'A'], ['z', 'q', 'r', 's', 't', 'u', 'B'], ['z', 'q', 'r', 's', 't', 'u', 'B']];
  assert.equal(fitNgram(long, { withEnd: false, maxN: 5 }).rank(['p', 'q', 'r', 's', 't', 'u'])[0], 'B');
  assert.equal(fitNgram(long, { withEnd: false, maxN: 6 }).rank(['p', 'q', 'r', 's', 't', 'u'])[0], 'A');
});

test('exact prefix lookup, backing off to the n-gram for unseen prefixes', () => {
  const b = fitPrefix(train, { withEnd: false });
  assert.equal(b.rank(['y', 'b'])[0], 'c');
  assert.equal(b.rank(['q', 'x', 'b'])[0], 'd');
});

test('ties break by code-unit order, whatever the training order', () => {
  const one = fitLast1([['s', 'n'], ['s', 'm']], { withEnd: false });
  const two = fitLast1([['s', 'm'], ['s', 'n']], { withEnd: false });
  assert.deepEqual(one.rank(['s']), ['m', 'n']);
  assert.deepEqual(two.rank(['s']), ['m', 'n']);
});

test('END is a candidate only when the protocol scores it', () => {
  const cases = [['a', 'b'], ['a', 'b'], ['a', 'b', 'c']];
  assert.equal(fitNgram(cases, { withEnd: true }).rank(['a', 'b'])[0], END_OF_CASE);
  assert.equal(fitNgram(cases, { withEnd: false }).rank(['a', 'b'])[0], 'c');
  assert.ok(!fitPrefix(cases, { withEnd: false }).rank(['a', 'b']).includes(END_OF_CASE));
});

test('rankings list every training target, so top-3 is always defined', () => {
  const b = fitBaselines(train, { withEnd: false });
  for (const name of ['last1', 'ngram', 'prefix'] as const) assert.deepEqual([...b[name].rank(['a'])].sort(), ['b', 'c', 'd']);
});

test('scored on hand-made test cases: unseen activities stay in and count as wrong', async () => {
  const b = fitBaselines(train, { withEnd: false });
  const test = [['x', 'b', 'd'], ['a', 'NEW', 'c']];
  const s = await scorePredictor(test, { minPrefix: 1, eosTarget: false }, baselinePredictor(b.ngram));
  // x→b ✓, xb→d ✓, a→NEW ✗ (unseen target), aNEW→c ✓? back-off: "NEW" unseen → global majority b ✗
  assert.equal(s.prefixes, 4);
  assert.equal(s.accuracy, 0.5);
});

test('scoreBaselines scores all three on the same prefixes', async () => {
  const s = await scoreBaselines(train, [['x', 'b', 'd'], ['a', 'b', 'c']], { minPrefix: 2, eosTarget: true });
  for (const name of ['last1', 'ngram', 'prefix'] as const) assert.equal(s[name].prefixes, 4);
  // xb→d, xbd→END, ab→c, abc→END: last1 misses xb→d only
  assert.equal(s.last1.accuracy, 0.75);
  assert.equal(s.ngram.accuracy, 1);
  assert.equal(s.prefix.accuracy, 1);
});
