/**
 * How per-event input features should travel (issue 12): measured, not guessed. Three layouts
 * of the same ids (resource, time-since-previous bucket) on a real log, each through the same
 * steps the trainer takes: per-event ids for every case (kept for the feature trial and the
 * refit), spread over each case's tokens (kept for every epoch), then one epoch of batches.
 *
 *   nested    number[][] per case, [F][events] (the layout before this change)
 *   records   one { resource, gap } object per event, an array per case
 *   columnar  one Int32Array per feature over all cases' events, plus case offsets
 *
 * Memory is what stays reachable (V8 heap + array buffers) after a full GC, with the token ids
 * left out: they are the same in every layout. Times are the median of `RUNS` runs.
 *
 *   node --expose-gc --import tsx test/bench/features.bench.ts [log]
 *   (default log: ../shared/data/bpic2012/BPI_Challenge_2012.xes.gz, read as name+lifecycle)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLog } from '../../src/core/log/read';
import { traces } from '../../src/core/log/cases';
import type { Case } from '../../src/core/log/types';
import { ActivityTokenizer } from '../../src/core/tokenize/activity';
import { FEATURE_NONE, ResourceVocab, timeBucket } from '../../src/core/tokenize/features';
import { bucketFor, bucketLengths } from '../../src/core/train/batching';
import { Rng } from '../../src/core/train/rng';

const data = [process.env.PA_SHARED_DATA, resolve(__dirname, '../../../shared/data'), '/work/shared/data'].find((d): d is string => !!d && existsSync(d)) ?? resolve(__dirname, '../../../shared/data');
const file = process.argv[2] ?? resolve(data, 'bpic2012/BPI_Challenge_2012.xes.gz');
const RUNS = 5;
const B = 32;
const CONTEXT = 64; // the tiny preset's
const F = 2;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
function retained(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** What each layout implements: per-event ids, token-aligned ids, one epoch of feature batches. */
interface Layout<PerEvent, Aligned> {
  name: string;
  perEvent(cases: readonly Case[], vocab: ResourceVocab): PerEvent;
  align(p: PerEvent, aligned: readonly (readonly number[])[]): Aligned;
  /** One epoch: every row cut to the context, bucketed, packed to [F][B·T] Int32Arrays. Returns a checksum. */
  epoch(a: Aligned, ids: readonly (readonly number[])[], rng: Rng): number;
}

type Row = { c: number; s: number; e: number };
/** Rows of every case (as batching.rowsOf cuts them), grouped by bucket length. */
function bucketRows(ids: readonly (readonly number[])[]): Map<number, Row[]> {
  const buckets = bucketLengths(CONTEXT);
  const by = new Map<number, Row[]>();
  ids.forEach((seq, c) => {
    const n = seq.length - 1;
    const push = (s: number, e: number) => {
      const T = bucketFor(e - s, buckets);
      (by.get(T) ?? by.set(T, []).get(T)!).push({ c, s, e });
    };
    if (n <= 0) return;
    if (n <= CONTEXT) return push(0, n);
    const stride = CONTEXT / 2;
    for (let start = 0; ; start += stride) {
      const end = Math.min(start + CONTEXT, n);
      push(end - CONTEXT, end);
      if (end === n) break;
    }
  });
  return by;
}

function checksum(batch: Int32Array[]): number {
  let s = 0;
  for (const f of batch) for (let i = 0; i < f.length; i += 7) s += f[i];
  return s;
}

/** Slices per row, as Row.features did: the cost of the nested and record layouts is in these copies. */
function epochBy<T>(rowsOf: (r: Row) => T, pack: (rows: T[], T: number) => Int32Array[], ids: readonly (readonly number[])[], rng: Rng): number {
  let sum = 0;
  for (const [T, list] of bucketRows(ids)) {
    const rows = rng.shuffle(list.map(rowsOf));
    for (let i = 0; i < rows.length; i += B) sum += checksum(pack(rows.slice(i, i + B), T));
  }
  return sum;
}

const gapOf = (c: Case, i: number) => (i === 0 ? FEATURE_NONE : timeBucket(c.events[i].time - c.events[i - 1].time));

const nested: Layout<number[][][], number[][][]> = {
  name: 'nested number[][] per case',
  perEvent: (cases, vocab) => cases.map((c) => [c.events.map((e) => vocab.id(e.resource)), c.events.map((_, i) => gapOf(c, i))]),
  align: (p, aligned) => p.map((f, c) => f.map((col) => aligned[c].map((e) => (e >= 0 && e < col.length ? col[e] : FEATURE_NONE)))),
  epoch: (a, ids, rng) =>
    epochBy(
      (r) => a[r.c].map((f) => f.slice(r.s, r.e)),
      (rows, T) => {
        const out = Array.from({ length: F }, () => new Int32Array(B * T));
        rows.forEach((r, b) => out.forEach((f, k) => f.set(r[k], b * T)));
        return out;
      },
      ids,
      rng,
    ),
};

