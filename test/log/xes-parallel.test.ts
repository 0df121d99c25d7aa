// The parallel XES reader must give exactly what the serial one gives, and on any problem give
// up so that the serial reader's result or error is what the caller sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CaseBuilder } from '../../src/core/log/cases';
import { readLog } from '../../src/core/log/read';
import { LogError, type ReadOptions } from '../../src/core/log/types';
import { readXesParallel, type XesParallelTuning } from '../../src/core/log/xesParallel';

const DATA = resolve(__dirname, '../../../shared/data');
const FEATURES = resolve(__dirname, '../fixtures/log/features.xes');
/** Tiny ranges and no size floor, so even a small file is cut into many ranges. */
const TINY = { workers: 2, rangeBytes: 64, minBytes: 0 };

/** The parallel result (asserting it did not give up) and the serial one, as readLog returns them. */
async function both(file: string, opts: ReadOptions, tuning: XesParallelTuning = TINY) {
  const builder = new CaseBuilder();
  const report = await readXesParallel(file, Infinity, opts, builder, tuning);
  assert.ok(report, 'the parallel reader gave up');
  const { cases, warnings } = builder.finish();
  const parallel = { cases, warnings: [...report.warnings, ...warnings], classifiers: report.classifiers };
  const s = await readLog(file, { ...opts, xesParallel: false });
  const serial = { cases: s.cases, warnings: s.report.warnings, classifiers: s.report.classifiers };
  return { parallel, serial };
}

