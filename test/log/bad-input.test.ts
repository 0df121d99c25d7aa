// Every kind of bad input from issue 2 gets a clear LogError naming file and line; none
// crashes, hangs or exhausts memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readLog } from '../../src/core/log/read';
import { LogError } from '../../src/core/log/types';
import { MAX_RECORD_CHARS } from '../../src/core/log/csv';

const dir = mkdtempSync(join(tmpdir(), 'pa-bad-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function logError(file: string, opts = {}): Promise<LogError> {
  try {
    await readLog(file, opts);
  } catch (err) {
    assert.ok(err instanceof LogError, `expected a LogError, got ${String(err)}`);
    assert.equal(err.file, file);
    assert.ok(err.message.startsWith(file), 'the message names the file');
    assert.ok(err.hint.length > 0, 'the error says what to do');
    return err;
  }
  assert.fail(`reading ${file} should have failed`);
}

const XES_EVENT = (name: string, time = '2024-01-01T10:00:00.000+00:00'): string =>
  `<event><string key="concept:name" value="${name}"/><date key="time:timestamp" value="${time}"/></event>`;
const XES = `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n<trace><string key="concept:name" value="c1"/>${XES_EVENT('a')}${XES_EVENT('b')}</trace>\n</log>\n`;

test('an empty file is refused as empty, whatever its extension', async () => {
  for (const name of ['empty.csv', 'empty.xes', 'empty.jsonocel']) {
    const err = await logError(write(name, ''));
    assert.match(err.problem, /empty/);
  }
});

test('a binary file is refused as binary', async () => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
  const err = await logError(write('image.csv', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), bytes])));
  assert.match(err.problem, /binary/);
  assert.equal(err.line, 1);
});

test('a truncated gzip says it is truncated', async () => {
  // Enough events that the cut falls well after the first 64 KiB the sniffer reads.
  const body = `<log><trace><string key="concept:name" value="c1"/>${Array.from({ length: 20000 }, (_, i) => XES_EVENT(`step ${i % 97}`)).join('\n')}</trace></log>`;
  const gz = gzipSync(body);
  const err = await logError(write('cut.xes.gz', gz.subarray(0, Math.floor(gz.length / 2))));
  assert.match(err.problem, /gzip.*(truncated|ends early)/);
});

test('a gzip cut inside its first block is still a clear error', async () => {
  const err = await logError(write('tiny.xes.gz', gzipSync(XES).subarray(0, 12)));
  assert.match(err.problem, /gzip/);
});

test('broken XML names line and column', async () => {
  const file = write('broken.xes', '<log>\n<trace>\n<event><string key="concept:name" value="a"/></trace>\n</log>\n');
  const err = await logError(file);
  assert.match(err.problem, /not well-formed/);
  assert.equal(err.line, 3);
  assert.ok(err.column !== undefined && err.column > 0);
});

test('XML that is not XES names its root; a BPMN model is sent to the editor features', async () => {
  const bpmn = await logError(write('model.xes', '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"/></bpmn:definitions>\n'));
  assert.match(bpmn.problem, /no <log> element.*its root is <definitions>/);
  assert.match(bpmn.hint, /BPMN model/);
  const other = await logError(write('other.xes', '<catalog><item/></catalog>'));
  assert.match(other.problem, /its root is <catalog>/);
  assert.match(other.hint, /\.xmlocel/);
});

test('XML cut off in the middle is an error, not a silently short log', async () => {
  const err = await logError(write('cutoff.xes', XES.slice(0, XES.indexOf('</trace>'))));
  assert.match(err.problem, /not well-formed/);
});

test('a DOCTYPE with entities (billion laughs) is refused without expanding anything', async () => {
  const lol = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE log [',
    '  <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
    ']>',
    '<log><trace><string key="concept:name" value="&lol9;"/></trace></log>',
  ].join('\n');
  const before = process.memoryUsage().heapUsed;
  const err = await logError(write('lol.xes', lol));
  assert.match(err.problem, /entit/i);
  assert.match(err.hint, /DOCTYPE/);
  assert.ok(process.memoryUsage().heapUsed - before < 50 * 1024 * 1024, 'no entity was expanded');
});

test('an entity reference without any DOCTYPE is an error, not an expansion', async () => {
  const err = await logError(write('undef.xes', '<log><trace><string key="concept:name" value="&ext;"/></trace></log>'));
  assert.match(err.problem, /not well-formed/);
});

test('CSV with no recognisable columns lists the header and names the options', async () => {
  const err = await logError(write('cols.csv', 'foo,bar,baz\n1,2,3\n'));
  assert.match(err.problem, /no case id and activity column/);
  assert.match(err.problem, /"foo", "bar", "baz"/);
  assert.match(err.hint, /--case-col/);
  assert.equal(err.line, 1);
});

