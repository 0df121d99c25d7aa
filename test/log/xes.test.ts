import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { readLog } from '../../src/core/log/read';

const FILE = resolve(__dirname, '../fixtures/log/features.xes');
const acts = (c: { events: { activity: string }[] }): string[] => c.events.map((e) => e.activity);

test('XES: trace concept:name is the case id, events sort by time, labels are normalised', async () => {
  const log = await readLog(FILE);
  assert.equal(log.report.format, 'xes');
  assert.deepEqual(log.cases.map((c) => c.id), ['case-1', 'case-2']);
  // 10:00+01:00 = 09:00Z, then "Check" at 09:15Z, then 10:30+01:00 = 09:30Z.
  assert.deepEqual(acts(log.cases[0]), ['Register request', 'Check', 'Register request']);
  assert.equal(log.cases[0].events[0].time, Date.parse('2024-01-01T09:00:00Z'));
  assert.equal(log.cases[0].events[0].resource, 'Pete');
});

test('XES: <global> event defaults fill missing attributes; nested attributes are ignored', async () => {
  const log = await readLog(FILE);
  assert.deepEqual(acts(log.cases[1]), ['unnamed']);
  assert.equal(log.cases[0].events[2].lifecycle, 'complete', 'lifecycle default from <global>');
  assert.ok(!log.cases.some((c) => acts(c).includes('NOT AN ACTIVITY')));
});

test('XES: a trace without concept:name is dropped and counted', async () => {
  const log = await readLog(FILE);
  assert.ok(log.report.warnings.includes('dropped 1 event with no case id'));
});

test('XES: the name+lifecycle classifier and a lifecycle filter', async () => {
  const both = await readLog(FILE, { classifier: 'name+lifecycle' });
  assert.deepEqual(acts(both.cases[0]), ['Register request+start', 'Check+complete', 'Register request+complete']);
  const complete = await readLog(FILE, { lifecycleFilter: ['COMPLETE'] });
  assert.deepEqual(acts(complete.cases[0]), ['Check', 'Register request']);
  assert.ok(complete.report.warnings.some((w) => /lifecycle filter \[complete\] removed 1 event$/.test(w)));
});

test('XES: declared classifiers are reported, quoted keys included', async () => {
  const log = await readLog(FILE);
  assert.deepEqual(log.report.classifiers, [
    { name: 'Activity', keys: ['concept:name', 'lifecycle:transition'] },
    { name: 'Quoted', keys: ['my key', 'org:resource'] },
  ]);
});

test('XES: events before their trace concept:name still join that case, in file order', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'pa-xes-'));
  try {
    const ev = (n: string): string => `<event><string key="concept:name" value="${n}"/></event>`;
    const file = join(dir, 'late.xes');
    writeFileSync(file, `<log><trace>${ev('a')}${ev('b')}<string key="concept:name" value="T"/>${ev('c')}</trace></log>`);
    const log = await readLog(file);
    assert.deepEqual(log.cases.map((c) => [c.id, acts(c)]), [['T', ['a', 'b', 'c']]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
