/** Whole-model float64 gradient check of a tiny GPT (forward, loss, every rule composed). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLossAndGradient } from '../../src/core/model/graphs';
import { initParams, paramLayout } from '../../src/core/model/params';
import { serializeModel } from '../../src/core/onnx/serialize';
import { createSession, Tensor } from '../../src/core/runtime';
import { ModelConfig } from '../../src/core/model/config';
import { microConfig, randomBatch } from './helpers';
import { dropoutFeeds } from '../../src/core/model/dropout';

async function checkModel(cfg: ModelConfig, T: number, dropout: number): Promise<number> {
  const masks = dropout > 0 ? dropoutFeeds(cfg, 2, T, dropout, 4, 1) : {};
  const B = 2;
  const session = await createSession(serializeModel(buildLossAndGradient(cfg, B, T, dropout > 0)), { device: 'cpu', threads: 1, purpose: 'inference' });
  const theta = Float64Array.from(initParams(cfg, 5), (x) => x * 10); // larger weights: non-trivial attention
  const batch = randomBatch(cfg, B, T, 9);
  const feeds = (): Record<string, Tensor> => ({
    theta: { data: theta, dims: [theta.length] },
    ...Object.fromEntries(Object.entries(masks).map(([k, t]) => [k, { data: Float64Array.from(t.data as Float32Array), dims: t.dims }])),
    tokens: { data: batch.inputs, dims: [B, T] },
    targets: { data: batch.targets, dims: [B, T] },
    mask: { data: Float64Array.from(batch.mask), dims: [B, T] },
    ...Object.fromEntries((cfg.features ?? []).map((f, k) => [`feature_${f.name}`, { data: batch.features![k], dims: [B, T] }])),
  });
  const loss = async () => ((await session.run(feeds())).loss.data as Float64Array)[0];
  const grad = (await session.run(feeds())).grad.data as Float64Array;
  const scale = Math.max(...Array.from(grad, Math.abs));
  // Every parameter tensor, a few coordinates each (the full sweep is N·2 runs).
  let worst = 0;
  const h = 1e-6;
  for (const spec of paramLayout(cfg).specs) {
    for (const k of [0, Math.floor(spec.size / 2), spec.size - 1]) {
      const i = spec.offset + k;
      const x0 = theta[i];
      theta[i] = x0 + h;
      const lp = await loss();
      theta[i] = x0 - h;
      const lm = await loss();
      theta[i] = x0;
      worst = Math.max(worst, Math.abs((lp - lm) / (2 * h) - grad[i]) / scale);
    }
  }
  await session.dispose();
  return worst;
}

test('tiny GPT gradient, tied head, with dropout', async () => {
  const err = await checkModel(microConfig(), 5, 0.2);
  assert.ok(err < 1e-6, `relative error ${err}`);
});

test('tiny GPT gradient, untied head, 2 layers, T shorter than the context (unused wpe rows get 0)', async () => {
  const cfg = microConfig({ tiedHead: false, nLayers: 2 });
  const err = await checkModel(cfg, 3, 0);
  assert.ok(err < 1e-6, `relative error ${err}`);
});

test('tiny GPT gradient with two input-feature tables (resource, time gap), with dropout', async () => {
  const cfg = microConfig({ features: [{ name: 'resource', size: 4 }, { name: 'gap', size: 3 }] });
  const err = await checkModel(cfg, 5, 0.2);
  assert.ok(err < 1e-6, `relative error ${err}`);
});
