import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeInsights } from '../../src/core/insight/insights';
import { criticalPath } from '../../src/core/insight/criticalPath';
import { processMap } from '../../src/core/insight/processMap';
import { variants } from '../../src/core/insight/variants';
import { bottlenecks } from '../../src/core/insight/bottlenecks';
import { layoutMap } from '../../src/core/insight/layout';
import type { Case } from '../../src/core/log/types';
import { log, MIN, type Step } from './logs';

const abc = log({
  c1: [['A', 0], ['B', 10], ['C', 30]],
  c2: [['A', 0], ['B', 20], ['C', 50]],
  c3: [['A', 0], ['C', 5]],
});

test('variants: sequences by frequency with share and median throughput; the rest as other', () => {
  const v = variants(abc, 1);
  assert.deepEqual(v.top, [{ steps: ['A', 'B', 'C'], cases: 2, share: 2 / 3, medianDurationMs: 40 * MIN }]);
  assert.deepEqual(v.other, { variants: 1, cases: 1, share: 1 / 3 });
  assert.equal(v.distinct, 2);
});

test('variants of equal frequency are ordered by their labels, step by step', () => {
  const v = variants(log({ a: [['B', 0]], b: [['A', 0], ['Z', 1]], c: [['A', 0]], d: [['C', 0]], e: [['C', 0]] }));
  assert.deepEqual(v.top.map((x) => x.steps), [['C'], ['A'], ['A', 'Z'], ['B']]);
});

test('critical path: the widest route, its exact share, median time and per-step waiting share', () => {
  const cp = criticalPath(abc, processMap(abc));
  assert.deepEqual(cp.steps, ['A', 'B', 'C']);
  assert.equal(cp.caseShare, 2 / 3);
  assert.equal(cp.medianDurationMs, 40 * MIN);
  assert.equal(cp.width, 2);
  assert.deepEqual(cp.perStep, [
    { activity: 'A', medianWaitMs: 0, waitShare: 0 },
    { activity: 'B', medianWaitMs: 15 * MIN, waitShare: 15 / 40 },
    { activity: 'C', medianWaitMs: 25 * MIN, waitShare: 25 / 40 },
  ]);
});

test('critical path ties: equally wide and likely routes go to the faster one', () => {
  const tie = log({ slow: [['A', 0], ['B', 10], ['D', 20]], fast: [['A', 0], ['C', 1], ['D', 2]] });
  assert.deepEqual(criticalPath(tie, processMap(tie)).steps, ['A', 'C', 'D']);
  // The width decides before time does: three cases take the slow route.
  const wide = log({ ...Object.fromEntries([1, 2, 3].map((i) => [`s${i}`, [['A', 0], ['B', 10], ['D', 20]] as Step[]])), fast: [['A', 0], ['C', 1], ['D', 2]] });
  assert.deepEqual(criticalPath(wide, processMap(wide)).steps, ['A', 'B', 'D']);
});

test('critical path through loops and self-loops is a simple path', () => {
  const loop = log({ c: [['A', 0], ['A', 1], ['B', 2], ['A', 3], ['B', 4], ['C', 5]] });
  const cp = criticalPath(loop, processMap(loop));
  assert.deepEqual(cp.steps, ['A', 'B', 'C']);
  assert.equal(cp.caseShare, 0, 'no case follows the loop-free path exactly');
});

test('a single-event case, and a case with no end (still running)', () => {
  const one = log({ x: [['X', 3]] });
  assert.deepEqual(criticalPath(one, processMap(one)), { steps: ['X'], caseShare: 1, medianDurationMs: 0, perStep: [{ activity: 'X', medianWaitMs: 0, waitShare: 0 }], casesFollowing: 1, width: 1 });
  const open = log({ a: [['Open', 0], ['Work', 5], ['Close', 9]], b: [['Open', 0], ['Work', 5], ['Close', 9]], running: [['Open', 0], ['Work', 5]] });
  const cp = criticalPath(open, processMap(open));
  assert.deepEqual(cp.steps, ['Open', 'Work', 'Close']);
  assert.equal(cp.caseShare, 2 / 3);
});

test('bottlenecks: cases × median wait, largest first, start and end edges left out', () => {
  assert.deepEqual(bottlenecks(processMap(abc)), [
    { from: 'B', to: 'C', cases: 2, medianWaitMs: 25 * MIN, totalWaitMs: 50 * MIN },
    { from: 'A', to: 'B', cases: 2, medianWaitMs: 15 * MIN, totalWaitMs: 30 * MIN },
    { from: 'A', to: 'C', cases: 1, medianWaitMs: 5 * MIN, totalWaitMs: 5 * MIN },
  ]);
});

/** 20 cases: Receive → Check by people, then Validate → Book → Notify by SYS (even) or Reject → Close (odd). */
function deterministic(): Case[] {
  const cases: Record<string, Step[]> = {};
  for (let i = 0; i < 20; i++) {
    const h = `H${i % 3}`;
    const head: Step[] = [['Receive', 0, h], ['Check', 30, h]];
    cases[`c${i}`] = i % 2 === 0 ? [...head, ['Validate', 40, 'SYS'], ['Book', 41, 'SYS'], ['Notify', 43, 'SYS']] : [...head, ['Reject', 90, h], ['Close', 100, h]];
  }
  return log(cases);
}

