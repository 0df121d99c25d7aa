import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMapMemory, parseMapMessage, parseWebviewMessage } from '../../src/vscode/webviewGuard';

test('guard: known messages pass through unchanged', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'train' },
    { type: 'stop' },
    { type: 'evaluate' },
    { type: 'refreshLogs' },
    { type: 'setSetting', key: 'epochs', value: 12 },
    { type: 'setSetting', key: 'learningRate', value: 0.001 },
    { type: 'setSetting', key: 'batchSize', value: 64 },
    { type: 'setSetting', key: 'preset', value: 'tiny' },
    { type: 'setSetting', key: 'device', value: 'cuda' },
    { type: 'openLog', path: 'logs/loan.csv' },
    { type: 'showMap', path: 'logs/loan.csv' },
  ]) {
    assert.deepEqual(parseWebviewMessage(m), m);
  }
});

test('guard: anything else is dropped, never thrown', () => {
  const bad: unknown[] = [
    null,
    undefined,
    42,
    'ready',
    [],
    { type: 'rm -rf' },
    { type: 'ready', extra: 1 },
    { type: 'setSetting', key: 'epochs', value: 0 },
    { type: 'setSetting', key: 'epochs', value: 2.5 },
    { type: 'setSetting', key: 'epochs', value: '12' },
    { type: 'setSetting', key: 'learningRate', value: Number.NaN },
    { type: 'setSetting', key: 'learningRate', value: -1 },
    { type: 'setSetting', key: 'device', value: 'tpu' },
    { type: 'setSetting', key: 'preset', value: '../../etc' },
    { type: 'setSetting', key: '__proto__', value: 1 },
    { type: 'setSetting', key: 'toString', value: 1 },
    { type: 'openLog', path: '' },
    { type: 'openLog', path: 'a\0b' },
    { type: 'openLog', path: 7 },
    Object.create({ type: 'ready' }),
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('map guard: known Process Map messages pass through unchanged', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'setAbstraction', seq: 3, activities: 0.5, paths: 1 },
    { type: 'setAbstraction', seq: 0, activities: 0, paths: 0 },
    { type: 'setMode', mode: 'performance' },
    { type: 'filterVariant', index: 2 },
    { type: 'filterVariant', index: null },
    { type: 'openCandidateAsSpec', index: 0 },
    { type: 'exportCandidateBpmn', index: 4 },
    { type: 'chooseLog', path: 'loan-sample.csv' },
  ]) {
    assert.deepEqual(parseMapMessage(m), m);
  }
});

test('map guard: anything else is dropped, never thrown', () => {
  const bad: unknown[] = [
    null, 7, [], { type: 'train' }, { type: 'ready', x: 1 },
    { type: 'setAbstraction', seq: 1, activities: 1.5, paths: 1 },
    { type: 'setAbstraction', seq: 1, activities: Number.NaN, paths: 1 },
    { type: 'setAbstraction', seq: -1, activities: 1, paths: 1 },
    { type: 'setAbstraction', seq: 1, activities: '1', paths: 1 },
    { type: 'setAbstraction', seq: 1, activities: 1 },
    { type: 'setMode', mode: 'heat' },
    { type: 'filterVariant', index: 1.5 },
    { type: 'filterVariant' },
    { type: 'openCandidateAsSpec', index: -1 },
    { type: 'exportCandidateBpmn', index: '0' },
    { type: 'chooseLog', path: '' },
    { type: 'chooseLog', path: 'a\0b' },
  ];
  for (const m of bad) assert.equal(parseMapMessage(m), undefined, JSON.stringify(m));
  // A dashboard message is not a map message, and the other way round.
  assert.equal(parseWebviewMessage({ type: 'setMode', mode: 'frequency' }), undefined);
});

test('guard: the Process Map memory a reload hands back keeps only well-formed fields', () => {
  const good = { log: 'logs/loan.csv', abstraction: { activities: 0.5, paths: 0.25 }, mode: 'performance', variant: 2, selectedSteps: ['A', 'B'] };
  assert.deepEqual(parseMapMemory(good), good);
  assert.deepEqual(parseMapMemory({ abstraction: { activities: 1, paths: 0 }, mode: 'frequency' }), { abstraction: { activities: 1, paths: 0 }, mode: 'frequency' });
  // Bad optional fields are dropped; bad required ones drop the memory.
  assert.deepEqual(parseMapMemory({ ...good, log: '', variant: -1, selectedSteps: [1] }), { abstraction: good.abstraction, mode: 'performance' });
  for (const bad of [undefined, null, 'x', [], { ...good, mode: 'x' }, { ...good, abstraction: { activities: 2, paths: 0 } }, { ...good, abstraction: null }]) {
    assert.equal(parseMapMemory(bad), undefined, JSON.stringify(bad));
  }
});
