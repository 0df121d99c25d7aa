/**
 * What an agent folder serves for each time target (remaining time, time to the next event):
 * the agent's quantile heads, the annotated transition system, or a blend of the two p50s in
 * log space — chosen at train time on the validation prefixes (agent/servedTimeChoice.ts), and
 * only on a significant paired gain over the agent. Saved in the checkpoint header as
 * `servedTime` with the transition system's table, so it changes with the weights in one
 * generation; applied in predictTimesBatch (agent/timePrediction.ts), which predict, eval, the
 * service, hover and inline completion all call. A header without it serves the agent.
 *
 * The p50 served for a prefix is fromLog(w·log(ts) + (1 − w)·log(agent)), log = log1p of the
 * hours (the scale the heads learn in); w = 0 is the agent, w = 1 the transition system. Its
 * p10–p90 band is the agent's, in log space, moved to the served p50 and widened by
 * `intervalScale` (chosen on validation for 80 % coverage, as the heads' own widening is).
 */
import { TimeTable, type TimeTableJSON } from '../eval/timeTable';
import type { ServedTimeChoice } from '../eval/timeScore';
import type { PrefixQuery, TimeQuantiles } from './timeModel';

export type { ServedTimeChoice, ServedTimeKind } from '../eval/timeScore';

export interface ServedTimeJSON {
  version: 1;
  remainingTime: ServedTimeChoice;
  nextEventTime: ServedTimeChoice;
  /** The transition system, fitted on every training case; present when either target uses it. */
  table?: TimeTableJSON;
}

export const AGENT_TIME: ServedTimeChoice = { kind: 'agent', name: 'agent', weight: 0, reason: 'the agent folder holds no validated time choice (trained before it existed)' };

const HOUR = 3_600_000;
const toLog = (ms: number) => Math.log1p(Math.max(0, ms) / HOUR);
const fromLog = (v: number) => Math.expm1(Math.max(0, v)) * HOUR;

/**
 * One target's served quantiles from the agent's [p10, p50, p90] and the transition system's
 * point prediction (ms), per the choice: w = 0 returns the agent's unchanged.
 */
export function blendQuantiles(agent: readonly [number, number, number], ts: number, weight: number, intervalScale = 1): [number, number, number] {
  if (weight <= 0) return [agent[0], agent[1], agent[2]];
  const a = agent.map(toLog);
  const mid = weight * toLog(ts) + (1 - weight) * a[1];
  return [fromLog(mid - intervalScale * (a[1] - a[0])), fromLog(mid), fromLog(mid + intervalScale * (a[2] - a[1]))];
}

/** The rule predictTimesBatch applies: the choice per target and the table it reads. */
export class ServedTimeRule {
  constructor(readonly remainingTime: ServedTimeChoice, readonly nextEventTime: ServedTimeChoice, readonly table?: TimeTable) {}

  /** True when both targets serve the agent (nothing to apply). */
  get isAgent(): boolean {
    return this.remainingTime.weight <= 0 && this.nextEventTime.weight <= 0;
  }

  /** The served quantiles for each query, from the agent's (`predicted[i]` answers `queries[i]`). */
  apply(queries: readonly PrefixQuery[], predicted: readonly TimeQuantiles[]): TimeQuantiles[] {
    const table = this.table;
    if (this.isAgent || !table) return [...predicted];
    const r = this.remainingTime;
    const n = this.nextEventTime;
    return predicted.map((p, i) => {
      const [next, rem] = table.predict(queries[i].activities.slice(0, queries[i].k));
      return { nextEvent: blendQuantiles(p.nextEvent, next, n.weight, n.intervalScale), remaining: blendQuantiles(p.remaining, rem, r.weight, r.intervalScale) };
    });
  }

  toJSON(): ServedTimeJSON {
    return { version: 1, remainingTime: this.remainingTime, nextEventTime: this.nextEventTime, ...(this.table && !this.isAgent ? { table: this.table.toJSON() } : {}) };
  }
}

function readChoice(x: unknown, bad: (what: string) => Error): ServedTimeChoice {
  if (typeof x !== 'object' || x === null) throw bad('has an unreadable served time choice');
  const c = x as Partial<ServedTimeChoice>;
  const kinds: unknown[] = ['agent', 'transition-system', 'blend'];
  if (!kinds.includes(c.kind) || typeof c.name !== 'string' || typeof c.reason !== 'string' || typeof c.weight !== 'number' || !(c.weight >= 0 && c.weight <= 1)) throw bad('has an unreadable served time choice');
  if (c.intervalScale !== undefined && !(typeof c.intervalScale === 'number' && c.intervalScale > 0)) throw bad('has an unreadable served time band');
  return c as ServedTimeChoice;
}

/** Reads the header's `servedTime` (absent: the agent for both targets); the loader names the file in any error. */
export function readServedTime(json: unknown): ServedTimeRule {
  if (json === undefined) return new ServedTimeRule(AGENT_TIME, AGENT_TIME);
  const bad = (what: string) => new Error(`${what}; retrain the agent with this version`);
  if (typeof json !== 'object' || json === null || (json as { version?: unknown }).version !== 1) throw bad('has an unreadable served time choice');
  const j = json as Record<string, unknown>;
  const rule = new ServedTimeRule(readChoice(j.remainingTime, bad), readChoice(j.nextEventTime, bad), j.table !== undefined ? TimeTable.fromJSON(j.table) : undefined);
  if (!rule.isAgent && !rule.table) throw bad('serves the transition system for time but holds no table');
  return rule;
}

const days = (x: number | undefined) => `${(x ?? NaN).toFixed(2)} d`;

function clause(target: string, c: ServedTimeChoice): string {
  const v = c.validation;
  if (c.kind === 'agent') return `${target}: the agent${v && c.z !== undefined ? ` (best alternative ${days(v.servedMaeDays)} vs the agent's ${days(v.agentMaeDays)} on validation, z = ${c.z}, below 1.64)` : ` (${c.reason})`}`;
  return `${target}: ${c.name} (${v ? `validation MAE ${days(v.servedMaeDays)} vs the agent's ${days(v.agentMaeDays)}; ` : ''}${c.reason})`;
}

/** The one sentence train prints, e.g. "Time predictions serve remaining time: the transition system (…); next event: the agent (…)." */
export function describeServedTime(rule: Pick<ServedTimeRule, 'remainingTime' | 'nextEventTime'>): string {
  return `Time predictions serve ${clause('remaining time', rule.remainingTime)}; ${clause('next event', rule.nextEventTime)}.`;
}
