import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/vscode/webviewGuard';

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
