/**
 * OCEL 2.0 JSON (and OCEL 1.0 JSON) → events, flattened on one object type (see ocelFlatten).
 *
 * Streamed through @streamparser/json: the parser hands over one object or event at a time
 * (`keepStack: false` drops each once handled), and only what flattening needs is kept: object
 * id → type, and per event its type, time and related object ids. So memory grows with the
 * number of events, not with the size of the file (attributes, qualifiers and whitespace are
 * never held), and the top-level keys may come in any order.
 */
import { JSONParser } from '@streamparser/json';
import type { CaseBuilder } from './cases';
import { flattenOcel, type OcelData } from './ocelFlatten';
import { lineAtByte, readUtf8Chunks } from './source';
import { LogError, type ReadOptions, type ReadReport } from './types';

type Json = Record<string, unknown>;

/** OCEL 2.0 lists objects and events in arrays; OCEL 1.0 keys them by id. */
const OCEL2_OBJECTS = 'objects';
const OCEL2_EVENTS = 'events';
const OCEL1_OBJECTS = 'ocel:objects';
const OCEL1_EVENTS = 'ocel:events';
const PATHS = [OCEL2_OBJECTS, OCEL2_EVENTS, OCEL1_OBJECTS, OCEL1_EVENTS].map((key) => `$.${key}.*`);

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Collects the parts of an OCEL document that flattening needs, one streamed value at a time. */
class OcelCollector {
  readonly data: OcelData = { objectType: new Map(), events: [] };
  /** Which top-level lists were seen, by key: their shape says which OCEL version this is. */
  private readonly seen = new Set<string>();
  /** Ids repeat in every relationship; one string per id keeps the events small. */
  private readonly ids = new Map<string, string>();

  /** One element of a top-level list; `key` is its index (OCEL 2.0) or its id (OCEL 1.0). */
  add(list: string, key: string | number | undefined, value: unknown, inArray: boolean): void {
    // A list of the wrong shape (an OCEL 2.0 key holding an object, or the reverse) is not OCEL.
    const ocel2 = list === OCEL2_OBJECTS || list === OCEL2_EVENTS;
    if (ocel2 !== inArray || !isObj(value)) return;
    this.seen.add(list);
    switch (list) {
      case OCEL2_OBJECTS: {
        const id = str(value.id);
        const type = str(value.type);
        if (id !== undefined && type !== undefined) this.data.objectType.set(this.id(id), type);
        return;
      }
      case OCEL1_OBJECTS: {
        const type = str(value['ocel:type']);
        if (key !== undefined && type !== undefined) this.data.objectType.set(this.id(String(key)), type);
        return;
      }
      case OCEL2_EVENTS: {
        const objectIds: string[] = [];
        const rels = value.relationships;
        if (Array.isArray(rels)) for (const r of rels) if (isObj(r) && str(r.objectId) !== undefined) objectIds.push(this.id(str(r.objectId)!));
        this.data.events.push({ activity: str(value.type), time: str(value.time), objectIds });
        return;
      }
      case OCEL1_EVENTS: {
        const objectIds: string[] = [];
        const omap = value['ocel:omap'];
        if (Array.isArray(omap)) for (const o of omap) if (str(o) !== undefined) objectIds.push(this.id(str(o)!));
        this.data.events.push({ activity: str(value['ocel:activity']), time: str(value['ocel:timestamp']), objectIds });
        return;
      }
      default:
        return;
    }
  }

  /** Both lists of one OCEL version were present (and non-empty). */
  isOcel(): boolean {
    return (this.seen.has(OCEL2_OBJECTS) && this.seen.has(OCEL2_EVENTS)) || (this.seen.has(OCEL1_OBJECTS) && this.seen.has(OCEL1_EVENTS));
  }

  private id(s: string): string {
    const known = this.ids.get(s);
    if (known !== undefined) return known;
    this.ids.set(s, s);
    return s;
  }
}

/** Whether `bytes` is only JSON whitespace. */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

/** The byte offset in a @streamparser/json error ("... (absolute position "123") ..."), if any. */
function errorOffset(message: string): number | undefined {
  const m = /absolute position "(\d+)"/.exec(message);
  return m ? Number(m[1]) : undefined;
}

export async function readOcel(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const warnings: string[] = [];
  const collector = new OcelCollector();
  const parser = new JSONParser({ paths: PATHS, keepStack: false });
  parser.onValue = ({ value, key, parent, stack }): void => {
    const list = stack[1]?.key;
    if (stack.length === 2 && typeof list === 'string') collector.add(list, key, value, Array.isArray(parent));
  };
  /** Bytes written so far: where a truncated document ends. */
  let bytes = 0;
  let blank = true;
  try {
    for await (let chunk of readUtf8Chunks(file, warnings, opts.signal, false, opts.maxBytes)) {
      if (bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      bytes += chunk.length;
      if (blank && !isBlank(chunk)) blank = false;
      if (!blank) parser.write(chunk);
    }
    if (blank) throw new LogError(file, 'the file is empty', 'Export the log again');
    // A complete top-level value ends the parser by itself; one still open means the text stopped early.
    if (!parser.isEnded) parser.end();
  } catch (err) {
    if (err instanceof LogError || (err as Error).name === 'AbortError') throw err;
    const message = (err as Error).message ?? String(err);
    const at = errorOffset(message);
    const problem = at === undefined ? 'the JSON ends before the document is complete' : `the JSON is not valid (${message.replace(/ at chunk position "\d+"/, '').replace(/ \(absolute position "\d+"\)/, '')})`;
    throw new LogError(file, problem, 'The file may be truncated or edited by hand; export it again', await lineAtByte(file, at ?? bytes));
  }
  if (!collector.isOcel()) {
    throw new LogError(
      file,
      'the JSON is not OCEL, or holds no objects or no events (it needs non-empty "objects" and "events" lists, or OCEL 1.0\'s "ocel:objects" and "ocel:events")',
      'Export the log as OCEL 2.0 JSON, with its objects and events',
    );
  }
  return flattenOcel(file, collector.data, opts, builder, warnings);
}
