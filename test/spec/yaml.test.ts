import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserFor } from '../../src/core/spec';

const p = parserFor('yaml');

test('yaml: string and map items under steps: at any depth', () => {
  const text = ['process: loan', 'steps:', '  - Submit', '  - "Check  docs"', '  - name: Approve', '    role: clerk', 'other:', '  - not a step', 'sub:', '  steps: [X, Y]'].join('\n');
  const steps = p.steps(text);
  assert.deepEqual(steps.map((s) => s.label), ['Submit', 'Check  docs', 'Approve', 'X', 'Y']);
  assert.deepEqual(steps[2].before, ['Submit', 'Check  docs']);
  assert.deepEqual(steps[4].before, ['X']);
  assert.equal(text.split('\n')[3].slice(steps[1].start, steps[1].end), 'Check  docs');
});

test('yaml: a half-typed item and a new line continue the list', () => {
  const text = 'steps:\n  - Submit\n  - Ch';
  const ins = p.insertionAt(text, 2, 6);
  assert.deepEqual(ins, { before: ['Submit'], line: 2, start: 4, typed: 'Ch', lead: '', trail: '' });
  const blank = 'steps:\n  - Submit\n  - Check\n';
  assert.deepEqual(p.insertionAt(blank, 3, 0), { before: ['Submit', 'Check'], line: 3, start: 0, typed: '', lead: '  - ', trail: '' });
  assert.equal(p.insertionAt('steps:\n- name: A\n', 2, 0)?.lead, '- name: ');
});

test('yaml: an empty steps: key and quoted typing', () => {
  assert.deepEqual(p.insertionAt('steps:\n', 1, 0)?.lead, '  - ');
  const q = p.insertionAt('steps:\n  - A\n  - "B', 2, 7);
  assert.equal(q?.typed, 'B');
  assert.equal(q?.trail, '"');
});

test('yaml: outside a steps list there is nothing to complete', () => {
  assert.equal(p.insertionAt('steps:\n  - A\nother: 1\n', 3, 0), undefined);
  assert.equal(p.insertionAt('name: x\n', 1, 0), undefined);
});