interface EventRecord {
  resource: number;
  gap: number;
}
const NONE_RECORD: EventRecord = { resource: FEATURE_NONE, gap: FEATURE_NONE };
const records: Layout<EventRecord[][], EventRecord[][]> = {
  name: 'records (one object per event)',
  perEvent: (cases, vocab) => cases.map((c) => c.events.map((e, i) => ({ resource: vocab.id(e.resource), gap: gapOf(c, i) }))),
  align: (p, aligned) => p.map((recs, c) => aligned[c].map((e) => (e >= 0 && e < recs.length ? recs[e] : NONE_RECORD))),
  epoch: (a, ids, rng) =>
    epochBy(
      (r) => a[r.c].slice(r.s, r.e),
      (rows, T) => {
        const res = new Int32Array(B * T);
        const gap = new Int32Array(B * T);
        rows.forEach((recs, b) => recs.forEach((x, t) => ((res[b * T + t] = x.resource), (gap[b * T + t] = x.gap))));
        return [res, gap];
      },
      ids,
      rng,
    ),
};

interface Columns {
  columns: Int32Array[];
  offsets: Int32Array;
}
const columnar: Layout<Columns, Columns> = {
  name: 'columnar Int32Array + offsets',
  perEvent: (cases, vocab) => {
    const offsets = new Int32Array(cases.length + 1);
    cases.forEach((c, i) => (offsets[i + 1] = offsets[i] + c.events.length));
    const columns = [new Int32Array(offsets[cases.length]), new Int32Array(offsets[cases.length])];
    cases.forEach((c, ci) => c.events.forEach((e, i) => ((columns[0][offsets[ci] + i] = vocab.id(e.resource)), (columns[1][offsets[ci] + i] = gapOf(c, i)))));
    return { columns, offsets };
  },
  align: (p, aligned) => {
    const offsets = new Int32Array(aligned.length + 1);
    aligned.forEach((a, i) => (offsets[i + 1] = offsets[i] + a.length));
    const columns = p.columns.map((src) => {
      const out = new Int32Array(offsets[aligned.length]);
      aligned.forEach((ev, c) => {
        const from = p.offsets[c];
        const n = p.offsets[c + 1] - from;
        ev.forEach((e, t) => (out[offsets[c] + t] = e >= 0 && e < n ? src[from + e] : FEATURE_NONE));
      });
      return out;
    });
    return { columns, offsets };
  },
  epoch: (a, ids, rng) =>
    epochBy(
      (r) => r,
      (rows, T) => {
        const out = Array.from({ length: F }, () => new Int32Array(B * T));
        rows.forEach((r, b) => out.forEach((f, k) => f.set(a.columns[k].subarray(a.offsets[r.c] + r.s, a.offsets[r.c] + r.e), b * T)));
        return out;
      },
      ids,
      rng,
    ),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const LAYOUTS: Layout<unknown, unknown>[] = [nested, records, columnar] as Layout<unknown, unknown>[];

/** One layout, in a process of its own so nothing another layout left behind is counted. */
async function measure(which: number): Promise<void> {
  const log = await readLog(file, { classifier: 'name+lifecycle' });
  const cases = log.cases;
  const tokenizer = ActivityTokenizer.fit(traces(cases));
  const vocab = ResourceVocab.fit(cases);
  const enc = traces(cases).map((t) => tokenizer.encodeAligned(t));
  const ids = enc.map((e) => e.ids);
  const aligned = enc.map((e) => e.event);
  const layout = LAYOUTS[which];
  const prepare: number[] = [];
  const epoch: number[] = [];
  let sum = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const a = layout.align(layout.perEvent(cases, vocab), aligned);
    const t1 = performance.now();
    sum = layout.epoch(a, ids, new Rng(1));
    epoch.push(performance.now() - t1);
    prepare.push(t1 - t0);
  }
  const base = retained();
  const p = layout.perEvent(cases, vocab);
  const afterPerEvent = retained();
  const a = layout.align(p, aligned);
  const afterAligned = retained();
  const keep = [p, a]; // both reachable until here
  const events = cases.reduce((n, c) => n + c.events.length, 0);
  const tokens = ids.reduce((n, s) => n + s.length, 0);
  process.stdout.write(JSON.stringify({ name: layout.name, keep: keep.length, cases: cases.length, events, tokens, perEventMB: (afterPerEvent - base) / 1e6, alignedMB: (afterAligned - afterPerEvent) / 1e6, prepareMs: median(prepare), epochMs: median(epoch), sum }));
}

function main(): void {
  const rows = LAYOUTS.map((_, i) => {
    const out = spawnSync(process.execPath, [...process.execArgv, __filename, file], { env: { ...process.env, FEATURES_BENCH_LAYOUT: String(i) }, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    return JSON.parse(out.stdout) as { name: string; cases: number; events: number; tokens: number; perEventMB: number; alignedMB: number; prepareMs: number; epochMs: number; sum: number };
  });
  const r0 = rows[0];
  console.log(`${file}: ${r0.cases} cases, ${r0.events} events, ${r0.tokens} tokens, ${F} features, context ${CONTEXT}, batch ${B}; node ${process.version}; median of ${RUNS}\n`);
  console.log('| layout | per-event ids (MB) | token-aligned ids (MB) | prepare (ms) | one epoch of batches (ms) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.perEventMB.toFixed(1)} | ${r.alignedMB.toFixed(1)} | ${r.prepareMs.toFixed(0)} | ${r.epochMs.toFixed(0)} |`);
  const same = rows.every((r) => r.sum === r0.sum);
  console.log(`\nsame batch contents in every layout: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
}

const which = process.env.FEATURES_BENCH_LAYOUT;
if (which === undefined) main();
else void measure(Number(which));
