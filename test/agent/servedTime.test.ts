/**
 * The validated time choice (agent/servedTime.ts, servedTimeChoice.ts), trained for real on two
 * synthetic logs: one whose times the transition system knows exactly (each path's durations are
 * fixed, and the order of X and Y — which the heads' activity counts cannot see — decides the
 * rest), where the transition system must be served and its test MAE reached; and one whose
 * remaining time equals the last gap (which the heads see and the transition system does not),
 * where the agent must be kept. Then the header round trip, an older folder, and the service.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAgent, type TrainOutcome } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { loadCheckpoint, saveCheckpoint } from '../../src/core/model/checkpoint';
import { predictTimes } from '../../src/core/agent/timePrediction';
import { blendQuantiles, readServedTime } from '../../src/core/agent/servedTime';
import { decideServedTarget, pairedCaseZ, type TimeValidationRow } from '../../src/core/agent/servedTimeChoice';
import { TimeTable } from '../../src/core/eval/timeTable';
import { Rng } from '../../src/core/train/rng';
import { startService } from '../serve/serveHarness';
import { tempDir } from '../tempDir';

const H = 3_600_000;
const DAY = 24 * H;
const dir = tempDir('pa-served-time-');
const tsLog = join(dir, 'ts-exact.csv');
const gapLog = join(dir, 'gap.csv');
const tsAgent = join(dir, 'ts-agent');
const gapAgent = join(dir, 'gap-agent');
let tsOutcome: TrainOutcome;
let gapOutcome: TrainOutcome;

function write(file: string, cases: number, seed: number, steps: (rng: Rng) => [string, number][]): void {
  const rng = new Rng(seed);
  const lines = ['case,activity,timestamp'];
  for (let i = 0; i < cases; i++) {
    let t = Date.UTC(2024, 0, 1) + i * 6 * H;
    for (const [activity, gap] of steps(rng)) {
      t += gap;
      lines.push(`c${i},${activity},${new Date(t).toISOString()}`);
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

const xFirst = [['Register', 0], ['X', 2 * H], ['Y', 2 * H], ['Z', 2 * H], ['Close', 9 * DAY]] as [string, number][];
const yFirst = [['Register', 0], ['Y', 2 * H], ['X', 2 * H], ['Z', 2 * H], ['Close', 0.5 * DAY]] as [string, number][];

before(async () => {
  write(tsLog, 240, 3, (rng) => (rng.next() < 0.5 ? xFirst : yFirst));
  write(gapLog, 240, 5, (rng) => {
    const g = (1 + 239 * rng.next()) * H; // 1 h to 10 d, seen by the heads as the time since the last event
    return [['Register', 0], ['Wait', g], ['Close', g]];
  });
  // An underfit agent (one epoch): the transition system is exact on the first log.
  const config = trainConfig({ preset: 'tiny', epochs: 1, batchSize: 16, patience: 1, device: 'cpu', threads: 1, features: 'off' });
  tsOutcome = await trainAgent({ logs: [tsLog], agentDir: tsAgent, config, fineTune: false });
  gapOutcome = await trainAgent({ logs: [gapLog], agentDir: gapAgent, config: { ...config, epochs: 4, patience: 4 }, fineTune: false });
});

test('the transition system is served where it is clearly better than an underfit agent, and its test MAE is reached', () => {
  const rem = tsOutcome.report!.remainingTime!;
  assert.ok(rem.served && rem.served.kind !== 'agent', `served ${rem.served?.name}: ${rem.served?.reason}`);
  assert.ok(rem.served.z! >= 1.64, `z = ${rem.served.z}`);
  const ts = rem.baselines.transitionSystem.maeDays;
  assert.ok(rem.agentAlone!.maeDays > rem.maeDays, `heads alone ${rem.agentAlone!.maeDays} vs served ${rem.maeDays}`);
  assert.ok(rem.maeDays <= ts + 0.05, `served ${rem.maeDays} d vs transition system ${ts} d`);
  assert.ok(rem.coverageP10P90 >= 0.6 && rem.coverageP10P90 <= 1, `coverage ${rem.coverageP10P90}`);
});

test('the agent is kept where it is better than the transition system', () => {
  for (const t of [gapOutcome.report!.remainingTime!]) {
    assert.equal(t.served?.kind, 'agent', t.served?.reason);
    assert.ok(t.maeDays < t.baselines.transitionSystem.maeDays, `agent ${t.maeDays} vs transition system ${t.baselines.transitionSystem.maeDays}`);
    assert.equal(t.maeDays, t.agentAlone!.maeDays, 'served = the heads alone');
    assert.ok(t.served!.z! < 1.64, `z = ${t.served!.z}`);
  }
});

test('the choice and the table round-trip through the checkpoint header; predictions use them', async () => {
  const header = loadCheckpoint(agentPaths(tsAgent).checkpoint).header;
  const saved = readServedTime(header.servedTime);
  assert.deepEqual(saved.remainingTime, tsOutcome.report!.remainingTime!.served);
  assert.ok(saved.table, 'the transition system travels with the weights');
  const agent = await loadAgent(tsAgent, { device: 'cpu', threads: 1 });
  try {
    const events = xFirst.slice(0, 4).reduce<{ activity: string; time: number }[]>((a, [activity, gap]) => [...a, { activity, time: (a.at(-1)?.time ?? Date.UTC(2024, 5, 3)) + gap }], []);
    const served = await predictTimes(agent, events);
    const alone = (await agent.timeModel!.predict([{ activities: events.map((e) => e.activity), times: events.map((e) => e.time), k: 4 }]))[0];
    const want = blendQuantiles(alone.remaining, saved.table.predict(events.map((e) => e.activity))[1], saved.remainingTime.weight, saved.remainingTime.intervalScale);
    assert.ok(Math.abs(served!.remainingTime.expectedMs - want[1]) < 1, `${served!.remainingTime.expectedMs} vs ${want[1]}`);
    assert.ok(Math.abs(served!.remainingTime.expectedMs - 9 * DAY) < Math.abs(alone.remaining[1] - 9 * DAY) + 1, 'served is at least as close as the heads');
    // The service answers with the same served choice (the real `serve`, as a user runs it).
    const svc = await startService('--agent', tsAgent, '--device', 'cpu');
    try {
      const r = await fetch(`${svc.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: events.map((e) => ({ activity: e.activity, timestamp: e.time })) }) });
      const body = (await r.json()) as { remainingTime: { expectedMs: number } };
      assert.ok(Math.abs(body.remainingTime.expectedMs - served!.remainingTime.expectedMs) < 1, `serve ${body.remainingTime.expectedMs} vs predict ${served!.remainingTime.expectedMs}`);
    } finally {
      await svc.stop();
    }
  } finally {
    await agent.dispose();
  }
});

test('an agent folder from before the time choice loads as "agent": the heads alone answer', async () => {
  const oldDir = join(dir, 'old-agent');
  cpSync(tsAgent, oldDir, { recursive: true, verbatimSymlinks: true });
  const ck = loadCheckpoint(agentPaths(oldDir).checkpoint);
  delete ck.header.servedTime;
  saveCheckpoint(agentPaths(oldDir).checkpoint, ck);
  const agent = await loadAgent(oldDir, { device: 'cpu', threads: 1 });
  try {
    assert.equal(agent.servedTime?.isAgent, true);
    const events = [{ activity: 'Register', time: 0 }, { activity: 'X', time: 2 * H }];
    const p = await predictTimes(agent, events);
    const alone = (await agent.timeModel!.predict([{ activities: ['Register', 'X'], times: [0, 2 * H], k: 2 }]))[0];
    assert.equal(p!.remainingTime.expectedMs, alone.remaining[1]);
  } finally {
    await agent.dispose();
  }
  assert.throws(() => readServedTime({ version: 1, remainingTime: { kind: 'transition-system', name: 'transition system', weight: 1, reason: 'x' }, nextEventTime: { kind: 'agent', name: 'agent', weight: 0, reason: 'x' } }), /holds no table/);
});

test('fine-tuning refits the choice: on the gap log the heads win, so the fine-tuned folder serves the agent', async () => {
  const tuned = join(dir, 'tuned-agent');
  cpSync(tsAgent, tuned, { recursive: true, verbatimSymlinks: true });
  assert.notEqual(readServedTime(loadCheckpoint(agentPaths(tuned).checkpoint).header.servedTime).remainingTime.kind, 'agent', 'before: the transition system');
  const config = trainConfig({ preset: 'tiny', epochs: 4, batchSize: 16, patience: 4, device: 'cpu', threads: 1, features: 'off' });
  const out = await trainAgent({ logs: [gapLog], agentDir: tuned, config, fineTune: true });
  const after = readServedTime(loadCheckpoint(agentPaths(tuned).checkpoint).header.servedTime);
  const fig = (t: NonNullable<TrainOutcome['report']>['remainingTime']) => `served ${t!.maeDays.toFixed(3)} alone ${t!.agentAlone!.maeDays.toFixed(3)} ts ${t!.baselines.transitionSystem.maeDays.toFixed(3)} mean ${t!.baselines.mean.maeDays.toFixed(3)} ${JSON.stringify(t!.served!.validation)}`;
  assert.equal(after.remainingTime.kind, 'agent', `${after.remainingTime.reason}; tuned ${fig(out.report!.remainingTime)}; fresh ${fig(gapOutcome.report!.remainingTime)}`);
  assert.deepEqual(out.report!.remainingTime!.served, after.remainingTime);
});

test('the paired test counts a case once, however many prefixes it has', () => {
  // One case with 100 prefixes far better, 9 cases slightly worse: per prefix that is "significant", per case it is not.
  const ids = [...Array(100).fill(0), ...Array.from({ length: 9 }, (_, i) => i + 1)];
  const agentErr = ids.map((c) => (c === 0 ? 10 : 1));
  const altErr = ids.map((c) => (c === 0 ? 0 : 1.5));
  assert.ok(pairedCaseZ(ids, agentErr, altErr) < 1.64);
  // And a decision on rows where the alternative is worse keeps the agent.
  const rows: TimeValidationRow[] = Array.from({ length: 40 }, (_, i) => ({ caseId: i, truth: [H, DAY], ts: [5 * H, 5 * DAY], agent: { nextEvent: [0.5 * H, H, 2 * H], remaining: [0.5 * DAY, DAY, 2 * DAY] } }));
  assert.equal(decideServedTarget(rows, 1, 1.64).kind, 'agent');
  const flipped = rows.map((r) => ({ ...r, ts: [H, DAY] as [number, number], agent: { nextEvent: [H, 4 * H, 8 * H] as [number, number, number], remaining: [DAY, 4 * DAY, 8 * DAY] as [number, number, number] } }));
  assert.equal(decideServedTarget(flipped, 1, 1.64).kind, 'transition-system');
  // Where validation cannot tell them apart (the agent a little ahead on some cases, behind on
  // others), or has too few prefixes to, the transition system is served: the heads must show they are better.
  const even = rows.map((r, i) => ({ ...r, ts: [H, (i % 2 === 0 ? 1.5 : 0.6) * DAY] as [number, number], agent: { nextEvent: [0.5 * H, H, 2 * H] as [number, number, number], remaining: [0.5 * DAY, (i % 2 === 0 ? 1.4 : 0.51) * DAY, 2 * DAY] as [number, number, number] } }));
  const tie = decideServedTarget(even, 1, 1.64);
  assert.equal(tie.kind, 'transition-system', tie.reason);
  assert.ok(tie.validation!.agentMaeDays < tie.validation!.servedMaeDays, 'the agent is slightly ahead on these rows, yet not significantly');
  assert.ok(Math.abs(tie.z!) < 1.64, `z = ${tie.z}`);
  assert.equal(decideServedTarget(rows.slice(0, 10), 1, 1.64).kind, 'transition-system');
  assert.ok(TimeTable.fromJSON(TimeTable.fit([], 'sequence', 1).toJSON()));
});
