/**
 * OCEL (JSON or XML) flattened on one object type: each object of that type becomes a case
 * holding every event related to it. An event related to two such objects appears in both
 * cases, as in standard flattening. Without a chosen type, the type with most relations wins.
 */
import type { CaseBuilder } from './cases';
import { TimestampScanner } from './time';
import { LogError, type ReadOptions, type ReadReport } from './types';

export interface OcelEvent {
  activity: string | undefined;
  time: string | undefined;
  objectIds: string[];
}

export interface OcelData {
  /** object id → object type */
  objectType: Map<string, string>;
  events: OcelEvent[];
}

export function flattenOcel(file: string, data: OcelData, opts: ReadOptions, builder: CaseBuilder, warnings: string[]): Omit<ReadReport, 'file' | 'format'> {
  const times = new TimestampScanner();
  const relations = new Map<string, number>();
  for (const e of data.events) {
    for (const id of e.objectIds) {
      const t = data.objectType.get(id);
      if (t !== undefined) relations.set(t, (relations.get(t) ?? 0) + 1);
    }
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
      time = times.parse(e.time);
      if (Number.isNaN(time)) throw new LogError(file, `cannot read the event time "${e.time.slice(0, 60)}"`, 'OCEL times are ISO 8601, e.g. 2022-01-09T14:00:00Z');
    }
    for (const id of e.objectIds) if (data.objectType.get(id) === chosen) builder.add(id, e.activity, time);
  }
  return { warnings, objectTypes, objectType: chosen };
}
