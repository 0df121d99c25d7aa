import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserFor } from '../../src/core/spec';

const p = parserFor('markdown');
const doc = [
  '# Loan',
  'Some prose that is not a step.',
  '',
  '1. Submit application',
  '2.   **Check documents**',
  '   - [x] Assess risk',
  '```',
  '- not a step',
  '```',
  '',
  '## Orders',
  '* Receive order',
  '',
].join('\n');

test('markdown: list items are steps; code fences skipped; headings reset the process', () => {
  const steps = p.steps(doc);
  assert.deepEqual(steps.map((s) => s.label), ['Submit application', 'Check documents', 'Assess risk', 'Receive order']);
  assert.deepEqual(steps[2].before, ['Submit application', 'Check documents']);
  assert.deepEqual(steps[3].before, []);
  const l = doc.split('\n')[4];
  assert.equal(l.slice(steps[1].start, steps[1].end), 'Check documents');
});

test('markdown: a blank line after an item continues the list marker', () => {
  const ins = p.insertionAt(doc, 12, 0);
  assert.deepEqual(ins, { before: ['Receive order'], line: 12, start: 0, typed: '', lead: '* ', trail: '' });
  const numbered = '1. A\n2. B\n';
  assert.equal(p.insertionAt(numbered, 2, 0)?.lead, '3. ');
});

test('markdown: typing after a marker; prose and code are not completed', () => {
  const ins = p.insertionAt('- A\n-   Ch', 1, 6);
  assert.equal(ins?.typed, 'Ch');
  assert.equal(ins?.start, 4);
  assert.deepEqual(ins?.before, ['A']);
  assert.equal(p.insertionAt(doc, 1, 30), undefined);
  assert.equal(p.insertionAt('```\n- x', 1, 3), undefined);
  assert.equal(p.insertionAt('# Title\n', 1, 0), undefined);
});

test('markdown: a ```mermaid fence is read as a flowchart', () => {
  const text = ['# Loan', '', '```mermaid', 'flowchart TD', '  A[Submit] --> B[Check]', '  B -->', '```', '- not after the chart'].join('\n');
  const steps = p.steps(text);
  assert.deepEqual(steps.map((s) => [s.label, s.line]), [['Submit', 4], ['Check', 4], ['not after the chart', 7]]);
  assert.equal(text.split('\n')[4].slice(steps[1].start, steps[1].end), 'Check');
  const ins = p.insertionAt(text, 5, 8);
  assert.deepEqual(ins?.before, ['Submit', 'Check']);
  assert.equal(ins?.line, 5);
  assert.equal(ins?.lead, ' C[');
});
