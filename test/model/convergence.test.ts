/** Toy convergence: a small GPT learns to copy a random sequence after a separator, to 100%. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainEngine, InferenceEngine, EngineBatch } from '../../src/core/model/engine';
import { ModelConfig } from '../../src/core/model/config';

const N_SYMBOLS = 6;
const SEP = 6;
const HALF = 4; // x1..x4 SEP x1..x4: inputs are the first 8 tokens, T = 8

function copyBatch(B: number, next: () => number): EngineBatch {
  const T = 2 * HALF;
  const inputs = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let r = 0; r < B; r++) {
    const xs = Array.from({ length: HALF }, () => Math.floor(next() * N_SYMBOLS));
    const seq = [...xs, SEP, ...xs];
    for (let t = 0; t < T; t++) {
      inputs[r * T + t] = seq[t];
      targets[r * T + t] = seq[t + 1];
      mask[r * T + t] = t >= HALF ? 1 : 0; // only the copied half is predictable
    }
  }
  return { B, T, inputs, targets, mask };
}

test('copy task reaches 100% next-token accuracy', async () => {
  const cfg: ModelConfig = { vocabSize: 7, context: 8, dModel: 32, nLayers: 2, nHeads: 2, dFF: 64, tiedHead: true };
  const eng = await TrainEngine.create(cfg, { batch: 32, device: 'cpu', threads: 1, seed: 1, weightDecay: 0.01, gradClip: 1, dropout: 0 });
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  let loss = Infinity;
  for (let i = 0; i < 400 && loss > 0.01; i++) loss = (await eng.step(copyBatch(32, next), 1e-2)).loss;

  const infer = InferenceEngine.create(cfg, eng.params, { device: 'cpu', threads: 1 });
  const test = copyBatch(64, next);
  const logp = await infer.allLogProbs(test.inputs, 64, 8);
  let right = 0;
  let total = 0;
  for (let p = 0; p < 64 * 8; p++) {
    if (test.mask[p] === 0) continue;
    const row = logp.subarray(p * 7, p * 7 + 7);
    const argmax = row.indexOf(Math.max(...row));
    right += argmax === test.targets[p] ? 1 : 0;
    total++;
  }
  assert.equal(right / total, 1, `accuracy ${right}/${total} after loss ${loss}`);
  await infer.dispose();
  await eng.dispose();
});
