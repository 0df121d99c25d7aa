/**
 * OCEL 2.0 XML (.xmlocel) → events, streamed through saxes, then flattened like the JSON form.
 * Only what flattening needs is kept: object id → type, and per event its type, time and
 * related object ids. DTD entities are refused as in the XES reader.
 */
import { SaxesParser } from 'saxes';
import type { CaseBuilder } from '../data/cases';
import { flattenOcel, type OcelData, type OcelEvent } from './ocelFlatten';
import { readTextChunks } from './source';
import { LogError, type ReadOptions, type ReadReport } from './types';

export async function readOcelXml(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const warnings: string[] = [];
  const parser = new SaxesParser({ position: true, xmlns: false });
  const data: OcelData = { objectType: new Map(), events: [] };
  let current: OcelEvent | undefined;
  let sawObjectTypes = false;
  const fail = (problem: string, hint: string): never => {
    throw new LogError(file, problem, hint, parser.line, parser.column);
  };
  parser.on('doctype', (doctype: string) => {
    if (/<!ENTITY/i.test(doctype)) fail('the file declares XML entities in a DOCTYPE, which are not expanded for safety', 'OCEL XML needs no DOCTYPE; remove the <!DOCTYPE …> block');
  });
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
  parser.on('error', (err: Error) => {
    fail(`the XML is not well-formed: ${err.message.replace(/^.*?:\d+:\d+: /, '')}`, 'The file may be truncated; export it again');
  });
  for await (const text of readTextChunks(file, warnings, opts.signal)) parser.write(text);
  parser.close();
  if (!sawObjectTypes) throw new LogError(file, 'the XML has no <object-types>, so it is not OCEL 2.0 XML', 'Export the log as OCEL 2.0 (XML or JSON)');
  return flattenOcel(file, data, opts, builder, warnings);
}
