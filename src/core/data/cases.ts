/**
 * Events → cases. Every reader feeds a `CaseBuilder`; it normalises labels, drops events
 * without a case or an activity (and counts them), and sorts each case stably by time so that
 * equal timestamps keep file order.
 */
import type { Case, LogEvent } from '../log/types';

/** Trim and fold inner whitespace (tabs, newlines, runs of spaces) to one space. */
export function normaliseLabel(raw: string): string {
  const t = raw.trim();
  return /\s\s|[\t\n\r\f\v\u00a0]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

export class CaseBuilder {
  private readonly byId = new Map<string, Case>();
  private readonly order: Case[] = [];
  /** raw label → normalised label; also makes equal labels share one string. */
  private readonly labels = new Map<string, string>();
  /** Resource and lifecycle values: few distinct, repeated on every event. */
  private readonly strings = new Map<string, string>();
  private seq = 0;
  private noCase = 0;
  private noActivity = 0;

  /** Adds one event in file order; returns it, or undefined when it was dropped. */
  add(caseId: string | undefined, activity: string | undefined, time: number, resource?: string, lifecycle?: string): LogEvent | undefined {
    const seq = this.seq++;
    const id = caseId === undefined ? '' : caseId.trim();
    if (id.length === 0) {
      this.noCase++;
      return undefined;
    }
    let label = activity === undefined ? undefined : this.labels.get(activity);
    if (label === undefined) {
      if (activity === undefined) label = '';
      else {
        label = normaliseLabel(activity);
        this.labels.set(activity, label);
      }
    }
    if (label.length === 0) {
      this.noActivity++;
      return undefined;
    }
    let c = this.byId.get(id);
    if (c === undefined) {
      c = { id, events: [] };
      this.byId.set(id, c);
      this.order.push(c);
    }
    // Events share their case's id string and interned resource strings, so the fresh strings a
    // parser made for this row die young instead of being kept once per event.
    const event: LogEvent = { caseId: c.id, activity: label, time, seq };
    if (resource !== undefined && resource !== '') event.resource = this.intern(resource);
    if (lifecycle !== undefined && lifecycle !== '') event.lifecycle = this.intern(lifecycle);
    c.events.push(event);
    return event;
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /** Events offered so far, kept or dropped. */
  get offered(): number {
    return this.seq;
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
 * Sorts a case's events by time, ties in file order. A case with any untimed event has no
 * meaningful time order, so it stays in file order; returns false then.
 */
export function sortCaseByTime(c: Case): boolean {
  const ev = c.events;
  let sorted = true;
  for (let i = 0; i < ev.length; i++) {
    if (Number.isNaN(ev[i].time)) return false;
    if (i > 0 && (ev[i].time < ev[i - 1].time || (ev[i].time === ev[i - 1].time && ev[i].seq < ev[i - 1].seq))) sorted = false;
  }
  if (!sorted) ev.sort((x, y) => x.time - y.time || x.seq - y.seq);
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
