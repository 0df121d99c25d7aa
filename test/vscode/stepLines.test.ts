// Predict Next Steps writes the chosen steps after the selection as the spec's own step lines
// (stepLinesAfter in src/vscode/stepAdvice.ts); formats without such lines fall back to the clipboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parserFor } from '../../src/core/spec';
import { stepLinesAfter } from '../../src/vscode/stepAdvice';

/** The steps the format's own parser reads back once the block is inserted after `afterLine`. */
function stepsAfterInsert(format: Parameters<typeof parserFor>[0], text: string, afterLine: number, labels: string[]): string[] {
  const block = stepLinesAfter(format, text, afterLine, labels);
  assert.ok(block !== undefined, `${format} takes steps after line ${afterLine}`);
  const lines = text.split('\n');
  lines[afterLine] += block;
  return parserFor(format).steps(lines.join('\n')).map((s) => s.label);
}

test('pspec: numbered steps continue the numbering, plain steps stay plain', () => {
  assert.equal(stepLinesAfter('pspec', '# loan\n1. Submit\n2. Check\n', 2, ['Verify', 'Decide']), '\n3. Verify\n4. Decide');
  assert.equal(stepLinesAfter('pspec', 'Submit\nCheck', 1, ['Verify']), '\nVerify');
  assert.deepEqual(stepsAfterInsert('pspec', 'Submit\nCheck\nArchive', 1, ['Verify', 'Decide']), ['Submit', 'Check', 'Verify', 'Decide', 'Archive']);
});

test('markdown and YAML: new items in the list style of the item before', () => {
  assert.equal(stepLinesAfter('markdown', '# Loan\n\n- Submit\n- Check\n\nMore text', 3, ['Verify', 'Decide']), '\n- Verify\n- Decide');
  assert.deepEqual(stepsAfterInsert('markdown', '# Loan\n\n1. Submit\n2. Check\n', 3, ['Verify']), ['Submit', 'Check', 'Verify']);
  assert.equal(stepLinesAfter('yaml', 'steps:\n  - Submit\n  - name: Check\n', 2, ['Verify']), '\n  - name: Verify');
  assert.deepEqual(stepsAfterInsert('yaml', 'steps:\n  - Submit\n  - Check\n', 2, ['Verify', 'Decide']), ['Submit', 'Check', 'Verify', 'Decide']);
});

test('mermaid continues the chain from its last node; BPMN XML and empty choices give nothing to insert', () => {
  assert.deepEqual(stepsAfterInsert('mermaid', 'flowchart LR\n  A[Submit] --> B(Check)', 1, ['Verify']), ['Submit', 'Check', 'Verify']);
  assert.equal(stepLinesAfter('bpmn', '<definitions><process id="p"><task id="a" name="Submit"/></process></definitions>', 0, ['Verify']), undefined);
  assert.equal(stepLinesAfter('pspec', 'Submit', 0, []), undefined);
});
