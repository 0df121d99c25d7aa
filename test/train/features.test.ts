/**
 * Input features end to end: on a log whose next step after "Submit" depends only on who
 * submitted, 'auto' must find that the resource feature raises validation accuracy, keep it,
 * beat every baseline (they cannot see resources), save it with the agent so `eval` scores the
 * same way, still predict without features (the editor's case), and grow on fine-tuning.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAgent, type TrainOutcome } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import { evaluateAgentDir } from '../../src/core/agent/evaluateDir';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { loadCheckpoint } from '../../src/core/model/checkpoint';
import { Rng } from '../../src/core/train/rng';
import { pairedGain } from '../../src/core/train/validate';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-features-');
const log = join(dir, 'who.csv');
const newLog = join(dir, 'who-new.csv');
const agentDir = join(dir, 'agent');
const config = trainConfig({ preset: 'tiny', epochs: 12, batchSize: 16, patience: 12, device: 'cpu', threads: 1 });
let outcome: TrainOutcome;

/** Submit (by alice → Approve, by bob → Reject), then Close. `carol` appears only in the new log. */
function writeLog(file: string, cases: number, seed: number, firstCase: number, people: string[]): void {
  const rng = new Rng(seed);
  const lines = ['Case ID,Activity,Complete Timestamp,Resource'];
  for (let i = 0; i < cases; i++) {
    const who = people[rng.int(people.length)];
    const t0 = Date.UTC(2024, 0, 1) + (firstCase + i) * 3_600_000;
    const steps: [string, string][] = [['Submit', who], [who === 'bob' ? 'Reject' : 'Approve', 'clerk'], ['Close', 'system']];
    steps.forEach(([act, res], j) => lines.push(`c${firstCase + i},${act},${new Date(t0 + j * 60_000).toISOString()},${res}`));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

before(async () => {
  writeLog(log, 300, 1, 0, ['alice', 'bob']);
  writeLog(newLog, 120, 2, 10_000, ['alice', 'bob', 'carol']);
  outcome = await trainAgent({ logs: [log], agentDir, config, fineTune: false });
});

test("'auto' tries the log's features, keeps the resource because validation accuracy rose, and says so", () => {
  const f = outcome.result.features!;
  assert.deepEqual(f.used, ['resource']);
  assert.deepEqual(f.tried.map((t) => t.use), [[], ['resource']]);
  assert.ok(f.tried[1].validationAccuracy > f.tried[0].validationAccuracy + 0.1, JSON.stringify(f.tried));
});

test('with the resource the agent beats every baseline, which cannot see who submitted', () => {
  const r = outcome.report!;
  const best = Math.max(r.baselines.last1.accuracy, r.baselines.ngram.accuracy, r.baselines.prefix.accuracy);
  assert.ok(best < 0.9, `baselines ${best}`);
  assert.ok(r.agent.accuracy > 0.97, `agent ${r.agent.accuracy}`);
});

test('the checkpoint carries the feature set, so eval scores the held-out cases the same way', async () => {
  const header = loadCheckpoint(agentPaths(agentDir).checkpoint).header;
  assert.deepEqual((header.features as { use: string[] }).use, ['resource']);
  const again = await evaluateAgentDir(agentDir, log, { device: 'cpu', threads: 1 });
  assert.equal(again.agent.accuracy, outcome.report!.agent.accuracy);
});

test('without features (a spec file has none) the agent still ranks the two outcomes first', async () => {
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    const p = await agent.predictNext(['Submit'], 2);
    assert.deepEqual(p.next.map((n) => n.activity).sort(), ['Approve', 'Reject']);
    const total = p.next.reduce((s, n) => s + n.probability, 0);
    assert.ok(total > 0.9, `the two outcomes hold ${total} of the probability`);
  } finally {
    await agent.dispose();
  }
});

test('fine-tuning with a new resource grows the resource table and keeps the feature', async () => {
  const before = loadCheckpoint(agentPaths(agentDir).checkpoint);
  const out = await trainAgent({ logs: [newLog], agentDir, config: { ...config, epochs: 3, patience: 3, refit: false }, fineTune: true });
  assert.deepEqual(out.result.features!.used, ['resource']);
  const after = loadCheckpoint(agentPaths(agentDir).checkpoint);
  const resources = (after.header.features as { resources: { resources: string[] } }).resources.resources;
  assert.ok(resources.includes('carol'), resources.join(','));
  const d = (after.header.model as { dModel: number }).dModel;
  assert.equal(after.header.paramCount - before.header.paramCount, d, 'one new embedding row of width d');
});

test('pairedGain is McNemar z over the prefixes only one run gets right', () => {
  const v = (hits: number[]) => ({ accuracy: 0, loss: 0, prefixes: hits.length, hits: Uint8Array.from(hits) });
  // b alone right on 5, a alone right on 1, the rest agree: z = (5 − 1) / √6.
  const a = v([1, 0, 0, 0, 0, 0, 1, 1, 0]);
  const b = v([0, 1, 1, 1, 1, 1, 1, 1, 0]);
  assert.equal(pairedGain(a, b).toFixed(6), (4 / Math.sqrt(6)).toFixed(6));
  assert.equal(pairedGain(b, a).toFixed(6), (-4 / Math.sqrt(6)).toFixed(6));
  assert.equal(pairedGain(a, a), 0);
  assert.equal(pairedGain(a, v([1, 0])), 0, 'different prefixes cannot be paired');
});
