import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserFor } from '../../src/core/spec';

const p = parserFor('mermaid');
const chart = ['flowchart TD', '  A[Submit application] --> B(Check  documents)', '  B -->|ok| C{Approve}', '  %% comment', '  C --> D'].join('\n');

test('mermaid: labelled nodes are steps; bare ids label themselves; links give predecessors', () => {
  const steps = p.steps(chart);
  assert.deepEqual(steps.map((s) => s.label), ['Submit application', 'Check  documents', 'Approve']);
  assert.deepEqual(steps[2].before, ['Submit application', 'Check  documents']);
  const l = chart.split('\n')[1];
  assert.equal(l.slice(steps[1].start, steps[1].end), 'Check  documents');
  assert.deepEqual(p.steps('sequenceDiagram\n A->>B: hi'), []);
});

test('mermaid: typing inside an auto-closed bracket', () => {
  const text = 'graph LR\n  A[Submit] --> B[Ch]';
  const ins = p.insertionAt(text, 1, 20);
  assert.deepEqual(ins, { before: ['Submit'], line: 1, start: 18, typed: 'Ch', lead: '', trail: '' });
  const open = p.insertionAt('graph LR\n  A[Submit] --> B[', 1, 18);
  assert.equal(open?.trail, ']');
});

test('mermaid: after a dangling link and on a new line a fresh node is proposed', () => {
  const dangling = p.insertionAt('graph LR\n  A[Submit] --> B[Check] -->', 1, 30);
  assert.deepEqual(dangling?.before, ['Submit', 'Check']);
  assert.equal(dangling?.lead, ' C[');
  assert.equal(dangling?.trail, ']');
  const fresh = p.insertionAt(chart + '\n', 5, 0);
  assert.deepEqual(fresh?.before, ['Submit application', 'Check  documents', 'Approve', 'D']);
  assert.equal(fresh?.lead, '  D --> E[');
});

test('mermaid: nothing outside a flowchart', () => {
  assert.equal(p.insertionAt('A[x]\n', 1, 0), undefined);
});
