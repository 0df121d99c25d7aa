/**
 * OCEL 2.0 JSON (and OCEL 1.0 JSON) → events, flattened on one object type (see ocelFlatten).
 *
 * JSON has no record boundaries to stream on, so the text is read in chunks and parsed once,
 * with a size cap that turns a huge file into a clear error instead of an out-of-memory crash.
 */
import type { CaseBuilder } from '../data/cases';
import { flattenOcel, type OcelData } from './ocelFlatten';
import { readTextChunks } from './source';
import { LogError, type ReadOptions, type ReadReport } from './types';

export const MAX_OCEL_CHARS = 256 * 1024 * 1024;

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
function extract(doc: Json): OcelData | undefined {
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

  return flattenOcel(file, data, opts, builder, warnings);
}
