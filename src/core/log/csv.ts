/**
 * CSV → events, streaming through csv-parse. The delimiter is sniffed, a BOM and CRLF are
 * handled, columns are detected by name (or mapped), and timestamps are parsed per column.
 */
import { Parser, CsvError, type Options as CsvOptions } from 'csv-parse';
import type { CaseBuilder } from '../data/cases';
import { detectColumns, detectDelimiter, type DetectedColumns } from './columns';
import { LifecyclePolicy } from './lifecycle';
import { readUtf8Chunks, peekText } from './source';
import { PENDING, TimeColumn } from './time';
import { LogError, type ReadOptions, type ReadReport } from './types';

/** No real record is this long; a bigger one is a broken or hostile file, not a log. */
export const MAX_RECORD_CHARS = 1 << 20;

function csvError(file: string, err: CsvError | Error): LogError {
  const e = err as CsvError & { lines?: number; column?: number | string };
  const line = typeof e.lines === 'number' ? e.lines : undefined;
  switch (e.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return new LogError(file, `a record is longer than ${MAX_RECORD_CHARS} characters (a single huge line, or a quote that never closes)`, 'Check the file around this line; event logs have short records', line);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new LogError(file, 'a quoted field is never closed', 'Look for a stray double quote (") on or after this line', line);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new LogError(file, 'a double quote appears in the middle of a field', 'Quote the whole field and double inner quotes ("")', line);
    default:
      return new LogError(file, `the CSV cannot be parsed (${e.message})`, 'Check the file is a delimited text export', line);
  }
}

/**
 * csv-parse's stream, with each record handed to `onRecord` the moment it is parsed, while
 * `info.lines` still names its line. Overriding `push` skips the readable-side buffering and
 * the per-record info object that `on_record` would allocate.
 */
class RecordParser extends Parser {
  constructor(
    options: CsvOptions,
    private readonly onRecord: (record: string[], line: number) => void,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    this.onRecord(record as string[], this.info.lines);
    return true;
  }
}

export async function readCsv(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const warnings: string[] = [];
  const head = await peekText(file);
  const headText = head.text.replace(/^\uFEFF/, '');
  // Excel writes a first line "sep=;" naming the delimiter; honour it and skip the line.
  const excelSep = /^sep=(.)\r?\n/i.exec(headText);
  const delimiter = excelSep ? excelSep[1] : detectDelimiter(headText);
  const lifecycle = new LifecyclePolicy(opts);
  let cols: DetectedColumns | undefined;
  let times: TimeColumn | undefined;
  let headerLine = 0;
  let rows = 0;
  let caseIx = 0;
  let actIx = 0;
  let timeIx = -1;
  let resIx = -1;
  let lcIx = -1;

  const onRecord = (rec: string[], line: number): void => {
    if (cols === undefined) {
      if (rec.length === 1 && rec[0].trim() === '') return; // blank lines before the header
      headerLine = line;
      cols = detectColumns(file, rec, opts.columns);
      warnings.push(...cols.warnings);
      ({ caseId: caseIx, activity: actIx, time: timeIx, resource: resIx, lifecycle: lcIx } = cols.index);
      if (timeIx >= 0) times = new TimeColumn(file, rec[timeIx], opts.dayFirst);
      return;
    }
    rows++;
    const lc = lcIx >= 0 ? rec[lcIx] : undefined;
    if (!lifecycle.passes(lc)) return;
    let time = NaN;
    if (times !== undefined && timeIx < rec.length) time = times.parse(rec[timeIx].trim(), line);
    const event = builder.add(rec[caseIx], lifecycle.label(rec[actIx], lc), time, resIx >= 0 ? rec[resIx] : undefined, lc);
    if (time === PENDING && event !== undefined) times!.defer(event);
  };

  const parser = new RecordParser(
    {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      from_line: excelSep ? 2 : 1,
    },
    onRecord,
  );
  let failure: unknown;
  parser.on('error', (e) => (failure ??= e));
  const ended = new Promise<void>((resolve) => parser.on('finish', resolve).on('close', resolve));
  try {
    for await (const bytes of readUtf8Chunks(file, warnings, opts.signal)) {
      if (failure) break;
      if (!parser.write(bytes)) {
        // An errored stream never drains; its 'close' ends the wait instead.
        await new Promise<void>((resolve) => {
          const done = (): void => {
            parser.off('drain', done).off('close', done);
            resolve();
          };
          parser.on('drain', done).on('close', done);
        });
      }
    }
    if (!failure) {
      parser.end();
      await ended;
    }
  } finally {
    parser.destroy();
  }
  if (failure) {
    if (failure instanceof LogError) throw failure;
    throw csvError(file, failure as Error);
  }
  if (cols === undefined) throw new LogError(file, 'the file has no header row and no records', 'Export the log with a header row naming the columns');
  if (rows === 0) warnings.push(`the file has a header (line ${headerLine}) but no events`);
  if (times === undefined) warnings.push('no timestamp column was found; events keep their file order');
  const dateOrder = times?.resolve();
  const note = lifecycle.note();
  if (note) warnings.push(note);
  return { columns: cols.mapping, dateOrder, warnings };
}
