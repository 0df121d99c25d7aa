/** Every gradient rule in ops.ts and nn.ts against float64 central finite differences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradCheck } from './gradcheck';
import * as op from '../../src/core/onnx/ops';
import * as nn from '../../src/core/onnx/nn';
import { causalAttention } from '../../src/core/onnx/attention';
import { GraphBuilder } from '../../src/core/onnx/builder';
import { gradients } from '../../src/core/onnx/autodiff';
import { serializeModel } from '../../src/core/onnx/serialize';
import { createSession } from '../../src/core/runtime';

const TOL = 1e-6;

async function expectOk(name: string, p: Promise<number>): Promise<void> {
  const err = await p;
  assert.ok(err < TOL, `${name}: relative error ${err}`);
}

test('elementwise rules with broadcasting', async () => {
  await expectOk('add', gradCheck([{ name: 'a', shape: [2, 3] }, { name: 'b', shape: [3] }], (b, [x, y]) => op.add(b, x, y)));
  await expectOk('sub', gradCheck([{ name: 'a', shape: [2, 1] }, { name: 'b', shape: [2, 3] }], (b, [x, y]) => op.sub(b, x, y)));
  await expectOk('mul', gradCheck([{ name: 'a', shape: [2, 3] }, { name: 'b', shape: [1, 3] }], (b, [x, y]) => op.mul(b, x, y)));
  await expectOk('neg', gradCheck([{ name: 'a', shape: [4] }], (b, [x]) => op.neg(b, x)));
  await expectOk('tanh', gradCheck([{ name: 'a', shape: [5] }], (b, [x]) => op.tanh(b, x)));
});

test('shape rules', async () => {
  await expectOk('reshape', gradCheck([{ name: 'a', shape: [2, 6] }], (b, [x]) => op.reshape(b, x, [3, 4])));
  await expectOk('transpose', gradCheck([{ name: 'a', shape: [2, 3, 4] }], (b, [x]) => op.transpose(b, x, [2, 0, 1])));
  await expectOk('split', gradCheck([{ name: 'a', shape: [2, 6] }], (b, [x]) => op.split(b, x, 1, [2, 4])[1]));
  await expectOk('concat', gradCheck([{ name: 'a', shape: [2, 2] }, { name: 'b', shape: [2, 3] }], (b, [x, y]) => op.concat(b, [x, y], 1)));
  await expectOk('expand', gradCheck([{ name: 'a', shape: [3, 1] }], (b, [x]) => op.expand(b, x, [2, 3, 4])));
});

test('reductions', async () => {
  await expectOk('reduceSum', gradCheck([{ name: 'a', shape: [2, 3, 4] }], (b, [x]) => op.reduceSum(b, x, [0, 2], false)));
  await expectOk('reduceMean', gradCheck([{ name: 'a', shape: [2, 3] }], (b, [x]) => op.reduceMean(b, x, [-1], true)));
});

test('matmul: shared weights and batched', async () => {
  await expectOk('matmul 3d@2d', gradCheck([{ name: 'a', shape: [2, 3, 4] }, { name: 'w', shape: [4, 5] }], (b, [x, w]) => op.matmul(b, x, w)));
  await expectOk('matmul 2d@2d', gradCheck([{ name: 'a', shape: [3, 4] }, { name: 'w', shape: [4, 2] }], (b, [x, w]) => op.matmul(b, x, w)));
  await expectOk('matmul batched', gradCheck([{ name: 'a', shape: [2, 2, 3, 4] }, { name: 'w', shape: [2, 2, 4, 3] }], (b, [x, w]) => op.matmul(b, x, w)));
});

test('softmax, log-softmax', async () => {
  await expectOk('softmax', gradCheck([{ name: 'a', shape: [3, 5] }], (b, [x]) => nn.softmax(b, x)));
  await expectOk('logSoftmax', gradCheck([{ name: 'a', shape: [3, 5] }], (b, [x]) => nn.logSoftmax(b, x)));
});

test('layer normalization (float64 statistics via stash_type)', async () => {
  await expectOk(
    'layerNorm',
    gradCheck([{ name: 'x', shape: [2, 3, 6] }, { name: 'g', shape: [6] }, { name: 'c', shape: [6] }], (b, [x, g, c]) => nn.layerNorm(b, x, g, c)),
  );
});

test('tanh GELU', async () => {
  await expectOk('gelu', gradCheck([{ name: 'a', shape: [12], values: Float64Array.from({ length: 12 }, (_, i) => -3 + i * 0.55) }], (b, [x]) => nn.gelu(b, x)));
});

test('embedding gather with repeated ids, gatherElements', async () => {
  const ids = Int32Array.from([0, 2, 2, 1, 0, 2]);
  await expectOk('gather', gradCheck([{ name: 't', shape: [4, 3] }, { name: 'i', shape: [2, 3], int: ids }], (b, [t, i]) => nn.gather(b, t, i)));
  const idx = Int32Array.from([1, 0, 4]);
  await expectOk('gatherElements', gradCheck([{ name: 'x', shape: [3, 5] }, { name: 'i', shape: [3, 1], int: idx }], (b, [x, i]) => nn.gatherElements(b, x, i)));
});

test('fused log-softmax pick (the loss)', async () => {
  // Rows picking the same column and a negative (wrapped) index: the scatter-add must put dy at the picked column.
  const idx = Int32Array.from([1, 0, 4, 4, -1]);
  await expectOk('logSoftmaxPick', gradCheck([{ name: 'x', shape: [5, 6] }, { name: 'i', shape: [5, 1], int: idx }], (b, [x, i]) => nn.logSoftmaxPick(b, x, i)));
});

test('causal attention as one step (row-dot softmax backward)', async () => {
  const T = 4;
  const m = Float64Array.from({ length: T * T }, (_, i) => (i % T > Math.floor(i / T) ? -1e9 : 0));
  const qkv = [{ name: 'q', shape: [2, 2, T, 3] }, { name: 'k', shape: [2, 2, T, 3] }, { name: 'v', shape: [2, 2, T, 3] }];
  await expectOk('causalAttention', gradCheck(qkv, (b, [q, k, v]) => causalAttention(b, q, k, v, b.constant(m, 'float64', [T, T], 'mask'), 0.7)));
});

test('float32 LayerNormalization (fused kernel) agrees with the float64 primitive-op path, forward and backward', async () => {
  // The CPU EP has no LayerNormalization kernel with float64 statistics, so the float64 checks above
  // run the primitive-op forward; this pins the fused float32 forward (and its μ, σ⁻¹ outputs used by
  // the shared gradient rule) to it.
  const shape = [3, 8];
  const x = Float64Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 3);
  const g = Float64Array.from({ length: 8 }, (_, i) => 1 + 0.1 * i);
  const c = Float64Array.from({ length: 8 }, (_, i) => 0.05 * i);
  const r = Float64Array.from({ length: 24 }, (_, i) => Math.cos(i));
  const results: Float64Array[][] = [];
  for (const dtype of ['float32', 'float64'] as const) {
    const b = new GraphBuilder(`ln_${dtype}`);
    const [xi, gi, ci] = [b.input('x', dtype, shape), b.input('g', dtype, [8]), b.input('c', dtype, [8])];
    const y = nn.layerNorm(b, xi, gi, ci);
    const loss = op.reduceSum(b, op.mul(b, y, b.constant(dtype === 'float32' ? Float32Array.from(r) : r, dtype, shape)), [0, 1], false);
    const grads = gradients(b, loss, [xi, gi, ci]);
    b.output(y, 'y');
    grads.forEach((v, k) => b.output(v, `d${k}`));
    const s = await createSession(serializeModel(b.build()), { device: 'cpu', threads: 1, purpose: 'inference' });
    const conv = (a: Float64Array) => (dtype === 'float32' ? Float32Array.from(a) : a);
    const out = await s.run({ x: { data: conv(x), dims: shape }, g: { data: conv(g), dims: [8] }, c: { data: conv(c), dims: [8] } });
    results.push(['y', 'd0', 'd1', 'd2'].map((k) => Float64Array.from(out[k].data as Float32Array)));
    await s.dispose();
  }
  results[0].forEach((a, k) => a.forEach((v, i) => assert.ok(Math.abs(v - results[1][k][i]) < 1e-4, `output ${k}[${i}]: ${v} vs ${results[1][k][i]}`)));
});
