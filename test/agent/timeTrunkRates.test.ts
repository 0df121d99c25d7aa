/**
 * trainTimeHeads tries every rate of TIME_TRUNK_RATES from one frozen head and keeps the copy
 * validation prefers: its recorded validation MAE is the lowest of the frozen head's and of each
 * rate's own run (same seed, so each run is reproducible), and an agent carrying it predicts
 * that MAE on the validation cases.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAgent } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { readLog } from '../../src/core/log/read';
import { fitTimeHead, latestPrefixes } from '../../src/core/agent/fitTimeHead';
import { fitTimeTrunk, TIME_TRUNK_RATES } from '../../src/core/agent/fitTimeTrunk';
import { trainTimeHeads } from '../../src/core/agent/timeHeads';
import { DAY_MS } from '../../src/core/agent/timeInputs';
import type { EngineModel } from '../../src/core/train/engineModel';
import type { Case } from '../../src/core/log/types';
import { Rng } from '../../src/core/train/rng';
import { tempDir } from '../tempDir';

const H = 3_600_000;
const dir = tempDir('pa-time-rates-');
const log = join(dir, 'ordered.csv');
const agentDir = join(dir, 'agent');
const cfg = trainConfig({ preset: 'tiny', epochs: 3, batchSize: 16, patience: 3, device: 'cpu', threads: 1, features: 'off', seed: 3 });
let cases: Case[];

before(async () => {
  const rng = new Rng(5);
  const lines = ['case,activity,timestamp'];
  for (let i = 0; i < 200; i++) {
    const aFirst = rng.next() < 0.5;
    let t = Date.UTC(2024, 0, 1) + i * 5 * H;
    // The wait before Close depends on the order of A and B only, so the trunk copy has something to learn.
    const steps: [string, number][] = [['Register', 0], [aFirst ? 'A' : 'B', 3 * H], [aFirst ? 'B' : 'A', 3 * H], ['Review', 12 * H], ['Close', (aFirst ? 6 : 1) * 24 * H * (0.9 + 0.2 * rng.next())]];
    for (const [activity, gap] of steps) lines.push(`c${i},${activity},${new Date((t += gap)).toISOString()}`);
  }
  writeFileSync(log, lines.join('\n') + '\n');
  await trainAgent({ logs: [log], agentDir, config: cfg, fineTune: false });
  cases = (await readLog(log)).cases;
});

test('trainTimeHeads keeps the rate (or the frozen head) with the lowest validation MAE', async () => {
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    const fit = cases.slice(0, 150);
    const validation = cases.slice(150);
    const trunk = agent.model as EngineModel;
    const opts = { seed: cfg.seed, device: cfg.device, threads: cfg.threads };
    const frozen = await fitTimeHead(trunk, agent.tokenizer, agent.features, fit, validation, opts);
    assert.ok(frozen?.fit?.validationMaeDays !== undefined);
    const each = [frozen.fit.validationMaeDays];
    for (const learningRate of TIME_TRUNK_RATES) each.push((await fitTimeTrunk(trunk, agent.tokenizer, agent.features, fit, validation, frozen, { ...opts, learningRate })).fit!.validationMaeDays!);
    await agent.timeModel?.dispose();
    const kept = await trainTimeHeads(agent, fit, validation, cfg, () => {});
    const mae = (kept?.fit as { validationMaeDays?: number } | undefined)?.validationMaeDays;
    assert.ok(mae !== undefined);
    assert.ok(Math.abs(mae - Math.min(...each)) < 1e-9, `kept ${mae}; frozen and per rate: ${each.join(', ')}`);
    const val = latestPrefixes(validation, agent.features, 150_000);
    const pred = await agent.timeModel!.predict(val.queries);
    const served = pred.reduce((a, p, i) => a + Math.abs(p.remaining[1] - val.truthMs[i][1]), 0) / pred.length / DAY_MS;
    assert.ok(Math.abs(served - mae) < 1e-3, `predicted ${served} vs recorded ${mae}`);
  } finally {
    await agent.timeModel?.dispose();
  }
});
