/**
 * A cap on the activity vocabulary. A log with a million distinct activities (ids written into
 * the activity column, a free-text field chosen by mistake) would otherwise build a million-row
 * embedding and output layer: 51M parameters and 17 GB measured for 800k activities. Activities
 * beyond the `maxActivities - 1` most frequent in the training cases become one activity,
 * OTHER_ACTIVITY, in the training and test cases alike, and the trainer says how many.
 * The tokenizer maps activities it does not know to OTHER when it has it (tokenize/activity.ts),
 * so `predict` and `eval` on a capped agent read rare activities the way training did.
 */
import type { Case } from '../log/types';
import { OTHER_ACTIVITY } from '../tokenize/other';

export { OTHER_ACTIVITY };
export const DEFAULT_MAX_ACTIVITIES = 2000;

export interface CapResult {
  /** Distinct activities in the training cases before the cap. */
  distinct: number;
  /** Activities folded into OTHER_ACTIVITY (0: none, the cap was not reached). */
  folded: number;
  /** Training events that now read OTHER_ACTIVITY. */
  foldedEvents: number;
}

/** Renames every `rare` activity of `train` and `test` to OTHER_ACTIVITY, in place; returns the training events renamed. */
function foldInto(rare: ReadonlySet<string>, train: readonly Case[], test: readonly Case[]): number {
  let foldedEvents = 0;
  for (const cases of [train, test]) {
    for (const c of cases) {
      for (const e of c.events) {
        if (rare.has(e.activity)) {
          e.activity = OTHER_ACTIVITY;
          if (cases === train) foldedEvents++;
        }
      }
    }
  }
  return foldedEvents;
}

/** Folds rare activities of `train` (and the same labels in `test`) into OTHER_ACTIVITY, in place. */
export function capActivities(train: readonly Case[], test: readonly Case[], maxActivities = DEFAULT_MAX_ACTIVITIES): CapResult {
  const counts = new Map<string, number>();
  for (const c of train) for (const e of c.events) counts.set(e.activity, (counts.get(e.activity) ?? 0) + 1);
  if (counts.size <= maxActivities) return { distinct: counts.size, folded: 0, foldedEvents: 0 };
  // Most frequent first; Map order (first appearance) breaks ties, so the cut is deterministic.
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const rare = new Set(ranked.slice(Math.max(1, maxActivities - 1)).map(([a]) => a));
  const foldedEvents = foldInto(rare, train, test);
  return { distinct: counts.size, folded: rare.size, foldedEvents };
}

/**
 * The cap for a fine-tune: the agent's activities (`known`) keep their ids and embeddings, so
 * only the new ones compete for the room left under the cap, most frequent first, as a fresh
 * train's do; the rest fold into OTHER_ACTIVITY (which takes a slot of its own if the agent had
 * none). An agent already at the cap folds every new activity. In place, like capActivities.
 */
export function capNewActivities(train: readonly Case[], test: readonly Case[], known: readonly string[], maxActivities = DEFAULT_MAX_ACTIVITIES): CapResult {
  const have = new Set(known);
  const counts = new Map<string, number>();
  for (const c of train) for (const e of c.events) if (!have.has(e.activity)) counts.set(e.activity, (counts.get(e.activity) ?? 0) + 1);
  const room = maxActivities - have.size;
  if (counts.size <= room) return { distinct: have.size + counts.size, folded: 0, foldedEvents: 0 };
  const keep = Math.max(0, have.has(OTHER_ACTIVITY) ? room : room - 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const rare = new Set(ranked.slice(keep).map(([a]) => a));
  const foldedEvents = foldInto(rare, train, test);
  return { distinct: have.size + counts.size, folded: rare.size, foldedEvents };
}

export function describeCap(r: CapResult, maxActivities: number): string | undefined {
  if (r.folded === 0) return undefined;
  return `the training cases have ${r.distinct.toLocaleString('en')} distinct activities, more than the cap of ${maxActivities.toLocaleString('en')}: the ${r.folded.toLocaleString('en')} rarest (${r.foldedEvents.toLocaleString('en')} events) were folded into one activity "${OTHER_ACTIVITY}"; raise the cap with --max-activities N`;
}
