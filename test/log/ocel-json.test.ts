// OCEL JSON is streamed (src/core/log/ocel.ts): keys in any order, OCEL 1.0 and 2.0, a BOM,
// gzip, and a file far larger than one read chunk give the same cases as the data they hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLog } from '../../src/core/log/read';

const dir = mkdtempSync(join(tmpdir(), 'pa-ocel-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const ACTS = ['Create', 'Pick', 'Pack', 'Ship'];
const time = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();

/** `orders` orders of four events each (plus one item per order), every event related to both. */
function ocel2(orders: number): { objects: unknown[]; events: unknown[] } {
  const objects: unknown[] = [];
  const events: unknown[] = [];
  for (let o = 0; o < orders; o++) {
    objects.push({ id: `o${o}`, type: 'Order', attributes: [{ name: 'note', time: time(0), value: 'x'.repeat(40) }] }, { id: `i${o}`, type: 'Item', attributes: [] });
    for (let k = 0; k < ACTS.length; k++) {
      events.push({ id: `e${o}-${k}`, type: ACTS[k], time: time(o * 10 + k), attributes: [], relationships: [{ objectId: `o${o}`, qualifier: 'order' }, { objectId: `i${o}`, qualifier: 'item' }] });
    }
  }
  return { objects, events };
}

const shape = (log: Awaited<ReturnType<typeof readLog>>): unknown => log.cases.map((c) => [c.id, c.events.map((e) => [e.activity, e.time])]);

test('OCEL 2.0 JSON: events before objects, pretty-printed, BOM-prefixed and gzipped all read alike', async () => {
  const { objects, events } = ocel2(3);
  const usual = await readLog(write('usual.jsonocel', JSON.stringify({ objectTypes: [], eventTypes: [], objects, events })), { objectType: 'Order' });
  assert.equal(usual.cases.length, 3);
  assert.deepEqual(usual.cases[1].events.map((e) => e.activity), ACTS);
  assert.equal(usual.cases[1].events[0].time, Date.UTC(2024, 0, 1) + 10 * 60_000);
  const variants = {
    'reversed.jsonocel': JSON.stringify({ events, objects }),
    'pretty.jsonocel': JSON.stringify({ objects, events }, null, 2),
    'bom.jsonocel': '\uFEFF' + JSON.stringify({ objects, events }),
    'zipped.jsonocel.gz': gzipSync(JSON.stringify({ objects, events })),
  };
  for (const [name, content] of Object.entries(variants)) {
    const log = await readLog(write(name, content), { objectType: 'Order', format: 'ocel' });
    assert.deepEqual(shape(log), shape(usual), name);
  }
});

test('OCEL 1.0 JSON (objects and events keyed by id) flattens like its OCEL 2.0 twin', async () => {
  const ocel1 = {
    'ocel:global-log': { 'ocel:version': '1.0' },
    'ocel:events': {
      e1: { 'ocel:activity': 'Create', 'ocel:timestamp': time(0), 'ocel:omap': ['o1', 'i1'], 'ocel:vmap': {} },
      e2: { 'ocel:activity': 'Ship', 'ocel:timestamp': time(5), 'ocel:omap': ['o1'], 'ocel:vmap': {} },
    },
    'ocel:objects': { o1: { 'ocel:type': 'Order', 'ocel:ovmap': {} }, i1: { 'ocel:type': 'Item', 'ocel:ovmap': {} } },
  };
  const log = await readLog(write('v1.jsonocel', JSON.stringify(ocel1)));
  assert.deepEqual(log.report.objectTypes, ['Item', 'Order']);
  assert.equal(log.report.objectType, 'Order');
  assert.deepEqual(shape(log), [['o1', [['Create', Date.parse(time(0))], ['Ship', Date.parse(time(5))]]]]);
});

test('a list of the wrong shape is not OCEL', async () => {
  // OCEL 2.0 keys holding id-keyed objects (the OCEL 1.0 shape) are neither version.
  const file = write('mixed.jsonocel', JSON.stringify({ objects: { o1: { id: 'o1', type: 'Order' } }, events: { e1: { type: 'Create', relationships: [{ objectId: 'o1' }] } } }));
  await assert.rejects(readLog(file), /not OCEL/);
});

test('an OCEL JSON of many read chunks streams to the same cases as JSON.parse gives', async () => {
  // ~3 MB: about 25 of the reader's 128 KiB chunks, so values straddle chunk ends.
  const doc = ocel2(6000);
  const text = JSON.stringify(doc, null, 1);
  assert.ok(text.length > 2_500_000, `fixture is ${text.length} bytes`);
  const log = await readLog(write('big.jsonocel', text), { objectType: 'Order' });
  assert.equal(log.cases.length, 6000);
  let n = 0;
  for (const c of log.cases) {
    assert.deepEqual(c.events.map((e) => e.activity), ACTS);
    n += c.events.length;
  }
  assert.equal(n, 24_000);
  assert.equal(log.cases[5999].id, 'o5999');
  assert.equal(log.cases[5999].events[3].time, Date.parse(time(59_993)));
});

test('an OCEL JSON without events says so instead of failing later', async () => {
  const file = write('empty-events.jsonocel', JSON.stringify({ objectTypes: [{ name: 'Order' }], objects: [{ id: 'o1', type: 'Order' }], events: [] }));
  await assert.rejects(readLog(file), /holds no objects or no events/);
});
