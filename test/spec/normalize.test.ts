import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityMatcher, labelKey, specFormatOf } from '../../src/core/spec';

test('labelKey ignores case, spacing, numbering and bullets', () => {
  const keys = ['Check documents', '  3.  check   DOCUMENTS ', '- Check documents', '(2) check_documents', '12 - Check Documents', '**Check documents**', 'Step 4: check documents'].map(labelKey);
  assert.equal(new Set(keys).size, 1, keys.join(' | '));
  assert.notEqual(labelKey('Check document'), keys[0]);
});

test('ActivityMatcher maps labels to the known activity and reports unknown ones', () => {
  const m = new ActivityMatcher(['Submit application', 'Check documents', 'Approve']);
  assert.equal(m.match('1. submit  Application'), 'Submit application');
  assert.equal(m.match('Reject'), undefined);
  assert.deepEqual(m.canonical(['approve', 'Reject']), { steps: ['Approve', 'Reject'], unknown: ['Reject'] });
  assert.deepEqual(m.startingWith('ch'), ['Check documents']);
});

test('specFormatOf recognises each spec file name and nothing else', () => {
  assert.equal(specFormatOf('/w/a.pspec'), 'pspec');
  assert.equal(specFormatOf('/w/Loan.Process.md'), 'markdown');
  assert.equal(specFormatOf('x.process.yml'), 'yaml');
  assert.equal(specFormatOf('x.process.yaml'), 'yaml');
  assert.equal(specFormatOf('m.bpmn'), 'bpmn');
  assert.equal(specFormatOf('m.mmd'), 'mermaid');
  assert.equal(specFormatOf('README.md'), undefined);
  assert.equal(specFormatOf('config.yaml'), undefined);
});
