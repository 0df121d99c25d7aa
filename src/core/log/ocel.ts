/**
 * OCEL 2.0 JSON (and OCEL 1.0 JSON) → events, flattened on one object type: each object of
 * that type becomes a case holding every event related to it. An event related to two such
 * objects appears in both cases, as in standard flattening.
 *
 * JSON has no record boundaries to stream on, so the text is read in chunks and parsed once,
 * with a size cap that turns a huge file into a clear error instead of an out-of-memory crash.
 */
import type { CaseBuilder } from '../data/cases';
import { readTextChunks } from './source';
import { parseTimestamp } from './time';
import { LogError, type ReadOptions, type ReadReport } from './types';

export const MAX_OCEL_CHARS = 256 * 1024 * 1024;

interface FlatEvent {
  activity: string | undefined;
  time: string | undefined;
  objectIds: string[];
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Normalises OCEL 2.0 (`objects`, `events`) and OCEL 1.0 (`ocel:objects`, `ocel:events`). */
function extract(doc: Json): { objectType: Map<string, string>; events: FlatEvent[] } | undefined {
  const objectType = new Map<string, string>();
  if (Array.isArray(doc.events) && Array.isArray(doc.objects)) {
    for (const o of doc.objects) if (isObj(o) && str(o.id) !== undefined && str(o.type) !== undefined) objectType.set(str(o.id)!, str(o.type)!);
    const events = doc.events.filter(isObj).map((e) => ({
      activity: str(e.type),
      time: str(e.time),
      objectIds: arr(e.relationships).filter(isObj).map((r) => str(r.objectId)).filter((x): x is string => x !== undefined),
    }));
    return { objectType, events };
  }
  if (isObj(doc['ocel:events']) && isObj(doc['ocel:objects'])) {
    for (const [id, o] of Object.entries(doc['ocel:objects'])) if (isObj(o) && str(o['ocel:type'])) objectType.set(id, str(o['ocel:type'])!);
    const events = Object.values(doc['ocel:events']).filter(isObj).map((e) => ({
      activity: str(e['ocel:activity']),
      time: str(e['ocel:timestamp']),
      objectIds: arr(e['ocel:omap']).map(str).filter((x): x is string => x !== undefined),
    }));
    return { objectType, events };
  }
  return undefined;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export async function readOcel(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const warnings: string[] = [];
  const parts: string[] = [];
  let size = 0;
  for await (const text of readTextChunks(file, warnings, opts.signal)) {
    size += text.length;
    if (size > MAX_OCEL_CHARS) throw new LogError(file, `the OCEL JSON is larger than ${MAX_OCEL_CHARS >> 20} MiB`, 'Flatten it to CSV first (e.g. with pm4py) and read the CSV');
    parts.push(text);
  }
  const text = parts.join('');
  if (text.trim().length === 0) throw new LogError(file, 'the file is empty', 'Export the log again');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    throw new LogError(file, `the JSON is not valid (${(err as Error).message})`, 'The file may be truncated; export it again', m ? lineOf(text, Number(m[1])) : undefined);
  }
  const data = isObj(doc) ? extract(doc) : undefined;
  if (!data) throw new LogError(file, 'the JSON is not OCEL (no "objects" and "events" lists)', 'Export the log as OCEL 2.0 JSON');

  const relations = new Map<string, number>();
  for (const e of data.events) for (const id of e.objectIds) {
    const t = data.objectType.get(id);
    if (t !== undefined) relations.set(t, (relations.get(t) ?? 0) + 1);
  }
  const objectTypes = [...new Set(data.objectType.values())].sort();
  let chosen = opts.objectType;
  if (chosen === undefined) {
    chosen = [...relations].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (chosen === undefined) throw new LogError(file, 'no event is related to any object', 'Check the OCEL export; flattening needs event-to-object relationships');
    warnings.push(`flattened on object type "${chosen}" (most related events); others: ${objectTypes.filter((t) => t !== chosen).join(', ') || 'none'}`);
  } else if (!objectTypes.includes(chosen)) {
    throw new LogError(file, `the object type "${chosen}" is not in the log`, `Choose one of: ${objectTypes.join(', ')}`);
  }
  for (const e of data.events) {
    let time = NaN;
    if (e.time !== undefined) {
      time = parseTimestamp(e.time);
      if (Number.isNaN(time)) throw new LogError(file, `cannot read the event time "${e.time.slice(0, 60)}"`, 'OCEL times are ISO 8601, e.g. 2022-01-09T14:00:00Z');
    }
    for (const id of e.objectIds) if (data.objectType.get(id) === chosen) builder.add(id, e.activity, time);
  }
  return { warnings, objectTypes, objectType: chosen };
}
