/**
 * The one entry point for reading an event log: detect the format, stream the file through
 * its reader, and group the events into cases.
 */
import { CaseBuilder } from './cases';
import { readCsv } from './csv';
import { detectFormat } from './detect';
import { readOcel } from './ocel';
import { readOcelXml } from './ocelXml';
import { peekText } from './source';
import { DEFAULT_MAX_EVENTS, tooManyEvents } from './limits';
import { readXes } from './xes';
import type { EventLog, LogFormat, ReadOptions, ReadReport } from './types';

const READERS: Readonly<Record<LogFormat, typeof readCsv>> = { csv: readCsv, xes: readXes, ocel: readOcel };

/** OCEL comes as JSON or XML; the first character tells which. */
function readerFor(format: LogFormat, headText: string): typeof readCsv {
  if (format === 'ocel' && headText.replace(/^\uFEFF/, '').trimStart().startsWith('<')) return readOcelXml;
  return READERS[format];
}

/** Reads a CSV, XES (.xes, .xes.gz) or OCEL 2.0 (JSON or XML) log; bad input throws `LogError`. */
export async function readLog(file: string, opts: ReadOptions = {}): Promise<EventLog> {
  const head = await peekText(file);
  const format = detectFormat(file, head, opts.format);
  const maxEvents = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
  const builder = new CaseBuilder(maxEvents, () => {
    throw tooManyEvents(file, maxEvents);
  });
  const partial = await readerFor(format, head.text)(file, opts, builder);
  const { cases, warnings } = builder.finish();
  const report: ReadReport = { file, format, ...partial, warnings: [...partial.warnings, ...warnings] };
  return { cases, report };
}
