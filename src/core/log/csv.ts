/**
 * CSV → events, streaming through papaparse. The delimiter is sniffed, a BOM and CRLF are
 * handled, columns are detected by name (or mapped), and timestamps are parsed per column.
 *
 * Why papaparse (not csv-parse, not uDSV): on bpi_12_w_tax.csv papaparse's string parser is
 * ~2× faster than csv-parse, whose per-field Buffer slices also fed most of the GC time.
 * uDSV is faster still but assumes every row has the header's column count (a short row
 * swallows the next line) and silently mis-reads unbalanced quotes, so it cannot give the
 * file:line errors this reader promises.
 */
import { Parser as PapaParser, type ParseError } from 'papaparse';
import { trimmed, type CaseBuilder } from './cases';
import { detectColumns, detectDelimiter, type DetectedColumns } from './columns';
import { LifecyclePolicy } from './lifecycle';
import { readTextChunks, peekText } from './source';
import { PENDING, TimeColumn } from './time';
import { LogError, type ReadOptions, type ReadReport } from './types';

/** No real record is this long; a bigger one is a broken or hostile file, not a log. */
export const MAX_RECORD_CHARS = 1 << 20;

function quoteError(file: string, err: ParseError, line: number): LogError {
  if (err.code === 'MissingQuotes') return new LogError(file, 'a quoted field is never closed', 'Look for a stray double quote (") on or after this line', line);
  if (err.code === 'InvalidQuotes') return new LogError(file, 'a double quote appears in the middle of a field', 'Quote the whole field and double inner quotes ("")', line);
  return new LogError(file, `the CSV cannot be parsed (${err.message})`, 'Check the file is a delimited text export', line);
}

function countNewlines(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i !== -1) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * Feeds text chunks to papaparse and hands each record to `onRecord` with the line it starts
 * on. Rows are split on "\n" (a trailing "\r" is cut), so LF, CRLF and a mix of both read
 * alike; the unfinished last row of each chunk is carried into the next one.
 */
class RecordSplitter {
  private readonly parser: PapaParser;
  private tail = '';
  /** The line on which the next row starts. */
  private line = 1;

  constructor(
    private readonly file: string,
    delimiter: string,
    newline: '\n' | '\r',
    private readonly onRecord: (record: string[], line: number) => void,
  ) {
    this.parser = new PapaParser({ delimiter, newline, quoteChar: '"' });
  }

  /** `text` comes in pieces of at most 64 KiB (readTextChunks), so few parsed rows are alive at once. */
  write(text: string): void {
    const input = this.tail.length > 0 ? this.tail + text : text;
    const consumed = this.parse(input, true);
    this.tail = input.slice(consumed);
    if (this.tail.length > MAX_RECORD_CHARS) {
      throw new LogError(
        this.file,
        `a record is longer than ${MAX_RECORD_CHARS} characters (a single huge line, or a quote that never closes)`,
        'Check the file around this line; event logs have short records',
        this.line,
      );
    }
  }

  end(): void {
    if (this.tail.length > 0) this.parse(this.tail, false);
    this.tail = '';
  }

  /** Parses complete rows of `input` (all of it when `!partial`); returns the characters used. */
  private parse(input: string, partial: boolean): number {
    const result = this.parser.parse(input, 0, partial) as { data: string[][]; errors: ParseError[]; meta: { cursor: number } };
    const rows = result.data;
    // Papa reports an error's row index; it may be the unfinished row not in `rows`.
    const firstErrorRow = result.errors.length > 0 ? Math.min(...result.errors.map((e) => e.row ?? rows.length)) : Infinity;
    // Only quoted fields can hold newlines, so lines need counting inside fields only then.
    const quoted = input.indexOf('"') !== -1;
    for (let r = 0; r < rows.length; r++) {
      if (r === firstErrorRow) break;
      const rec = rows[r];
      const line = this.line;
      this.line++;
      const last = rec[rec.length - 1];
      if (last.charCodeAt(last.length - 1) === 13) rec[rec.length - 1] = last.slice(0, -1);
      if (quoted) for (const field of rec) if (field.indexOf('\n') !== -1) this.line += countNewlines(field);
      if (rec.length === 1 && rec[0].length === 0) continue; // an empty line
      this.onRecord(rec, line);
    }
    if (firstErrorRow !== Infinity) throw quoteError(this.file, result.errors.find((e) => (e.row ?? rows.length) === firstErrorRow)!, this.line);
    return result.meta.cursor;
  }
}

