import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTracePrefixes, enumeratePrefixes } from '../../src/core/eval/prefixes';
import { prefixes as casePrefixes } from '../../src/core/data/prefixes';
import type { Case } from '../../src/core/log/types';
import { END_OF_CASE } from '../../src/core/agent/types';

const cases = [['a', 'b', 'c'], ['x'], ['a', 'b']];

test('k ≥ 1 without EOS: every proper prefix with its next activity', () => {
  const items = [...enumeratePrefixes(cases, { minPrefix: 1, eosTarget: false })];
  assert.deepEqual(
    items.map((i) => [i.caseIndex, i.prefix.join(''), i.target]),
    [[0, 'a', 'b'], [0, 'ab', 'c'], [2, 'a', 'b']],
  );
  assert.equal(countTracePrefixes(cases, { minPrefix: 1, eosTarget: false }), 3);
});

test('k ≥ 2 with EOS: short cases skipped, full case predicts END', () => {
  const rule = { minPrefix: 2, eosTarget: true };
  const items = [...enumeratePrefixes(cases, rule)];
  assert.deepEqual(
    items.map((i) => [i.caseIndex, i.prefix.join(''), i.target]),
    [[0, 'ab', 'c'], [0, 'abc', END_OF_CASE], [2, 'ab', END_OF_CASE]],
  );
  assert.equal(countTracePrefixes(cases, rule), items.length);
});

test('a one-event case still scores END when k ≥ 1', () => {
  const items = [...enumeratePrefixes([['x']], { minPrefix: 1, eosTarget: true })];
  assert.deepEqual(items, [{ caseIndex: 0, prefix: ['x'], target: END_OF_CASE }]);
});

test('the trace enumeration agrees with core/data/prefixes on cases', () => {
  const asCases: Case[] = [...cases, ['p', 'q', 'r', 's']].map((acts, c) => ({
    id: `c${c}`,
    events: acts.map((activity, seq) => ({ caseId: `c${c}`, activity, time: seq, seq })),
  }));
  const traces = asCases.map((c) => c.events.map((e) => e.activity));
  for (const rule of [{ minPrefix: 1, eosTarget: false }, { minPrefix: 2, eosTarget: true }, { minPrefix: 3, eosTarget: true }]) {
    assert.deepEqual([...enumeratePrefixes(traces, rule)], [...casePrefixes(asCases, rule)]);
  }
});
