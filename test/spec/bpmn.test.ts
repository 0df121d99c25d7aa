import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parserFor } from '../../src/core/spec';

const p = parserFor('bpmn');
const doc = `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="p">
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="t1" name="Submit  application" />
    <bpmn:exclusiveGateway id="g" />
    <bpmn:serviceTask id="t2"
        name="Check documents" />
    <bpmn:task id="t3" name="" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="g" />
    <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="t2" />
    <bpmn:sequenceFlow id="f4" sourceRef="t2" targetRef="t3" />
    <bpmn:sequenceFlow id="f5" sourceRef="t3" targetRef="t1" />
  </bpmn:process>
</bpmn:definitions>`;

test('bpmn: task names are steps, predecessors follow sequence flows through gateways', () => {
  const steps = p.steps(doc);
  assert.deepEqual(steps.map((s) => s.label), ['Submit  application', 'Check documents']);
  assert.deepEqual(steps[1].before, ['Submit  application']);
  const lines = doc.split('\n');
  assert.equal(lines[steps[1].line].slice(steps[1].start, steps[1].end), 'Check documents');
  // t1 is entered from the start and by the loop t3 → t1; the way in is the start.
  assert.deepEqual(steps[0].before, []);
  // A pure cycle has no start; the walk still ends.
  const cycle = '<definitions><process><task id="a" name="A"/><task id="b" name="B"/><sequenceFlow sourceRef="a" targetRef="b"/><sequenceFlow sourceRef="b" targetRef="a"/></process></definitions>';
  assert.deepEqual(p.steps(cycle).map((s) => s.before), [['B'], ['A']]);
});

test('bpmn: the cursor in an empty name attribute gets the chain before that task', () => {
  const lines = doc.split('\n');
  const line = lines.findIndex((l) => l.includes('id="t3"'));
  const ch = lines[line].indexOf('name="') + 6;
  const ins = p.insertionAt(doc, line, ch);
  assert.deepEqual(ins?.before, ['Submit  application', 'Check documents']);
  assert.equal(ins?.typed, '');
  assert.equal(p.insertionAt(doc, line, 5), undefined);
});

test('bpmn: a half-typed, unterminated document still yields context', () => {
  const partial = doc.replace('<bpmn:task id="t3" name="" />', '<bpmn:task id="t3" name="Ap');
  const lines = partial.split('\n');
  const line = lines.findIndex((l) => l.includes('id="t3"'));
  const ins = p.insertionAt(partial, line, lines[line].length);
  assert.equal(ins?.typed, 'Ap');
  assert.ok(ins?.before.includes('Submit  application'));
});

test('bpmn: the shared running example reads its tasks and flows', { skip: !existsSync(resolve('../shared/data/process_specs/running-example.bpmn')) }, () => {
  const text = readFileSync(resolve('../shared/data/process_specs/running-example.bpmn'), 'utf8');
  const steps = p.steps(text);
  assert.ok(steps.some((s) => s.label === 'decide'));
  const decide = steps.find((s) => s.label === 'decide')!;
  assert.ok(!decide.before.includes('reinitiate request'), decide.before.join(' > '));
  assert.equal(decide.before[0], 'register request');
});
