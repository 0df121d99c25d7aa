/**
 * One byte range of an XES body (whole `<trace>` elements, see xesParallel.ts) → the calls the
 * serial reader (xes.ts) would make on the CaseBuilder, as typed arrays plus a string table, so
 * a worker's result crosses threads by a cheap structured clone.
 *
 * The extraction mirrors xes.ts's handlers exactly (same attribute keys, waiting events, nested
 * attribute skipping); what depends on the header (`<global>` defaults, classifier, lifecycle
 * filter) is applied by the main thread. Anything the serial reader would treat specially
 * (header elements, malformed XML, a time that does not parse) makes the result `ok: false` or
 * is flagged, and the caller re-reads the file serially, so errors stay exactly the serial ones.
 */
import { SaxesParser } from 'saxes';
import { textPieces } from './source';
import { TimestampScanner } from './time';
import { EventFields, isAttributeElement, NAME } from './xesKeys';

/** An event the serial reader passes to `emit` (its trace id may be missing). */
export const IN_TRACE = 0;
/** An event outside any trace: the serial reader adds it with no case, unfiltered. */
export const OUTSIDE_TRACE = 1;
/** Flag: the event has a `time:timestamp`. */
export const HAS_TIME = 2;
/** Flag: that timestamp does not parse (the serial reader throws if the event passes the filter). */
export const BAD_TIME = 4;
/** Flag: the first event of its trace handed on (the trace's case id starts here; see xesTraceIds.ts). */
export const TRACE_FIRST = 8;

/** Per event, in the order the serial reader hands events on; -1 = attribute absent. */
export interface RangeEvents {
  count: number;
  /** IN_TRACE or OUTSIDE_TRACE, | HAS_TIME | BAD_TIME. */
  kind: Uint8Array;
  caseId: Int32Array;
  name: Int32Array;
  lifecycle: Int32Array;
  resource: Int32Array;
  /** UTC ms; NaN without a (parseable) time. */
  time: Float64Array;
  /** Indices above point into this table. */
  strings: string[];
  traces: number;
}

export type RangeResult = ({ ok: true } & RangeEvents) | { ok: false; problem: string };

/** Growable column store for one range's events. */
class Columns {
  count = 0;
  kind = new Uint8Array(1024);
  caseId = new Int32Array(1024);
  name = new Int32Array(1024);
  lifecycle = new Int32Array(1024);
  resource = new Int32Array(1024);
  time = new Float64Array(1024);

  push(kind: number, caseId: number, name: number, lifecycle: number, resource: number, time: number): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.caseId[i] = caseId;
    this.name[i] = name;
    this.lifecycle[i] = lifecycle;
    this.resource[i] = resource;
    this.time[i] = time;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const copy = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    this.kind = copy(this.kind, Uint8Array);
    this.caseId = copy(this.caseId, Int32Array);
    this.name = copy(this.name, Int32Array);
    this.lifecycle = copy(this.lifecycle, Int32Array);
    this.resource = copy(this.resource, Int32Array);
    this.time = copy(this.time, Float64Array);
  }

  /** Trimmed views, so the clone carries no unused capacity. */
  result(strings: string[], traces: number): RangeEvents {
    const n = this.count;
    return { count: n, kind: this.kind.slice(0, n), caseId: this.caseId.slice(0, n), name: this.name.slice(0, n), lifecycle: this.lifecycle.slice(0, n), resource: this.resource.slice(0, n), time: this.time.slice(0, n), strings, traces };
  }
}


/** Parses `bytes` (valid UTF-8, whole `<trace>` elements) as an XML fragment. */
export function parseXesRange(bytes: Buffer): RangeResult {
  const times = new TimestampScanner();
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const out = new Columns();
  let problem: string | undefined;
  let inTrace = false;
  let inEvent = false;
  let attrDepth = 0;
  let traceId = -1;
  let traces = 0;
  /** TRACE_FIRST until the current trace has handed on an event. */
  let first = 0;
  // Events before their trace's concept:name: [name, lifecycle, resource, kind, time] per event.
  let waiting: number[] = [];
  const ev = new EventFields();

  const timeOf = (raw: string | undefined): { flags: number; ms: number } => {
    if (raw === undefined) return { flags: 0, ms: NaN };
    const ms = times.parse(raw);
    return Number.isNaN(ms) ? { flags: HAS_TIME | BAD_TIME, ms } : { flags: HAS_TIME, ms };
  };
  const flushWaiting = (): void => {
    for (let i = 0; i < waiting.length; i += 5) {
      out.push(IN_TRACE | waiting[i + 3] | first, traceId, waiting[i], waiting[i + 1], waiting[i + 2], waiting[i + 4]);
      first = 0;
    }
    waiting = [];
  };

  const parser = new SaxesParser({ fragment: true, xmlns: false, position: false });
  parser.on('error', (err: Error) => {
    problem ??= err.message;
  });
  parser.on('opentag', (tag) => {
    if (attrDepth > 0) {
      attrDepth++;
      return;
    }
    if (isAttributeElement(tag.name)) {
      attrDepth = 1;
      const key = tag.attributes.key;
      const value = tag.attributes.value;
      if (key === undefined || value === undefined) return;
      if (inEvent) {
        ev.take(key, value);
      } else if (inTrace) {
        if (key === NAME) {
          traceId = intern(value);
          if (waiting.length > 0) flushWaiting();
        }
      }
      // A log-level attribute between traces is ignored, as the serial reader does.
      return;
    }
    switch (tag.name) {
      case 'event':
        inEvent = true;
        ev.clear();
        return;
      case 'trace':
        inTrace = true;
        traceId = -1;
        first = TRACE_FIRST;
        traces++;
        return;
      default:
        // <log>, <global>, <classifier>, <extension> belong in the header; the serial reader decides.
        problem ??= `a <${tag.name}> element among the traces`;
    }
  });
  parser.on('closetag', (tag) => {
    if (attrDepth > 0) {
      attrDepth--;
      return;
    }
    if (tag.name === 'event') {
      inEvent = false;
      if (!inTrace) {
        out.push(OUTSIDE_TRACE, -1, intern(ev.name), -1, -1, NaN);
        return;
      }
      const t = timeOf(ev.time);
      if (traceId >= 0) {
        out.push(IN_TRACE | t.flags | first, traceId, intern(ev.name), intern(ev.lifecycle), intern(ev.resource), t.ms);
        first = 0;
      }
      else waiting.push(intern(ev.name), intern(ev.lifecycle), intern(ev.resource), t.flags, t.ms);
    } else if (tag.name === 'trace') {
      flushWaiting();
      inTrace = false;
    }
  });

  for (const text of textPieces(bytes)) {
    parser.write(text);
    if (problem !== undefined) return { ok: false, problem };
  }
  parser.close();
  if (problem !== undefined) return { ok: false, problem };
  return { ok: true, ...out.result(strings, traces) };
}