test('candidates without an agent: maximal confident runs, measured on held-out cases, the system-run one marked by its single resource', async () => {
  const ins = await computeInsights(deterministic());
  assert.equal(ins.confidenceSource, 'transitions');
  assert.equal(ins.heldOutCases, 4);
  assert.match(ins.confidenceNote ?? '', /first 16 cases .* last 4/);
  const byKey = new Map(ins.automationCandidates.map((c) => [c.steps.join(' > '), c]));
  assert.deepEqual([...byKey.keys()].sort(), ['Receive > Check', 'Reject > Close', 'Validate > Book > Notify']);
  const sys = byKey.get('Validate > Book > Notify')!;
  assert.deepEqual(sys.resources, ['SYS']);
  assert.deepEqual([sys.cases, sys.caseShare, sys.precision, sys.medianDurationMs, sys.score], [10, 0.5, 1, 3 * MIN, 30 * MIN]);
  // Check → Validate / Reject is a coin toss: never confident, so no run crosses it.
  assert.equal(byKey.get('Receive > Check')!.medianDurationMs, 30 * MIN);
  assert.deepEqual(ins.automationCandidates.map((c) => c.score), [...ins.automationCandidates.map((c) => c.score)].sort((a, b) => b - a));
  assert.equal(byKey.get('Receive > Check')!.onCriticalPath, true);
});

test('a lower threshold lets uncertain steps into runs; τ must be in (0, 1]', async () => {
  const ins = await computeInsights(deterministic(), { threshold: 0.5 });
  assert.ok(ins.automationCandidates.some((c) => c.steps.length >= 3 && c.steps[0] === 'Receive'));
  await assert.rejects(computeInsights(deterministic(), { threshold: 0 }), /threshold must be in \(0, 1\]/);
});

test('all-equal timestamps: zero times, no bottlenecks, candidates ranked by cases', async () => {
  const flat = log(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, [['A', 5], ['B', 5], ['C', 5]] as Step[]])));
  const ins = await computeInsights(flat);
  assert.deepEqual(ins.criticalPath.steps, ['A', 'B', 'C']);
  assert.equal(ins.criticalPath.medianDurationMs, 0);
  assert.deepEqual(ins.bottlenecks, []);
  assert.deepEqual(ins.automationCandidates.map((c) => [c.steps, c.score, c.precision]), [[['A', 'B', 'C'], 0, 1]]);
});

test('self-loops: a step that only repeats itself is no run', async () => {
  const rep = log(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, [['A', 0], ['A', 1], ['A', 2], ['A', 3]] as Step[]])));
  const ins = await computeInsights(rep);
  assert.deepEqual(ins.automationCandidates, []);
  assert.deepEqual(ins.criticalPath.steps, ['A']);
});

test('hostile logs: empty, one activity, 10,000 activities', async () => {
  const empty = await computeInsights([]);
  assert.deepEqual([empty.criticalPath.steps, empty.automationCandidates, empty.variants, empty.bottlenecks, empty.heldOutCases], [[], [], [], [], 0]);
  const one = await computeInsights(log({ a: [['Only', 0]], b: [['Only', 1]] }));
  assert.deepEqual(one.criticalPath.steps, ['Only']);
  assert.deepEqual(one.automationCandidates, []);
  const many: Case[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `c${i}`, events: [{ activity: `A${i}`, time: 0 }, { activity: 'Z', time: 60_000 }] }));
  const ins = await computeInsights(many, { topVariants: 5 });
  assert.equal(ins.variants.length, 5);
  assert.equal(ins.otherVariants?.variants, 9_995);
  assert.equal(ins.criticalPath.steps.length, 2);
  assert.throws(() => layoutMap(processMap(many)), /10003 nodes, more than the 1500 .*keep fewer activities/);
});

test('layout: every node gets a box, every edge a polyline, left to right', () => {
  const laid = layoutMap(processMap(abc));
  assert.equal(laid.nodes.length, 5);
  assert.ok(laid.edges.every((e) => e.points.length >= 2));
  const x = new Map(laid.nodes.map((n) => [n.id, n.x]));
  assert.ok(x.get('__start__')! < x.get('A')! && x.get('A')! < x.get('B')! && x.get('B')! < x.get('C')! && x.get('C')! < x.get('__end__')!);
  assert.ok(laid.width > 0 && laid.height > 0);
});

test('layout of a dense map: dagre places the frequent skeleton, every other edge still gets a route', () => {
  // 12 activities where every pair follows each other somewhere: 132 + edges, far above the skeleton.
  const acts = Array.from({ length: 12 }, (_, i) => `S${i}`);
  const cases: Case[] = [];
  for (let i = 0; i < acts.length; i++) for (let j = 0; j < acts.length; j++) cases.push({ id: `${i}-${j}`, events: [{ activity: acts[i], time: 0 }, { activity: acts[j], time: 1 }] });
  for (let r = 0; r < 30; r++) cases.push({ id: `main${r}`, events: acts.map((a, k) => ({ activity: a, time: k })) });
  const map = processMap(cases);
  assert.ok(map.edges.length > 100);
  const laid = layoutMap(map);
  assert.equal(laid.edges.length, map.edges.length);
  for (const e of laid.edges) {
    assert.ok(e.points.length >= 2, `${e.from} → ${e.to} has a route`);
    assert.ok(e.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  }
  const loop = laid.edges.find((e) => e.from === 'S3' && e.to === 'S3')!;
  assert.ok(loop.points.length >= 4);
  // The main flow S0 → S1 → … stays left to right.
  const x = new Map(laid.nodes.map((n) => [n.id, n.x]));
  assert.ok(x.get('S0')! < x.get('S5')! && x.get('S5')! < x.get('S11')!);
});
