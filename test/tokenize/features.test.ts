import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_NONE, RESOURCE_UNKNOWN, ResourceVocab, TIME_BUCKETS, timeBucket } from '../../src/core/tokenize/features';
import { FeatureSet, alignCases, tokenFeatures } from '../../src/core/tokenize/featureSet';
import { ActivityTokenizer } from '../../src/core/tokenize';
import type { LogEvent } from '../../src/core/log/types';

const ev = (activity: string, time: number, resource?: string): LogEvent => ({ activity, time, resource });

test('time buckets are log-spaced, monotone and capped', () => {
  assert.equal(timeBucket(NaN), FEATURE_NONE);
  assert.equal(timeBucket(0), 1);
  assert.equal(timeBucket(-5000), 1);
  assert.equal(timeBucket(1000), 2);
  assert.equal(timeBucket(3000), 3);
  assert.equal(timeBucket(3600_000), 1 + Math.floor(Math.log2(3601)));
  assert.equal(timeBucket(1e13), TIME_BUCKETS - 1);
  let prev = 0;
  for (let ms = 0; ms < 1e11; ms = ms * 1.7 + 100) {
    const b = timeBucket(ms);
    assert.ok(b >= prev);
    prev = b;
  }
});

test('resource vocabulary: none, unknown, fitted ids; grows without renumbering', () => {
  const v = ResourceVocab.fit([{ events: [ev('a', 0, 'Sue'), ev('b', 1, 'Ann'), ev('c', 2)] }]);
  assert.equal(v.size, 4);
  assert.equal(v.id(undefined), FEATURE_NONE);
  assert.equal(v.id('Bob'), RESOURCE_UNKNOWN);
  assert.equal(v.id('Ann'), 2);
  assert.deepEqual(v.grow([{ events: [ev('a', 0, 'Bob'), ev('a', 0, 'Sue')] }]), [4]);
  assert.equal(v.id('Sue'), 3);
  assert.equal(ResourceVocab.fromJSON(JSON.parse(JSON.stringify(v.toJSON()))).id('Bob'), 4);
});

test('event features align with tokens; BOS and EOS get none', () => {
  const events = [ev('a', 0, 'Ann'), ev('b', 60_000, 'Sue'), ev('c', NaN)];
  const set = FeatureSet.fit([{ events }], ['resource', 'gap']);
  const f = set.perEvent({ events })!;
  assert.deepEqual(f.toArrays(), [
    [2, 3, FEATURE_NONE],
    [FEATURE_NONE, timeBucket(60_000), FEATURE_NONE],
  ]);
  const t = ActivityTokenizer.fit([['a', 'b', 'c']]);
  assert.deepEqual(tokenFeatures(t, ['a', 'b', 'c'], f).toArrays(), [
    [FEATURE_NONE, 2, 3, FEATURE_NONE, FEATURE_NONE],
    [FEATURE_NONE, FEATURE_NONE, timeBucket(60_000), FEATURE_NONE, FEATURE_NONE],
  ]);
  // Features that run past the activities (a prefix of a longer case): only the prefix's count, and EOS stays none.
  assert.deepEqual(tokenFeatures(t, ['a', 'b'], f).toArrays()[0], [FEATURE_NONE, 2, 3, FEATURE_NONE]);
  assert.deepEqual(tokenFeatures(t, ['a', 'b'], f, true).toArrays()[0], [FEATURE_NONE, 2, 3]);
});

test('a case set is one columnar struct: cases back to back, views per case, aligned per case', () => {
  const a = [ev('a', 0, 'Ann'), ev('b', 1000, 'Sue')];
  const b = [ev('c', 0, 'Sue')];
  const set = FeatureSet.fit([{ events: a }, { events: b }], ['resource']);
  const cols = set.columns([{ events: a }, { events: b }])!;
  assert.equal(cols.caseCount, 2);
  assert.equal(cols.width, 1);
  assert.deepEqual([...cols.offsets], [0, 2, 3]);
  assert.deepEqual([...cols.columns[0]], [2, 3, 3]);
  assert.deepEqual(cols.caseAt(1).toArrays(), [[3]]);
  assert.equal(cols.caseAt(1).columns[0].buffer, cols.columns[0].buffer, 'caseAt is a view');
  assert.deepEqual(cols.slice(1, 9, 0).toArrays(), [[3]]);
  assert.deepEqual(cols.keep([false, true], 0).toArrays(), [[3]]);
  const out = [new Int32Array(6)];
  cols.copyInto(out, 3, 0, 0, 99); // clamped to case 0: never case 1's ids
  assert.deepEqual([...out[0]], [0, 0, 0, 2, 3, 0]);
  const t = ActivityTokenizer.fit([['a', 'b', 'c']]);
  const aligned = alignCases(t, [['a', 'b'], ['c']], cols);
  assert.deepEqual([...aligned.offsets], [0, 4, 7]);
  assert.deepEqual([...aligned.columns[0]], [0, 2, 3, 0, 0, 3, 0]);
  assert.throws(() => alignCases(t, [['a', 'b']], cols), /features for 2 cases, given 1/);
});
