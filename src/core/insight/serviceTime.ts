/**
 * Median service time per activity, from XES lifecycle `start` / `complete` pairs. A `start`
 * is matched with the next `complete` of the same activity in the case (first in, first out,
 * so overlapping instances pair in order). With the `name+lifecycle` classifier the two events
 * carry labels "A+start" and "A+complete"; both nodes get A's service time.
 */
import type { Case } from '../log/types';
import { median } from './quantile';

/** The activity name without a `+<lifecycle>` suffix the classifier added. */
function baseName(activity: string, lifecycle: string): string {
  const suffix = `+${lifecycle}`;
  return activity.toLowerCase().endsWith(suffix.toLowerCase()) ? activity.slice(0, -suffix.length) : activity;
}

const cache = new WeakMap<readonly Case[], Map<string, number>>();

/** Activity label → median service time (ms), for the labels that have start/complete pairs. */
export function serviceTimes(cases: readonly Case[]): Map<string, number> {
  const hit = cache.get(cases);
  if (hit) return hit;
  const durations = new Map<string, number[]>();
  const labelsOf = new Map<string, Set<string>>();
  for (const c of cases) {
    let open: Map<string, number[]> | undefined;
    for (const e of c.events) {
      const lc = e.lifecycle?.toLowerCase();
      if (lc !== 'start' && lc !== 'complete') continue;
      const base = baseName(e.activity, e.lifecycle!);
      let labels = labelsOf.get(base);
      if (!labels) labelsOf.set(base, (labels = new Set()));
      labels.add(e.activity);
      if (lc === 'start') {
        open ??= new Map();
        let q = open.get(base);
        if (!q) open.set(base, (q = []));
        q.push(e.time);
      } else {
        const started = open?.get(base)?.shift();
        if (started === undefined || Number.isNaN(started) || Number.isNaN(e.time)) continue;
        let d = durations.get(base);
        if (!d) durations.set(base, (d = []));
        d.push(e.time - started);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [base, d] of durations) {
    const m = median(d);
    for (const label of labelsOf.get(base) ?? []) out.set(label, m);
  }
  cache.set(cases, out);
  return out;
}
