import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { join } from 'node:path';
import { trainAgent } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { loadAgent } from '../../src/core/agent/loadAgent';
import type { ProcessAgent } from '../../src/core/agent/processAgent';
import { END_OF_CASE } from '../../src/core/agent/types';
import { writeFixtureLog } from '../train/fixtureLog';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-agent-');
const log = join(dir, 'log.csv');
const agents: Record<'activity' | 'bpe', ProcessAgent | undefined> = { activity: undefined, bpe: undefined };

before(async () => {
  writeFixtureLog(log, { cases: 200, seed: 4 });
  for (const tokenizer of ['activity', 'bpe'] as const) {
    const agentDir = join(dir, tokenizer);
    const config = trainConfig({ preset: 'tiny', epochs: tokenizer === 'bpe' ? 6 : 10, batchSize: 16, device: 'cpu', threads: 1, tokenizer });
    await trainAgent({ logs: [log], agentDir, config, fineTune: false });
    agents[tokenizer] = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  }
});

after(async () => {
  for (const a of Object.values(agents)) await a?.dispose();
});

for (const kind of ['activity', 'bpe'] as const) {
  test(`${kind}: predictNext ranks known activities with probabilities that sum to 1`, async () => {
    const agent = agents[kind]!;
    assert.ok(agent.activities.includes('Approve'));
    const all = await agent.predictNext(['Register'], 100);
    assert.equal(all.next.length, agent.activities.length + 1, 'every activity plus END');
    const sum = all.next.reduce((s, n) => s + n.probability, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `sum ${sum}`);
    for (let i = 1; i < all.next.length; i++) assert.ok(all.next[i - 1].probability >= all.next[i].probability);
    const top = await agent.predictNext(['Register'], 2);
    assert.deepEqual(new Set(top.next.map((n) => n.activity)), new Set(['Check A', 'Check B']), 'after Register comes a check');
    const afterClose = await agent.predictNext(['Register', 'Check A', 'Review', 'Approve', 'Close'], 1);
    assert.equal(afterClose.next[0].activity, END_OF_CASE);
  });

  test(`${kind}: predictSuffix beam-searches to the end of the case`, async () => {
    const s = await agents[kind]!.predictSuffix(['Register', 'Check A'], 3, 20);
    assert.deepEqual(s.steps.slice(0, 1), ['Review']);
    assert.equal(s.steps.at(-1), 'Close');
    assert.ok(s.logProb < 0 && s.logProb > -20);
  });

  test(`${kind}: scoreSteps agrees with predictNext`, async () => {
    const agent = agents[kind]!;
    const steps = ['Register', 'Check B', 'Review', 'Reject'];
    const scores = await agent.scoreSteps(steps);
    assert.equal(scores.length, steps.length);
    for (let i = 0; i < steps.length; i++) {
      const p = await agent.predictNext(steps.slice(0, i), 100);
      const expected = p.next.find((n) => n.activity === steps[i])!.probability;
      assert.ok(Math.abs(scores[i] - expected) < 1e-5, `step ${i}: ${scores[i]} vs ${expected}`);
    }
    assert.ok(scores[2] > 0.9, `Review after a check is near certain (got ${scores[2]})`);
  });
}

test('activity mode skips and reports unknown steps; BPE mode keeps them as context', async () => {
  const a = await agents.activity!.predictNext(['Register', 'Phone call'], 3);
  assert.deepEqual(a.unknownSteps, ['Phone call']);
  const same = await agents.activity!.predictNext(['Register'], 3);
  assert.deepEqual(a.next, same.next, 'the unknown step was skipped');
  const b = await agents.bpe!.predictNext(['Register', 'Phone call'], 3);
  assert.deepEqual(b.unknownSteps, ['Phone call']);
  assert.equal(b.next.length, 3);
});

test('an aborted signal stops a prediction', async () => {
  const c = new AbortController();
  c.abort();
  await assert.rejects(agents.activity!.predictNext(['Register'], 3, c.signal));
});
