import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, edgeWidth, pairsOf, waitBucket, WAIT_BUCKETS } from '../../webview/map/scales';

test('edge width grows with cases from 1 px to 9 px, and survives zeros', () => {
  assert.equal(edgeWidth(100, 100), 9);
  assert.equal(edgeWidth(0, 100), 1);
  assert.equal(edgeWidth(5, 0), 1);
  assert.ok(edgeWidth(25, 100) > edgeWidth(10, 100));
  assert.equal(edgeWidth(25, 100), 5);
});

test('wait buckets: 0 for no wait, the top bucket for the longest, monotone between', () => {
  assert.equal(waitBucket(0, 1e6), 0);
  assert.equal(waitBucket(1e6, 1e6), WAIT_BUCKETS - 1);
  assert.equal(waitBucket(Number.NaN, 1e6), 0);
  let last = 0;
  for (const ms of [1, 10, 1e3, 1e4, 1e5, 1e6]) {
    const b = waitBucket(ms, 1e6);
    assert.ok(b >= last && b < WAIT_BUCKETS);
    last = b;
  }
});

test('durations read as people say them', () => {
  assert.equal(duration(0), '0 s');
  assert.equal(duration(450), '450 ms');
  assert.equal(duration(12_000), '12 s');
  assert.equal(duration(90_000), '1.5 min');
  assert.equal(duration(3 * 86_400_000), '3.0 d');
  assert.equal(duration(undefined), '–');
});

test('pairsOf: the consecutive pairs of a path', () => {
  assert.deepEqual([...pairsOf(['a', 'b', 'c'])], ['a\u0000b', 'b\u0000c']);
  assert.equal(pairsOf(['a']).size, 0);
});
