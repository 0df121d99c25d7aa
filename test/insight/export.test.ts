import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BpmnModdle } from 'bpmn-moddle';
import { candidateToBpmn, candidateToPspec } from '../../src/core/insight/export';
import type { AutomationCandidate } from '../../src/core/insight/types';
import { pspecParser } from '../../src/core/spec/pspec';
import { bpmnParser } from '../../src/core/spec/bpmn';
import { compareSpec } from '../../src/core/insight/specOverlay';
import { log } from './logs';

const candidate: AutomationCandidate = {
  steps: ['Validate <order> & "stock"', 'Book payment', 'Notify customer'],
  cases: 40,
  caseShare: 0.4,
  precision: 0.975,
  medianDurationMs: 180_000,
  resources: ['SYS'],
  score: 7_200_000,
  onCriticalPath: true,
};

test('pspec export parses back with the project parser to exactly the run', () => {
  const text = candidateToPspec(candidate);
  assert.deepEqual(pspecParser.steps(text).map((s) => s.label), candidate.steps);
  assert.match(text, /precision 97\.5%/);
  assert.throws(() => candidateToPspec({ ...candidate, steps: ['A -> B', 'C'] }), /cannot be written as one pspec line/);
  assert.throws(() => candidateToPspec({ ...candidate, steps: ['1. First', 'C'] }), /"1\. First"/);
});

test('BPMN export: a sub-process of service tasks with diagram shapes, readable by bpmn-moddle and the spec parser', async () => {
  const xml = await candidateToBpmn(candidate);
  const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
  assert.deepEqual(warnings, []);
  const process = (rootElement.rootElements as { flowElements: { $type: string; flowElements?: { $type: string; name?: string }[] }[] }[])[0];
  const sub = process.flowElements.find((e) => e.$type === 'bpmn:SubProcess')!;
  assert.deepEqual(sub.flowElements!.filter((e) => e.$type === 'bpmn:ServiceTask').map((e) => e.name), candidate.steps);
  // bpmn-js draws only what has DI: every flow node and flow has a shape or an edge.
  const plane = (rootElement.diagrams as { plane: { planeElement: { bpmnElement: { id: string } }[] } }[])[0].plane;
  const drawn = new Set(plane.planeElement.map((p) => p.bpmnElement.id));
  for (const id of ['Start', 'Candidate', 'End', 'SubStart', 'Task_1', 'Task_2', 'Task_3', 'SubEnd', 'Flow_1', 'Flow_2', 'SubFlow_1', 'SubFlow_4']) assert.ok(drawn.has(id), id);
  // The editor's BPMN reader finds the steps in order (the sub-process itself is a step too).
  const labels = bpmnParser.steps(xml).map((s) => s.label);
  assert.deepEqual(labels.filter((l) => candidate.steps.includes(l)), candidate.steps);
});

test('spec against log: missing steps and transitions, frequent log transitions the spec lacks, exact share', () => {
  const cases = log({
    a: [['Open', 0], ['Check', 1], ['Close', 2]],
    b: [['Open', 0], ['Check', 1], ['Close', 2]],
    c: [['Open', 0], ['Close', 1]],
  });
  const o = compareSpec(['1. open', 'Check', 'Approve', 'Close'], cases);
  assert.deepEqual(o.stepsNotInLog, ['Approve']);
  assert.deepEqual(o.transitionsNotInLog, [{ from: 'Check', to: 'Approve' }, { from: 'Approve', to: 'Close' }]);
  assert.deepEqual(o.logTransitionsNotInSpec, [{ from: 'Check', to: 'Close', cases: 2 }, { from: 'Open', to: 'Close', cases: 1 }]);
  assert.equal(o.exactShare, 0);
  assert.equal(compareSpec(['Open', 'Check', 'Close'], cases).exactShare, 2 / 3);
  assert.deepEqual(compareSpec([], []), { stepsNotInLog: [], transitionsNotInLog: [], logTransitionsNotInSpec: [], exactShare: 0 });
});
