import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleConfigs, searchHyperparameters, DEFAULT_SEARCH_SPACE } from '../../src/core/agent/search';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-search-');
const log = join(dir, 'log.csv');
writeFixtureLog(log, { cases: 120, seed: 7 });
const base = trainConfig({ preset: 'tiny', epochs: 3, batchSize: 16, device: 'cpu', threads: 1 });

test('sampled configs are distinct, valid architectures from the space', () => {
  const configs = sampleConfigs(base, DEFAULT_SEARCH_SPACE, 20, 3);
  assert.equal(configs.length, 20);
  assert.equal(new Set(configs.map((c) => JSON.stringify(c))).size, 20);
  for (const c of configs) {
    const [, d, l, h] = /^d(\d+)-l(\d+)-h(\d+)$/.exec(c.preset)!.map(Number);
    assert.ok(DEFAULT_SEARCH_SPACE.dModel.includes(d) && DEFAULT_SEARCH_SPACE.layers.includes(l) && d % h === 0);
    assert.ok(DEFAULT_SEARCH_SPACE.learningRate.includes(c.learningRate));
  }
  assert.deepEqual(sampleConfigs(base, DEFAULT_SEARCH_SPACE, 5, 3), configs.slice(0, 5), 'seeded');
});

test('successive halving promotes the best validation trial and saves the winner as the agent', async () => {
  const agentDir = join(dir, 'agent');
  const space = { learningRate: [3e-3], dModel: [16, 32], layers: [1], heads: [1, 2], dropout: [0], weightDecay: [0, 0.01], tokenizer: ['activity' as const] };
  const result = await searchHyperparameters({ logs: [log], agentDir, base, trials: 3, space });
  const rung0 = result.table.filter((r) => r.rung === 0);
  const rung1 = result.table.filter((r) => r.rung === 1);
  assert.equal(rung0.length, 3);
  assert.equal(rung1.length, 1, 'one of three survives with η = 3');
  assert.ok(rung0.every((r) => r.epochs === 1) && rung1[0].epochs === 3);
  const bestOfRung0 = Math.max(...rung0.map((r) => r.validationAccuracy));
  assert.equal(rung0.find((r) => r.trial === rung1[0].trial)!.validationAccuracy, bestOfRung0);
  assert.equal(result.best.preset, rung1[0].preset);
  const paths = agentPaths(agentDir);
  assert.ok(existsSync(paths.checkpoint) && existsSync(paths.searchTable));
  assert.equal(JSON.parse(readFileSync(paths.searchBest, 'utf8')).config.preset, result.best.preset);
  assert.ok(result.report && result.report.agent.prefixes > 0);
});

test('a minutes budget that is already spent says so', async () => {
  await assert.rejects(
    searchHyperparameters({ logs: [log], agentDir: join(dir, 'none'), base, minutes: 1e-9 }),
    /budget ended before the first trial/,
  );
});
