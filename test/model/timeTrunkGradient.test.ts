/** Float64 finite-difference check of the end-to-end time graph: trunk θ and head φ through the pinball loss. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeLossAndGradient } from '../../src/core/model/timeTrunk';
import { initTimeHead, timeHeadLayout } from '../../src/core/model/timeHead';
import { initParams, paramLayout } from '../../src/core/model/params';
import { serializeModel } from '../../src/core/onnx/serialize';
import { createSession, Tensor } from '../../src/core/runtime';
import { microConfig, randomBatch } from './helpers';

test('time trunk gradient: every trunk and head tensor, with a feature table and unscored positions', async () => {
  const cfg = microConfig({ features: [{ name: 'gap', size: 3 }] });
  const [B, T, X] = [2, 4, 3];
  const shape = { inputs: cfg.dModel + X, hidden: 5 };
  const session = await createSession(serializeModel(buildTimeLossAndGradient(cfg, shape, B, T)), { device: 'cpu', threads: 1, purpose: 'inference' });
  const theta = Float64Array.from(initParams(cfg, 5), (x) => x * 10);
  const phi = Float64Array.from(initTimeHead(shape, 7), (x) => x * 10);
  const batch = randomBatch(cfg, B, T, 9);
  const x = Float64Array.from({ length: B * T * X }, (_, i) => Math.sin(i + 0.3));
  // Targets well apart from the predictions, so no pinball term sits on its kink.
  const y = Float64Array.from({ length: B * T * 2 }, (_, i) => (i % 2 === 0 ? 5 : -5) + Math.cos(i));
  const w = Float64Array.from({ length: B * T }, (_, i) => (i % 3 === 0 ? 0 : 0.1 + i / 50));
  const feeds = (): Record<string, Tensor> => ({
    theta: { data: theta, dims: [theta.length] },
    phi: { data: phi, dims: [phi.length] },
    tokens: { data: batch.inputs, dims: [B, T] },
    feature_gap: { data: batch.features![0], dims: [B, T] },
    x: { data: x, dims: [B, T, X] },
    y: { data: y, dims: [B, T, 2] },
    w: { data: w, dims: [B, T] },
  });
  const loss = async () => ((await session.run(feeds())).loss.data as Float64Array)[0];
  const out = await session.run(feeds());
  const gTheta = out.grad_theta.data as Float64Array;
  const gPhi = out.grad_phi.data as Float64Array;
  const scale = Math.max(...Array.from(gTheta, Math.abs), ...Array.from(gPhi, Math.abs));
  assert.ok(scale > 0, 'the gradient is not all zero');
  const h = 1e-6;
  let worst = 0;
  const check = async (vec: Float64Array, grad: Float64Array, specs: readonly { offset: number; size: number }[]) => {
    for (const spec of specs) {
      for (const k of [0, Math.floor(spec.size / 2), spec.size - 1]) {
        const i = spec.offset + k;
        const x0 = vec[i];
        vec[i] = x0 + h;
        const lp = await loss();
        vec[i] = x0 - h;
        const lm = await loss();
        vec[i] = x0;
        worst = Math.max(worst, Math.abs((lp - lm) / (2 * h) - grad[i]) / scale);
      }
    }
  };
  await check(theta, gTheta, paramLayout(cfg).specs);
  await check(phi, gPhi, timeHeadLayout(shape).specs);
  await session.dispose();
  assert.ok(worst < 1e-6, `relative error ${worst}`);
});