/** The first 64 KiB are read to sniff the dialect. */
const PEEK_BYTES = 64 * 1024;

/** How a CSV file is written, read from its first 64 KiB. */
interface CsvDialect {
  delimiter: string;
  newline: '\n' | '\r';
  /** Excel's first line "sep=;" names the delimiter; it is not the header. */
  excelSepLine: boolean;
  /** The first 64 KiB as text, without a BOM. */
  headText: string;
  /** Whether `headText` is the whole file. */
  headIsWhole: boolean;
}

async function csvDialect(file: string): Promise<CsvDialect> {
  const head = await peekText(file, PEEK_BYTES);
  const headText = head.text.replace(/^\uFEFF/, '');
  const excelSep = /^sep=(.)\r?\n/i.exec(headText);
  return {
    delimiter: excelSep ? excelSep[1] : detectDelimiter(headText),
    // Old Mac exports end lines with a bare "\r"; everything else has "\n" (maybe after "\r").
    newline: headText.includes('\n') || !headText.includes('\r') ? '\n' : '\r',
    excelSepLine: excelSep !== null,
    headText,
    headIsWhole: head.bytes.length < PEEK_BYTES,
  };
}

/** Whether `rec` is a blank line (skipped before the header). */
function isBlankRecord(rec: string[]): boolean {
  return rec.length === 1 && rec[0].trim() === '';
}

/**
 * The header row readCsv would use (after Excel's "sep=" line and blank lines), and the
 * delimiter: for asking which column is which when names say nothing. Empty if the first
 * 64 KiB hold no complete row.
 */
export async function readCsvHeader(file: string): Promise<{ header: string[]; delimiter: string }> {
  const dialect = await csvDialect(file);
  let header: string[] | undefined;
  const splitter = new RecordSplitter(file, dialect.delimiter, dialect.newline, (rec, line) => {
    if (header !== undefined || (dialect.excelSepLine && line === 1) || isBlankRecord(rec)) return;
    header = rec;
  });
  splitter.write(dialect.headText);
  if (dialect.headIsWhole) splitter.end();
  return { header: header ?? [], delimiter: dialect.delimiter };
}

export async function readCsv(file: string, opts: ReadOptions, builder: CaseBuilder): Promise<Omit<ReadReport, 'file' | 'format'>> {
  const warnings: string[] = [];
  const { delimiter, newline, excelSepLine } = await csvDialect(file);
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
      if ((excelSepLine && line === 1) || isBlankRecord(rec)) return; // Excel's sep= line, blank lines before the header
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
    if (times !== undefined && timeIx < rec.length) time = times.parse(trimmed(rec[timeIx]), line);
    const event = builder.add(rec[caseIx], lifecycle.label(rec[actIx], lc), time, resIx >= 0 ? rec[resIx] : undefined, lc);
    if (time === PENDING && event !== undefined) times!.defer(event);
  };

  const splitter = new RecordSplitter(file, delimiter, newline, onRecord);
  for await (const text of readTextChunks(file, warnings, opts.signal, opts.maxBytes)) splitter.write(text);
  splitter.end();
  if (cols === undefined) throw new LogError(file, 'the file has no header row and no records', 'Export the log with a header row naming the columns');
  if (rows === 0) warnings.push(`the file has a header (line ${headerLine}) but no events`);
  if (times === undefined) warnings.push('no timestamp column was found; events keep their file order');
  const dateOrder = times?.resolve();
  const mixed = times?.formatNote();
  if (mixed) warnings.push(mixed);
  const note = lifecycle.note();
  if (note) warnings.push(note);
  return { columns: cols.mapping, dateOrder, warnings };
}
