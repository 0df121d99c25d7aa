import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CountBaseline } from '../../src/core/eval/countBaseline';
import { fitBaselines } from '../../src/core/eval/baselines';
import { tracePrefixes } from '../../src/core/data/prefixes';
import { decideServed } from '../../src/core/agent/servedChoice';
import { describeServed, readServed } from '../../src/core/agent/served';
import { topK } from '../../src/core/agent/processAgent';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { loadSplit, type SavedSplit } from '../../src/core/train/logInput';
import { agentPaths, readJson } from '../../src/core/train/agentDir';
import { END_OF_CASE } from '../../src/core/agent/types';
import { Rng } from '../../src/core/train/rng';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-served-');

/** Random cases over a few activities with a loose structure, so every baseline level is exercised. */
function randomCases(seed: number, n: number): string[][] {
  const rng = new Rng(seed);
  const acts = ['a', 'b', 'c', 'd', 'e', 'f'];
  return Array.from({ length: n }, () => {
    const len = 1 + Math.floor(rng.next() * 7);
    const c: string[] = [acts[Math.floor(rng.next() * 2)]];
    while (c.length < len) c.push(rng.next() < 0.6 ? acts[(acts.indexOf(c.at(-1)!) + 1) % acts.length] : acts[Math.floor(rng.next() * acts.length)]);
    return c;
  });
}

test('the count baselines rank exactly as baselines.ts, and their distributions keep that order', () => {
  const train = randomCases(1, 300);
  const probes = [...randomCases(2, 200), ['a', 'zzz', 'b'], []];
  for (const withEnd of [true, false]) {
    const fitted = fitBaselines(train, { withEnd });
    for (const name of ['last1', 'ngram', 'prefix'] as const) {
      const counts = CountBaseline.fit(train, name, { withEnd });
      const back = CountBaseline.fromJSON(JSON.parse(JSON.stringify(counts.toJSON())));
      const labels = [...'abcdef', 'zzz', END_OF_CASE];
      for (const c of probes) for (let k = 0; k <= c.length; k++) {
        const p = c.slice(0, k);
        const want = fitted[name].rank(p);
        assert.deepEqual(counts.rank(p), want, `${name} ${withEnd} [${p}]`);
        assert.deepEqual(back.rank(p), want, `${name} round trip [${p}]`);
        const d = counts.distribution(p, labels);
        const order = topK(d, labels, labels.length).map((s) => s.activity);
        assert.deepEqual(order.slice(0, want.length), want, `${name} distribution order [${p}]`);
        const mass = d.reduce((s, x) => s + Math.exp(x), 0);
        assert.ok(Math.abs(mass - 1) < 1e-6, `mass ${mass}`);
        // Asked again (kept on the cached lookup): the same, and a caller's change to one answer
        // does not reach the next.
        d.fill(0);
        assert.deepEqual(counts.distribution(p, labels), back.distribution(p, labels), `${name} asked again [${p}]`);
      }
    }
  }
});

test('decideServed serves a baseline only on a significant paired gain, and the agent otherwise', () => {
  const fit = Array.from({ length: 40 }, () => ['a', 'b', 'c', 'd']);
  const validation = Array.from({ length: 20 }, () => ['a', 'b', 'c', 'd']);
  const rule = { minPrefix: 1, eosTarget: true };
  const n = [...tracePrefixes(validation, rule)].length;
  const weak = { accuracy: 0.2, loss: NaN, prefixes: n, hits: Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0)) };
  const d = decideServed(fit, validation, [...fit, ...validation], rule, weak, 1.64);
  assert.equal(d.choice.kind, 'baseline');
  assert.equal(d.choice.name, 'last1', 'on a tie the simplest baseline is served');
  assert.ok(d.choice.z! >= 1.64 && d.check!.served === 'baseline');
  assert.equal(readServed(d.json).rule?.answers(['a']), true);
  assert.equal(readServed(d.json).rule?.answers([]), false, 'the empty prefix (how a case starts) is the agent\'s');
  assert.match(describeServed(d.choice, 0.2), /^Serving last1: it beat the agent on validation \(100\.0 % vs 20\.0 %, z = [\d.]+\); the agent alone scores 20\.0 % on test\.$/);
  const perfect = { ...weak, accuracy: 1, hits: new Uint8Array(n).fill(1) };
  const kept = decideServed(fit, validation, fit, rule, perfect, 1.64);
  assert.equal(kept.choice.kind, 'agent');
  assert.equal(kept.json, undefined);
  // Slightly ahead but not significantly: 2 prefixes only the baseline gets right (z = 1.41).
  const close = { ...weak, accuracy: (n - 2) / n, hits: Uint8Array.from({ length: n }, (_, i) => (i < 2 ? 0 : 1)) };
  assert.equal(decideServed(fit, validation, fit, rule, close, 1.64).choice.kind, 'agent');
});

