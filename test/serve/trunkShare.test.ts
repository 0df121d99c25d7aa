/**
 * Served time fields from the decode cache: where the time heads read the next-activity trunk, a
 * case's trunk state comes from the run that also gave its next activities (a prefill, or a step
 * from the kept cache of the case's previous prefix), and the times equal predictTimes' for the
 * case alone up to float summation order (SERVED_TIME_TOLERANCE), however the cases were
 * batched (one at a time, all at once, several to a request), timed or not.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { trainTinyAgent } from './serveHarness';
import { loadAgent } from '../../src/core/agent/loadAgent';
import type { ProcessAgent } from '../../src/core/agent/processAgent';
import { predictTimes } from '../../src/core/agent/timePrediction';
import { Batcher } from '../../src/core/serve/batcher';
import { CaseJob } from '../../src/core/serve/caseJob';
import { RowDecoder, SERVED_TIME_TOLERANCE } from '../../src/core/serve/rowDecoder';
import { Served } from '../../src/core/serve/modelHolder';
import { modelInfo } from '../../src/core/serve/modelInfo';
import { predictCases } from '../../src/core/serve/predict';
import { DEFAULT_OPTIONS, type PredictCase, type PredictResult } from '../../src/core/serve/types';
import { fixtureCases } from '../train/fixtureLog';
import type { EngineModel } from '../../src/core/train/engineModel';

const dir = tempDir('pa-serve-trunk-');
let agent: ProcessAgent;

before(async () => {
  trainTinyAgent(join(dir, 'log.csv'), join(dir, 'agent'), 11, 2);
  agent = await loadAgent(join(dir, 'agent'), { device: 'cpu', threads: 1 });
});
after(async () => agent.dispose());

const HOUR = 3_600_000;

const close = (got: number, want: number): boolean => Math.abs(got - want) <= SERVED_TIME_TOLERANCE * Math.max(1, want);

test('time fields reuse the decoder trunk state and equal predictTimes, however batched', async () => {
  assert.ok(agent.timeModel, 'the tiny agent has time heads');
  assert.equal(agent.timeModel.json.trunk, undefined, 'its heads read the next-activity trunk');
  // Prefixes of every length (the empty case too); every third one timed, an hour between events.
  const prefixes = fixtureCases({ cases: 40, seed: 3 }).map((c, i) => c.slice(0, i % (c.length + 1)));
  const cases: PredictCase[] = prefixes.map((p, i) => ({ events: p.map((activity, j) => (i % 3 === 0 ? { activity, timestamp: Date.UTC(2026, 0, 5) + j * HOUR } : { activity })) }));
  const expected: Awaited<ReturnType<typeof predictTimes>>[] = [];
  for (const c of cases) expected.push(await predictTimes(agent, c.events.map((e) => ({ activity: e.activity, time: e.timestamp }))));

  const decoder = RowDecoder.create(agent, { device: 'cpu', threads: 1 });
  const batcher = new Batcher(agent.predictor, { maxRows: 256, cacheFloats: 0 }, decoder);
  const served = new Served(agent, batcher, modelInfo(join(dir, 'agent'), agent, 'test', new Date()));
  try {
    // The prefill hands each case its trunk state.
    const job = new CaseJob(prefixes[5], DEFAULT_OPTIONS, agent.predictor.labels);
    await batcher.run(job);
    const h = await job.hidden;
    assert.ok(h instanceof Float32Array && h.length === (agent.model as EngineModel).cfg.dModel, 'a [d] trunk state');

    const one: PredictResult[] = [];
    for (const c of cases) one.push(...(await predictCases(served, [c], DEFAULT_OPTIONS)));
    const all = await Promise.all(cases.map(async (c) => (await predictCases(served, [c], DEFAULT_OPTIONS))[0]));
    const grouped = (await Promise.all(Array.from({ length: Math.ceil(cases.length / 7) }, (_, g) => predictCases(served, cases.slice(g * 7, g * 7 + 7), DEFAULT_OPTIONS)))).flat();
    for (const [name, got] of [['one at a time', one], ['all at once', all], ['7 to a request', grouped]] as const) {
      got.forEach((r, i) => {
        const e = expected[i];
        if (!e) {
          assert.equal(r.nextEventInMs, null, `${name}: case ${i} has no events`);
          return;
        }
        const pairs: [number, number][] = [
          [r.nextEventInMs!, e.nextEventInMs],
          [r.nextEvent!.p10Ms, e.nextEvent.p10Ms],
          [r.nextEvent!.p90Ms, e.nextEvent.p90Ms],
          [r.remainingTime!.expectedMs, e.remainingTime.expectedMs],
          [r.remainingTime!.p10Ms, e.remainingTime.p10Ms],
          [r.remainingTime!.p90Ms, e.remainingTime.p90Ms],
        ];
        for (const [got, want] of pairs) assert.ok(close(got, want), `${name}: case ${i}: ${got} vs ${want}`);
      });
    }
    // The first pass kept every case's cache, so later passes stepped from the previous prefix.
    assert.ok(decoder.kept.hits > 0, 'cases ran as one step from a kept prefix');
  } finally {
    await batcher.dispose();
  }
});

test('a job settles its trunk state once: the first feed gives it, and an abandoned job gives undefined', async () => {
  const labels = agent.predictor.labels;
  const dist = Float64Array.from(labels, (l) => (l === labels[0] ? 0 : -Infinity));
  const state = new Float32Array([1, 2, 3]);
  const fed = new CaseJob(['Register'], { k: 1, beam: 1, maxSteps: 2 }, labels);
  fed.feed([dist], [], state);
  fed.feed([dist], [], new Float32Array([9])); // a later round's rows are beams, not the case
  assert.equal(await fed.hidden, state);
  const failed = new CaseJob(['Register'], DEFAULT_OPTIONS, labels);
  failed.abandon(); // what the batcher does when the job's run throws
  assert.equal(await failed.hidden, undefined);
});

test('a case asked again after its next event runs one step from its kept cache, with the same answer', async () => {
  const decoder = RowDecoder.create(agent, { device: 'cpu', threads: 1 });
  const cold = RowDecoder.create(agent, { device: 'cpu', threads: 1, stateFloats: 0 });
  try {
    const growing = fixtureCases({ cases: 1, seed: 21 })[0];
    for (let k = 1; k <= growing.length; k++) {
      const context = growing.slice(0, k);
      const [warm] = await decoder.run([{ context }]);
      const [fresh] = await cold.run([{ context }]);
      warm.dist.forEach((v, j) => assert.ok(Math.abs(Math.exp(v) - Math.exp(fresh.dist[j])) < 1e-5, `prefix ${k} label ${j}`));
      assert.ok(warm.hidden && fresh.hidden);
      warm.hidden.forEach((v, j) => assert.ok(Math.abs(v - fresh.hidden![j]) < 1e-4, `prefix ${k} hidden ${j}`));
    }
    // Every prefix after the first found the one before it; the cold decoder kept nothing.
    assert.equal(decoder.kept.hits, growing.length - 1);
    assert.equal(cold.kept.size, 0);
  } finally {
    await decoder.dispose();
    await cold.dispose();
  }
});

test('the kept caches stay within their float budget, least recently used out first', async () => {
  const floats = 2 * 2 * 64 * 6; // 2L · d · 6 tokens for the tiny preset: room for one case of up to 5 activities
  const decoder = RowDecoder.create(agent, { device: 'cpu', threads: 1, stateFloats: floats });
  try {
    const long = ['Register', 'Check A', 'Review', 'Approve'];
    const short = ['Register', 'Check B'];
    await decoder.run([{ context: long }]);
    assert.equal(decoder.kept.size, 1);
    await decoder.run([{ context: short }]);
    assert.equal(decoder.kept.size, 1, 'the older cache made room for the newer');
    await decoder.run([{ context: [...long, 'Close'] }]);
    assert.equal(decoder.kept.hits, 0, 'the evicted case runs as a prefill again');
    await decoder.run([{ context: [...short, 'Review'] }]);
    assert.equal(decoder.kept.hits, 0, 'the long case, kept last, pushed the short one out too');
    await decoder.run([{ context: [...short, 'Review', 'Approve'] }]);
    assert.equal(decoder.kept.hits, 1, 'the most recent case is kept');
  } finally {
    await decoder.dispose();
  }
});
