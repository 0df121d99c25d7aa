/**
 * The annotated transition system as data (van der Aalst, Schonenberg & Song 2011): per state
 * (an abstraction of the last h activities), the mean time to the next event and the mean
 * remaining time of the training prefixes in it, with the same-length mean (and then the overall
 * mean) for states never seen. eval/timeBaselines.ts scores it as a baseline; an agent folder that
 * serves it (agent/servedTime.ts) saves it with toJSON, so the table travels with the weights.
 */
import type { Case } from '../log/types';
import { FIT_PREFIXES_PER_CASE, prefixStateKey, stateKey, timedCasePrefixes, type Abstraction } from './timeBaselines';

/** [key, mean ms to the next event, mean remaining ms] rows; means rounded to whole ms. */
type Row<K> = [K, number, number];

export interface TimeTableJSON {
  kind: 'transition-system';
  version: 1;
  abstraction: Abstraction;
  /** 0 = ∞ (the whole prefix). */
  horizon: number;
  states: Row<string>[];
  byLength: Row<number>[];
  overall: [number, number];
}

function means<K>(add: (put: (key: K, next: number, rem: number) => void) => void): Map<K, [number, number]> {
  const sums = new Map<K, [number, number, number]>();
  add((key, next, rem) => {
    const s = sums.get(key);
    if (s) {
      s[0] += next;
      s[1] += rem;
      s[2]++;
    } else sums.set(key, [next, rem, 1]);
  });
  return new Map([...sums].map(([k, s]) => [k, [Math.round(s[0] / s[2]), Math.round(s[1] / s[2])]]));
}

export class TimeTable {
  private constructor(
    readonly abstraction: Abstraction,
    readonly horizon: number,
    private readonly states: Map<string, [number, number]>,
    private readonly byLength: Map<number, [number, number]>,
    private readonly overall: [number, number],
  ) {}

  /** Fitted on every prefix k = 1..n−1 of the fully timed `train` cases (sampled in cases longer than FIT_PREFIXES_PER_CASE). */
  static fit(train: readonly Case[], abstraction: Abstraction, horizon: number): TimeTable {
    const prefixes = [...timedCasePrefixes(train, 1, FIT_PREFIXES_PER_CASE)];
    const states = means<string>((put) => prefixes.forEach((p) => put(prefixStateKey(p, abstraction, horizon), p.nextMs, p.remainingMs)));
    const byLength = means<number>((put) => prefixes.forEach((p) => put(p.k, p.nextMs, p.remainingMs)));
    const overall = means<number>((put) => prefixes.forEach((p) => put(0, p.nextMs, p.remainingMs))).get(0) ?? [0, 0];
    return new TimeTable(abstraction, horizon, states, byLength, overall);
  }

  /** [ms to the next event, remaining ms] for the prefix `activities`. */
  predict(activities: readonly string[]): [number, number] {
    return this.states.get(stateKey(activities, this.abstraction, this.horizon)) ?? this.byLength.get(activities.length) ?? this.overall;
  }

  toJSON(): TimeTableJSON {
    return { kind: 'transition-system', version: 1, abstraction: this.abstraction, horizon: this.horizon, states: [...this.states].map(([k, [a, b]]) => [k, a, b]), byLength: [...this.byLength].map(([k, [a, b]]) => [k, a, b]), overall: this.overall };
  }

  /** Checks every field; throws a plain Error the loader wraps with the file's name. */
  static fromJSON(json: unknown): TimeTable {
    const bad = () => new Error('has an unreadable transition-system table; retrain the agent with this version');
    if (typeof json !== 'object' || json === null) throw bad();
    const j = json as Partial<TimeTableJSON>;
    const abstractions: unknown[] = ['sequence', 'set', 'bag'];
    if (j.kind !== 'transition-system' || j.version !== 1 || !abstractions.includes(j.abstraction) || typeof j.horizon !== 'number') throw bad();
    const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    const rows = <K>(r: unknown, key: (x: unknown) => x is K): Map<K, [number, number]> => {
      if (!Array.isArray(r)) throw bad();
      return new Map(r.map((row: unknown) => {
        if (!Array.isArray(row) || row.length !== 3 || !key(row[0]) || !num(row[1]) || !num(row[2])) throw bad();
        return [row[0], [row[1], row[2]]];
      }));
    };
    if (!Array.isArray(j.overall) || j.overall.length !== 2 || !j.overall.every(num)) throw bad();
    return new TimeTable(j.abstraction!, j.horizon, rows(j.states, (x): x is string => typeof x === 'string'), rows(j.byLength, num), [j.overall[0], j.overall[1]]);
  }
}
