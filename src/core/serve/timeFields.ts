/**
 * The time fields of an answer (`nextEventInMs`, `nextEvent`, `remainingTime`). Concurrent
 * requests share one batched time run (Coalescer), the way the batcher shares next-activity runs.
 *
 * The heads are core/agent/timePrediction.ts's predictTimesBatch (what `predict` uses), so served
 * times equal `predict --json`'s; an agent without heads, or a case with no events, answers null.
 */
import type { ProcessAgent } from '../agent/processAgent';
import { Coalescer } from './coalescer';
import { predictTimesBatch } from '../agent/timePrediction';
import type { ServedEvent, TimeFields } from './types';

/** One event as the time heads take it (UTC ms; absent when unknown). */
export interface TimedEvent {
  activity: string;
  time?: number;
}

export interface ServedTimes {
  nextEventInMs: number;
  nextEvent: { p10Ms: number; p90Ms: number };
  remainingTime: { expectedMs: number; p10Ms: number; p90Ms: number };
}

interface TimeHeads {
  has(agent: ProcessAgent): boolean;
  /** Per case, or undefined without heads; a case without events gets undefined. */
  batch(agent: ProcessAgent, cases: readonly (readonly TimedEvent[])[]): Promise<(ServedTimes | undefined)[] | undefined>;
}

const TIME_HEADS: TimeHeads | undefined = { has: (agent) => agent.timeModel !== undefined, batch: predictTimesBatch };

export const NO_TIMES: TimeFields = { nextEventInMs: null, nextEvent: null, remainingTime: null };

/** Whether `agent` predicts times (GET /v1/model's `timeHeads`). */
export function hasTimeHeads(agent: ProcessAgent): boolean {
  return TIME_HEADS?.has(agent) ?? false;
}

function fields(p: ServedTimes | undefined): TimeFields {
  return p ? { nextEventInMs: p.nextEventInMs, nextEvent: { ...p.nextEvent }, remainingTime: { ...p.remainingTime } } : NO_TIMES;
}

/** Batched time fields for one loaded agent. */
export class TimeFieldSource {
  private readonly coalescer?: Coalescer<readonly TimedEvent[], ServedTimes | undefined>;

  constructor(agent: ProcessAgent, heads: TimeHeads | undefined = TIME_HEADS) {
    if (heads?.has(agent)) this.coalescer = new Coalescer(async (cases) => (await heads.batch(agent, cases)) ?? cases.map(() => undefined));
  }

  async forCases(cases: readonly (readonly ServedEvent[])[]): Promise<TimeFields[]> {
    if (!this.coalescer) return cases.map(() => NO_TIMES);
    const timed = cases.map((events) => events.map((e): TimedEvent => (e.timestamp === undefined ? { activity: e.activity } : { activity: e.activity, time: e.timestamp })));
    return (await this.coalescer.run(timed)).map(fields);
  }
}
