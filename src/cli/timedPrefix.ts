/**
 * The prefix `predict` is asked about: steps on the command line, each optionally with its time
 * ("Check credit@2024-03-01T10:00", UTC unless the text names a zone), or a JSON file of events
 * (`[{"activity": "...", "timestamp": "...", "resource": "..."}]` or `{"events": [...]}`). An agent
 * trained on resources or gaps reads them, as it did on the log.
 */
import { readFileSync } from 'node:fs';
import { parseTimestamp } from '../core/log/time';
import type { TimedEvent } from '../core/agent/timePrediction';
import { UserError } from './options';

/** "A@time" → {activity: A, time}; a text whose part after the last @ is no timestamp is all activity. */
export function parseStep(text: string): TimedEvent {
  const at = text.lastIndexOf('@');
  if (at > 0) {
    const time = parseTimestamp(text.slice(at + 1).trim());
    if (Number.isFinite(time)) return { activity: text.slice(0, at).trim(), time };
  }
  return { activity: text };
}

export function readEventsFile(file: string): TimedEvent[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: cannot read a JSON file of events (${(e as Error).message}); give [{"activity": "...", "timestamp": "2024-03-01T10:00"}]`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { events?: unknown })?.events;
  if (!Array.isArray(list)) throw new UserError(`${file}: expected a JSON array of events or {"events": [...]}`);
  return list.map((e, i) => {
    const ev = e as { activity?: unknown; timestamp?: unknown; time?: unknown; resource?: unknown };
    if (typeof ev?.activity !== 'string' || ev.activity.trim() === '') throw new UserError(`${file}: event ${i + 1} has no "activity" string`);
    const out: TimedEvent = { activity: ev.activity.trim() };
    if (ev.resource !== undefined && ev.resource !== null) {
      if (typeof ev.resource !== 'string') throw new UserError(`${file}: event ${i + 1} has a "resource" that is not a string: ${JSON.stringify(ev.resource)}`);
      // As the log readers keep it (untrimmed), so it meets the name the agent learnt.
      if (ev.resource !== '') out.resource = ev.resource;
    }
    const stamp = ev.timestamp ?? ev.time;
    if (stamp === undefined || stamp === null) return out;
    const time = typeof stamp === 'number' ? stamp : typeof stamp === 'string' ? parseTimestamp(stamp.trim()) : NaN;
    if (!Number.isFinite(time)) throw new UserError(`${file}: event ${i + 1} has a timestamp that is not a date: ${JSON.stringify(stamp)}`);
    out.time = time;
    return out;
  });
}
