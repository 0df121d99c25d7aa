/**
 * Time heads end to end, on a synthetic log whose times are known: after "Check A" a case takes
 * about 10 days to finish, after "Check B" about 1 day. Trains a tiny agent for real (onnxruntime),
 * then checks the eval report, predictTimes, the predict CLI with timestamps, and that an agent
 * saved without time heads still loads.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAgent, type TrainOutcome } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { loadCheckpoint, saveCheckpoint } from '../../src/core/model/checkpoint';
import { predictTimes, predictTimesBatch, suffixTimes } from '../../src/core/agent/timePrediction';
import { Rng } from '../../src/core/train/rng';
import { tempDir } from '../tempDir';

const H = 3_600_000;
const DAY = 24 * H;
const dir = tempDir('pa-time-');
const log = join(dir, 'timed.csv');
const agentDir = join(dir, 'agent');
let outcome: TrainOutcome;

function writeTimedLog(file: string, cases: number, seed: number): void {
  const rng = new Rng(seed);
  const lines = ['case,activity,timestamp'];
  for (let i = 0; i < cases; i++) {
    const slow = rng.next() < 0.5;
    let t = Date.UTC(2024, 0, 1) + i * 6 * H;
    const steps: [string, number][] = [['Register', 0], [slow ? 'Check A' : 'Check B', 2 * H], ['Review', (slow ? 5 : 0.5) * DAY * (0.8 + 0.4 * rng.next())], ['Close', (slow ? 5 : 0.5) * DAY * (0.8 + 0.4 * rng.next())]];
    for (const [activity, gap] of steps) {
      t += gap;
      lines.push(`c${i},${activity},${new Date(t).toISOString()}`);
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

before(async () => {
  writeTimedLog(log, 300, 7);
  const config = trainConfig({ preset: 'tiny', epochs: 6, batchSize: 16, patience: 6, device: 'cpu', threads: 1, features: 'off' });
  outcome = await trainAgent({ logs: [log], agentDir, config, fineTune: false });
});

test('the eval report carries remaining and next-event time beside both baselines, with the agent beating the mean', () => {
  const r = outcome.report!;
  for (const t of [r.remainingTime!, r.nextEventTime!]) {
    assert.ok(t, 'time scores are present');
    assert.ok(t.prefixes > 100);
    for (const k of ['maeDays', 'medianAeDays', 'coverageP10P90'] as const) assert.equal(typeof t[k], 'number', k);
    assert.ok(t.coverageP10P90 >= 0 && t.coverageP10P90 <= 1);
    assert.equal(typeof t.baselines.mean.maeDays, 'number');
    assert.equal(typeof t.baselines.transitionSystem.maeDays, 'number');
    assert.ok(['sequence', 'set', 'bag'].includes(t.baselines.transitionSystem.abstraction));
    assert.equal(t.byPrefixLength.reduce((a, b) => a + b.count, 0), t.prefixes);
    assert.match(t.protocol, /chronological/);
  }
  const rem = r.remainingTime!;
  // The mean by length cannot tell A from B (about 4.5 d off on average); the heads can.
  assert.ok(rem.maeDays < rem.baselines.mean.maeDays * 0.6, `agent ${rem.maeDays} vs mean ${rem.baselines.mean.maeDays}`);
  assert.ok(rem.baselines.transitionSystem.maeDays < rem.baselines.mean.maeDays, 'the transition system sees the check');
});

test('predictTimes: a slow check predicts a longer remaining time than a quick one, with p10 ≤ p50 ≤ p90', async () => {
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    assert.ok(agent.timeModel, 'the saved agent has time heads');
    const t0 = Date.UTC(2024, 5, 3, 9);
    const slow = await predictTimes(agent, [{ activity: 'Register', time: t0 }, { activity: 'Check A', time: t0 + 2 * H }]);
    const quick = await predictTimes(agent, [{ activity: 'Register', time: t0 }, { activity: 'Check B', time: t0 + 2 * H }]);
    assert.ok(slow && quick);
    assert.ok(slow.remainingTime.expectedMs > 4 * DAY && slow.remainingTime.expectedMs < 20 * DAY, `slow ${slow.remainingTime.expectedMs / DAY} d`);
    assert.ok(quick.remainingTime.expectedMs < 2.5 * DAY, `quick ${quick.remainingTime.expectedMs / DAY} d`);
    for (const p of [slow, quick]) {
      assert.ok(p.remainingTime.p10Ms <= p.remainingTime.expectedMs && p.remainingTime.expectedMs <= p.remainingTime.p90Ms);
      assert.ok(p.nextEvent.p10Ms <= p.nextEventInMs && p.nextEventInMs <= p.nextEvent.p90Ms);
    }
    // The batch form gives the same answers in one pass, and undefined for an empty case.
    const batch = await predictTimesBatch(agent, [[{ activity: 'Register', time: t0 }, { activity: 'Check A', time: t0 + 2 * H }], []]);
    assert.ok(Math.abs(batch![0]!.remainingTime.expectedMs - slow.remainingTime.expectedMs) < 1e-3 * slow.remainingTime.expectedMs);
    assert.equal(batch![1], undefined);
    const stamps = await suffixTimes(agent, [{ activity: 'Register', time: t0 }, { activity: 'Check A', time: t0 + 2 * H }], ['Review', 'Close']);
    assert.equal(stamps!.length, 2);
    assert.ok(stamps![0] > t0 + 2 * H && stamps![1] >= stamps![0], 'expected timestamps move forward');
  } finally {
    await agent.dispose();
  }
});

test('predict prints the time to the next step and to the end, reading "step@timestamp"', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'predict', '--agent', agentDir, '--device', 'cpu', 'Register@2024-06-03T09:00', 'Check A@2024-06-03T11:00'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /after "Register" → "Check A"/);
  assert.match(r.stdout, /next step in ≈ .+ \(p10–p90 .+ – .+\)/);
  assert.match(r.stdout, /case ends in ≈ .+ d .*around 2024-06-/);
  const events = join(dir, 'case.json');
  writeFileSync(events, JSON.stringify([{ activity: 'Register', timestamp: '2024-06-03T09:00' }, { activity: 'Check B', timestamp: '2024-06-03T11:00' }]));
  const j = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'predict', '--agent', agentDir, '--device', 'cpu', '--events', events, '--json'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(j.status, 0, j.stderr);
  const out = JSON.parse(j.stdout);
  assert.deepEqual(out.prefix, ['Register', 'Check B']);
  assert.equal(typeof out.nextEventInMs, 'number');
  assert.ok(out.remainingTime.expectedMs > 0);
  assert.equal(out.suffix.expectedTimes.length, out.suffix.steps.length);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify([{ activity: 'Register', timestamp: 'yesterday' }]));
  const e = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'predict', '--agent', agentDir, '--events', bad], { encoding: 'utf8', timeout: 120_000 });
  assert.notEqual(e.status, 0);
  assert.match(e.stderr, /bad\.json: event 1 has a timestamp that is not a date/);
});

test('eval --json gains remainingTime and nextEventTime, and --protocol pgtnet scores k ≥ 2 on cases of ≥ 3 events', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'eval', log, '--agent', agentDir, '--json', '--device', 'cpu', '--protocol', 'pgtnet'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const key of ['remainingTime', 'nextEventTime']) {
    const t = out[key];
    for (const k of ['maeDays', 'medianAeDays', 'coverageP10P90', 'protocol', 'byPrefixLength']) assert.ok(k in t, `${key}.${k}`);
    assert.equal(typeof t.baselines.mean.maeDays, 'number');
    assert.equal(typeof t.baselines.transitionSystem.maeDays, 'number');
    assert.ok(t.byPrefixLength.every((b: { length: number }) => b.length >= 2), 'PGTNet scores prefixes of 2 or more events');
  }
  assert.equal(out.protocol.minCaseLength, 3);
});

test('an agent saved without time heads still loads and predicts next steps; its times are simply absent', async () => {
  const oldDir = join(dir, 'old-agent');
  cpSync(agentDir, oldDir, { recursive: true });
  const ck = loadCheckpoint(agentPaths(oldDir).checkpoint);
  delete ck.header.timeHead;
  saveCheckpoint(agentPaths(oldDir).checkpoint, ck);
  const agent = await loadAgent(oldDir, { device: 'cpu', threads: 1 });
  try {
    assert.equal(agent.timeModel, undefined);
    assert.equal(await predictTimes(agent, [{ activity: 'Register', time: 0 }]), undefined);
    assert.ok((await agent.predictNext(['Register'], 3)).next.length > 0);
  } finally {
    await agent.dispose();
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'predict', '--agent', oldDir, '--device', 'cpu', 'Register@2024-06-03T09:00'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /case ends in/);
});
