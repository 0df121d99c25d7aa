/**
 * The one entry point for time predictions (the prediction service and the CLI call it):
 * for each case, the expected time to its next event and to its end, with p10–p90 for the
 * remaining time. The point value is the p50 head, which minimises absolute error.
 */
import type { Device } from '../runtime';
import type { EngineModel } from '../train/engineModel';
type JsonValue = Readonly<Record<string, unknown>>;
import type { ProcessAgent } from './processAgent';
import { decodePhi, TimeModel, TimeRunner, type PrefixQuery } from './timeModel';
import { readTimeHeadJSON } from './timeHeadJson';
import type { TimedEvent } from './timeInputs';

export type { TimedEvent } from './timeInputs';

export interface TimePrediction {
  /** Expected milliseconds from the last given event to the next one (p50). */
  nextEventInMs: number;
  /** p10–p90 of the time to the next event. */
  nextEvent: { p10Ms: number; p90Ms: number };
  /** Milliseconds from the last given event to the end of the case: p50 as `expectedMs`, with p10 and p90. */
  remainingTime: { expectedMs: number; p10Ms: number; p90Ms: number };
}

/** Attaches the time heads saved in a checkpoint header (if any) to an agent. */
export function attachTimeModel(agent: ProcessAgent, timeHead: JsonValue | undefined, options: { device?: Device; threads?: number; log?: (m: string) => void } = {}): void {
  if (timeHead === undefined || timeHead === null) return;
  const model = agent.model as EngineModel;
  try {
    const json = readTimeHeadJSON(timeHead);
    const trunk = json.trunk !== undefined ? { cfg: model.cfg, params: decodeTrunk(json.trunk, model) } : model;
    // A decoded trunk copy is this runner's own array, never trained in place: its θ can be baked in.
    agent.timeModel = new TimeModel(json, new TimeRunner(trunk, agent.tokenizer, options.device, options.threads, json.trunk !== undefined));
  } catch (e) {
    // Next-activity predictions do not need the heads: an unusable head only costs the times.
    options.log?.(`time predictions are off: ${(e as Error).message}`);
  }
}

/** The time heads' own trunk θ, checked against the agent's trunk size. */
function decodeTrunk(b64: string, model: EngineModel): Float32Array {
  const theta = decodePhi(b64);
  if (theta.length !== model.params.length) throw new Error(`the time trunk has ${theta.length} weights; this agent's trunk has ${model.params.length}`);
  return theta;
}

/**
 * Time predictions for many cases in one batched pass (trunk, then head). Each case is its
 * events so far, oldest first; times are UTC ms (omit them when unknown: the heads then predict
 * from the activities alone). Returns undefined for an agent without time heads; a case with
 * no events gets undefined in its slot.
 */
export async function predictTimesBatch(
  agent: ProcessAgent,
  cases: readonly (readonly TimedEvent[])[],
  /** Per case, the trunk's state after its events where the caller already has it (the service's decode runs). */
  hidden?: readonly (Float32Array | undefined)[],
): Promise<(TimePrediction | undefined)[] | undefined> {
  const model = agent.timeModel;
  if (!model) return undefined;
  const queries: PrefixQuery[] = [];
  const given: (Float32Array | undefined)[] = [];
  const slot: number[] = [];
  cases.forEach((events, i) => {
    if (events.length === 0) return;
    const activities = events.map((e) => e.activity);
    const times = events.map((e) => e.time);
    // The events' resources and gaps as the next-activity predictions read them (ProcessAgent.featuresOf).
    queries.push({ activities, times, k: events.length, features: agent.featuresOf(events) });
    given.push(hidden?.[i]);
    slot.push(i);
  });
  const out: (TimePrediction | undefined)[] = cases.map(() => undefined);
  // What train validated (agent/servedTime.ts): the heads, the transition system or a blend.
  const raw = await model.predict(queries, given);
  const predicted = agent.servedTime ? agent.servedTime.apply(queries, raw) : raw;
  predicted.forEach((p, j) => {
    out[slot[j]] = {
      nextEventInMs: p.nextEvent[1],
      nextEvent: { p10Ms: p.nextEvent[0], p90Ms: p.nextEvent[2] },
      remainingTime: { expectedMs: p.remaining[1], p10Ms: p.remaining[0], p90Ms: p.remaining[2] },
    };
  });
  return out;
}

/** One case: `predictTimesBatch` with a single case. Undefined without time heads or events. */
export async function predictTimes(agent: ProcessAgent, events: readonly TimedEvent[]): Promise<TimePrediction | undefined> {
  return (await predictTimesBatch(agent, [events]))?.[0];
}

/**
 * Expected timestamps (UTC ms) of predicted `steps` that follow `events`: each step's time is
 * the previous one's plus the p50 time to the next event, predicted with the steps so far.
 * Without a time on the last event the offsets count from 0 (the time of that event).
 * Undefined for an agent without time heads.
 */
export async function suffixTimes(agent: ProcessAgent, events: readonly TimedEvent[], steps: readonly string[]): Promise<number[] | undefined> {
  if (!agent.timeModel || events.length === 0) return agent.timeModel ? [] : undefined;
  const last = events[events.length - 1].time;
  const known = last !== undefined && Number.isFinite(last);
  const sofar: TimedEvent[] = known ? [...events] : events.map((e) => ({ activity: e.activity }));
  let now = known ? last : 0;
  const out: number[] = [];
  for (const step of steps) {
    const p = await predictTimes(agent, sofar);
    now += p?.nextEventInMs ?? 0;
    out.push(now);
    sofar.push(known ? { activity: step, time: now } : { activity: step });
  }
  return out;
}
