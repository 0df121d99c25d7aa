import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_NONE, RESOURCE_UNKNOWN, ResourceVocab, TIME_BUCKETS, alignFeatures, eventFeatures, timeBucket } from '../../src/core/tokenize/features';
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
  const v = ResourceVocab.fit([{ events }]);
  const f = eventFeatures(events, v);
  assert.deepEqual(f.resource, [2, 3, FEATURE_NONE]);
  assert.deepEqual(f.time, [FEATURE_NONE, timeBucket(60_000), FEATURE_NONE]);
  const t = ActivityTokenizer.fit([['a', 'b', 'c']]);
  const { event } = t.encodeAligned(['a', 'b', 'c']);
  assert.deepEqual(alignFeatures(f.resource, event), [FEATURE_NONE, 2, 3, FEATURE_NONE, FEATURE_NONE]);
});
