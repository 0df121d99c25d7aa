import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Case } from '../../src/core/log/types';
import { splitCases } from '../../src/core/data/split';
import { prefixes, countPrefixes } from '../../src/core/data/prefixes';
import { END_OF_CASE } from '../../src/core/agent/types';

/** Case i starts at day start[i] and lasts len[i] days; activities a, b, c, ... */
function mk(specs: { start: number; days: number; acts?: string }[]): Case[] {
  return specs.map((s, i) => {
    const acts = s.acts ?? 'ab';
    return {
      id: `c${i}`,
      events: [...acts].map((a, k) => ({ activity: a, time: (s.start + (k * s.days) / Math.max(1, acts.length - 1)) * 86_400_000 })),
    };
  });
}
const ids = (cs: Case[]): string[] => cs.map((c) => c.id);

test('file order: the first cases train, the rest test', () => {
  const cases = mk(Array.from({ length: 9 }, (_, i) => ({ start: 9 - i, days: 1 })));
  const s = splitCases(cases, { kind: 'file-order', testFraction: 1 / 3 });
  assert.deepEqual(ids(s.train), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
  assert.deepEqual(ids(s.test), ['c6', 'c7', 'c8']);
  assert.match(s.description, /file order: first 6 cases train, last 3 test/);
});

test('chronological by case start, with and without dropping straddling cases', () => {
  // Starts: c0 day 0 (long, ends day 10), c1 day 1, c2 day 2, c3 day 3 (file order is not time order: c4 starts day -1).
  const cases = mk([{ start: 0, days: 10 }, { start: 1, days: 0.5 }, { start: 2, days: 0.5 }, { start: 3, days: 0.5 }, { start: -1, days: 0.5 }]);
  const keep = splitCases(cases, { kind: 'chronological', testFraction: 0.4, dropStraddling: false });
  assert.deepEqual(ids(keep.train), ['c4', 'c0', 'c1']);
  assert.deepEqual(ids(keep.test), ['c2', 'c3']);
  assert.match(keep.description, /cut at 1970-01-03T00:00:00.000Z; train cases straddling the cut kept/);
  const drop = splitCases(cases, { kind: 'chronological', testFraction: 0.4, dropStraddling: true });
  assert.deepEqual(ids(drop.train), ['c4', 'c1']);
  assert.match(drop.description, /dropped 1 train cases still running at the cut/);
});

test('separate files: train and test as given', () => {
  const [a, b] = [mk([{ start: 0, days: 1 }]), mk([{ start: 5, days: 1 }, { start: 6, days: 1 }])];
  const s = splitCases(a, { kind: 'files', trainFile: 'train.xes', testFile: 'test.xes' }, b);
  assert.equal(s.train, a);
  assert.equal(s.test, b);
  assert.match(s.description, /1 train cases from train.xes, 2 test cases from test.xes/);
  assert.throws(() => splitCases(a, { kind: 'files', trainFile: 'x', testFile: 'y' }));
});

test('seeded k-fold: deterministic, folds partition the cases, other seeds differ', () => {
  const cases = mk(Array.from({ length: 23 }, (_, i) => ({ start: i, days: 1 })));
  const seen = new Map<string, number>();
  for (let fold = 0; fold < 5; fold++) {
    const s = splitCases(cases, { kind: 'k-fold', folds: 5, fold, seed: 42 });
    assert.equal(s.train.length + s.test.length, 23);
    assert.ok(s.test.length === 4 || s.test.length === 5);
    for (const c of s.test) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
    assert.deepEqual(ids(splitCases(cases, { kind: 'k-fold', folds: 5, fold, seed: 42 }).test), ids(s.test));
  }
  assert.equal(seen.size, 23);
  assert.ok([...seen.values()].every((n) => n === 1));
  const other = splitCases(cases, { kind: 'k-fold', folds: 5, fold: 0, seed: 7 });
  assert.notDeepEqual(ids(other.test), ids(splitCases(cases, { kind: 'k-fold', folds: 5, fold: 0, seed: 42 }).test));
});

test('prefixes: k = events in the prefix, target = event k+1; minPrefix and end-of-case', () => {
  const cases = mk([{ start: 0, days: 1, acts: 'abc' }, { start: 0, days: 1, acts: 'x' }]);
  const tax = [...prefixes(cases, { minPrefix: 2, eosTarget: false })];
  assert.deepEqual(tax, [{ caseIndex: 0, prefix: ['a', 'b'], target: 'c' }]);
  const all = [...prefixes(cases, { minPrefix: 1, eosTarget: true })];
  assert.deepEqual(all.map((p) => [p.caseIndex, p.prefix.join(''), p.target]), [
    [0, 'a', 'b'],
    [0, 'ab', 'c'],
    [0, 'abc', END_OF_CASE],
    [1, 'x', END_OF_CASE],
  ]);
  assert.equal(countPrefixes(cases, { minPrefix: 1, eosTarget: true }), 4);
  assert.equal(countPrefixes(cases, { minPrefix: 2, eosTarget: false }), 1);
  assert.throws(() => [...prefixes(cases, { minPrefix: 0, eosTarget: false })]);
});
