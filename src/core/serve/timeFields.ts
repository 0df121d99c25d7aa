/**
 * The time fields of an answer (`nextEventInMs`, `remainingTime`). The time-prediction heads
 * (issue 14, part 1) are not in this tree yet, so every answer carries null for both, as
 * openapi.json documents. WIRING: when core exposes
 * `predictTimes(agent, events) → {nextEventInMs, remainingTime: {expectedMs, p10Ms, p90Ms}} | undefined`,
 * call it here and return its values (undefined → the nulls); `hasTimeHeads` then reports whether
 * the loaded agent has the heads, for GET /v1/model. Nothing else in the service changes.
 */
import type { ProcessAgent } from '../agent/processAgent';
import type { ServedEvent, TimeFields } from './types';

export const NO_TIMES: TimeFields = { nextEventInMs: null, remainingTime: null };

/** Whether `agent` predicts times (GET /v1/model's `timeHeads`). */
export function hasTimeHeads(agent: ProcessAgent): boolean {
  void agent;
  return false;
}

/** Time fields for many cases at once (one call per batch, so a batched time head fits here too). */
export async function timeFields(agent: ProcessAgent, cases: readonly (readonly ServedEvent[])[]): Promise<TimeFields[]> {
  if (!hasTimeHeads(agent)) return cases.map(() => NO_TIMES);
  return cases.map(() => NO_TIMES);
}
