import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileInPlace, quantileSorted } from '../../src/core/insight/quantile';
import { mulberry32 } from '../../src/core/mulberry32';

test('quickselect quantiles equal the sorted ones, on random, sorted, constant and tiny samples', () => {
  const rand = mulberry32(5);
  const samples: number[][] = [[], [7], [3, 1], [1, 2, 3, 4], Array(50).fill(9), Array.from({ length: 1000 }, (_, i) => i)];
  for (let s = 0; s < 40; s++) samples.push(Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 20) * 1000));
  for (const xs of samples) {
    const sorted = Float64Array.from(xs).sort();
    for (const q of [0, 0.5, 0.9, 1]) assert.equal(quantileInPlace(Float64Array.from(xs), q), quantileSorted(sorted, q), `q=${q} of ${xs.length} values`);
  }
  assert.equal(quantileSorted(Float64Array.from([10, 20]), 0.5), 15);
  assert.equal(quantileSorted(Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]), 0.9), 91);
});
