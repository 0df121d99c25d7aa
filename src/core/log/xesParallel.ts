/**
 * Big XES files parsed in parallel. No single-threaded JS SAX parser comes near gunzip's speed,
 * so the body is cut into byte ranges that worker threads parse at once:
 *
 * - the main thread streams the (gunzipped, UTF-8-checked) bytes; zlib runs off-thread;
 * - the header (everything before the first `<trace`, parsed as it streams in) and the tail
 *   (after the last `</trace>`) go through one main-thread saxes parser, which reads `<global>`
 *   defaults and classifiers;
 * - the body is cut into ranges of about `rangeBytes`, each starting exactly at `<trace`
 *   followed by whitespace, `>` or `/`. In well-formed XML a raw `<` cannot occur in attribute
 *   values or text, so such a cut is wrong only inside a comment, CDATA or a processing
 *   instruction, and then a worker's fragment parse fails;
 * - ranges are copied once into reused shared buffers that workers read in place (the main
 *   thread parses one itself when every worker is busy); results come back in file order and
 *   feed the CaseBuilder exactly as the serial reader would, defaults and lifecycle policy
 *   included.
 *
 * Whether this pays depends on free cores: each worker isolate has its own JIT warm-up, heap
 * growth and GC helpers (see defaultXesWorkers).
 *
 * On ANY problem (a worker error, malformed XML, a non-UTF-8 file, a time that does not parse,
 * anything unusual in the header or tail) this returns `undefined` after resetting the
 * builder, and the caller reads the file serially from the start: every error message, line and
 * column stays exactly the serial reader's.
 */
import type { CaseBuilder } from './cases';
import { LifecyclePolicy } from './lifecycle';
import { readUtf8Chunks, textPieces } from './source';
import { LimitError } from './limits';
import { TraceIds } from './xesTraceIds';
import { headerParser, NotParallel } from './xesHeader';
import { defaultXesWorkers, RangePool } from './xesPool';
import { BAD_TIME, OUTSIDE_TRACE, TRACE_FIRST, parseXesRange, type RangeEvents, type RangeResult } from './xesRange';
import type { ReadOptions, ReadReport } from './types';

export interface XesParallelTuning {
  /** Worker threads; 0 reads serially. Default: `defaultXesWorkers()` (xesPool.ts). */
  workers?: number;
  /** Body bytes per range. */
  rangeBytes?: number;
  /** Files with less XML than this are read serially (thread start-up would not pay off). */
  minBytes?: number;
  /** The worker script; default: dist/xesWorker.js beside the bundle, or the .ts source under tsx. */
  script?: string;
}

export const DEFAULT_RANGE_BYTES = 1 << 20;
export const DEFAULT_MIN_BYTES = 8 << 20;
/** Ranges parsed or waiting at once, per worker: bounds memory (each is ~rangeBytes plus its text). */
const IN_FLIGHT_PER_WORKER = 2;
/** A header this long without a `<trace` is not a usual XES; the serial reader handles it. */
const MAX_HEADER_BYTES = 16 << 20;

const TRACE_OPEN = Buffer.from('<trace');
const TRACE_CLOSE = Buffer.from('</trace>');

/** After `<trace`: whitespace, `>` or `/` (not `<traces` or `<trace-x`). */
function endsTag(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x3e || b === 0x2f;
}

/** The first `<trace` start in `buf` at or after `from`, or -1. */
function firstTraceStart(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(TRACE_OPEN, from); i !== -1; i = buf.indexOf(TRACE_OPEN, i + 1)) {
    if (i + TRACE_OPEN.length < buf.length && endsTag(buf[i + TRACE_OPEN.length])) return i;
  }
  return -1;
}

/** The last `<trace` start in `buf` after offset `after`, or -1. */
function lastTraceStart(buf: Buffer, after: number): number {
  for (let i = buf.lastIndexOf(TRACE_OPEN); i > after; i = buf.lastIndexOf(TRACE_OPEN, i - 1)) {
    if (i + TRACE_OPEN.length < buf.length && endsTag(buf[i + TRACE_OPEN.length])) return i;
  }
  return -1;
}

