// Readers against the counts recorded in ../shared/data/*/SOURCE.txt (read-only fixtures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { readLog } from '../../src/core/log/read';
import { computeStats } from '../../src/core/data/stats';

const DATA = resolve(__dirname, '../../../shared/data');
const at = (p: string): string => resolve(DATA, p);

async function counts(file: string, opts = {}): Promise<{ cases: number; events: number; activities: number }> {
  const s = computeStats((await readLog(at(file), opts)).cases);
  return { cases: s.cases, events: s.events, activities: s.activities };
}

test('Helpdesk.xes.gz: 4,580 cases, 21,348 events, 14 activities', async () => {
  assert.deepEqual(await counts('helpdesk/Helpdesk.xes.gz'), { cases: 4580, events: 21348, activities: 14 });
});

test('helpdesk_tax.csv: 3,804 cases, 13,710 events, 9 activities', async () => {
  const log = await readLog(at('helpdesk/helpdesk_tax.csv'));
  assert.deepEqual(log.report.columns, { caseId: 'CaseID', activity: 'ActivityID', time: 'CompleteTimestamp' });
  const s = computeStats(log.cases);
  assert.deepEqual([s.cases, s.events, s.activities], [3804, 13710, 9]);
  assert.deepEqual([s.traceLength.min, s.traceLength.median, s.traceLength.max], [1, 3, 14]);
  assert.equal(s.timeSpan?.start, '2010-01-13T17:40:25.000Z');
  assert.equal(s.timeSpan?.end, '2012-11-06T01:41:28.000Z');
});

test('BPI_Challenge_2012.xes.gz: 13,087 cases, 262,200 events, 24 names, 36 name+lifecycle', async () => {
  // One read with name+lifecycle; stripping the "+transition" suffix gives the plain names.
  const log = await readLog(at('bpic2012/BPI_Challenge_2012.xes.gz'), { classifier: 'name+lifecycle' });
  const s = computeStats(log.cases);
  assert.deepEqual([s.cases, s.events, s.activities], [13087, 262200, 36]);
  const names = new Set(log.cases.flatMap((c) => c.events.map((e) => e.activity.slice(0, e.activity.lastIndexOf('+')))));
  assert.equal(names.size, 24);
});

test('running example: CSV and XES give identical cases', async () => {
  const csv = await readLog(at('running_example/running-example.csv'));
  const xes = await readLog(at('running_example/running-example.xes'));
  const shape = (cases: typeof csv.cases): unknown =>
    cases.map((c) => ({ id: c.id, events: c.events.map((e) => [e.activity, e.time, e.resource]) }));
  assert.equal(csv.cases.length, 6);
  assert.deepEqual(shape(csv.cases), shape(xes.cases));
});

test('OCEL 2.0 example flattens on each of its object types', async () => {
  const file = 'ocel2_example/ocel20_example.jsonocel';
  const first = await readLog(at(file));
  const types = first.report.objectTypes ?? [];
  assert.deepEqual(types, ['Invoice', 'Payment', 'Purchase Order', 'Purchase Requisition']);
  for (const objectType of types) {
    const log = await readLog(at(file), { objectType });
    assert.equal(log.report.objectType, objectType);
    assert.ok(log.cases.length > 0, `${objectType} has cases`);
    for (const c of log.cases) {
      for (let i = 1; i < c.events.length; i++) assert.ok(c.events[i - 1].time <= c.events[i].time, 'sorted by time');
    }
  }
  const pr = await readLog(at(file), { objectType: 'Purchase Requisition' });
  assert.deepEqual(pr.cases[0].events.slice(0, 2).map((e) => e.activity), ['Create Purchase Requisition', 'Approve Purchase Requisition']);
});

test('OCEL 2.0 XML streams and flattens to the same cases as the JSON form', async () => {
  const json = await readLog(at('ocel2_example/ocel20_example.jsonocel'), { objectType: 'Purchase Order' });
  const xml = await readLog(at('ocel2_example/ocel20_example.xmlocel'), { objectType: 'Purchase Order' });
  assert.equal(xml.report.format, 'ocel');
  assert.deepEqual(xml.report.objectTypes, json.report.objectTypes);
  const shape = (cases: typeof json.cases): unknown => cases.map((c) => [c.id, c.events.map((e) => e.activity)]);
  assert.ok(json.cases.length > 0);
  assert.deepEqual(shape(xml.cases), shape(json.cases));
});
