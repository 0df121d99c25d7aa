/**
 * The batcher in-process: many concurrent cases share onnxruntime runs (fewer rounds than cases),
 * and every answer equals the agent's own predictNext + predictSuffix, with the cache on or off.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { trainTinyAgent } from './serveHarness';
import { loadAgent } from '../../src/core/agent/loadAgent';
import type { ProcessAgent } from '../../src/core/agent/processAgent';
import { Batcher } from '../../src/core/serve/batcher';
import { CaseJob } from '../../src/core/serve/caseJob';
import { DistCache } from '../../src/core/serve/distCache';
import { RowDecoder } from '../../src/core/serve/rowDecoder';
import { fixtureCases } from '../train/fixtureLog';

const dir = tempDir('pa-serve-batch-');
let agent: ProcessAgent;

before(async () => {
  trainTinyAgent(join(dir, 'log.csv'), join(dir, 'agent'), 9, 2);
  agent = await loadAgent(join(dir, 'agent'), { device: 'cpu', threads: 1 });
});
after(async () => agent.dispose());

test('concurrent cases share rounds, and each answer equals predictNext + predictSuffix', async () => {
  const cases = fixtureCases({ cases: 60, seed: 5 }).map((c, i) => c.slice(0, i % (c.length + 1)));
  const options = { k: 4, beam: 3, maxSteps: 50 };
  const expected: { next: { activity: string; probability: number }[]; suffix: { steps: string[]; logProb: number } }[] = [];
  for (const c of cases) expected.push({ next: (await agent.predictNext(c, 4)).next, suffix: await agent.predictSuffix(c, 3, 50) });
  let alone = 0;
  let slowest = 0;
  for (const c of cases) {
    const b = new Batcher(agent.predictor, { maxRows: 256, cacheFloats: 0 });
    await b.run(new CaseJob(c, options, agent.predictor.labels));
    alone += b.rounds;
    slowest = Math.max(slowest, b.rounds);
  }
  for (const [cacheFloats, incremental] of [[0, false], [100_000, false], [0, true], [100_000, true]] as const) {
    const decoder = incremental ? RowDecoder.create(agent, { device: 'cpu', threads: 1 }) : undefined;
    if (decoder) assert.ok(decoder.incremental, 'an activity-token agent decodes incrementally');
    const batcher = new Batcher(agent.predictor, { maxRows: 256, cacheFloats }, decoder);
    const answers = await Promise.all(cases.map((c) => batcher.run(new CaseJob(c, options, agent.predictor.labels))));
    answers.forEach((a, i) => {
      assert.deepEqual(a.next.map((n) => n.activity), expected[i].next.map((n) => n.activity), `case ${i}`);
      a.next.forEach((n, j) => assert.ok(Math.abs(n.probability - expected[i].next[j].probability) < 1e-5));
      assert.deepEqual(a.suffix, expected[i].suffix.steps, `case ${i} suffix`);
      assert.ok(Math.abs(a.suffixLogProb - expected[i].suffix.logProb) < 1e-4);
    });
    // Lockstep: together the cases take as many rounds as the slowest alone, not the sum.
    assert.ok(batcher.rounds <= slowest && batcher.rounds < alone, `${batcher.rounds} rounds together; ${slowest} for the slowest alone, ${alone} one by one`);
    if (cacheFloats > 0) assert.ok(batcher.cache.hits > 0, 'repeated contexts came from the cache');
    await batcher.dispose();
  }
});

test('maxSteps 0 gives the next activities and an empty suffix, as predictSuffix does', async () => {
  const batcher = new Batcher(agent.predictor, { maxRows: 8, cacheFloats: 0 });
  const a = await batcher.run(new CaseJob(['Register'], { k: 2, beam: 3, maxSteps: 0 }, agent.predictor.labels));
  assert.deepEqual(a.suffix, (await agent.predictSuffix(['Register'], 3, 0)).steps);
  assert.equal(a.next.length, 2);
});

test('the distribution cache is bounded by the floats it holds, least recently used out first', () => {
  const cache = new DistCache(10);
  cache.set('a', new Float64Array(4));
  cache.set('b', new Float64Array(4));
  assert.ok(cache.get('a')); // a is now the most recent
  cache.set('c', new Float64Array(4)); // 12 > 10: b goes
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a') && cache.get('c'));
  assert.equal(cache.size, 2);
  const off = new DistCache(0);
  off.set('a', new Float64Array(1));
  assert.equal(off.get('a'), undefined);
});

test('the incremental decoder honours a served rule as Predictor.distributions does', async () => {
  // A rule that answers every prefix ending in the first label with certainty of the last label:
  // without it applied on the cached path, the decoder's answers would be the model's.
  const labels = agent.predictor.labels;
  const rule = {
    apply(prefixes: readonly (readonly string[])[], dists: Float64Array[], ls: readonly string[]): void {
      prefixes.forEach((p, i) => {
        if (p.length > 0 && p[p.length - 1] === ls[0]) dists[i] = Float64Array.from(ls, (_, j) => (j === ls.length - 1 ? 0 : -Infinity));
      });
    },
  };
  const cases = fixtureCases({ cases: 30, seed: 8 }).map((c, i) => c.slice(0, 1 + (i % c.length)));
  agent.predictor.served = rule;
  try {
    const want = await agent.predictor.distributions(cases);
    const decoder = RowDecoder.create(agent, { device: 'cpu', threads: 1 });
    assert.ok(decoder.incremental);
    const got = await decoder.run(cases.map((context) => ({ context })));
    let ruled = 0;
    got.forEach((g, i) => {
      if (cases[i][cases[i].length - 1] === labels[0]) ruled++;
      g.dist.forEach((v, j) => assert.ok(v === want[i][j] || Math.abs(v - want[i][j]) < 1e-5, `case ${i} label ${j}: ${v} vs ${want[i][j]}`));
    });
    assert.ok(ruled > 0, 'some prefixes end in the ruled label');
    await decoder.dispose();
  } finally {
    agent.predictor.served = undefined;
  }
});
