/**
 * The shapes `process-agent serve` reads and writes (see openapi.json, which documents the same
 * shapes for clients). Requests are validated into these types by validate.ts; nothing else in
 * the service looks at raw JSON.
 */
import type { NextStep } from '../agent/types';

/** One event of a running case, as a client sends it. */
export interface ServedEvent {
  activity: string;
  /** Epoch milliseconds (the request may give an ISO 8601 string or a number of ms). */
  timestamp?: number;
  resource?: string;
}

/** How much to predict; the defaults are `predict`'s. */
export interface PredictOptions {
  k: number;
  beam: number;
  maxSteps: number;
}

export const DEFAULT_OPTIONS: PredictOptions = { k: 5, beam: 3, maxSteps: 50 };

/** Upper bounds that keep one request's work bounded (a request past them gets a 400). */
export const LIMITS = {
  eventsPerCase: 10_000,
  casesPerBatch: 1_000,
  activityChars: 1_000,
  beam: 10,
  maxSteps: 200,
} as const;

export interface PredictCase {
  events: ServedEvent[];
}

export interface RemainingTime {
  expectedMs: number;
  p10Ms: number;
  p90Ms: number;
}

/** The time fields of an answer; null when the agent has no time heads or the case no events (timeFields.ts). */
export interface TimeFields {
  /** Expected (p50) milliseconds from the last event to the next one. */
  nextEventInMs: number | null;
  /** p10–p90 of that time. */
  nextEvent: { p10Ms: number; p90Ms: number } | null;
  /** Milliseconds from the last event to the end of the case: p50 as expectedMs, with p10 and p90. */
  remainingTime: RemainingTime | null;
}

export interface PredictResult extends TimeFields {
  /** The k most probable next activities, best first; `[END]` is the end of the case. */
  next: NextStep[];
  /** The likely rest of the case (beam search), without the end marker. */
  suffix: string[];
  /** Log-probability of that suffix and its end (predict --json's `suffix.logProb`). */
  suffixLogProb: number;
}

/** A request the service refuses: the HTTP status and one sentence saying what to fix. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
