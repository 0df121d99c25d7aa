#!/usr/bin/env node
// The big hostile inputs (issue 16), generated here at run time and run through the built CLI
// (dist/cli.js; `npm run build` first). Each case asserts the exit code, a one-line message
// naming the file, the peak memory (RSS of the CLI process, via test/hostile/rssProbe.cjs) and
// a wall-clock bound. CI runs it after the unit tests (.ci/run); a few minutes on 2 cores.
// Usage: node scripts/hostile-big.mjs [case-name-substring...]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';

const root = process.cwd();
const cli = join(root, 'dist', 'cli.js');
const probe = join(root, 'test', 'hostile', 'rssProbe.cjs');
if (!existsSync(cli)) {
  console.error('hostile-big: dist/cli.js is missing; run `npm run build` first');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'pa-hostile-big-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Streams `chunks()` (strings) into `file`, gzipped when the name ends in .gz. */
async function writeStream(file, chunks) {
  const out = createWriteStream(file);
  const gz = file.endsWith('.gz') ? createGzip({ level: 1 }) : undefined;
  if (gz) gz.pipe(out);
  const sink = gz ?? out;
  for (const c of chunks()) if (!sink.write(c)) await once(sink, 'drain');
  sink.end();
  await once(out, 'finish');
  return file;
}

function run(args, timeoutMs) {
  const rss = join(dir, 'rss');
  rmSync(rss, { force: true });
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', probe, cli, ...args], { env: { ...process.env, PA_RSS_OUT: rss }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, seconds: (performance.now() - started) / 1000, peakMiB: existsSync(rss) ? Number(readFileSync(rss, 'utf8')) / 1024 : NaN });
    });
  });
}

const rowsOf = (n, row) => function* () {
  yield 'case,activity,time\n';
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += row(i);
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
};
const t0 = Date.UTC(2024, 0, 1);
const iso = (ms) => new Date(ms).toISOString();

/** A 1 MiB block of rows repeated `times`: a gzip bomb (tiny file, huge text). */
const repeated = (block, times, header = 'case,activity,time\n') => function* () {
  yield header;
  for (let i = 0; i < times; i++) yield block;
};
const blockOf = (bytes, row) => {
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += row(i);
  return s;
};

const CASES = [
  {
    name: 'csv-gzip-bomb-default-event-limit',
    // 400 MiB of rows in a ~2 MB gzip (the issue's was 2.2 GB; only the first ~200 MB are ever read): stops at the default 5,000,000 events.
    make: () => writeStream(join(dir, 'bomb.csv.gz'), repeated(blockOf(1 << 20, (i) => `c${i % 5000},act${i % 13},${iso(t0 + i * 1000)}\n`), 400)),
    args: (f) => ['stats', f],
    code: 1,
    says: /more than 5,000,000 events, the limit for one read\. Raise it with --max-events/,
    maxMiB: 2500,
    maxSeconds: 240,
  },
  {
    name: 'text-bomb-max-bytes-flag',
    // Wide rows: few events, many bytes; the byte limit (lowered by its flag) stops it.
    make: () => writeStream(join(dir, 'wide.csv.gz'), repeated(blockOf(1 << 20, (i) => `c${i % 100},act${i % 5},${iso(t0 + i)},${'x'.repeat(2000)}\n`), 1000, 'case,activity,time,pad\n')),
    args: (f) => ['stats', f, '--max-bytes', '300000000'],
    code: 1,
    says: /holds more than 286\.1 MiB of text \(after gunzip\).*--max-bytes/,
    maxMiB: 1500,
    maxSeconds: 120,
  },
  {
    name: 'one-million-distinct-activities-stats',
    make: () => writeStream(join(dir, 'acts.csv'), rowsOf(1_000_000, (i) => `c${Math.floor(i / 10)},activity-${i},${iso(t0 + i * 1000)}\n`)),
    args: (f) => ['stats', f, '--json'],
    code: 0,
    says: /"activities":1000000/,
    maxMiB: 1500,
    maxSeconds: 120,
  },
  {
    name: 'many-distinct-activities-train-capped',
    // 25k distinct activities in 5k cases: the vocabulary is capped (rare ones → ⟨other⟩), the model stays small.
    make: () => writeStream(join(dir, 'acts-train.csv'), rowsOf(50_000, (i) => `c${Math.floor(i / 10)},${i % 10 < 5 ? `step${i % 10}` : `rare-${i}`},${iso(t0 + i * 60_000)}\n`)),
    args: (f) => ['train', f, '--out', join(dir, 'agent-acts'), '--epochs', '1', '--preset', 'tiny', '--device', 'cpu', '--features', 'off'],
    code: 0,
    says: /were folded into one activity "⟨other⟩"; raise the cap with --max-activities/,
    maxMiB: 2500,
    maxSeconds: 600,
  },
  {
    name: 'one-case-of-one-million-events-train',
    make: () => writeStream(join(dir, 'giant.csv'), rowsOf(1_000_000, (i) => `only,act${(i * 7) % 11},${iso(t0 + i * 1000)}\n`)),
    args: (f) => ['train', f, '--out', join(dir, 'agent-giant'), '--epochs', '1', '--preset', 'tiny', '--device', 'cpu', '--features', 'off'],
    code: 0,
    says: /1 case longer than the context \(longest 1,000,000 events\) train as overlapping windows/,
    maxMiB: 2500,
    maxSeconds: 600,
  },
];

const only = process.argv.slice(2);
let failed = 0;
for (const c of CASES.filter((c) => only.length === 0 || only.some((s) => c.name.includes(s)))) {
  const g0 = performance.now();
  const file = await c.make();
  const made = ((performance.now() - g0) / 1000).toFixed(1);
  const r = await run(c.args(file), c.maxSeconds * 1000);
  const problems = [];
  if (r.signal) problems.push(`killed by ${r.signal} after ${r.seconds.toFixed(0)} s (limit ${c.maxSeconds} s)`);
  if (r.code !== c.code) problems.push(`exit ${r.code}, expected ${c.code}`);
  const text = c.code === 0 ? r.stdout + r.stderr : r.stderr;
  if (!c.says.test(text)) problems.push(`output does not match ${c.says}`);
  if (c.code !== 0) {
    const lines = r.stderr.trim().split('\n');
    if (lines.length !== 1) problems.push(`${lines.length} lines of message`);
    if (!r.stderr.includes(file)) problems.push('the message does not name the file');
  }
  if (!(r.peakMiB <= c.maxMiB)) problems.push(`peak RSS ${r.peakMiB.toFixed(0)} MiB > ${c.maxMiB}`);
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${c.name}: exit ${r.code}, ${r.seconds.toFixed(1)} s, peak RSS ${r.peakMiB.toFixed(0)} MiB (input made in ${made} s)${problems.length ? `\n     ${problems.join('; ')}\n     stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 500)}` : ''}`);
  if (problems.length) failed++;
  rmSync(file, { force: true });
}
process.exit(failed ? 1 : 0);
