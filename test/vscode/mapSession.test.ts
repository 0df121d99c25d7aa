import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Case } from '../../src/core/log/types';
import type { Insights } from '../../src/core/insight/types';
import { MapSession } from '../../src/vscode/mapSession';

const kase = (id: string, ...acts: string[]): Case => ({ id, events: acts.map((activity, i) => ({ activity, time: Date.UTC(2025, 0, 1, i) })) });
const LOG = [kase('1', 'A', 'B', 'C'), kase('2', 'A', 'B', 'C'), kase('3', 'A', 'C')];

function insights(): Insights {
  return {
    criticalPath: { steps: ['A', 'B', 'C'], caseShare: 2 / 3, medianDurationMs: 7_200_000, perStep: [] },
    automationCandidates: [{ steps: ['A', 'B'], cases: 2, caseShare: 2 / 3, precision: 1, medianDurationMs: 3_600_000, resources: [], score: 7_200_000, onCriticalPath: true }],
    variants: [
      { steps: ['A', 'B', 'C'], cases: 2, share: 2 / 3, medianDurationMs: 7_200_000 },
      { steps: ['A', 'C'], cases: 1, share: 1 / 3, medianDurationMs: 3_600_000 },
    ],
    bottlenecks: [],
    confidenceSource: 'transitions',
    threshold: 0.95,
  };
}

test('the full map by default; a variant filter draws only its cases; out of range means all', () => {
  const s = new MapSession('log.csv', LOG);
  s.setAbstraction(1, 1);
  assert.equal(s.layout().map.totalCases, 3);
  assert.ok(s.layout().map.nodes.some((n) => n.id === 'B'));
  s.setInsights(insights());
  s.setVariant(1);
  const only = s.layout().map;
  assert.equal(only.totalCases, 1);
  assert.deepEqual(only.nodes.map((n) => n.id).filter((id) => !id.startsWith('__')).sort(), ['A', 'C'], 'B is in no case of variant 2');
  assert.equal(s.state().variant, 1);
  s.setVariant(7);
  assert.equal(s.state().variant, undefined);
  assert.equal(s.layout().map.totalCases, 3);
});

test('new insights drop the variant filter (its index referred to the old list)', () => {
  const s = new MapSession('log.csv', LOG);
  s.setInsights(insights());
  s.setVariant(0);
  s.setInsights(insights());
  assert.equal(s.variant, undefined);
  assert.equal(s.candidate(0)?.steps.join(), 'A,B');
  assert.equal(s.candidate(1), undefined);
});

test('an open spec joins the map: its unseen step and transitions are zero-count marks', () => {
  const s = new MapSession('log.csv', LOG);
  s.setAbstraction(1, 1);
  s.setSpec({ name: 'loan.pspec', steps: ['A', 'B', 'X'] });
  const { map } = s.layout();
  assert.equal(map.nodes.find((n) => n.id === 'X')?.events, 0);
  assert.equal(map.edges.find((e) => e.from === 'B' && e.to === 'X')?.count, 0);
  const spec = s.state().spec;
  assert.equal(spec?.name, 'loan.pspec');
  assert.ok(spec?.overlay.stepsNotInLog.includes('X'));
  s.setSpec(undefined);
  assert.equal(s.layout().map.nodes.some((n) => n.id === 'X'), false);
  assert.equal(s.state().spec, undefined);
});

test('sliders are clamped, and the layout is cached until something changes', () => {
  const s = new MapSession('log.csv', LOG);
  s.setAbstraction(3, -1);
  assert.deepEqual(s.abstraction, { activities: 1, paths: 0 });
  const a = s.layout().map;
  assert.equal(s.layout().map, a);
  s.setAbstraction(1, 1);
  const b = s.layout().map;
  assert.notEqual(b, a);
  assert.ok(s.layout().hostMs >= 0);
  // Back to a position passed before: the same layout, not a new one.
  s.setAbstraction(3, -1);
  assert.equal(s.layout().map, a);
  s.setSpec({ name: 'x.pspec', steps: ['A', 'Z'] });
  s.setAbstraction(1, 1);
  assert.notEqual(s.layout().map, b, 'a spec change lays out again');
});

test('quickLayout: after a slider moves down, the new map at the old positions; none before any layout or for new nodes', () => {
  const s = new MapSession('log.csv', LOG);
  s.setAbstraction(1, 1);
  assert.equal(s.quickLayout(), undefined, 'nothing laid out yet');
  const full = s.layout().map;
  s.setAbstraction(0.5, 1);
  assert.equal(s.hasLayout(), false);
  const quick = s.quickLayout();
  assert.ok(quick);
  const real = s.layout().map;
  assert.deepEqual(quick.map.nodes.map((n) => n.id).sort(), real.nodes.map((n) => n.id).sort(), 'the same nodes as the real layout');
  for (const n of quick.map.nodes) assert.equal(n.x, full.nodes.find((f) => f.id === n.id)!.x);
  s.setSpec({ name: 'x.pspec', steps: ['A', 'Q'] });
  s.setAbstraction(0.4, 1);
  assert.equal(s.quickLayout(), undefined, 'the spec-only step Q has no old position');
});

test('restore after a window reload: sliders and mode at once, the variant filter once the insights arrive', () => {
  const s = new MapSession('log.csv', LOG);
  s.restore({ log: 'log.csv', abstraction: { activities: 0.4, paths: 0.3 }, mode: 'performance', variant: 1 });
  assert.deepEqual(s.state().abstraction, { activities: 0.4, paths: 0.3 });
  assert.equal(s.state().mode, 'performance');
  // No insights yet: the variant index means nothing, so the map shows all cases.
  assert.equal(s.state().variant, undefined);
  assert.equal(s.layout().map.totalCases, 3);
  s.setInsights(insights());
  assert.equal(s.state().variant, 1);
  assert.equal(s.layout().map.totalCases, 1);
  // Applied once: recomputed insights (a new agent) drop the filter as before.
  s.setInsights(insights());
  assert.equal(s.state().variant, undefined);
});
