/** The in-graph clipping + AdamW update against a plain TypeScript reference. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLossAndGradient } from '../../src/core/model/graphs';
import { paramLayout } from '../../src/core/model/params';
import { serializeModel } from '../../src/core/onnx/serialize';
import { createSession } from '../../src/core/runtime';
import { TrainEngine } from '../../src/core/model/engine';
import { microConfig, engineOptions, randomBatch } from './helpers';

interface Hyper { lr: number; beta1: number; beta2: number; eps: number; wd: number; clip: number; decayed: number }

/** PyTorch AdamW (decoupled decay) with global-norm clipping, in float64. */
function referenceAdamW(theta: Float64Array, m: Float64Array, v: Float64Array, g: Float64Array, t: number, h: Hyper) {
  const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
  const c = h.clip > 0 ? Math.min(1, h.clip / (norm + 1e-6)) : 1;
  const out = { theta: new Float64Array(theta.length), m: new Float64Array(m.length), v: new Float64Array(v.length), norm };
  for (let i = 0; i < theta.length; i++) {
    const gi = g[i] * c;
    out.m[i] = h.beta1 * m[i] + (1 - h.beta1) * gi;
    out.v[i] = h.beta2 * v[i] + (1 - h.beta2) * gi * gi;
    const mhat = out.m[i] / (1 - h.beta1 ** t);
    const vhat = out.v[i] / (1 - h.beta2 ** t);
    const decay = i < h.decayed ? h.lr * h.wd * theta[i] : 0;
    out.theta[i] = theta[i] - decay - (h.lr * mhat) / (Math.sqrt(vhat) + h.eps);
  }
  return out;
}

test('AdamW step (clipping active, decay on matrices only) matches the TypeScript reference', async () => {
  const cfg = microConfig();
  const opts = engineOptions({ gradClip: 0.05, weightDecay: 0.3, beta1: 0.8, beta2: 0.9, eps: 1e-6 });
  const eng = await TrainEngine.create(cfg, opts);
  const batch = randomBatch(cfg, 4, 5, 2);
  const N = eng.paramCount;
  // Start from a non-trivial optimizer state at step 3.
  const start = eng.getState();
  const m0 = Float32Array.from({ length: N }, (_, i) => Math.sin(i) * 1e-3);
  const v0 = Float32Array.from({ length: N }, (_, i) => (1 + Math.cos(i)) * 1e-5);
  eng.setState({ theta: start.theta, m: m0, v: v0, step: 3 });

  const gradSession = await createSession(serializeModel(buildLossAndGradient(cfg, 4, 5)), { device: 'cpu', threads: 1, purpose: 'inference' });
  const g = (
    await gradSession.run({
      theta: { data: Float64Array.from(start.theta), dims: [N] },
      tokens: { data: batch.inputs, dims: [4, 5] },
      targets: { data: batch.targets, dims: [4, 5] },
      mask: { data: Float64Array.from(batch.mask), dims: [4, 5] },
    })
  ).grad.data as Float64Array;
  await gradSession.dispose();

  const lr = 0.01;
  const { gradNorm } = await eng.step(batch, lr);
  const ref = referenceAdamW(Float64Array.from(start.theta), Float64Array.from(m0), Float64Array.from(v0), g, 4, {
    lr, beta1: 0.8, beta2: 0.9, eps: 1e-6, wd: 0.3, clip: 0.05, decayed: paramLayout(cfg).decayed,
  });
  assert.ok(ref.norm > 0.05, 'clipping must be active for this test to mean something');
  assert.ok(Math.abs(gradNorm - ref.norm) / ref.norm < 1e-4, `grad norm ${gradNorm} vs ${ref.norm}`);
  const got = eng.getState();
  assert.equal(got.step, 4);
  const maxDiff = (a: Float32Array, b: Float64Array) => a.reduce((w, x, i) => Math.max(w, Math.abs(x - b[i])), 0);
  assert.ok(maxDiff(got.m, ref.m) < 1e-6, `m differs by ${maxDiff(got.m, ref.m)}`);
  assert.ok(maxDiff(got.v, ref.v) < 1e-8, `v differs by ${maxDiff(got.v, ref.v)}`);
  assert.ok(maxDiff(got.theta, ref.theta) < 1e-5, `θ differs by ${maxDiff(got.theta, ref.theta)}`);
  // Decay really splits by kind: a LayerNorm gain (no decay) vs a matrix (decay).
  assert.ok(paramLayout(cfg).byName.get('h.0.ln1.g')!.offset >= paramLayout(cfg).decayed);
  assert.ok(paramLayout(cfg).byName.get('h.0.attn.qkv.w')!.offset < paramLayout(cfg).decayed);
  await eng.dispose();
});
