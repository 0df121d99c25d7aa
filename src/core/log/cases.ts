/**
 * Events → cases. Every reader feeds a `CaseBuilder`; it normalises labels, drops events
 * without a case or an activity (and counts them), and sorts each case stably by time so that
 * equal timestamps keep file order.
 */
import type { Case, LogEvent } from './types';

/** Trim and fold inner whitespace (tabs, newlines, runs of spaces) to one space. */
export function normaliseLabel(raw: string): string {
  const t = raw.trim();
  return /\s\s|[\t\n\r\f\v\u00a0]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

/**
 * `s.trim()`, without the call when both ends are printable ASCII (almost every parsed field):
 * hot loops call this once per field.
 */
export function trimmed(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const z = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && z > 32 && z < 127 ? s : s.trim();
}

export class CaseBuilder {
  private readonly byId = new Map<string, Case>();
  private readonly order: Case[] = [];
  /** raw label → normalised label; also makes equal labels share one string. */
  private readonly labels = new Map<string, string>();
  /** Resource and lifecycle values: few distinct, repeated on every event. */
  private readonly strings = new Map<string, string>();
  /**
   * The raw id and case of the last event. Logs are mostly grouped by case, so comparing the
   * parser's fresh id string with the previous one (a short memcmp) skips hashing it for the Map.
   */
  private lastRawId: string | undefined;
  private lastCase: Case | undefined;
  /** Events offered so far, kept or dropped. */
  private count = 0;
  private noCase = 0;
  private noActivity = 0;

  /**
   * `maxEvents`: the most events offered before `onLimit` is called (it throws; see log/limits.ts);
   * one comparison per event.
   */
  constructor(
    private readonly maxEvents = Infinity,
    private readonly onLimit: () => never = () => {
      throw new Error(`more than ${maxEvents} events`);
    },
  ) {}

  /** Adds one event in file order; returns it, or undefined when it was dropped. */
  add(caseId: string | undefined, activity: string | undefined, time: number, resource?: string, lifecycle?: string): LogEvent | undefined {
    if (++this.count > this.maxEvents) this.onLimit();
    let c: Case | undefined;
    if (caseId !== undefined && caseId === this.lastRawId) c = this.lastCase;
    else {
      const id = caseId === undefined ? '' : trimmed(caseId);
      if (id.length === 0) {
        this.noCase++;
        return undefined;
      }
      c = this.byId.get(id);
      if (c !== undefined) {
        this.lastRawId = caseId;
        this.lastCase = c;
      } else {
        // A new case is created only once its first event is known to have an activity.
        const label = this.label(activity);
        if (label.length === 0) {
          this.noActivity++;
          return undefined;
        }
        c = { id, events: [] };
        this.byId.set(id, c);
        this.order.push(c);
        this.lastRawId = caseId;
        this.lastCase = c;
        return this.push(c, label, time, resource, lifecycle);
      }
    }
    const label = this.label(activity);
    if (label.length === 0) {
      this.noActivity++;
      return undefined;
    }
    return this.push(c!, label, time, resource, lifecycle);
  }

  private label(activity: string | undefined): string {
    if (activity === undefined) return '';
    let label = this.labels.get(activity);
    if (label === undefined) {
      label = normaliseLabel(activity);
      this.labels.set(activity, label);
    }
    return label;
  }

  private push(c: Case, activity: string, time: number, resource: string | undefined, lifecycle: string | undefined): LogEvent {
    // Each event is created whole by one of two literals (never grown property by property), so
    // a log's events share one hidden class and later stages' reads stay monomorphic. Without
    // resource and lifecycle (most CSVs) the smaller shape saves 16 bytes per event: measured
    // ~3% of a steady-state bpi_12_w_tax.csv read, where fresh heap pages (page faults) are
    // half the cost. Events share their case's id and interned strings, so the fresh strings
    // a parser made for this row die young.
    const r = resource === undefined || resource === '' ? undefined : this.intern(resource);
    const l = lifecycle === undefined || lifecycle === '' ? undefined : this.intern(lifecycle);
    const event: LogEvent = r === undefined && l === undefined ? { activity, time } : { activity, time, resource: r, lifecycle: l };
    c.events.push(event);
    return event;
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** Forgets every event, as if new (a reader that gave up part-way starts again). */
  reset(): void {
    this.byId.clear();
    this.order.length = 0;
    this.labels.clear();
    this.strings.clear();
    this.lastRawId = this.lastCase = undefined;
    this.count = this.noCase = this.noActivity = 0;
  }

  /** Events offered so far, kept or dropped. */
  get offered(): number {
    return this.count;
  }

  /** Cases in order of first appearance, each sorted by time; plus warnings. */
  finish(): { cases: Case[]; warnings: string[] } {
    const warnings: string[] = [];
    if (this.noCase > 0) warnings.push(`dropped ${this.noCase} event${this.noCase === 1 ? '' : 's'} with no case id`);
    if (this.noActivity > 0) warnings.push(`dropped ${this.noActivity} event${this.noActivity === 1 ? '' : 's'} with no activity`);
    let untimed = 0;
    for (const c of this.order) if (!sortCaseByTime(c)) untimed++;
    if (untimed > 0) warnings.push(`${untimed} case${untimed === 1 ? ' has' : 's have'} events without a timestamp; kept in file order`);
    return { cases: this.order, warnings };
  }
}

/**
 * Sorts a case's events by time, ties in file order: events arrive in file order and
 * Array.prototype.sort is stable. A case with any untimed event has no meaningful time order,
 * so it stays in file order; returns false then.
 */
export function sortCaseByTime(c: Case): boolean {
  const ev = c.events;
  let sorted = true;
  for (let i = 0; i < ev.length; i++) {
    if (Number.isNaN(ev[i].time)) return false;
    if (i > 0 && ev[i].time < ev[i - 1].time) sorted = false;
  }
  if (!sorted) ev.sort((x, y) => x.time - y.time);
  return true;
}

/** The activity sequence of each case. */
export function traces(cases: readonly Case[]): string[][] {
  return cases.map((c) => c.events.map((e) => e.activity));
}

/** Start and end time of a case (NaN when it has no timed event). */
export function caseSpan(c: Case): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  // NaN compares false both ways, so untimed events are skipped.
  for (const e of c.events) {
    if (e.time < start) start = e.time;
    if (e.time > end) end = e.time;
  }
  return start === Infinity ? { start: NaN, end: NaN } : { start, end };
}
