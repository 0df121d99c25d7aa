import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserFor } from '../../src/core/spec';

const p = parserFor('pspec');

test('pspec: numbering, bullets, comments and chains become steps in order', () => {
  const text = ['# loan process', '1. Submit application', '  2)   Check  documents  # slow', '- Assess risk -> Approve → Notify', '', '* Close'].join('\n');
  const steps = p.steps(text);
  assert.deepEqual(steps.map((s) => s.label), ['Submit application', 'Check  documents', 'Assess risk', 'Approve', 'Notify', 'Close']);
  assert.deepEqual(steps[3].before, ['Submit application', 'Check  documents', 'Assess risk']);
  const line = text.split('\n')[2];
  assert.equal(line.slice(steps[1].start, steps[1].end), 'Check  documents');
  const chain = text.split('\n')[3];
  assert.equal(chain.slice(steps[4].start, steps[4].end), 'Notify');
});

test('pspec: insertion on a new line continues the numbering', () => {
  const text = '1. Submit\n2. Check\n';
  const ins = p.insertionAt(text, 2, 0);
  assert.deepEqual(ins, { before: ['Submit', 'Check'], line: 2, start: 0, typed: '', lead: '3. ', trail: '' });
});

test('pspec: a partly typed step after a marker is what was typed', () => {
  const ins = p.insertionAt('Submit\n  3.  Che', 1, 9);
  assert.equal(ins?.typed, 'Che');
  assert.equal(ins?.start, 6);
  assert.deepEqual(ins?.before, ['Submit']);
  assert.equal(ins?.lead, '');
});

test('pspec: inside a chain the earlier links are context, and a bare arrow gets a space', () => {
  const ins = p.insertionAt('A\nB -> C ->', 1, 9);
  assert.deepEqual(ins?.before, ['A', 'B', 'C']);
  assert.equal(ins?.lead, ' ');
  assert.equal(ins?.typed, '');
});

test('pspec: no insertion inside a comment or in the middle of a line', () => {
  assert.equal(p.insertionAt('A # note', 0, 8), undefined);
  assert.equal(p.insertionAt('Check docs', 0, 3), undefined);
  assert.equal(p.insertionAt('A', 5, 0), undefined);
});

test('pspec: an empty file asks for the first step with no lead', () => {
  assert.deepEqual(p.insertionAt('', 0, 0), { before: [], line: 0, start: 0, typed: '', lead: '', trail: '' });
});
