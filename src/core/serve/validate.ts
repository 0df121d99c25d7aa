/**
 * Request validation: raw JSON → typed requests (types.ts), or an HttpError naming the field
 * (`cases[3].events[2].activity`) and what was wrong. Walks only the fields it expects, never
 * recursing into what a client nested, so deep or huge bodies cost no stack. Unknown activities
 * are a 422: the agent would otherwise answer for a different case than the one asked about.
 */
import { DEFAULT_OPTIONS, HttpError, LIMITS, type PredictCase, type PredictOptions, type ServedEvent } from './types';

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(message: string): HttpError {
  return new HttpError(400, message);
}

function onlyKeys(v: Record<string, Json>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) throw bad(`${where} has an unknown field "${key.slice(0, 100)}"; allowed: ${allowed.join(', ')}.`);
  }
}

/** Parses a body as JSON; a syntax error is a 400 that says so. */
export function parseJson(body: Buffer): Json {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw bad(`the request body is not valid JSON (${(e as Error).message}).`);
  }
}

function event(v: Json, where: string, known: ReadonlySet<string>): ServedEvent {
  if (!isObject(v)) throw bad(`${where} must be an object like {"activity": "Register"}.`);
  onlyKeys(v, ['activity', 'timestamp', 'resource'], where);
  const { activity, timestamp, resource } = v;
  if (typeof activity !== 'string' || activity.length === 0) throw bad(`${where}.activity must be a non-empty string.`);
  if (activity.length > LIMITS.activityChars) throw bad(`${where}.activity is longer than ${LIMITS.activityChars} characters.`);
  if (!known.has(activity)) {
    const sample = [...known].slice(0, 20).map((a) => JSON.stringify(a)).join(', ');
    throw new HttpError(422, `${where}.activity ${JSON.stringify(activity)} is not an activity this agent knows (GET /v1/model lists them; e.g. ${sample}).`);
  }
  const out: ServedEvent = { activity };
  if (timestamp !== undefined) {
    const ms = typeof timestamp === 'number' ? timestamp : typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
    if (!Number.isFinite(ms)) throw bad(`${where}.timestamp must be an ISO 8601 string or epoch milliseconds.`);
    out.timestamp = ms;
  }
  if (resource !== undefined) {
    if (typeof resource !== 'string') throw bad(`${where}.resource must be a string.`);
    out.resource = resource;
  }
  return out;
}

function predictCase(v: Json, where: string, known: ReadonlySet<string>, extraKeys: readonly string[]): PredictCase {
  if (!isObject(v)) throw bad(`${where || 'the body'} must be an object like {"events": [{"activity": "Register"}]}.`);
  onlyKeys(v, ['events', ...extraKeys], where || 'the body');
  const events = v.events;
  const at = where ? `${where}.events` : 'events';
  if (!Array.isArray(events)) throw bad(`${at} must be an array of events.`);
  if (events.length > LIMITS.eventsPerCase) throw bad(`${at} has ${events.length} events; at most ${LIMITS.eventsPerCase}.`);
  return { events: events.map((e, i) => event(e, `${at}[${i}]`, known)) };
}

function integer(v: Json, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`${name} must be an integer from ${min} to ${max}.`);
  return v;
}

const OPTION_KEYS = ['k', 'beam', 'maxSteps'] as const;

function options(v: Record<string, Json>, candidates: number): PredictOptions {
  return {
    k: v.k === undefined ? Math.min(DEFAULT_OPTIONS.k, candidates) : integer(v.k, 'k', 1, candidates),
    beam: v.beam === undefined ? DEFAULT_OPTIONS.beam : integer(v.beam, 'beam', 1, LIMITS.beam),
    maxSteps: v.maxSteps === undefined ? DEFAULT_OPTIONS.maxSteps : integer(v.maxSteps, 'maxSteps', 0, LIMITS.maxSteps),
  };
}

/** `POST /v1/predict` body: `{events, k?, beam?, maxSteps?}`. `candidates`: activities + END. */
export function predictRequest(body: Json, known: ReadonlySet<string>, candidates: number): { case: PredictCase; options: PredictOptions } {
  const c = predictCase(body, '', known, OPTION_KEYS);
  return { case: c, options: options(body as Record<string, Json>, candidates) };
}

/** `POST /v1/predict/batch` body: `{cases: [{events}], k?, beam?, maxSteps?}`. */
export function batchRequest(body: Json, known: ReadonlySet<string>, candidates: number): { cases: PredictCase[]; options: PredictOptions } {
  if (!isObject(body)) throw bad('the body must be an object like {"cases": [{"events": [{"activity": "Register"}]}]}.');
  onlyKeys(body, ['cases', ...OPTION_KEYS], 'the body');
  const cases = body.cases;
  if (!Array.isArray(cases)) throw bad('cases must be an array of {"events": [...]} objects.');
  if (cases.length > LIMITS.casesPerBatch) throw bad(`cases has ${cases.length} entries; at most ${LIMITS.casesPerBatch} per call.`);
  return { cases: cases.map((c, i) => predictCase(c, `cases[${i}]`, known, [])), options: options(body, candidates) };
}
