/**
 * The time fields of an answer (`nextEventInMs`, `nextEvent`, `remainingTime`), from the agent's
 * time heads through core/agent/timePrediction.ts's `predictTimesBatch` (what `predict` uses), so
 * a served answer's times equal `predict --json`'s. Concurrent requests share one batched run
 * (Coalescer). An agent without time heads, or a case with no events yet, answers null.
 */
import type { ProcessAgent } from '../agent/processAgent';
import { predictTimesBatch, type TimePrediction } from '../agent/timePrediction';
import type { TimedEvent } from '../agent/timeInputs';
import { Coalescer } from './coalescer';
import type { ServedEvent, TimeFields } from './types';

export const NO_TIMES: TimeFields = { nextEventInMs: null, nextEvent: null, remainingTime: null };

/** Whether `agent` predicts times (GET /v1/model's `timeHeads`). */
export function hasTimeHeads(agent: ProcessAgent): boolean {
  return agent.timeModel !== undefined;
}

function fields(p: TimePrediction | undefined): TimeFields {
  return p ? { nextEventInMs: p.nextEventInMs, nextEvent: { ...p.nextEvent }, remainingTime: { ...p.remainingTime } } : NO_TIMES;
}

/** Batched time fields for one loaded agent. */
export class TimeFieldSource {
  private readonly coalescer?: Coalescer<readonly TimedEvent[], TimePrediction | undefined>;

  constructor(agent: ProcessAgent) {
    if (hasTimeHeads(agent)) this.coalescer = new Coalescer(async (cases) => (await predictTimesBatch(agent, cases)) ?? cases.map(() => undefined));
  }

  async forCases(cases: readonly (readonly ServedEvent[])[]): Promise<TimeFields[]> {
    if (!this.coalescer) return cases.map(() => NO_TIMES);
    const timed = cases.map((events) => events.map((e): TimedEvent => (e.timestamp === undefined ? { activity: e.activity } : { activity: e.activity, time: e.timestamp })));
    return (await this.coalescer.run(timed)).map(fields);
  }
}
