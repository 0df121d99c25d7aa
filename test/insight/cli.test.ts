import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFixtureLog } from '../train/fixtureLog';
import { readJson } from '../../src/core/train/agentDir';
import type { SavedSplit } from '../../src/core/train/logInput';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-insight-cli-');
const sample = join('samples', 'loan-sample.csv');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('map --json prints the contract shape; --svg writes the laid-out map', () => {
  const svg = join(dir, 'map.svg');
  const r = cli('map', sample, '--json', '--paths', '30%', '--svg', svg);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.totalCases, 520);
  for (const n of m.nodes) assert.deepEqual(['id', 'label', 'events', 'cases'].filter((k) => !(k in n)), []);
  for (const e of m.edges) assert.deepEqual(['from', 'to', 'count', 'cases', 'medianWaitMs', 'p90WaitMs'].filter((k) => !(k in e)), []);
  const all = JSON.parse(cli('map', sample, '--json').stdout);
  assert.ok(m.edges.length < all.edges.length, 'fewer paths at 30 %');
  const text = readFileSync(svg, 'utf8');
  assert.match(text, /^<svg /);
  assert.equal((text.match(/<rect x=/g) ?? []).length, m.nodes.length - 2);
});

test('map rejects a bad slider with one sentence', () => {
  const r = cli('map', sample, '--activities', '140');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--activities must be a share from 0 to 1 or a percentage like 40%, got "140"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('insights --json without an agent: the contract fields, from transition probabilities', () => {
  const r = cli('insights', sample, '--json');
  assert.equal(r.code, 0, r.stderr);
  const ins = JSON.parse(r.stdout);
  assert.equal(ins.confidenceSource, 'transitions');
  assert.deepEqual(['steps', 'caseShare', 'medianDurationMs'].filter((k) => !(k in ins.criticalPath)), []);
  assert.ok(ins.criticalPath.steps.length > 2);
  for (const c of ins.automationCandidates) assert.deepEqual(['steps', 'cases', 'caseShare', 'precision', 'medianDurationMs', 'resources', 'score', 'onCriticalPath'].filter((k) => !(k in c)), []);
  for (const v of ins.variants) assert.deepEqual(['steps', 'cases', 'share', 'medianDurationMs'].filter((k) => !(k in v)), []);
  for (const b of ins.bottlenecks) assert.deepEqual(['from', 'to', 'cases', 'medianWaitMs', 'totalWaitMs'].filter((k) => !(k in b)), []);
  const scores = ins.automationCandidates.map((c: { score: number }) => c.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
});

const agentLog = join(dir, 'log.csv');
const agentDir = join(dir, 'agent');
before(() => {
  writeFixtureLog(agentLog, { cases: 150, seed: 4 });
  const r = cli('train', agentLog, '--out', agentDir, '--epochs', '3', '--preset', 'tiny', '--batch', '16', '--device', 'cpu', '--threads', '1', '--json');
  assert.equal(r.code, 0, r.stderr);
});

test('insights --agent scores only the held-out cases of split.json, and puts the agent\'s likely case beside the path', () => {
  const r = cli('insights', agentLog, '--agent', agentDir, '--threshold', '0.6', '--json');
  assert.equal(r.code, 0, r.stderr);
  const ins = JSON.parse(r.stdout);
  const split = readJson<SavedSplit>(join(agentDir, 'split.json'))!;
  assert.equal(ins.confidenceSource, 'agent');
  assert.equal(ins.threshold, 0.6);
  assert.equal(ins.heldOutCases, split.testCases);
  assert.ok(split.testCases < ins.totalCases);
  assert.ok(Array.isArray(ins.criticalPath.agentPath) && ins.criticalPath.agentPath.length > 0);
  for (const c of ins.automationCandidates) {
    assert.ok(c.precision >= 0 && c.precision <= 1);
    assert.ok(c.steps.length >= 2);
  }
  const text = cli('insights', agentLog, '--agent', agentDir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /critical path \(/);
  assert.match(text.stdout, /from the agent; the agent's held-out cases \(\d+ of 150/);
  assert.match(text.stdout, /bottlenecks/);
});

test('insights --agent on a folder with no agent says so', () => {
  const r = cli('insights', sample, '--agent', join(dir, 'nothing'));
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /split\.json|agent\.ckpt/);
});

test('map --svg of a map too big to lay out is one clear sentence; --json still works', () => {
  const big = join(dir, 'big.csv');
  const rows = ['case,activity,time'];
  for (let i = 0; i < 2000; i++) rows.push(`c${i},Step ${i},2024-01-01T00:00:00Z`, `c${i},Done,2024-01-01T01:00:00Z`);
  writeFileSync(big, rows.join('\n') + '\n');
  const r = cli('map', big, '--svg', join(dir, 'big.svg'));
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /big\.csv: the map has 2003 nodes, more than the 1500 .* keep fewer activities/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const j = cli('map', big, '--json', '--activities', '1%');
  assert.equal(j.code, 0, j.stderr);
  // 1 % of 2001 activities: Done and the first 19 steps by label (all tie at one event), plus start and end.
  assert.equal(JSON.parse(j.stdout).nodes.length, 22);
});
