/**
 * An agent trained on resources reads them when it is asked: `predict --events` and the service
 * (over HTTP, and its batcher with plain and incremental decoding) answer with the events' resources as the agent's
 * own predictNext / predictSuffix given ProcessAgent.featuresOf, and a case told with the other
 * reviewer gets the other decision. The fixture's decision depends on the resource alone, so an
 * answer that dropped it could not tell the two apart.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { cli, post, startService } from './serveHarness';
import { loadAgent } from '../../src/core/agent/loadAgent';
import type { ProcessAgent } from '../../src/core/agent/processAgent';
import { Batcher } from '../../src/core/serve/batcher';
import { CaseJob } from '../../src/core/serve/caseJob';
import { RowDecoder } from '../../src/core/serve/rowDecoder';
import { Rng } from '../../src/core/train/rng';
import { SERVED_TIME_TOLERANCE } from '../../src/core/serve/rowDecoder';
import { Served } from '../../src/core/serve/modelHolder';
import { modelInfo } from '../../src/core/serve/modelInfo';
import { predictCases } from '../../src/core/serve/predict';
import { DEFAULT_OPTIONS, type ServedEvent } from '../../src/core/serve/types';
import { predictTimes } from '../../src/core/agent/timePrediction';
import { TimeModel, TimeRunner } from '../../src/core/agent/timeModel';
import type { EngineModel } from '../../src/core/train/engineModel';

const dir = tempDir('pa-serve-features-');
let agent: ProcessAgent;

/** Register → Check → Review by ann or bob → Approve (ann) or Reject (bob) → Close; times an hour apart. */
function writeLog(file: string, cases: number): void {
  const rng = new Rng(3);
  const lines = ['case,activity,timestamp,resource'];
  for (let i = 0; i < cases; i++) {
    const ann = rng.next() < 0.5;
    const t0 = Date.UTC(2024, 0, 1) + i * 3_600_000;
    const steps: [string, string][] = [['Register', 'desk'], ['Check', 'desk'], ['Review', ann ? 'ann' : 'bob'], [ann ? 'Approve' : 'Reject', 'desk'], ['Close', 'desk']];
    steps.forEach(([a, r], j) => lines.push(`c${i},${a},${new Date(t0 + j * 60_000).toISOString()},${r}`));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

const told = (reviewer: string) => [
  { activity: 'Register', resource: 'desk' },
  { activity: 'Check', resource: 'desk' },
  { activity: 'Review', resource: reviewer },
];

before(async () => {
  writeLog(join(dir, 'log.csv'), 200);
  const r = cli('train', join(dir, 'log.csv'), '--out', join(dir, 'agent'), '--epochs', '8', '--preset', 'tiny', '--batch', '16', '--device', 'cpu', '--threads', '1', '--seed', '2', '--features', 'resource', '--json');
  assert.equal(r.code, 0, r.stderr);
  agent = await loadAgent(join(dir, 'agent'), { device: 'cpu', threads: 1 });
});
after(async () => agent.dispose());

test('predict and the service read the events\' resources, and the reviewer decides the answer', async () => {
  assert.deepEqual(agent.features.use, ['resource'], 'the agent reads resources');
  const steps = told('ann').map((e) => e.activity);
  const top = async (reviewer: string) => (await agent.predictNext(steps, 1, undefined, agent.featuresOf(told(reviewer)))).next[0].activity;
  assert.equal(await top('ann'), 'Approve');
  assert.equal(await top('bob'), 'Reject');
  assert.equal(agent.featuresOf(steps.map((activity) => ({ activity }))), undefined, 'events without resources or times: no features');
  // Training's report says what a spec file (activities alone) gets, beside the evaluated accuracy.
  const report = JSON.parse(readFileSync(join(dir, 'agent', 'eval.json'), 'utf8')) as { agent: { accuracy: number }; activitiesOnly?: { accuracy: number } };
  assert.ok(report.activitiesOnly && report.activitiesOnly.accuracy < report.agent.accuracy - 0.05, `activities only ${report.activitiesOnly?.accuracy} vs ${report.agent.accuracy} with resources`);
  assert.equal(modelInfo(join(dir, 'agent'), agent, 'test', new Date()).accuracy?.activitiesOnly, report.activitiesOnly.accuracy, 'GET /v1/model says it too');

  // The CLI reads resources from an events file.
  const cliAnswers: { next: { activity: string; probability: number }[]; suffix: { steps: string[] } }[] = [];
  for (const [reviewer, decision] of [['ann', 'Approve'], ['bob', 'Reject']]) {
    const file = join(dir, `${reviewer}.json`);
    writeFileSync(file, JSON.stringify(told(reviewer)));
    const r = cli('predict', '--agent', join(dir, 'agent'), '--events', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as (typeof cliAnswers)[number];
    assert.equal(out.next[0].activity, decision, `predict --events with ${reviewer}`);
    assert.deepEqual(out.suffix.steps, [decision, 'Close']);
    cliAnswers.push(out);
  }
  // The real service, over HTTP, answers as predict --events does.
  const service = await startService('--agent', join(dir, 'agent'), '--workers', '1', '--no-watch');
  try {
    for (const [i, reviewer] of ['ann', 'bob'].entries()) {
      const r = await post(`${service.url}/v1/predict`, { events: told(reviewer) });
      assert.equal(r.status, 200);
      const got = r.json as { next: { activity: string; probability: number }[]; suffix: string[] };
      assert.deepEqual(got.next.map((n) => n.activity), cliAnswers[i].next.map((n) => n.activity), `POST /v1/predict with ${reviewer}`);
      got.next.forEach((n, j) => assert.ok(Math.abs(n.probability - cliAnswers[i].next[j].probability) < 1e-5));
      assert.deepEqual(got.suffix, cliAnswers[i].suffix.steps);
    }
  } finally {
    await service.stop();
  }

  // The service's batcher, plain and incremental, the same cases with either reviewer and none.
  const options = { k: 3, beam: 3, maxSteps: 10 };
  const cases = [told('ann'), told('bob'), told('ann').slice(0, 2), told('bob').map(({ activity }) => ({ activity })), [...told('bob'), { activity: 'Reject', resource: 'desk' }]];
  const want: { next: { activity: string; probability: number }[]; suffix: { steps: string[] } }[] = [];
  for (const events of cases) {
    const features = agent.featuresOf(events);
    const prefix = events.map((e) => e.activity);
    want.push({ next: (await agent.predictNext(prefix, 3, undefined, features)).next, suffix: await agent.predictSuffix(prefix, 3, 10, undefined, features) });
  }
  assert.notDeepEqual(want[0].suffix.steps, want[1].suffix.steps, 'the two reviewers get different suffixes');
  for (const incremental of [false, true]) {
    const decoder = incremental ? RowDecoder.create(agent, { device: 'cpu', threads: 1 }) : undefined;
    if (decoder) assert.ok(decoder.incremental);
    // Twice, the answer cache off: the second pass steps each case on from the decoder's kept
    // cache of its first events (its own last event's resource in the step), the first prefills.
    let batcher: Batcher | undefined;
    for (let pass = 0; pass < 2; pass++) {
      batcher = new Batcher(agent.predictor, { maxRows: 256, cacheFloats: 0 }, decoder);
      const b = batcher;
      const got = await Promise.all(cases.map((events) => b.run(new CaseJob(events.map((e) => e.activity), options, agent.predictor.labels, agent.featuresOf(events)))));
      got.forEach((g, i) => {
        assert.deepEqual(g.next.map((n) => n.activity), want[i].next.map((n) => n.activity), `case ${i} (${incremental ? 'incremental' : 'plain'}, pass ${pass})`);
        g.next.forEach((n, j) => assert.ok(Math.abs(n.probability - want[i].next[j].probability) < 1e-5, `case ${i} probability ${j}`));
        assert.deepEqual(g.suffix, want[i].suffix.steps, `case ${i} suffix`);
      });
    }
    await batcher!.dispose();
  }
});

test('served times read the resources too, from the decoder\'s trunk state, and equal predictTimes', async () => {
  assert.ok(agent.timeModel, 'the agent has time heads');
  if (!agent.timeModel.readsActivityTrunk) {
    // Its heads learnt on a trunk of their own; the path under test is heads on the decoder's
    // trunk, so put the same head on the next-activity trunk (the numbers differ, the equality must hold).
    const { trunk: _own, ...json } = agent.timeModel.json;
    await agent.timeModel.dispose();
    agent.timeModel = new TimeModel(json, new TimeRunner(agent.model as EngineModel, agent.tokenizer, 'cpu', 1));
  }
  assert.ok(agent.timeModel.readsActivityTrunk);
  const t0 = Date.UTC(2026, 0, 5, 9);
  const cases: ServedEvent[][] = ['ann', 'bob'].flatMap((reviewer) => [told(reviewer), told(reviewer).map((e, j) => ({ ...e, timestamp: t0 + j * 60_000 }))]);
  const decoder = RowDecoder.create(agent, { device: 'cpu', threads: 1 });
  const batcher = new Batcher(agent.predictor, { maxRows: 256, cacheFloats: 0 }, decoder);
  const served = new Served(agent, batcher, modelInfo(join(dir, 'agent'), agent, 'test', new Date()));
  try {
    const job = new CaseJob(cases[1].map((e) => e.activity), DEFAULT_OPTIONS, agent.predictor.labels, agent.featuresOf(cases[1].map((e) => ({ ...e, time: e.timestamp }))));
    await batcher.run(job);
    assert.ok((await job.hidden) instanceof Float32Array, 'a case with resources and times hands its trunk state to the heads');
    const got = await predictCases(served, cases.map((events) => ({ events })), DEFAULT_OPTIONS);
    for (const [i, c] of cases.entries()) {
      const want = (await predictTimes(agent, c.map((e) => ({ activity: e.activity, resource: e.resource, time: e.timestamp }))))!;
      for (const [g, w] of [[got[i].nextEventInMs!, want.nextEventInMs], [got[i].remainingTime!.expectedMs, want.remainingTime.expectedMs], [got[i].remainingTime!.p90Ms, want.remainingTime.p90Ms]]) {
        assert.ok(Math.abs(g - w) <= SERVED_TIME_TOLERANCE * Math.max(1, w), `case ${i}: served ${g} vs predictTimes ${w}`);
      }
    }
  } finally {
    await served.batcher.dispose();
  }
});