/**
 * Reusable shared buffers for ranges: a fresh multi-megabyte buffer per range costs page faults
 * (on the 2-core VM measured, copying 75 MB into fresh ArrayBuffers took ~2-4× as long as into
 * reused ones), and a shared one is read by the worker without any copy or transfer.
 * Handed out round-robin; there are more slots than ranges in flight plus the one whose tail
 * is still pending, so a slot is never reused while a worker or the cutter still reads it.
 */
class Slots {
  private readonly bufs: Buffer[] = [];
  private next = 0;

  constructor(
    private readonly count: number,
    private readonly size: number,
  ) {}

  /** `parts` copied into the next slot; the view of the copied bytes. */
  fill(parts: Buffer[], length: number): Buffer {
    const i = this.next++ % this.count;
    if (this.bufs[i] === undefined || this.bufs[i].length < length) this.bufs[i] = Buffer.from(new SharedArrayBuffer(Math.max(this.size, length + (length >> 2))));
    const slot = this.bufs[i];
    let at = 0;
    for (const p of parts) at += p.copy(slot, at);
    return slot.subarray(0, length);
  }
}

type XesReport = Omit<ReadReport, 'file' | 'format'>;

/**
 * Reads `file` in parallel into `builder`; `undefined` (builder reset) when the serial reader
 * must do it instead: a small file, no workers, or any problem at all.
 */
export async function readXesParallel(file: string, xmlBytes: number, opts: ReadOptions, builder: CaseBuilder, tuning: XesParallelTuning = {}): Promise<XesReport | undefined> {
  const workers = tuning.workers ?? defaultXesWorkers();
  if (workers < 1 || xmlBytes < (tuning.minBytes ?? DEFAULT_MIN_BYTES)) return undefined;
  const rangeBytes = Math.max(1, tuning.rangeBytes ?? DEFAULT_RANGE_BYTES);
  let pool: RangePool | undefined;
  const stop = (): void => void pool?.close();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    // Inside the try: a worker that cannot even start (no bundle, no tsx) means "read serially".
    pool = new RangePool(workers, tuning.script);
    return await readWithPool(file, opts, builder, pool, workers, rangeBytes);
  } catch (err) {
    opts.signal?.throwIfAborted();
    if (err instanceof LimitError) throw err;
    void err; // any failure: the serial reader re-reads the file and reports what is wrong
    builder.reset();
    return undefined;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await pool?.close();
  }
}