test('a mix is served where the baseline is confident and the agent is better elsewhere', () => {
  // After 'a' the successor is always 'b' (confident); after 'x' it is a coin flip the agent gets right.
  const fit = [...Array.from({ length: 30 }, () => ['a', 'b']), ...Array.from({ length: 30 }, (_, i) => ['x', i % 2 ? 'y' : 'z'])];
  const validation = [...Array.from({ length: 30 }, () => ['a', 'b']), ...Array.from({ length: 30 }, (_, i) => ['x', i % 2 ? 'y' : 'z'])];
  const rule = { minPrefix: 1, eosTarget: false };
  const prefixes = [...tracePrefixes(validation, rule)];
  // The agent: wrong after 'a', right after 'x'.
  const hits = Uint8Array.from(prefixes, (p) => (p.prefix[0] === 'x' ? 1 : 0));
  const d = decideServed(fit, validation, fit, rule, { accuracy: 0.5, loss: NaN, prefixes: hits.length, hits }, 1.64);
  assert.equal(d.choice.kind, 'mix', JSON.stringify(d.choice));
  assert.equal(d.choice.validation!.served, 1);
  const rule2 = readServed(d.json).rule!;
  assert.equal(rule2.answers(['a']), true);
  assert.equal(rule2.answers(['x']), false);
});

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A log where the next activity is fixed by the last one (a cycle of 12 activities), from random starts. */
function writeChainLog(file: string): void {
  const rng = new Rng(7);
  const acts = Array.from({ length: 12 }, (_, i) => `Step ${String.fromCharCode(65 + i)}`);
  const lines = ['case,activity,timestamp'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let c = 0; c < 300; c++) {
    let at = Math.floor(rng.next() * acts.length);
    for (let j = 0; j < 6; j++) lines.push(`c${c},${acts[(at++) % acts.length]},${new Date(t0 + c * 3_600_000 + j * 60_000).toISOString()}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

const chainLog = join(dir, 'chain.csv');
const chainAgent = join(dir, 'chain-agent');
let trained: { served?: { kind: string; name: string }; report: { agent: { accuracy: number }; agentAlone: { accuracy: number } } };

before(() => {
  writeChainLog(chainLog);
  // One epoch of a tiny model at a tiny learning rate: the agent underfits, last1 is exact.
  const r = cli('train', chainLog, '--out', chainAgent, '--epochs', '1', '--preset', 'tiny', '--lr', '1e-6', '--batch', '16', '--features', 'off', '--device', 'cpu', '--threads', '1', '--json');
  assert.equal(r.code, 0, r.stderr);
  trained = JSON.parse(r.stdout);
});

test('train serves the baseline that beat an underfitting agent on validation, and says so', () => {
  assert.notEqual(trained.served?.kind, 'agent', JSON.stringify(trained.served));
  assert.ok(trained.report.agent.accuracy > trained.report.agentAlone.accuracy + 0.3, `served ${trained.report.agent.accuracy} vs agent alone ${trained.report.agentAlone.accuracy}`);
  const text = cli('eval', chainLog, '--agent', chainAgent, '--device', 'cpu');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Serving \S+.*: it beat the agent on validation \([\d.]+ % vs [\d.]+ %, z = [\d.]+\); the agent alone scores [\d.]+ % on test\./);
  assert.match(text.stdout, /agent alone/);
});

test('eval --json reports what is served as the headline, the agent alone beside it, and the choice', () => {
  const r = cli('eval', chainLog, '--agent', chainAgent, '--json', '--device', 'cpu');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.served.kind, trained.served!.kind);
  assert.equal(typeof out.served.reason, 'string');
  assert.ok(out.served.z >= 1.64);
  assert.equal(out.accuracy, out.agent.accuracy);
  assert.ok(out.accuracy > out.agentAlone.accuracy + 0.3, `${out.accuracy} vs ${out.agentAlone.accuracy}`);
  if (out.served.kind === 'baseline') assert.equal(out.accuracy, out.baselines[out.served.name].accuracy, 'a served baseline scores exactly as that baseline');
});

test('predict answers with the served baseline: the same top answer as the baseline on every training prefix', async () => {
  const saved = readJson<SavedSplit>(agentPaths(chainAgent).split)!;
  const split = await loadSplit(saved.logs, saved.protocol, saved.read);
  const train = split.traces(split.train);
  const agent = await loadAgent(chainAgent, { device: 'cpu', threads: 1 });
  try {
    assert.equal(agent.served.kind, trained.served!.kind);
    const name = agent.served.baseline!;
    const baseline = fitBaselines(train, { withEnd: saved.protocol.eosTarget })[name];
    let checked = 0;
    for (const c of train.slice(0, 40)) for (let k = 1; k <= c.length; k++) {
      const p = c.slice(0, k);
      const got = await agent.predictNext(p, 3);
      if (agent.served.kind === 'baseline') assert.deepEqual(got.next.map((s) => s.activity), baseline.rank(p).slice(0, 3), `[${p}]`);
      else assert.equal(got.next[0].activity, baseline.rank(p)[0], `[${p}]`);
      checked++;
    }
    assert.ok(checked > 100);
  } finally {
    await agent.dispose();
  }
  const r = cli('predict', '--agent', chainAgent, '--json', 'Step C', 'Step D');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).next[0].activity, 'Step E');
});
