import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketLengths, countBatches, epochBatches, rowsOf } from '../../src/core/train/batching';
import { Rng } from '../../src/core/train/rng';
import { FeatureColumns } from '../../src/core/tokenize/featureColumns';

const BOS = 1, EOS = 2, PAD = 0;
const seq = (...acts: number[]) => [BOS, ...acts, EOS];

test('a short case is one row of next-token pairs over every prefix', () => {
  const rows = rowsOf(seq(5, 6, 7), 8);
  assert.deepEqual(rows, [{ inputs: [BOS, 5, 6, 7], targets: [5, 6, 7, EOS], scoreFrom: 0, start: 0 }]);
});

test('a long case becomes sliding windows that score every target exactly once', () => {
  const s = seq(...Array.from({ length: 20 }, (_, i) => 10 + i)); // 22 tokens, 21 pairs
  const rows = rowsOf(s, 8);
  const scored: number[] = [];
  for (const r of rows) {
    assert.equal(r.inputs.length, 8);
    const start = s.indexOf(r.inputs[0]);
    for (let t = 0; t < 8; t++) {
      assert.equal(r.targets[t], s[start + t + 1], 'target is the next token');
      if (t >= r.scoreFrom) scored.push(start + t + 1);
    }
  }
  assert.deepEqual(scored, Array.from({ length: 21 }, (_, i) => i + 1));
});

test('batches are bucketed, padded with mask 0, cover every target once, and are seeded', () => {
  const seqs = [seq(3), seq(3, 4, 5), seq(...Array.from({ length: 12 }, () => 4)), seq(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)];
  const plan = { batchSize: 2, context: 16, pad: PAD };
  assert.deepEqual(bucketLengths(16), [8, 16]);
  const batches = epochBatches(seqs, plan, new Rng(1));
  assert.equal(batches.length, countBatches(seqs, plan));
  const totalTargets = seqs.reduce((n, s) => n + s.length - 1, 0);
  assert.equal(batches.reduce((n, b) => n + b.tokens, 0), totalTargets);
  for (const b of batches) {
    assert.ok(b.T === 8 || b.T === 16);
    assert.equal(b.inputs.length, b.B * b.T);
    for (let i = 0; i < b.mask.length; i++) if (b.mask[i] === 0 && b.inputs[i] === PAD) assert.equal(b.targets[i], PAD);
  }
  const again = epochBatches(seqs, plan, new Rng(1));
  assert.deepEqual(again.map((b) => Array.from(b.inputs)), batches.map((b) => Array.from(b.inputs)));
  const other = epochBatches(seqs, plan, new Rng(2));
  assert.notDeepEqual(other.map((b) => Array.from(b.inputs)), batches.map((b) => Array.from(b.inputs)));
});

test('input features ride with their tokens: cut like the inputs in windows, packed [B, T], blanked per row', () => {
  const ids = seq(...Array.from({ length: 20 }, (_, i) => 10 + i)); // 22 tokens
  const feature = ids.map((t) => t + 100); // a feature id derived from its token, to check alignment
  const windowed = epochBatches([ids], { batchSize: 4, context: 8, pad: PAD, features: 1 }, new Rng(1), FeatureColumns.ofCase([feature]));
  let windows = 0;
  for (const b of windowed) for (let r = 0; r < b.B; r++) {
    if (b.mask.subarray(r * b.T, (r + 1) * b.T).every((m) => m === 0)) continue; // a padding row
    windows++;
    for (let t = 0; t < b.T; t++) assert.equal(b.features![0][r * b.T + t], b.inputs[r * b.T + t] + 100, `window ${r}, position ${t}`);
  }
  assert.equal(windows, rowsOf(ids, 8).length);

  const seqs = Array.from({ length: 40 }, (_, i) => seq(3 + (i % 5), 4));
  const features = FeatureColumns.build(1, seqs.map((s) => s.length), (_, i, t) => [0, 7 + (i % 3), 9, 0][t]);
  const all = epochBatches(seqs, { batchSize: 8, context: 8, pad: PAD, features: 1 }, new Rng(2), features);
  let rows = 0;
  for (const b of all) {
    assert.equal(b.features!.length, 1);
    assert.equal(b.features![0].length, b.B * b.T);
    for (let r = 0; r < b.B; r++) {
      if (b.mask[r * b.T] === 0) continue; // a padding row
      rows++;
      // inputs are [BOS, a, 4]; their features [0, 7|8|9, 9]
      assert.deepEqual([...b.features![0].subarray(r * b.T, r * b.T + 3)].map((x, t) => (t === 1 ? x >= 7 && x <= 9 : x)), [0, true, 9]);
    }
  }
  assert.equal(rows, 40);

  const blanked = epochBatches(seqs, { batchSize: 8, context: 8, pad: PAD, features: 1, blankFeatures: 0.5 }, new Rng(2), features);
  let blank = 0;
  for (const b of blanked) for (let r = 0; r < b.B; r++) if (b.mask[r * b.T] === 1 && b.features![0][r * b.T + 2] === 0) blank++;
  assert.ok(blank > 8 && blank < 32, `${blank} of 40 rows blanked at p = 0.5`);
});
