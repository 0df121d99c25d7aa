/**
 * End-to-end time training on a synthetic log whose remaining time after a review depends only on
 * the order of two earlier checks: the kept model is never worse on validation than the frozen head it starts from, and
 * an agent carrying the trained trunk copy predicts, through the ordinary TimeModel path, the very
 * validation MAE that training recorded.
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
import { fitTimeTrunk } from '../../src/core/agent/fitTimeTrunk';
import { attachTimeModel } from '../../src/core/agent/timePrediction';
import { DAY_MS } from '../../src/core/agent/timeInputs';
import type { EngineModel } from '../../src/core/train/engineModel';
import type { Case } from '../../src/core/log/types';
import { Rng } from '../../src/core/train/rng';
import { tempDir } from '../tempDir';

const H = 3_600_000;
const dir = tempDir('pa-time-trunk-');
const log = join(dir, 'ordered.csv');
const agentDir = join(dir, 'agent');
let cases: Case[];

before(async () => {
  const rng = new Rng(11);
  const lines = ['case,activity,timestamp'];
  for (let i = 0; i < 240; i++) {
    const aFirst = rng.next() < 0.5;
    let t = Date.UTC(2024, 0, 1) + i * 5 * H;
    // A then B: after the review the case waits 6 days to close; B then A: 1 day. After the
    // review the counts, the last activity and the elapsed time are alike: only the order tells.
    const steps: [string, number][] = [['Register', 0], [aFirst ? 'A' : 'B', 3 * H], [aFirst ? 'B' : 'A', 3 * H], ['Review', 12 * H], ['Close', (aFirst ? 6 : 1) * 24 * H * (0.9 + 0.2 * rng.next())]];
    for (const [activity, gap] of steps) lines.push(`c${i},${activity},${new Date((t += gap)).toISOString()}`);
  }
  writeFileSync(log, lines.join('\n') + '\n');
  await trainAgent({ logs: [log], agentDir, config: trainConfig({ preset: 'tiny', epochs: 3, batchSize: 16, patience: 3, device: 'cpu', threads: 1, features: 'off' }), fineTune: false });
  cases = (await readLog(log)).cases;
});

test('fitTimeTrunk: never worse than the frozen head on validation, and the saved trunk reproduces its validation MAE', async () => {
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    const fit = cases.slice(0, 180);
    const validation = cases.slice(180);
    const trunk = agent.model as EngineModel;
    const frozen = await fitTimeHead(trunk, agent.tokenizer, agent.features, fit, validation, { seed: 2, device: 'cpu', threads: 1, maxEpochs: 20 });
    assert.ok(frozen?.fit?.validationMaeDays !== undefined);
    const before = Float32Array.from(trunk.params);
    const joint = await fitTimeTrunk(trunk, agent.tokenizer, agent.features, fit, validation, frozen, { seed: 2, device: 'cpu', threads: 1, maxEpochs: 6 });
    assert.deepEqual(trunk.params, before, 'the next-activity trunk is untouched');
    assert.ok(joint.fit!.validationMaeDays! <= frozen.fit.validationMaeDays, `joint ${joint.fit!.validationMaeDays} vs frozen ${frozen.fit.validationMaeDays}`);
    assert.ok(joint.trunk, 'on this log the jointly trained trunk beats the frozen one (the check order is what the head needs)');
    await agent.timeModel?.dispose();
    attachTimeModel(agent, joint as unknown as Record<string, unknown>, { device: 'cpu', threads: 1 });
    const val = latestPrefixes(validation, agent.features, 150_000);
    const pred = await agent.timeModel!.predict(val.queries);
    const mae = pred.reduce((a, p, i) => a + Math.abs(p.remaining[1] - val.truthMs[i][1]), 0) / pred.length / DAY_MS;
    assert.ok(Math.abs(mae - joint.fit!.validationMaeDays!) < 1e-3, `predicted ${mae} vs recorded ${joint.fit!.validationMaeDays}`);
  } finally {
    await agent.timeModel?.dispose();
  }
});
