import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTracePrefixes, tracePrefixes } from '../../src/core/data/prefixes';
import { END_OF_CASE } from '../../src/core/agent/types';

const traceList = [['a', 'b', 'c'], ['x'], ['a', 'b']];

test('traces, k ≥ 1 without EOS: every proper prefix with its next activity', () => {
  const items = [...tracePrefixes(traceList, { minPrefix: 1, eosTarget: false })];
  assert.deepEqual(
    items.map((i) => [i.caseIndex, i.prefix.join(''), i.target]),
    [[0, 'a', 'b'], [0, 'ab', 'c'], [2, 'a', 'b']],
  );
  assert.equal(countTracePrefixes(traceList, { minPrefix: 1, eosTarget: false }), 3);
});

test('traces, k ≥ 2 with EOS: short cases skipped, full case predicts END', () => {
  const rule = { minPrefix: 2, eosTarget: true };
  const items = [...tracePrefixes(traceList, rule)];
  assert.deepEqual(
    items.map((i) => [i.caseIndex, i.prefix.join(''), i.target]),
    [[0, 'ab', 'c'], [0, 'abc', END_OF_CASE], [2, 'ab', END_OF_CASE]],
  );
  assert.equal(countTracePrefixes(traceList, rule), items.length);
});

test('a one-event trace still scores END when k ≥ 1; minPrefix < 1 is refused', () => {
  assert.deepEqual([...tracePrefixes([['x']], { minPrefix: 1, eosTarget: true })], [{ caseIndex: 0, prefix: ['x'], target: END_OF_CASE }]);
  assert.throws(() => countTracePrefixes([['x']], { minPrefix: 0, eosTarget: true }), RangeError);
});
