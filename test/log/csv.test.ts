import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLog } from '../../src/core/log/read';
import { detectDelimiter, detectColumns } from '../../src/core/log/columns';
import { LogError } from '../../src/core/log/types';
import { readCsvHeader } from '../../src/core/log/csv';

const dir = mkdtempSync(join(tmpdir(), 'pa-csv-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const acts = (c: { events: { activity: string }[] }): string[] => c.events.map((e) => e.activity);

test('delimiter detection: comma, semicolon, tab, pipe; quoted delimiters do not count', () => {
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n'), ',');
  assert.equal(detectDelimiter('a;b;c\n1;"2,5";3\n'), ';');
  assert.equal(detectDelimiter('a\tb\tc\n1\t2,1\t3\n'), '\t');
  assert.equal(detectDelimiter('a|b|c\n1|2|3\n'), '|');
  assert.equal(detectDelimiter('"x;y",b,c\n"1;2",2,3\n'), ',');
});

test('column detection by common names, best candidate first', () => {
  const pick = (header: string[]): unknown => detectColumns('f.csv', header).mapping;
  assert.deepEqual(pick(['Case ID', 'Activity', 'Complete Timestamp', 'Resource']), { caseId: 'Case ID', activity: 'Activity', time: 'Complete Timestamp', resource: 'Resource' });
  assert.deepEqual(pick(['CaseID', 'ActivityID', 'Start Timestamp', 'CompleteTimestamp']), { caseId: 'CaseID', activity: 'ActivityID', time: 'CompleteTimestamp' });
  assert.deepEqual(pick(['case', 'concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition']), {
    caseId: 'case',
    activity: 'concept:name',
    time: 'time:timestamp',
    resource: 'org:resource',
    lifecycle: 'lifecycle:transition',
  });
  assert.deepEqual(pick(['case:concept:name', 'Activity', 'timestamp']), { caseId: 'case:concept:name', activity: 'Activity', time: 'timestamp' });
});

test('an explicit mapping overrides detection; a mapped name not in the header is an error', () => {
  const m = detectColumns('f.csv', ['Case ID', 'Activity', 'Step', 'When'], { activity: 'Step', time: 'When' }).mapping;
  assert.deepEqual(m, { caseId: 'Case ID', activity: 'Step', time: 'When' });
  assert.throws(() => detectColumns('f.csv', ['a', 'b'], { caseId: 'Ticket' }), (e: unknown) => e instanceof LogError && /"Ticket" given for the caseId/.test(e.problem));
});

test('BOM, CRLF, semicolons, quoted fields with delimiters, quotes and newlines', async () => {
  const text = '\uFEFFCase ID;Activity;Timestamp\r\n' + '1;"Check; then ""approve""";2024-01-01 10:00:00\r\n' + '1;"Multi\r\nline";2024-01-01 11:00:00\r\n' + '2;Register;2024-01-02 09:00:00\r\n';
  const log = await readLog(write('bom.csv', text));
  assert.deepEqual(log.report.columns, { caseId: 'Case ID', activity: 'Activity', time: 'Timestamp' });
  assert.deepEqual(log.cases.map((c) => c.id), ['1', '2']);
  assert.deepEqual(acts(log.cases[0]), ['Check; then "approve"', 'Multi line']);
});

test('explicit columns through readLog, and a day-first column reported', async () => {
  const text = 'ticket,step,when,who\nT1,open,13-02-2024 09:00,ann\nT1,close,14-02-2024 10:30:15,bob\n';
  const log = await readLog(write('map.csv', text), { columns: { caseId: 'ticket', activity: 'step', time: 'when', resource: 'who' } });
  assert.deepEqual(acts(log.cases[0]), ['open', 'close']);
  assert.equal(log.cases[0].events[1].time, Date.parse('2024-02-14T10:30:15Z'));
  assert.equal(log.cases[0].events[1].resource, 'bob');
  assert.match(log.report.dateOrder ?? '', /column "when": day-first/);
});

test('rows without case or activity are dropped and counted; no time column keeps file order', async () => {
  const log = await readLog(write('drop.csv', 'case,activity\n1,a\n,b\n1,\n1,  c   d \n'));
  assert.deepEqual(acts(log.cases[0]), ['a', 'c d']);
  assert.ok(log.report.warnings.includes('dropped 1 event with no case id'));
  assert.ok(log.report.warnings.includes('dropped 1 event with no activity'));
  assert.ok(log.report.warnings.some((w) => /no timestamp column/.test(w)));
});

test('CSV lifecycle column: classifier and filter', async () => {
  const text = 'case,activity,lifecycle:transition,time\n1,A,start,2024-01-01T00:00:00Z\n1,A,complete,2024-01-01T01:00:00Z\n';
  assert.deepEqual(acts((await readLog(write('lc.csv', text), { classifier: 'name+lifecycle' })).cases[0]), ['A+start', 'A+complete']);
  assert.deepEqual(acts((await readLog(write('lc2.csv', text), { lifecycleFilter: ['complete'] })).cases[0]), ['A']);
});

test('a header without rows is a warning, not an error; an unclosed quote is an error with a line', async () => {
  const empty = await readLog(write('hdr.csv', 'case,activity\n'));
  assert.equal(empty.cases.length, 0);
  assert.ok(empty.report.warnings.some((w) => /no events/.test(w)));
  await assert.rejects(readLog(write('q.csv', 'case,activity\n1,"open\n2,b\n')), (e: unknown) => e instanceof LogError && /never closed/.test(e.problem));
});

test('an aborted read rejects with the abort reason instead of finishing', async () => {
  const file = write('abort.csv', 'case,activity\n' + '1,a\n'.repeat(1000));
  const ac = new AbortController();
  ac.abort(new Error('stop reading'));
  await assert.rejects(readLog(file, { signal: ac.signal }), /stop reading/);
});

test('an Excel "sep=;" first line names the delimiter and is skipped', async () => {
  const log = await readLog(write('excel.csv', 'sep=;\r\nCase;Activity;Timestamp\r\n7;Open, then check;2024-01-01 10:00\r\n'));
  assert.deepEqual(log.report.columns, { caseId: 'Case', activity: 'Activity', time: 'Timestamp' });
  assert.deepEqual(acts(log.cases[0]), ['Open, then check']);
});

test('short rows, mixed LF/CRLF endings and lines inside quotes keep rows and line numbers right', async () => {
  const text = 'case,activity,time,resource\n1,a,2024-01-01 10:00\r\n1,"multi\nline",2024-01-01 11:00,ann\r\n2,b,2024-01-02 09:00,bob\n2,c,not a time,bob\n';
  const err = await readLog(write('ragged.csv', text)).then(
    () => assert.fail('the bad time should fail'),
    (e: unknown) => e as LogError,
  );
  assert.ok(err instanceof LogError);
  assert.equal(err.line, 6, 'the quoted newline counts as a line');
  const ok = await readLog(write('ragged2.csv', text.replace('not a time', '2024-01-02 10:00')));
  assert.deepEqual(ok.cases.map(acts), [['a', 'multi line'], ['b', 'c']]);
  assert.equal(ok.cases[0].events[0].resource, undefined);
  assert.equal(ok.cases[1].events[0].resource, 'bob');
});

test('multi-byte UTF-8 characters across the 64 KiB text pieces are decoded whole', async () => {
  const label = '€'.repeat(40); // 3 bytes each, so piece boundaries fall inside characters
  const log = await readLog(write('euro.csv', 'case,activity\n' + `1,${label}\n`.repeat(5000)));
  assert.equal(log.cases[0].events.length, 5000);
  assert.ok(log.cases[0].events.every((e) => e.activity === label));
});

test('readCsvHeader (the column picker) sees the header readCsv uses', async () => {
  assert.deepEqual(await readCsvHeader(write('h-excel.csv', 'sep=;\r\nCase;Step;When\r\n1;a;2024-01-01\r\n')), { header: ['Case', 'Step', 'When'], delimiter: ';' });
  assert.deepEqual(await readCsvHeader(write('h-blank.csv', '\n\n"id, of case",what,"when ""exactly"""\n1,a,b\n')), { header: ['id, of case', 'what', 'when "exactly"'], delimiter: ',' });
  // A header alone without a final newline, and a BOM.
  assert.deepEqual((await readCsvHeader(write('h-only.csv', '\uFEFFx\ty\tz'))).header, ['x', 'y', 'z']);
  assert.deepEqual((await readCsvHeader(write('h-empty.csv', ''))).header, []);
});
