/** TrainEngine/InferenceEngine behaviour: determinism, resume, the Loop variant, padding, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainEngine, InferenceEngine, EngineInputError } from '../../src/core/model/engine';
import { growVocab, initParams, paramView } from '../../src/core/model/params';
import { presetConfig, PRESETS } from '../../src/core/model/config';
import { paramCount } from '../../src/core/model/params';
import { microConfig, engineOptions, randomBatch } from './helpers';
import { dropoutMasks } from '../../src/core/model/dropout';

const cfg = microConfig();
const batches = [1, 2, 3, 4, 5, 6].map((s) => randomBatch(cfg, 4, 5, s));

async function curve(steps: number, dropout: number): Promise<number[]> {
  const eng = await TrainEngine.create(cfg, engineOptions({ dropout }));
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await eng.step(batches[i], 0.02)).loss);
  await eng.dispose();
  return out;
}

test('same seed, same loss curve (with dropout); dropout changes the curve', async () => {
  const a = await curve(4, 0.3);
  const b = await curve(4, 0.3);
  assert.deepEqual(a, b);
  const c = await curve(4, 0);
  assert.notDeepEqual(a, c);
});

test('resume from getState/setState reproduces the uninterrupted run', async () => {
  const full = await curve(6, 0.3);
  const first = await TrainEngine.create(cfg, engineOptions({ dropout: 0.3 }));
  for (let i = 0; i < 3; i++) await first.step(batches[i], 0.02);
  const state = first.getState();
  await first.dispose();
  const second = await TrainEngine.create(cfg, engineOptions({ dropout: 0.3, seed: 3 }));
  second.setState(state);
  const rest: number[] = [];
  for (let i = 3; i < 6; i++) rest.push((await second.step(batches[i], 0.02)).loss);
  assert.deepEqual(rest, full.slice(3));
  assert.equal(second.stepCount, 6);
  await second.dispose();
});

test('stepMany (ONNX Loop) equals the same steps one by one', async () => {
  const one = await TrainEngine.create(cfg, engineOptions({ dropout: 0.2 }));
  const single: number[] = [];
  for (let i = 0; i < 3; i++) single.push((await one.step(batches[i], 0.02)).loss);
  const many = await TrainEngine.create(cfg, engineOptions({ dropout: 0.2 }));
  const { losses } = await many.stepMany(batches.slice(0, 3), [0.02, 0.02, 0.02]);
  losses.forEach((l, i) => assert.ok(Math.abs(l - single[i]) < 1e-5, `step ${i}: ${l} vs ${single[i]}`));
  const a = one.getState().theta;
  const b = many.getState().theta;
  assert.ok(a.every((x, i) => Math.abs(x - b[i]) < 1e-5));
  assert.equal(many.stepCount, 3);
  await one.dispose();
  await many.dispose();
});

test('bounded spinning (spinUs) is accepted by onnxruntime and changes only timing, not the steps', async () => {
  const run = async (spinUs: number) => {
    const eng = await TrainEngine.create(cfg, { ...engineOptions({ dropout: 0 }), spinUs });
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) losses.push((await eng.step(batches[i], 0.02)).loss);
    const theta = eng.getState().theta;
    await eng.dispose();
    return { losses, theta };
  };
  const still = await run(0);
  const spun = await run(50);
  spun.losses.forEach((l, i) => assert.ok(Math.abs(l - still.losses[i]) < 1e-5, `step ${i}: ${l} vs ${still.losses[i]}`));
  assert.ok(spun.theta.every((x, i) => Math.abs(x - still.theta[i]) < 1e-5));
});

test('a short batch is padded with mask-0 rows: same loss as the rows alone', async () => {
  const eng = await TrainEngine.create(cfg, engineOptions());
  const full = batches[0];
  const two = { B: 2, T: 5, inputs: full.inputs.slice(0, 10), targets: full.targets.slice(0, 10), mask: full.mask.slice(0, 10) };
  const padded = { ...full, mask: Float32Array.from(full.mask, (m, i) => (i < 10 ? m : 0)) };
  const a = await eng.evalLoss(two);
  const b = await eng.evalLoss(padded);
  assert.ok(Math.abs(a.loss - b.loss) < 1e-6);
  assert.equal(a.count, 8);
  await eng.dispose();
});

test('bad batches are refused with a clear message', async () => {
  const eng = await TrainEngine.create(cfg, engineOptions());
  const bad = { ...batches[0], inputs: Int32Array.from(batches[0].inputs, (x, i) => (i === 3 ? 99 : x)) };
  await assert.rejects(eng.step(bad, 0.01), (e: Error) => e instanceof EngineInputError && /outside the vocabulary/.test(e.message));
  await assert.rejects(eng.step({ ...batches[0], T: 9 }, 0.01), /outside 1..5/);
  await eng.dispose();
});

test('inference: positions agree with the full [B, T, V] output', async () => {
  const theta = initParams(cfg, 8);
  const inf = InferenceEngine.create(cfg, theta, { device: 'cpu', threads: 1 });
  const x = batches[1];
  const all = await inf.allLogProbs(x.inputs, 4, 5);
  const pos = Int32Array.from([0, 4, 2, 3]);
  const some = await inf.logProbs(x.inputs, 4, 5, pos);
  const V = cfg.vocabSize;
  for (let r = 0; r < 4; r++) {
    for (let k = 0; k < V; k++) assert.ok(Math.abs(some[r * V + k] - all[(r * 5 + pos[r]) * V + k]) < 1e-5);
  }
  const sumP = Array.from(some.subarray(0, V)).reduce((s, l) => s + Math.exp(l), 0);
  assert.ok(Math.abs(sumP - 1) < 1e-5);
  await inf.dispose();
});

test('growVocab keeps old rows and adds fresh ones', () => {
  const theta = initParams(cfg, 2);
  const grown = growVocab(cfg, theta, 9, 4);
  assert.equal(grown.cfg.vocabSize, 9);
  const oldWte = paramView(cfg, theta, 'wte');
  const newWte = paramView(grown.cfg, grown.theta, 'wte');
  assert.deepEqual(newWte.subarray(0, oldWte.length), oldWte);
  assert.ok(newWte.subarray(oldWte.length).some((x) => x !== 0));
  assert.deepEqual(paramView(grown.cfg, grown.theta, 'h.0.mlp.fc.w'), paramView(cfg, theta, 'h.0.mlp.fc.w'));
});

test('presets state their parameter counts correctly', () => {
  for (const p of Object.values(PRESETS)) {
    assert.equal(paramCount(presetConfig(p.name, p.paramCount.vocab)), p.paramCount.params, p.name);
  }
  assert.throws(() => presetConfig('huge', 10), /unknown model preset/);
});

test('dropout masks: about p dropped, scaled to keep the mean, reproducible, odd sizes handled', () => {
  const [a] = dropoutMasks(cfg, 40001, 0.25, 7, 3);
  const [b] = dropoutMasks(cfg, 40001, 0.25, 7, 3);
  const [c] = dropoutMasks(cfg, 40001, 0.25, 7, 4);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const dropped = a.filter((x) => x === 0).length / a.length;
  assert.ok(Math.abs(dropped - 0.25) < 0.01, `dropped ${dropped}`);
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
});
