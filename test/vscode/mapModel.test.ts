import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Case } from '../../src/core/log/types';
import type { AutomationCandidate, ProcessMap } from '../../src/core/insight/types';
import { activitiesOf, bpmnFileName, casesOfVariant, fraction, reuseLayout, specSteps, withSpecOverlay } from '../../src/vscode/mapModel';

const kase = (id: string, ...acts: string[]): Case => ({ id, events: acts.map((activity, i) => ({ activity, time: Date.UTC(2025, 0, 1, i) })) });

test('casesOfVariant keeps exactly the cases with that sequence (not prefixes, not longer ones)', () => {
  const cases = [kase('1', 'A', 'B'), kase('2', 'A', 'B', 'C'), kase('3', 'A'), kase('4', 'A', 'B'), kase('5', 'B', 'A')];
  assert.deepEqual(casesOfVariant(cases, ['A', 'B']).map((c) => c.id), ['1', '4']);
  assert.deepEqual(casesOfVariant(cases, ['A']).map((c) => c.id), ['3']);
  assert.deepEqual(casesOfVariant(cases, []), []);
  assert.deepEqual(casesOfVariant([kase('e')], []).map((c) => c.id), ['e']);
});

test('specSteps: pspec labels matched to the log names case-insensitively; unknown ones as written', () => {
  const text = '# loan\nsubmit ONLINE application\nCheck completeness\nCall the customer\n';
  assert.deepEqual(specSteps(text, 'pspec', ['Submit online application', 'Check completeness']), ['Submit online application', 'Check completeness', 'Call the customer']);
  assert.deepEqual(specSteps('', 'pspec', ['A']), []);
  assert.deepEqual(specSteps('1. A\n2. b\n', 'markdown', ['A', 'B']), ['A', 'B']);
});

test('activitiesOf lists each activity once, in first-seen order', () => {
  assert.deepEqual(activitiesOf([kase('1', 'B', 'A', 'B'), kase('2', 'C', 'A')]), ['B', 'A', 'C']);
  assert.deepEqual(activitiesOf([]), []);
});

test('withSpecOverlay adds spec-only steps and transitions as zero counts, only between shown nodes', () => {
  const map: ProcessMap = {
    nodes: [
      { id: '__start__', label: 'start', events: 2, cases: 2 },
      { id: 'A', label: 'A', events: 2, cases: 2 },
      { id: 'B', label: 'B', events: 2, cases: 2 },
      { id: '__end__', label: 'end', events: 2, cases: 2 },
    ],
    edges: [
      { from: '__start__', to: 'A', count: 2, cases: 2, medianWaitMs: 0, p90WaitMs: 0 },
      { from: 'A', to: 'B', count: 2, cases: 2, medianWaitMs: 5, p90WaitMs: 9 },
      { from: 'B', to: '__end__', count: 2, cases: 2, medianWaitMs: 0, p90WaitMs: 0 },
    ],
    totalCases: 2,
    totalEvents: 4,
  };
  const out = withSpecOverlay(map, {
    stepsNotInLog: ['X', 'A'],
    transitionsNotInLog: [{ from: 'B', to: 'X' }, { from: 'X', to: 'Hidden' }, { from: 'A', to: 'B' }, { from: 'B', to: 'A' }],
    logTransitionsNotInSpec: [],
    exactShare: 0,
  });
  assert.deepEqual(out.nodes.map((n) => [n.id, n.events]), [['__start__', 2], ['A', 2], ['B', 2], ['__end__', 2], ['X', 0]]);
  // B→X and B→A are added; X→Hidden has an end off the map; A→B is already a log edge.
  assert.deepEqual(out.edges.filter((e) => e.count === 0).map((e) => `${e.from}>${e.to}`), ['B>X', 'B>A']);
  assert.equal(out.edges.length, 5);
  assert.equal(map.nodes.length, 4, 'the input map is not changed');
  assert.equal(out.totalCases, 2);
});

test('fraction clamps to [0, 1] and replaces NaN', () => {
  assert.equal(fraction(0.3, 1), 0.3);
  assert.equal(fraction(-2, 1), 0);
  assert.equal(fraction(7, 0), 1);
  assert.equal(fraction(Number.NaN, 0.8), 0.8);
});

test('bpmnFileName is a safe slug of the first and last step', () => {
  const c: AutomationCandidate = { steps: ['Check credit history', 'Verify income', 'Assess risk / score'], cases: 1, caseShare: 1, precision: 1, medianDurationMs: 1, resources: [], score: 1, onCriticalPath: false };
  assert.equal(bpmnFileName(c), 'check-credit-history-to-assess-risk-score.bpmn');
  assert.equal(bpmnFileName({ ...c, steps: ['../../etc/passwd', '***'] }), 'etc-passwd-to-step.bpmn');
});

test('reuseLayout keeps the old positions and polylines, draws new edges straight, and refuses unplaced nodes', () => {
  const node = (id: string, x: number) => ({ id, label: id, events: 1, cases: 1, x, y: 50, width: 40, height: 20 });
  const edge = (from: string, to: string) => ({ from, to, count: 1, cases: 1, medianWaitMs: 0, p90WaitMs: 0 });
  const previous = {
    nodes: [node('__start__', 0), node('A', 100), node('B', 200), node('__end__', 300)],
    edges: [{ ...edge('__start__', 'A'), points: [{ x: 20, y: 50 }, { x: 80, y: 50 }] }],
    width: 320, height: 100, totalCases: 1, totalEvents: 2,
  };
  const map: ProcessMap = {
    nodes: [{ id: '__start__', label: '', events: 3, cases: 3 }, { id: 'A', label: 'A', events: 3, cases: 3 }, { id: '__end__', label: '', events: 3, cases: 3 }],
    edges: [{ ...edge('__start__', 'A'), cases: 3 }, edge('A', '__end__'), edge('A', 'A')],
    totalCases: 3, totalEvents: 3,
  };
  const out = reuseLayout(map, previous);
  assert.ok(out);
  assert.deepEqual(out.nodes.map((n) => [n.id, n.x, n.events]), [['__start__', 0, 3], ['A', 100, 3], ['__end__', 300, 3]]);
  assert.deepEqual(out.edges[0].points, previous.edges[0].points);
  assert.equal(out.edges[0].cases, 3, 'the counts are the new map\'s');
  assert.deepEqual(out.edges[1].points, [{ x: 120, y: 50 }, { x: 280, y: 50 }]);
  assert.equal(out.edges[2].points.length, 3, 'a self-loop is an arc');
  assert.equal(reuseLayout({ ...map, nodes: [...map.nodes, { id: 'C', label: 'C', events: 1, cases: 1 }] }, previous), undefined);
});
