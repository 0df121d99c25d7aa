/**
 * The one entry point for reading an event log: detect the format, stream the file through
 * its reader, and group the events into cases.
 */
import { CaseBuilder } from '../data/cases';
import { readCsv } from './csv';
import { detectFormat } from './detect';
import { readOcel } from './ocel';
import { peekText } from './source';
import { readXes } from './xes';
import type { EventLog, LogFormat, ReadOptions, ReadReport } from './types';

const READERS: Record<LogFormat, typeof readCsv> = { csv: readCsv, xes: readXes, ocel: readOcel };

/** Reads a CSV, XES (.xes, .xes.gz) or OCEL 2.0 JSON log; bad input throws `LogError`. */
export async function readLog(file: string, opts: ReadOptions = {}): Promise<EventLog> {
  const head = await peekText(file);
  const format = opts.format ?? detectFormat(file, head);
  const builder = new CaseBuilder();
  const partial = await READERS[format](file, opts, builder);
  const { cases, warnings } = builder.finish();
  const report: ReadReport = { file, format, ...partial, warnings: [...partial.warnings, ...warnings] };
  return { cases, report };
}