async function readWithPool(file: string, opts: ReadOptions, builder: CaseBuilder, pool: RangePool, workers: number, rangeBytes: number): Promise<XesReport> {
  const warnings: string[] = [];
  const header = headerParser(file);
  const lifecycle = new LifecyclePolicy(opts);
  const inFlight: Promise<RangeResult>[] = [];
  const maxInFlight = workers * IN_FLIGHT_PER_WORKER;
  // A fill is at most a range plus one chunk (128 KiB) plus an unfinished trace; bigger ones grow a slot.
  const slots = new Slots(maxInFlight + 2, rangeBytes + (rangeBytes >> 1));
  let traces = 0;
  const traceIds = new TraceIds();
  let traceCase: string | undefined;

  const feed = (r: RangeEvents): void => {
    const s = r.strings;
    const defName = header.defaults.get('concept:name');
    const defLifecycle = header.defaults.get('lifecycle:transition');
    const defResource = header.defaults.get('org:resource');
    traces += r.traces;
    for (let i = 0; i < r.count; i++) {
      const k = r.kind[i];
      const name = r.name[i] >= 0 ? s[r.name[i]] : undefined;
      if ((k & OUTSIDE_TRACE) !== 0) {
        builder.add(undefined, name, NaN);
        continue;
      }
      // As the serial reader: a trace's case id is fixed at its first event, numbered when shared.
      if ((k & TRACE_FIRST) !== 0) traceCase = r.caseId[i] >= 0 ? traceIds.begin(s[r.caseId[i]]) : undefined;
      const lc = r.lifecycle[i] >= 0 ? s[r.lifecycle[i]] : defLifecycle;
      if (!lifecycle.passes(lc)) continue;
      if ((k & BAD_TIME) !== 0) throw new NotParallel('a time that does not parse');
      const resource = r.resource[i] >= 0 ? s[r.resource[i]] : defResource;
      builder.add(r.caseId[i] >= 0 ? traceCase : undefined, lifecycle.label(name ?? defName, lc), r.time[i], resource, lc);
    }
  };
  const collect = async (): Promise<void> => {
    const r = await inFlight.shift()!;
    if (!r.ok) throw new NotParallel(r.problem);
    feed(r);
  };
  const dispatch = async (bytes: Buffer, length: number): Promise<void> => {
    // With every worker busy, the main thread parses this range itself rather than wait idle
    // (streaming and feeding the builder leave it half idle; measured ~1.1 s vs 0.6 s CPU).
    inFlight.push(pool.allBusy() ? Promise.resolve(parseXesRange(bytes.subarray(0, length))) : pool.parse(bytes, length));
    while (inFlight.length >= maxInFlight) await collect();
  };

  let headerDone = false;
  let headerBytes = 0;
  /** The last bytes of the previous chunk, held back from the header parser: a `<trace` may start there. */
  let headerTail: Buffer | undefined;
  let firstPiece = true;
  const writeHeader = (bytes: Buffer): void => {
    for (let text of textPieces(bytes)) {
      if (firstPiece) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        // The serial reader's first check, on the same first piece.
        if (!/^\s*</.test(text)) throw new NotParallel('not XML');
        firstPiece = false;
      }
      header.write(text);
    }
    headerBytes += bytes.length;
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of readUtf8Chunks(file, warnings, opts.signal, false, opts.maxBytes)) {
    // A non-UTF-8 file is re-encoded mid-stream with a warning: the serial reader's business.
    if (warnings.length > 0) throw new NotParallel('not UTF-8');
    if (!headerDone) {
      // The header (6.7 MB in BPIC 2012) is parsed chunk by chunk as it streams in.
      const window = headerTail ? Buffer.concat([headerTail, chunk]) : chunk;
      const start = firstTraceStart(window, 0);
      if (start < 0) {
        let keep = Math.max(0, window.length - TRACE_OPEN.length - 1);
        while (keep > 0 && (window[keep] & 0xc0) === 0x80) keep--; // not inside a UTF-8 character
        writeHeader(window.subarray(0, keep));
        headerTail = Buffer.from(window.subarray(keep));
        if (headerBytes > MAX_HEADER_BYTES) throw new NotParallel('no <trace> near the start');
        continue;
      }
      writeHeader(window.subarray(0, start));
      headerDone = true;
      pending = [window.subarray(start)];
      pendingBytes = window.length - start;
    } else {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
    if (pendingBytes < rangeBytes) continue;
    const range = slots.fill(pending, pendingBytes);
    // Ranges of about rangeBytes, and the last one up to the last trace start, so only the
    // unfinished trace at the end waits (and is copied again) for the next chunk.
    let from = 0;
    for (let cut = firstTraceStart(range, rangeBytes); cut > 0; cut = firstTraceStart(range, from + rangeBytes)) {
      await dispatch(range.subarray(from), cut - from);
      from = cut;
    }
    const last = lastTraceStart(range, from);
    if (last > from) {
      await dispatch(range.subarray(from), last - from);
      from = last;
    }
    // The rest stays a view into this slot until the next fill copies it (before any reuse).
    pending = [range.subarray(from)];
    pendingBytes = range.length - from;
  }
  if (!headerDone) throw new NotParallel('no <trace>');
  const range = slots.fill(pending, pendingBytes);
  const close = range.lastIndexOf(TRACE_CLOSE);
  if (close < 0) throw new NotParallel('no </trace> at the end');
  const bodyEnd = close + TRACE_CLOSE.length;
  for (const text of textPieces(range.subarray(bodyEnd))) header.write(text);
  header.close();
  if (!header.sawLog()) throw new NotParallel('no <log>');
  await dispatch(range, bodyEnd);
  while (inFlight.length > 0) await collect();
  if (traces === 0) throw new NotParallel('no traces');
  const note = lifecycle.note();
  if (note) warnings.push(note);
  const shared = traceIds.note();
  if (shared) warnings.push(shared);
  return { warnings, classifiers: header.classifiers };
}
