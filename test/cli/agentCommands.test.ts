import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFixtureLog } from '../train/fixtureLog';
import { createSession } from '../../src/core/runtime';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { END_OF_CASE } from '../../src/core/agent/types';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-cli-');
const log = join(dir, 'log.csv');
const agentDir = join(dir, 'agent');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let trained: { accuracy: number; epochsRun: number; cancelled: boolean };

before(() => {
  writeFixtureLog(log, { cases: 150, seed: 9 });
  const r = cli('train', log, '--out', agentDir, '--epochs', '3', '--preset', 'tiny', '--batch', '16', '--device', 'cpu', '--threads', '1', '--json');
  assert.equal(r.code, 0, r.stderr);
  trained = JSON.parse(r.stdout);
});

test('train --json prints the held-out accuracy and run facts', () => {
  assert.equal(typeof trained.accuracy, 'number');
  assert.ok(trained.accuracy > 0 && trained.accuracy <= 1);
  assert.equal(trained.epochsRun, 3);
  assert.equal(trained.cancelled, false);
});

test('eval --json on the training log scores the same held-out cases, beside the baselines', () => {
  const r = cli('eval', log, '--agent', agentDir, '--json', '--device', 'cpu');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.accuracy, trained.accuracy, 'same split, same weights, same number');
  for (const b of ['last1', 'ngram', 'prefix']) assert.equal(typeof out.baselines[b].accuracy, 'number');
  assert.equal(out.protocol.split.kind, 'chronological');
  assert.equal(typeof out.protocol.description, 'string');
});

test('predict --json gives top-k with probabilities and a suffix', () => {
  const r = cli('predict', '--agent', agentDir, '--json', '--k', '3', 'Register', 'Check A', 'Never seen');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.next.length, 3);
  assert.ok(out.next[0].probability >= out.next[1].probability);
  assert.ok(out.next.reduce((s: number, n: { probability: number }) => s + n.probability, 0) <= 1 + 1e-6);
  assert.deepEqual(out.unknownSteps, ['Never seen']);
  assert.ok(Array.isArray(out.suffix.steps));
});

test('export writes an .onnx that plain onnxruntime runs, matching the agent', async () => {
  const file = join(dir, 'agent.onnx');
  const r = cli('export', '--agent', agentDir, '--out', file);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'agent.tokenizer.json')));
  const session = await createSession(readFileSync(file), { device: 'cpu', purpose: 'inference', threads: 1 });
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    const ctx = [1, 4, 5];
    const T = agent.model.context;
    const tokens = new Int32Array(T);
    tokens.set(ctx);
    const out = await session.run({ tokens: { data: tokens, dims: [1, T] }, positions: { data: Int32Array.of(ctx.length - 1), dims: [1] } });
    const exported = out.log_probs.data as Float32Array;
    const [mine] = await agent.model.nextLogProbs([ctx]);
    assert.equal(exported.length, mine.length);
    for (let i = 0; i < mine.length; i++) assert.ok(Math.abs(exported[i] - mine[i]) < 1e-4, `token ${i}: ${exported[i]} vs ${mine[i]}`);
  } finally {
    await agent.dispose();
    await session.dispose();
  }
});

test('bad input: non-zero exit and one clear sentence', () => {
  const cases: [string[], RegExp][] = [
    [['train', join(dir, 'missing.csv'), '--out', join(dir, 'x')], /missing\.csv: file not found/],
    [['train', log, '--epochs', 'many'], /--epochs must be a whole number from 1 to 100000, got "many"/],
    [['train', log, '--preset', 'huge', '--out', join(dir, 'y'), '--epochs', '1'], /unknown model preset "huge"/],
    [['train', log, '--features', 'colour', '--out', join(dir, 'y'), '--epochs', '1'], /--features/],
    // The fixture has no resource column: asking for that feature says why it cannot be used.
    [['train', log, '--features', 'resource', '--out', join(dir, 'y'), '--epochs', '1'], /cannot support the input feature resource/],
    [['eval', log, '--agent', join(dir, 'nowhere')], /holds no trained agent/],
    [['predict', '--agent', join(dir, 'nowhere'), 'A'], /holds no trained agent/],
    [['export', '--agent', agentDir], /--out/],
    [['train', log, '--day-first', '--month-first', '--out', join(dir, 'y')], /--day-first or --month-first, not both/],
    [['train', log, '--format', 'xlsx', '--out', join(dir, 'y')], /--format must be one of csv, xes, ocel/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.notEqual(r.code, 0, args.join(' '));
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('process-agent:'));
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0], message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('train --object-type flattens an OCEL log on that type, and eval reads it the same way', () => {
  // Orders go Create → Pack → Ship; their items go Pick → Pack. Each type gives its own process.
  const objects: unknown[] = [];
  const events: unknown[] = [];
  const at = (minute: number): string => new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
  for (let o = 0; o < 60; o++) {
    objects.push({ id: `o${o}`, type: 'Order' }, { id: `i${o}`, type: 'Item' });
    const rel = (...ids: string[]) => ids.map((objectId) => ({ objectId, qualifier: '' }));
    events.push(
      { id: `c${o}`, type: 'Create', time: at(o * 10), relationships: rel(`o${o}`) },
      { id: `k${o}`, type: 'Pick', time: at(o * 10 + 1), relationships: rel(`i${o}`) },
      { id: `p${o}`, type: 'Pack', time: at(o * 10 + 2), relationships: rel(`o${o}`, `i${o}`) },
      { id: `s${o}`, type: 'Ship', time: at(o * 10 + 3), relationships: rel(`o${o}`) },
    );
  }
  const ocel = join(dir, 'shop.jsonocel');
  writeFileSync(ocel, JSON.stringify({ objectTypes: [], eventTypes: [], objects, events }));
  const items = join(dir, 'items-agent');
  const r = cli('train', ocel, '--object-type', 'Item', '--out', items, '--epochs', '1', '--preset', 'tiny', '--device', 'cpu', '--threads', '1', '--features', 'off', '--json');
  assert.equal(r.code, 0, r.stderr);
  const split = JSON.parse(readFileSync(join(items, 'split.json'), 'utf8'));
  assert.equal(split.read.objectType, 'Item');
  const next = JSON.parse(cli('predict', '--agent', items, '--json', '--k', '10').stdout).next.map((n: { activity: string }) => n.activity);
  assert.deepEqual(next.filter((a: string) => a !== END_OF_CASE).sort(), ['Pack', 'Pick'], 'the agent learned the items\' process only');
  const again = cli('eval', ocel, '--agent', items, '--json', '--device', 'cpu');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).accuracy, JSON.parse(r.stdout).accuracy);
  const wrong = cli('train', ocel, '--object-type', 'Parcel', '--out', join(dir, 'z'), '--epochs', '1');
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /the object type "Parcel" is not in the log.*Item, Order/s);
});
