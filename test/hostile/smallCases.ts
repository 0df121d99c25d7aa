/**
 * The small hostile inputs, generated at test time (nothing stored in the repo): each writes its
 * input into `dir` and says what the CLI must answer. Big ones (bombs, a million activities, a
 * million-event case) live in scripts/hostile-big.mjs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface HostileCase {
  name: string;
  /** Writes the input; returns the CLI arguments and the file the message must name. */
  make(dir: string): { args: string[]; file?: string; line?: number };
  /** Expected exit code. */
  code: number;
  /** Must match stderr (errors) or stdout+stderr (accepted inputs). */
  says: RegExp;
}

const csv = (rows: string[]) => ['case,activity,time', ...rows].join('\n') + '\n';
const ev = (name: string, time = '2024-01-01T00:00:00Z') => `<event><string key="concept:name" value="${name}"/><date key="time:timestamp" value="${time}"/></event>`;
const trace = (id: string, events: string[]) => `<trace><string key="concept:name" value="${id}"/>${events.join('')}</trace>`;
const xes = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n${body}\n</log>\n`;
const rows = (n: number, cases = 10) => Array.from({ length: n }, (_, i) => `c${i % cases},act${i % 7},2024-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`);

function file(dir: string, name: string, data: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

const stats = (f: string, ...more: string[]) => ({ args: ['stats', f, ...more], file: f });

/** A flag with a bad value: refused before any log is read (the log named does not exist). */
function flag(command: 'train' | 'eval' | 'stats', args: string[], says: RegExp): HostileCase {
  return { name: `${command} ${args.join(' ')}`, code: command === 'stats' ? 2 : 1, says, make: (dir) => ({ args: [command, join(dir, 'never-read.csv'), ...args] }) };
}

export const SMALL_CASES: HostileCase[] = [
  // Not a regular file.
  { name: 'a FIFO', code: 1, says: /named pipe \(FIFO\), not a regular file/, make: (d) => (execFileSync('mkfifo', [join(d, 'pipe.csv')]), stats(join(d, 'pipe.csv'))) },
  { name: 'a folder', code: 1, says: /folder/, make: (d) => (mkdirSync(join(d, 'dir.csv')), stats(join(d, 'dir.csv'))) },
  { name: 'a character device', code: 1, says: /a device, not a regular file/, make: () => stats('/dev/null') },
  { name: 'a missing file', code: 1, says: /file not found/, make: (d) => stats(join(d, 'missing.csv')) },
  { name: 'a path through a file', code: 1, says: /is a file, not a folder/, make: (d) => stats(join(file(d, 'plain', 'x'), 'log.csv')) },
  // Not text, or broken containers.
  { name: 'an empty file', code: 1, says: /the file is empty/, make: (d) => stats(file(d, 'empty.csv', '')) },
  { name: 'binary zeros', code: 1, says: /binary file/, make: (d) => stats(file(d, 'zeros.csv', Buffer.alloc(4096))) },
  { name: 'UTF-16 text', code: 1, says: /binary file.*UTF-16/, make: (d) => stats(file(d, 'utf16.csv', Buffer.from('\ufeff' + csv(rows(5)), 'utf16le'))) },
  { name: 'a truncated gzip', code: 1, says: /truncated/, make: (d) => stats(file(d, 'cut.csv.gz', gzipSync(csv(rows(2000))).subarray(0, 300))) },
  { name: 'a corrupt gzip', code: 1, says: /gzip data is corrupt|truncated/, make: (d) => { const g = gzipSync(csv(rows(2000))); g.fill(0x55, 40, 80); return stats(file(d, 'bad.csv.gz', g)); } },
  // Limits (small bombs with the limit lowered: the same code path as the defaults).
  { name: 'a gzip bomb past --max-bytes', code: 1, says: /more than 1000000 bytes of text.*--max-bytes/, make: (d) => stats(file(d, 'bomb.csv.gz', gzipSync(csv(rows(1)) + 'c0,act1,2024-01-01T00:00:00Z\n'.repeat(200_000))), '--max-bytes', '1000000') },
  { name: 'more events than --max-events', code: 1, says: /more than 1,000 events.*--max-events/, make: (d) => stats(file(d, 'many.csv', csv(rows(5000))), '--max-events', '1000') },
  { name: 'an XES past --max-events', code: 1, says: /more than 10 events/, make: (d) => stats(file(d, 'many.xes', xes(Array.from({ length: 20 }, (_, i) => trace(`t${i}`, [ev('a'), ev('b')])).join(''))), '--max-events', '10') },
  // CSV structure.
  { name: 'no recognisable columns', code: 1, says: /no case id and activity column/, make: (d) => ({ ...stats(file(d, 'cols.csv', 'foo,bar\n1,2\n')), line: 1 }) },
  { name: 'a used column named twice', code: 1, says: /names the column "case" 2 times/, make: (d) => ({ ...stats(file(d, 'dupe.csv', 'case,case,activity\n1,2,a\n')), line: 1 }) },
  { name: 'an unreadable timestamp', code: 1, says: /cannot read the time "yesterday"/, make: (d) => ({ ...stats(file(d, 'time.csv', csv(['1,a,2024-01-01T00:00:00Z', '1,b,yesterday']))), line: 3 }) },
  { name: 'day-first and month-first dates in one column', code: 1, says: /mixes day-first and month-first/, make: (d) => stats(file(d, 'dm.csv', csv(['1,a,13-01-2024 10:00', '1,b,01-13-2024 10:00']))) },
  { name: 'a quoted field never closed', code: 1, says: /quoted field is never closed/, make: (d) => ({ ...stats(file(d, 'quote.csv', 'case,activity\n1,"abc\n2,b\n')), line: 2 }) },
  { name: 'valid UTF-8, then a byte that is not', code: 1, says: /mixes text encodings/, make: (d) => ({ ...stats(file(d, 'mixed-enc.csv', Buffer.concat([Buffer.from(csv(['1,café,2024-01-01'])), Buffer.from([0x31, 0x2c, 0xe9, 0x0a])]))), line: 3 }) },
  { name: 'a header and no events', code: 0, says: /header \(line 1\) but no events/, make: (d) => stats(file(d, 'header.csv', 'case,activity,time\n')) },
  { name: 'Windows-1252 text', code: 0, says: /not UTF-8 \(first non-UTF-8 byte at line 2\); read it as Windows-1252/, make: (d) => stats(file(d, 'latin1.csv', Buffer.from('case,activity\n1,caf\xe9\n', 'latin1'))) },
  { name: 'one time column mixing formats', code: 0, says: /mixes 2 date formats/, make: (d) => stats(file(d, 'formats.csv', csv(['1,a,2024-01-02T03:04:05Z', '1,b,1/2/2024 3:04 PM']))) },
  { name: 'several candidate case columns', code: 0, says: /several case id columns \("case:concept:name", "case"\); used "case:concept:name", choose another with --case-col/, make: (d) => stats(file(d, 'cands.csv', 'case:concept:name,case,concept:name\n1,x,a\n1,x,b\n')) },
  { name: 'escape codes in activity names', code: 0, says: /a\\u001b\]0;pwned\\u0007/, make: (d) => stats(file(d, 'esc.csv', csv(['1,a\x1b]0;pwned\x07,2024-01-01', '1,\x1b[2J,2024-01-02']))) },
  { name: 'escape codes in a file name', code: 1, says: /x\\u001b\[2Jy\.csv: file not found/, make: (d) => ({ args: ['stats', join(d, 'x\x1b[2Jy.csv')] }) },
  // XML and XES.
  { name: 'XML entities (billion laughs)', code: 1, says: /declares XML entities in a DOCTYPE/, make: (d) => ({ ...stats(file(d, 'lol.xes', '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<log>&b;</log>\n')), line: 2 }) },
  { name: 'an unclosed XML tag', code: 1, says: /xes/, make: (d) => stats(file(d, 'open.xes', xes(trace('1', [ev('a')])).replace('</log>', ''))) },
  { name: 'an .xes that is not XML', code: 1, says: /named like XES but its content does not start with "<"/, make: (d) => ({ ...stats(file(d, 'notxml.xes', 'case,activity\n1,a\n')), line: 1 }) },
  { name: 'XML without <log>', code: 1, says: /has no <log> element/, make: (d) => stats(file(d, 'root.xes', '<?xml version="1.0"?>\n<foo><bar/></foo>\n')) },
  { name: 'a BPMN model given as a log', code: 1, says: /looks like a BPMN model/, make: (d) => stats(file(d, 'model.xes', '<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"/></definitions>\n')) },
  { name: 'an XES date that does not parse', code: 1, says: /cannot read the date "soon"/, make: (d) => stats(file(d, 'date.xes', xes(trace('1', [ev('a', 'soon')])))) },
  { name: 'XES traces sharing one concept:name', code: 0, says: /"cases":30,.*4 traces share a concept:name|29 traces share a concept:name/, make: (d) => stats(file(d, 'shared.xes', xes(Array.from({ length: 30 }, () => trace('same', [ev('a'), ev('b')])).join(''))), '--json') },
  { name: 'XES lifecycle transitions merged by the name classifier', code: 0, says: /2 lifecycle transitions \(start, complete\).*--classifier name\+lifecycle/, make: (d) => stats(file(d, 'lc.xes', xes(trace('1', ['start', 'complete'].map((t) => `<event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="${t}"/></event>`))))) },
  // OCEL.
  { name: 'OCEL JSON cut short', code: 1, says: /ocel|JSON/i, make: (d) => stats(file(d, 'cut.jsonocel', '{"objectTypes": [{"name": "order"')) },
  { name: 'OCEL JSON that is an array', code: 1, says: /./, make: (d) => stats(file(d, 'array.jsonocel', '[1,2,3]')) },
  // Numeric flags: one sentence each, before anything is read.
  flag('train', ['--batch', '0'], /--batch must be a whole number from 1 to 4096, got "0"\./),
  flag('train', ['--batch', '1e9'], /--batch must be a whole number from 1 to 4096, got "1e9"\./),
  flag('train', ['--epochs', '0'], /--epochs must be a whole number from 1 to 100000, got "0"\./),
  flag('train', ['--epochs', '-3'], /--epochs must be a whole number from 1 to 100000, got "-3"\./),
  flag('train', ['--lr', '0'], /--lr must be a number above 0 and at most 1, got "0"\./),
  flag('train', ['--lr', '1e308'], /--lr must be a number above 0 and at most 1, got "1e308"\./),
  flag('train', ['--dropout', '1'], /--dropout must be a number of at least 0 and below 1, got "1"\./),
  flag('train', ['--threads', 'abc'], /--threads must be a whole number from 0 to 1024, got "abc"\./),
  flag('train', ['--seed', '1.5'], /--seed must be a whole number/),
  flag('train', ['--test-fraction', '1'], /--test-fraction must be a number above 0 and below 1, got "1"\./),
  flag('train', ['--max-activities', '1'], /--max-activities must be a whole number from 2 to/),
  flag('train', ['--test-fraction', '0.3', '--protocol', 'tax'], /--test-fraction applies to the chronological split/),
  flag('eval', ['--suffix', '-1'], /--suffix must be a whole number from 0 to/),
  flag('stats', ['--xes-workers', '65'], /--xes-workers must be a whole number from 0 to 64, got "65"\./),
  flag('stats', ['--max-events', '0'], /--max-events must be a whole number from 1 to/),
  // --out checked before the log is read (the log named does not exist).
  { name: '--out naming a file', code: 1, says: /agent folder .*: names a file, not a folder/, make: (d) => ({ args: ['train', join(d, 'never-read.csv'), '--out', file(d, 'outfile', 'x')] }) },
  { name: '--out under a file', code: 1, says: /agent folder .*: lies under .*, which is a file/, make: (d) => ({ args: ['train', join(d, 'never-read.csv'), '--out', join(file(d, 'outfile2', 'x'), 'agent')] }) },
  { name: '--out in /proc', code: 1, says: /agent folder \/proc\/self\/agent: lies in \/proc, a system folder/, make: (d) => ({ args: ['train', join(d, 'never-read.csv'), '--out', '/proc/self/agent'] }) },
];
