/**
 * Summary statistics of a log: what `process-agent stats` prints and later tools read.
 */
import type { Case } from '../log/types';

export interface LogStats {
  cases: number;
  events: number;
  /** Distinct activity labels. */
  activities: number;
  /** Distinct activity sequences. */
  variants: number;
  traceLength: {
    min: number;
    median: number;
    mean: number;
    max: number;
    /** Number of cases per trace length, ascending by length. */
    histogram: { length: number; count: number }[];
  };
  /** Earliest and latest event time (ISO 8601, UTC), or null when the log has no timestamps. */
  timeSpan: { start: string; end: string; days: number } | null;
  /** Activities by frequency, most frequent first. */
  activityCounts: { activity: string; count: number }[];
}

export function computeStats(cases: readonly Case[]): LogStats {
  const lengths: number[] = [];
  const activityCount = new Map<string, number>();
  const variants = new Set<string>();
  let events = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const c of cases) {
    lengths.push(c.events.length);
    events += c.events.length;
    const seq: string[] = [];
    for (const e of c.events) {
      activityCount.set(e.activity, (activityCount.get(e.activity) ?? 0) + 1);
      seq.push(e.activity);
      if (e.time < start) start = e.time;
      if (e.time > end) end = e.time;
    }
    // \u0000 cannot occur in a label read from text, so joined sequences are distinct iff sequences are.
    variants.add(seq.join('\u0000'));
  }
  lengths.sort((a, b) => a - b);
  const n = lengths.length;
  const median = n === 0 ? 0 : n % 2 === 1 ? lengths[(n - 1) / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2;
  const histogram = new Map<number, number>();
  for (const l of lengths) histogram.set(l, (histogram.get(l) ?? 0) + 1);
  return {
    cases: n,
    events,
    activities: activityCount.size,
    variants: variants.size,
    traceLength: {
      min: n === 0 ? 0 : lengths[0],
      median,
      mean: n === 0 ? 0 : events / n,
      max: n === 0 ? 0 : lengths[n - 1],
      histogram: [...histogram].map(([length, count]) => ({ length, count })),
    },
    timeSpan: start === Infinity ? null : { start: new Date(start).toISOString(), end: new Date(end).toISOString(), days: (end - start) / 86_400_000 },
    activityCounts: [...activityCount].map(([activity, count]) => ({ activity, count })).sort((a, b) => b.count - a.count || a.activity.localeCompare(b.activity)),
  };
}
