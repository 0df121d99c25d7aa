/**
 * Time baselines, fitted on training cases only, for the prefix of the first k events:
 *   mean   the mean remaining time (and time to the next event) of training prefixes of the
 *          same length k (PGTNet's "DUMMY"); lengths never seen fall back to the overall mean.
 *   transition system   van der Aalst, Schonenberg & Song (2011): the state is an abstraction
 *          of the last h activities (sequence, set or bag; h = ∞ is the whole prefix), annotated
 *          with the mean time of the training prefixes in that state; a state never seen falls
 *          back to the same-length mean. Abstraction and horizon are chosen by MAE on the
 *          latest 20% of training cases (by start), then refitted on all training cases.
 */
import type { Case } from '../log/types';

export type Abstraction = 'sequence' | 'set' | 'bag';
/** Horizons tried; 0 stands for ∞ (the whole prefix). */
export const HORIZONS = [1, 2, 3, 4, 5, 0] as const;

/** A time predictor: the prefix's activities (k = length) and event times → [next event, remaining] in ms. */
export type TimeBaseline = (activities: readonly string[]) => [number, number];

/** Per prefix k = 1..n−1 of each fully timed case: activities, true next-event and remaining ms. */
export interface TimedPrefix {
  activities: readonly string[];
  k: number;
  nextMs: number;
  remainingMs: number;
}

export function* timedCasePrefixes(cases: readonly Case[], minPrefix = 1): Generator<TimedPrefix> {
  for (const c of cases) {
    const n = c.events.length;
    if (n < 2 || !c.events.every((e) => Number.isFinite(e.time))) continue;
    const acts = c.events.map((e) => e.activity);
    const end = c.events[n - 1].time;
    for (let k = Math.max(1, minPrefix); k < n; k++) {
      yield { activities: acts.slice(0, k), k, nextMs: c.events[k].time - c.events[k - 1].time, remainingMs: end - c.events[k - 1].time };
    }
  }
}

class Means {
  private readonly sums = new Map<string | number, [number, number, number]>();
  add(key: string | number, next: number, rem: number): void {
    const s = this.sums.get(key);
    if (s) {
      s[0] += next;
      s[1] += rem;
      s[2]++;
    } else this.sums.set(key, [next, rem, 1]);
  }
  get(key: string | number): [number, number] | undefined {
    const s = this.sums.get(key);
    return s ? [s[0] / s[2], s[1] / s[2]] : undefined;
  }
}

export function fitMeanByLength(train: readonly Case[]): TimeBaseline {
  const byK = new Means();
  const all = new Means();
  for (const p of timedCasePrefixes(train)) {
    byK.add(p.k, p.nextMs, p.remainingMs);
    all.add(0, p.nextMs, p.remainingMs);
  }
  const overall = all.get(0) ?? [0, 0];
  return (acts) => byK.get(acts.length) ?? overall;
}

/** The state key of a prefix under an abstraction and horizon (0 = ∞). */
export function stateKey(acts: readonly string[], abstraction: Abstraction, horizon: number): string {
  const tail = horizon > 0 ? acts.slice(-horizon) : acts;
  if (abstraction === 'sequence') return JSON.stringify(tail);
  if (abstraction === 'set') return JSON.stringify([...new Set(tail)].sort());
  const counts = new Map<string, number>();
  for (const a of tail) counts.set(a, (counts.get(a) ?? 0) + 1);
  return JSON.stringify([...counts].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
}

export function fitTransitionSystem(train: readonly Case[], abstraction: Abstraction, horizon: number): TimeBaseline {
  const states = new Means();
  for (const p of timedCasePrefixes(train)) states.add(stateKey(p.activities, abstraction, horizon), p.nextMs, p.remainingMs);
  const fallback = fitMeanByLength(train);
  return (acts) => states.get(stateKey(acts, abstraction, horizon)) ?? fallback(acts);
}

export interface ChosenTransitionSystem {
  abstraction: Abstraction;
  /** 0 = ∞ (the whole prefix). */
  horizon: number;
  /** Remaining-time MAE (days) on the validation cases that chose it. */
  validationMaeDays: number;
  predict: TimeBaseline;
}

/** The latest `fraction` of cases by start time (file order for ties and untimed cases). */
export function latestCases(cases: readonly Case[], fraction: number): { fit: Case[]; validation: Case[] } {
  const order = cases.map((c, i) => ({ c, i, t: c.events[0]?.time ?? NaN }));
  if (order.every((o) => Number.isFinite(o.t))) order.sort((a, b) => a.t - b.t || a.i - b.i);
  const cut = Math.max(1, Math.round(cases.length * (1 - fraction)));
  return { fit: order.slice(0, cut).map((o) => o.c), validation: order.slice(cut).map((o) => o.c) };
}

/** Chooses abstraction and horizon on validation, then refits on every training case. */
export function chooseTransitionSystem(train: readonly Case[], validationFraction = 0.2): ChosenTransitionSystem {
  const { fit, validation } = latestCases(train, validationFraction);
  const val = [...timedCasePrefixes(validation)];
  let best: Omit<ChosenTransitionSystem, 'predict'> = { abstraction: 'sequence', horizon: 1, validationMaeDays: Infinity };
  for (const abstraction of ['sequence', 'set', 'bag'] as const) {
    for (const horizon of HORIZONS) {
      const ts = fitTransitionSystem(fit, abstraction, horizon);
      let err = 0;
      for (const p of val) err += Math.abs(ts(p.activities)[1] - p.remainingMs);
      const mae = val.length > 0 ? err / val.length / 86_400_000 : Infinity;
      if (mae < best.validationMaeDays) best = { abstraction, horizon, validationMaeDays: mae };
    }
  }
  return { ...best, predict: fitTransitionSystem(train, best.abstraction, best.horizon) };
}
