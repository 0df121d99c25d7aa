/**
 * topK's selection equals the first k of the full sort it replaced (log-probability highest
 * first, ties to the lower index), on arrays with ties and -Infinity, for every k.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topK } from '../../src/core/agent/processAgent';
import { mulberry32 } from '../../src/core/mulberry32';

test('topK is the head of a stable sort by log-probability, for every k, with ties and -Infinity', () => {
  const next = mulberry32(7);
  const rng = { next };
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(rng.next() * 12);
    // Few distinct values, so ties are common; some labels impossible.
    const d = Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? -Infinity : Math.log(1 + Math.floor(rng.next() * 4)) - 3));
    const labels = Array.from({ length: n }, (_, i) => `a${i}`);
    const sorted = Array.from(d.keys()).sort((a, b) => d[b] - d[a] || a - b);
    for (let k = 0; k <= n + 1; k++) {
      const got = topK(d, labels, k);
      assert.deepEqual(got.map((s) => s.activity), sorted.slice(0, k).map((i) => labels[i]), `trial ${trial} k ${k}: ${[...d]}`);
      got.forEach((s) => assert.equal(s.probability, Math.exp(d[Number(s.activity.slice(1))])));
    }
  }
});