test('an unparseable timestamp names its value, column and line', async () => {
  const err = await logError(write('time.csv', 'case,activity,timestamp\n1,a,2024-01-01 10:00:00\n1,b,yesterday at noon\n'));
  assert.match(err.problem, /"yesterday at noon" in column "timestamp"/);
  assert.equal(err.line, 3);
});

test('a single 100 MB line stops at the record cap without reading it all into memory', async () => {
  const file = join(dir, 'long.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'case,activity\n1,');
  const block = Buffer.alloc(1 << 20, 'x');
  for (let i = 0; i < 100; i++) writeSync(fd, block);
  writeSync(fd, '\n');
  closeSync(fd);
  const before = process.memoryUsage().rss;
  const err = await logError(file);
  assert.match(err.problem, new RegExp(`longer than ${MAX_RECORD_CHARS}`));
  assert.equal(err.line, 2);
  assert.ok(process.memoryUsage().rss - before < 80 * 1024 * 1024, 'memory stays bounded');
});

test('duplicate headers: an error when a used column is ambiguous, a warning otherwise', async () => {
  const err = await logError(write('dup.csv', 'case,activity,activity,time\n1,a,b,2024-01-01\n'));
  assert.match(err.problem, /"activity" 2 times \(columns 2, 3\)/);
  const ok = await readLog(write('dup2.csv', 'case,activity,note,note\n1,a,x,y\n'));
  assert.equal(ok.cases[0].events[0].activity, 'a');
  assert.ok(ok.report.warnings.some((w) => /"note" 2 times/.test(w)));
});

test('a Latin-1 file is read as Latin-1 with a warning', async () => {
  const bytes = Buffer.from('case,activity\n1,Prüfung\n1,Genehmigt\n', 'latin1');
  const log = await readLog(write('latin1.csv', bytes));
  assert.equal(log.cases[0].events[0].activity, 'Prüfung');
  assert.ok(log.report.warnings.some((w) => /not UTF-8 \(first non-UTF-8 byte at line 2\)/.test(w)));
});

test('mixed encodings (UTF-8, then Latin-1) are an error naming the line', async () => {
  const bytes = Buffer.concat([Buffer.from('case,activity\n1,Prüfung\n1,ok\n', 'utf8'), Buffer.from('1,Genehmigung für\n', 'latin1')]);
  const err = await logError(write('mixed.csv', bytes));
  assert.match(err.problem, /mixes text encodings/);
  assert.equal(err.line, 4);
});

test('encoding problems past the first chunk read (gzip) still name their line', async () => {
  // ~1.6 MB of ASCII rows, so the bad byte lies in a later chunk than the first (chunks are 128 KiB).
  const rows = Array.from({ length: 60_000 }, (_, i) => `${i},activity number ${i % 7}\n`).join('');
  const latin1 = Buffer.concat([Buffer.from('case,activity\n' + rows), Buffer.from('1,Prüfung\n', 'latin1')]);
  const log = await readLog(write('late-latin1.csv.gz', gzipSync(latin1)), { format: 'csv' });
  assert.ok(log.report.warnings.some((w) => /first non-UTF-8 byte at line 60002\)/.test(w)), log.report.warnings.join('; '));
  const mixed = Buffer.concat([Buffer.from('case,activity\n1,Prüfung\n' + rows), Buffer.from('1,für\n', 'latin1')]);
  const err = await logError(write('late-mixed.csv.gz', gzipSync(mixed)), { format: 'csv' });
  assert.match(err.problem, /mixes text encodings/);
  assert.equal(err.line, 60003);
});

test('OCEL: truncated or invalid JSON (with its line), a non-OCEL object and an unknown object type', async () => {
  const truncated = await logError(write('cut.jsonocel', '{"objects": [1,\n 2'));
  assert.match(truncated.problem, /ends before the document is complete/);
  assert.equal(truncated.line, 2);
  const invalid = await logError(write('bad.jsonocel', '{"objects": [],\n "events": [\n  {"id": tru}]}'));
  assert.match(invalid.problem, /JSON is not valid/);
  assert.equal(invalid.line, 3);
  const trailing = await logError(write('two.jsonocel', '{"objects": []}\n{"events": []}'));
  assert.equal(trailing.line, 2);
  assert.match((await logError(write('other.json', '{"hello": 1}'))).problem, /not OCEL/);
  const ocel = JSON.stringify({ objects: [{ id: 'o1', type: 'Order' }], events: [{ id: 'e1', type: 'Create', time: '2024-01-01T00:00:00Z', relationships: [{ objectId: 'o1' }] }] });
  const err = await logError(write('x.jsonocel', ocel), { objectType: 'Item' });
  assert.match(err.hint, /Order/);
});

test('a missing file and a folder are clear errors', async () => {
  assert.match((await logError(join(dir, 'nope.csv'))).problem, /not found/);
  assert.match((await logError(dir)).problem, /folder/);
});
