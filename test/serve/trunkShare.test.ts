/**
 * Served time fields from the batcher's prefill: where the time heads read the next-activity
 * trunk, a case's trunk state comes from the prefill that also gave its next activities, and the
 * times equal predictTimes' for the case alone bit for bit, however the cases were batched
 * (one at a time, all at once, several to a request) and whether they carry timestamps or not.
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
import { RowDecoder } from '../../src/core/serve/rowDecoder';
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

test('time fields reuse the prefill trunk state and equal predictTimes exactly, however batched', async () => {
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
        assert.equal(r.nextEventInMs, e.nextEventInMs, `${name}: case ${i} next event`);
        assert.deepEqual(r.nextEvent, e.nextEvent, `${name}: case ${i} next-event interval`);
        assert.deepEqual(r.remainingTime, e.remainingTime, `${name}: case ${i} remaining time`);
      });
    }
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
