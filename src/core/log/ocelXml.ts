/**
 * OCEL 2.0 XML (.xmlocel) → events, streamed through saxes, then flattened like the JSON form.
 * Only what flattening needs is kept: object id → type, and per event its type, time and
 * related object ids. DTD entities are refused (see strictSax.ts).
 */
import type { CaseBuilder } from './cases';
import { flattenOcel, type OcelData, type OcelEvent } from './ocelFlatten';
import { readTextChunks } from './source';
import { strictSaxParser } from './strictSax';
import { LogError, type ReadOptions, type ReadReport } from './types';

export async function readOcelXml(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const warnings: string[] = [];
  const { parser } = strictSaxParser(file, 'OCEL XML', 'The file may be truncated; export it again');
  const data: OcelData = { objectType: new Map(), events: [] };
  let current: OcelEvent | undefined;
  let sawObjectTypes = false;
  parser.on('opentag', (tag) => {
    const a = tag.attributes;
    switch (tag.name) {
      case 'object-types':
        sawObjectTypes = true;
        break;
      case 'object':
        if (a.id !== undefined && a.type !== undefined) data.objectType.set(a.id, a.type);
        break;
      case 'event':
        current = { activity: a.type, time: a.time, objectIds: [] };
        data.events.push(current);
        break;
      case 'relationship':
        // Inside <event><objects>; object-to-object relationships live under <object> instead.
        if (current !== undefined && a['object-id'] !== undefined) current.objectIds.push(a['object-id']);
        break;
      default:
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'event') current = undefined;
  });
  for await (const text of readTextChunks(file, warnings, opts.signal, opts.maxBytes)) parser.write(text);
  parser.close();
  if (!sawObjectTypes) throw new LogError(file, 'the XML has no <object-types>, so it is not OCEL 2.0 XML', 'Export the log as OCEL 2.0 (XML or JSON)');
  return flattenOcel(file, data, opts, builder, warnings);
}