function tempDir(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-xesp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ev = (name: string, extra = ''): string => `<event><string key="concept:name" value="${name}"/>${extra}</event>`;

test('parallel XES = serial on the features fixture: globals, classifiers, nested attributes, lifecycle filter', async () => {
  for (const opts of [{}, { classifier: 'name+lifecycle' }, { lifecycleFilter: ['complete'] }, { lifecycleFilter: ['start'], classifier: 'name+lifecycle' }] as ReadOptions[]) {
    const { parallel, serial } = await both(FEATURES, opts);
    assert.deepEqual(parallel, serial, JSON.stringify(opts));
  }
});

test('parallel XES = serial: events before their trace id, events outside traces, a trace without id, gzip', async (t) => {
  const dir = tempDir(t);
  const lc = (v: string): string => `<string key="lifecycle:transition" value="${v}"/>`;
  const traces = Array.from({ length: 40 }, (_, i) =>
    i % 7 === 3
      ? `<trace>${ev('no-id')}</trace>`
      : `<trace>\n ${ev('a', lc('start'))}${ev(`b${i % 3}`)}<string key="concept:name" value="T${i}"/>${ev('c', lc('complete'))}<date key="time:timestamp" value="2024-01-0${1 + (i % 9)}T10:00:00Z"/></trace>${i % 5 === 0 ? ev('stray') : ''}`,
  ).join('\n');
  const xml = `<?xml version="1.0"?>\n<log><global scope="event"><string key="org:resource" value="R"/></global>\n${traces}\n</log>\n`;
  const file = join(dir, 'mixed.xes.gz');
  writeFileSync(file, gzipSync(xml));
  for (const opts of [{}, { lifecycleFilter: ['complete'] }, { classifier: 'name+lifecycle' }] as ReadOptions[]) {
    const { parallel, serial } = await both(file, opts);
    assert.deepEqual(parallel, serial, JSON.stringify(opts));
  }
});

test('parallel XES = serial on Helpdesk.xes.gz', async () => {
  const { parallel, serial } = await both(resolve(DATA, 'helpdesk/Helpdesk.xes.gz'), {}, { workers: 2, rangeBytes: 256 << 10, minBytes: 0 });
  assert.equal(parallel.cases.length, 4580);
  assert.deepEqual(parallel, serial);
});

test('parallel XES = serial on BPI_Challenge_2012.xes.gz under name+lifecycle (default range size)', async () => {
  const { parallel, serial } = await both(resolve(DATA, 'bpic2012/BPI_Challenge_2012.xes.gz'), { classifier: 'name+lifecycle' }, { workers: 2 });
  assert.equal(parallel.cases.length, 13087);
  assert.deepEqual(parallel, serial);
});

/** readLog forced through the parallel path and serially must fail with the very same error. */
async function sameError(file: string): Promise<LogError> {
  const err = async (opts: ReadOptions): Promise<LogError> => {
    try {
      await readLog(file, opts);
    } catch (e) {
      assert.ok(e instanceof LogError, String(e));
      return e;
    }
    assert.fail(`no error reading ${file}`);
  };
  const serial = await err({ xesParallel: false });
  const parallel = await err({ xesParallel: TINY });
  assert.equal(parallel.message, serial.message);
  assert.deepEqual([parallel.line, parallel.column], [serial.line, serial.column]);
  return parallel;
}

test('parallel XES gives up for the serial reader: malformed XML, a bad date, both reported at their line', async (t) => {
  const dir = tempDir(t);
  const body = Array.from({ length: 30 }, (_, i) => `<trace><string key="concept:name" value="T${i}"/>${ev('a')}</trace>`);
  const broken = join(dir, 'broken.xes');
  writeFileSync(broken, `<log>\n${[...body.slice(0, 20), '<trace><event></trace>', ...body.slice(20)].join('\n')}\n</log>`);
  assert.equal((await sameError(broken)).line, 22);
  const badDate = join(dir, 'date.xes');
  writeFileSync(badDate, `<log>\n${[...body.slice(0, 20), `<trace><string key="concept:name" value="X"/>${ev('a', '<date key="time:timestamp" value="yesterday"/>')}</trace>`, ...body].join('\n')}\n</log>`);
  assert.match((await sameError(badDate)).message, /date\.xes:22: cannot read the date "yesterday"/);
});

test('parallel XES: a filtered-out event with a bad date is no error (as serially); a <trace inside a comment still reads right', async (t) => {
  const dir = tempDir(t);
  const body = Array.from({ length: 30 }, (_, i) => `<trace><string key="concept:name" value="T${i}"/>${ev('a')}</trace>`);
  const file = join(dir, 'filtered.xes');
  const bad = `<trace><string key="concept:name" value="X"/>${ev('a', '<string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="never"/>')}</trace>`;
  writeFileSync(file, `<log>\n${[...body.slice(0, 10), bad, ...body.slice(10)].join('\n')}\n</log>`);
  const { parallel, serial } = await both(file, { lifecycleFilter: ['complete'] });
  assert.deepEqual(parallel, serial);
  // A cut inside the comment makes a broken fragment; the reader then falls back to serial.
  const commented = join(dir, 'comment.xes');
  writeFileSync(commented, `<log>\n${body.slice(0, 10).join('\n')}\n<!-- an old copy: <trace ${'x'.repeat(200)} -->\n${body.slice(10).join('\n')}\n</log>`);
  const viaParallel = await readLog(commented, { xesParallel: TINY });
  const viaSerial = await readLog(commented, { xesParallel: false });
  assert.equal(viaParallel.cases.length, 30);
  assert.deepEqual(viaParallel, viaSerial);
});

test('parallel XES: a Latin-1 file is read serially, with the encoding warning', async (t) => {
  const dir = tempDir(t);
  const body = Array.from({ length: 30 }, (_, i) => `<trace><string key="concept:name" value="T${i}"/>${ev(i === 25 ? 'Caf\u00e9' : 'a')}</trace>`).join('\n');
  const file = join(dir, 'latin1.xes');
  writeFileSync(file, Buffer.from(`<log>\n${body}\n</log>`, 'latin1'));
  const log = await readLog(file, { xesParallel: TINY });
  assert.deepEqual(log, await readLog(file, { xesParallel: false }));
  assert.ok(log.report.warnings.some((w) => /not UTF-8/.test(w)));
  assert.equal(log.cases[25].events[0].activity, 'Caf\u00e9');
  assert.ok(readFileSync(file).includes(0xe9));
});

test('parallel XES: a worker script that does not load means a serial read, not an error', async () => {
  const log = await readLog(FEATURES, { xesParallel: { ...TINY, script: join(tmpdir(), 'no-such-xes-worker.js') } });
  assert.deepEqual(log, await readLog(FEATURES, { xesParallel: false }));
});

test('parallel XES: an abort stops the read with the signal reason', async () => {
  const ac = new AbortController();
  const reading = readLog(resolve(DATA, 'bpic2012/BPI_Challenge_2012.xes.gz'), { signal: ac.signal, xesParallel: { workers: 2, minBytes: 0 } });
  setTimeout(() => ac.abort(new Error('stop reading')), 50);
  await assert.rejects(reading, /stop reading/);
});
