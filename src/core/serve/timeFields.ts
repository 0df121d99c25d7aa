/**
 * The time fields of an answer (`nextEventInMs`, `nextEvent`, `remainingTime`). Concurrent
 * requests share one batched time run (Coalescer), the way the batcher shares next-activity runs.
 *
 * The heads are core/agent/timePrediction.ts's predictTimesBatch (what `predict` uses), so served
 * times equal `predict --json`'s (within SERVED_TIME_TOLERANCE, rowDecoder.ts); an agent without
 * heads, or a case with no events, answers null. Where the heads read the next-activity trunk, a
 * case's trunk state comes from the decode run that gave its next activities (CaseJob.hidden: a
 * prefill, or a step from its kept cache), so the service runs that trunk once per case, not
 * twice; where no decode run gave it (an answer-cache hit, a case past the context), the heads'
 * own trunk pass computes it as before.
 */
import type { ProcessAgent } from '../agent/processAgent';
import { Coalescer } from './coalescer';
import { predictTimesBatch } from '../agent/timePrediction';
import type { ServedEvent, TimeFields } from './types';
import type { TimedEvent } from '../agent/timeInputs';

export interface ServedTimes {
  nextEventInMs: number;
  nextEvent: { p10Ms: number; p90Ms: number };
  remainingTime: { expectedMs: number; p10Ms: number; p90Ms: number };
}

interface TimeHeads {
  has(agent: ProcessAgent): boolean;
  /** Whether the heads can take trunk states from the next-activity decoder (else they are not waited for). */
  readsDecoderTrunk?(agent: ProcessAgent): boolean;
  /** Per case, or undefined without heads; a case without events gets undefined. `hidden[i]`: case i's trunk state, where known. */
  batch(agent: ProcessAgent, cases: readonly (readonly TimedEvent[])[], hidden?: readonly (Float32Array | undefined)[]): Promise<(ServedTimes | undefined)[] | undefined>;
}

const TIME_HEADS: TimeHeads | undefined = {
  has: (agent) => agent.timeModel !== undefined,
  readsDecoderTrunk: (agent) => agent.timeModel?.readsActivityTrunk ?? false,
  batch: predictTimesBatch,
};

interface TimeItem {
  events: readonly TimedEvent[];
  hidden?: Float32Array;
}

/** A served event as the agent's predictions take it (time and resource only where given). */
export function timedEvent(e: ServedEvent): TimedEvent {
  const out: TimedEvent = { activity: e.activity };
  if (e.timestamp !== undefined) out.time = e.timestamp;
  if (e.resource !== undefined) out.resource = e.resource;
  return out;
}

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
  private readonly coalescer?: Coalescer<TimeItem, ServedTimes | undefined>;
  /** Whether forCases waits for the cases' trunk states from the decoder. */
  private readonly readsDecoderTrunk: boolean;

  constructor(agent: ProcessAgent, heads: TimeHeads | undefined = TIME_HEADS) {
    this.readsDecoderTrunk = heads?.readsDecoderTrunk?.(agent) ?? false;
    if (heads?.has(agent)) {
      this.coalescer = new Coalescer(async (items) => {
        const cases = items.map((c) => c.events);
        const hidden = items.some((c) => c.hidden) ? items.map((c) => c.hidden) : undefined;
        return (await heads.batch(agent, cases, hidden)) ?? cases.map(() => undefined);
      });
    }
  }

  /** `hidden[i]`: resolves to case i's trunk state once its first round has run (CaseJob.hidden). */
  async forCases(cases: readonly (readonly ServedEvent[])[], hidden?: readonly Promise<Float32Array | undefined>[]): Promise<TimeFields[]> {
    if (!this.coalescer) return cases.map(() => NO_TIMES);
    const states = hidden && this.readsDecoderTrunk ? await Promise.all(hidden) : [];
    const items = cases.map((events, i): TimeItem => ({
      events: events.map(timedEvent),
      hidden: states[i],
    }));
    return (await this.coalescer.run(items)).map(fields);
  }
}
