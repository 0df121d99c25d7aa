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

/**
 * Per prefix k = 1..n−1 of each fully timed case: its true next-event and remaining ms. `all` is
 * the whole case and `activities` a getter (a copy of the first k), so walking the prefixes of a
 * case of n events costs O(n), not O(n²), unless a caller asks for every prefix's copy.
 */
export interface TimedPrefix {
  readonly all: readonly string[];
  readonly k: number;
  readonly nextMs: number;
  readonly remainingMs: number;
  readonly activities: readonly string[];
}

/**
 * Prefixes a fit reads per case at most, evenly spaced over the case. A case longer than this
 * (a hostile one-case log of a million events, say) is sampled, not walked prefix by prefix.
 */
export const FIT_PREFIXES_PER_CASE = 2_000;

export function* timedCasePrefixes(cases: readonly Case[], minPrefix = 1, maxPerCase = Infinity): Generator<TimedPrefix> {
  for (const c of cases) {
    const n = c.events.length;
    if (n < 2 || !c.events.every((e) => Number.isFinite(e.time))) continue;
    const all = c.events.map((e) => e.activity);
    const end = c.events[n - 1].time;
    const first = Math.max(1, minPrefix);
    const count = n - first;
    const step = count > maxPerCase ? count / maxPerCase : 1;
    for (let j = 0; first + Math.floor(j * step) < n; j++) {
      const k = first + Math.floor(j * step);
      yield {
        all,
        k,
        nextMs: c.events[k].time - c.events[k - 1].time,
        remainingMs: end - c.events[k - 1].time,
        get activities() {
          return all.slice(0, k);
        },
      };
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

/** The same-length mean as a function of the prefix length k. */
function fitMeanByK(train: readonly Case[]): (k: number) => [number, number] {
  const byK = new Means();
  const all = new Means();
  for (const p of timedCasePrefixes(train, 1, FIT_PREFIXES_PER_CASE)) {
    byK.add(p.k, p.nextMs, p.remainingMs);
    all.add(0, p.nextMs, p.remainingMs);
  }
  const overall = all.get(0) ?? [0, 0];
  return (k) => byK.get(k) ?? overall;
}

export function fitMeanByLength(train: readonly Case[]): TimeBaseline {
  const byK = fitMeanByK(train);
  return (acts) => byK(acts.length);
}

/**
 * "The whole prefix" (h = ∞) reads at most this many last events: longer prefixes are unique
 * states in practice, and an unbounded key would make fitting quadratic in the case's length.
 */
export const WHOLE_PREFIX_CAP = 1_000;

/** The state key of a prefix under an abstraction and horizon (0 = ∞). */
export function stateKey(acts: readonly string[], abstraction: Abstraction, horizon: number): string {
  const tail = acts.slice(-(horizon > 0 ? horizon : WHOLE_PREFIX_CAP));
  if (abstraction === 'sequence') return JSON.stringify(tail);
  if (abstraction === 'set') return JSON.stringify([...new Set(tail)].sort());
  const counts = new Map<string, number>();
  for (const a of tail) counts.set(a, (counts.get(a) ?? 0) + 1);
  return JSON.stringify([...counts].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
}

/** stateKey of a walked prefix, reading only the tail it needs (no copy of the first k). */
export function prefixStateKey(p: TimedPrefix, abstraction: Abstraction, horizon: number): string {
  const h = horizon > 0 ? horizon : WHOLE_PREFIX_CAP;
  return stateKey(p.all.slice(Math.max(0, p.k - h), p.k), abstraction, horizon);
}

interface FittedStates {
  states: Means;
  byLength: (k: number) => [number, number];
}

function fitStates(train: readonly Case[], abstraction: Abstraction, horizon: number): FittedStates {
  const states = new Means();
  for (const p of timedCasePrefixes(train, 1, FIT_PREFIXES_PER_CASE)) states.add(prefixStateKey(p, abstraction, horizon), p.nextMs, p.remainingMs);
  return { states, byLength: fitMeanByK(train) };
}

export function fitTransitionSystem(train: readonly Case[], abstraction: Abstraction, horizon: number): TimeBaseline {
  const { states, byLength } = fitStates(train, abstraction, horizon);
  return (acts) => states.get(stateKey(acts, abstraction, horizon)) ?? byLength(acts.length);
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
  const val = [...timedCasePrefixes(validation, 1, FIT_PREFIXES_PER_CASE)];
  let best: Omit<ChosenTransitionSystem, 'predict'> = { abstraction: 'sequence', horizon: 1, validationMaeDays: Infinity };
  for (const abstraction of ['sequence', 'set', 'bag'] as const) {
    for (const horizon of HORIZONS) {
      const { states, byLength } = fitStates(fit, abstraction, horizon);
      let err = 0;
      for (const p of val) err += Math.abs((states.get(prefixStateKey(p, abstraction, horizon)) ?? byLength(p.k))[1] - p.remainingMs);
      const mae = val.length > 0 ? err / val.length / 86_400_000 : Infinity;
      if (mae < best.validationMaeDays) best = { abstraction, horizon, validationMaeDays: mae };
    }
  }
  return { ...best, predict: fitTransitionSystem(train, best.abstraction, best.horizon) };
}
