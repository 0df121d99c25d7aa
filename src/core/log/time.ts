/**
 * Timestamps → UTC milliseconds, fast (char codes, no regex, no Date parsing of strings).
 *
 * Accepted: ISO 8601 with or without zone (`2024-01-31T08:00:00.123+02:00`, `...Z`), the same
 * with a space, `YYYY/MM/DD ...`, day-or-month-first `DD-MM-YYYY HH:mm(:ss)` (also `/` and `.`),
 * a 12-hour clock with AM/PM after any of these, and epoch seconds or milliseconds. Times
 * without a zone are taken as UTC.
 * Day-first versus month-first is decided per column from the values by `TimeColumn`.
 */
import { LogError } from './types';

/** What `scan` found: a full date-time, an epoch number, or nothing usable. */
const enum Scan {
  Bad,
  Date,
  Epoch,
}

/** The two digits at `i` as a number, or -1. */
function twoDigits(str: string, i: number): number {
  const a = str.charCodeAt(i) - 48;
  const b = str.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function epochToMs(v: number): number {
  // 10-digit values are seconds (until 2286), 13-digit ones milliseconds.
  return Math.abs(v) < 1e11 ? Math.round(v * 1000) : Math.round(v);
}

/**
 * Scans timestamps, keeping the fields of the last value and the last calendar day it resolved
 * on the instance (no object per value, and no state shared between readers: each reader, and
 * each TimeColumn, owns one).
 */
export class TimestampScanner {
  /** Fields of the last `scan`: a-b-c are the date parts in the order written. */
  private a = 0;
  private b = 0;
  private c = 0;
  private h = 0;
  private mi = 0;
  private s = 0;
  private ms = 0;
  private offsetMin = 0;
  private yearFirst = true;
  private epochValue = 0;
  /** The value of the digits `digitsAt` last read. */
  private numValue = 0;
  /** The last calendar day `utc` resolved: logs come roughly in time order, so most values share it. */
  private lastYear = NaN;
  private lastMonth = NaN;
  private lastDay = NaN;
  private lastDayMs = NaN;

  /** Parses one unambiguous timestamp (ISO-like, year first, or epoch); NaN if it is not one. */
  parse(text: string): number {
    const k = this.scan(text);
    if (k === Scan.Epoch) return epochToMs(this.epochValue);
    if (k === Scan.Date && this.yearFirst) return this.utc(this.a, this.b, this.c);
    return NaN;
  }

  /** Outputs of `readColumnValue`: the value (plain), or both readings of an ambiguous date. */
  value = NaN;
  dayFirstMs = NaN;
  monthFirstMs = NaN;
  /** The ambiguous date's first and second parts, as written. */
  first = 0;
  second = 0;
  /** The last value's field order: 0 epoch, 1 year first, 2 day/month first (for format fingerprints). */
  order = 0;

  /**
   * For TimeColumn: 'plain' leaves the ms in `value`; 'ambiguous' (day/month order unknown)
   * leaves both readings in `dayFirstMs`/`monthFirstMs` and the parts in `first`/`second`.
   */
  readColumnValue(text: string): 'bad' | 'plain' | 'ambiguous' {
    const k = this.scan(text);
    if (k === Scan.Epoch) {
      this.value = epochToMs(this.epochValue);
      this.order = 0;
      return 'plain';
    }
    if (k !== Scan.Date) return 'bad';
    this.order = this.yearFirst ? 1 : 2;
    if (this.yearFirst) {
      this.value = this.utc(this.a, this.b, this.c);
      return Number.isNaN(this.value) ? 'bad' : 'plain';
    }
    this.dayFirstMs = this.utc(this.c, this.b, this.a);
    this.monthFirstMs = this.utc(this.c, this.a, this.b);
    this.first = this.a;
    this.second = this.b;
    return Number.isNaN(this.dayFirstMs) && Number.isNaN(this.monthFirstMs) ? 'bad' : 'ambiguous';
  }

  digitsAt(str: string, i: number, max: number): number {
    // Returns the count of consecutive digits from i (at most max); the value is in `this.numValue`.
    let n = 0;
    let v = 0;
    while (n < max && i + n < str.length) {
      const c = str.charCodeAt(i + n) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      n++;
    }
    this.numValue = v;
    return n;
  }

  /**
   * `YYYY-MM-DD[T ]HH:MM:SS` at fixed positions, the form nearly every log uses: read without
   * loops, then the general path's fraction/zone tail. False when `str` is not of that form.
   */
  scanIsoFast(str: string): boolean {
    if (str.length < 19 || str.charCodeAt(4) !== 45 || str.charCodeAt(7) !== 45 || str.charCodeAt(13) !== 58 || str.charCodeAt(16) !== 58) return false;
    const t = str.charCodeAt(10);
    if (t !== 84 && t !== 32) return false;
    const y1 = twoDigits(str, 0);
    const y2 = twoDigits(str, 2);
    const mo = twoDigits(str, 5);
    const d = twoDigits(str, 8);
    const h = twoDigits(str, 11);
    const mi = twoDigits(str, 14);
    const sec = twoDigits(str, 17);
    if ((y1 | y2 | mo | d | h | mi | sec) < 0) return false;
    this.yearFirst = true;
    this.a = y1 * 100 + y2;
    this.b = mo;
    this.c = d;
    this.h = h;
    this.mi = mi;
    this.s = sec;
    this.ms = this.offsetMin = 0;
    return true;
  }

  scan(str: string): Scan {
    if (this.scanIsoFast(str)) return this.scanZone(str, 19, true);
    let i = 0;
    const len = str.length;
    let n = this.digitsAt(str, 0, 20);
    if (n === 0) return Scan.Bad;
    if (n === len || (n >= 9 && str.charCodeAt(n) === 46 /* . */)) {
      if (n < 9) return Scan.Bad;
      this.epochValue = Number(str);
      return Number.isFinite(this.epochValue) ? Scan.Epoch : Scan.Bad;
    }
    const first = this.numValue;
    i = n;
    const sep = str.charCodeAt(i);
    if (sep !== 45 /* - */ && sep !== 47 /* / */ && sep !== 46 /* . */) return Scan.Bad;
    // YYYY-MM-DD (the day 1–2 digits) or DD-MM-YYYY / MM-DD-YYYY (the year exactly 4 digits).
    if (n !== 4 && n > 2) return Scan.Bad;
    this.yearFirst = n === 4;
    this.a = first;
    n = this.digitsAt(str, ++i, 2);
    if (n === 0 || str.charCodeAt(i + n) !== sep) return Scan.Bad;
    this.b = this.numValue;
    i += n + 1;
    n = this.digitsAt(str, i, this.yearFirst ? 2 : 4);
    if (n === 0 || (!this.yearFirst && n !== 4)) return Scan.Bad;
    this.c = this.numValue;
    i += n;
    this.h = this.mi = this.s = this.ms = this.offsetMin = 0;
    if (i === len) return Scan.Date;
    const t = str.charCodeAt(i);
    if (t !== 84 /* T */ && t !== 32 /* space */) return Scan.Bad;
    i++;
    n = this.digitsAt(str, i, 2);
    if (n === 0 || str.charCodeAt(i + n) !== 58 /* : */) return Scan.Bad;
    this.h = this.numValue;
    i += n + 1;
    n = this.digitsAt(str, i, 2);
    if (n !== 2) return Scan.Bad;
    this.mi = this.numValue;
    i += n;
    if (str.charCodeAt(i) === 58) {
      n = this.digitsAt(str, ++i, 2);
      if (n !== 2) return Scan.Bad;
      this.s = this.numValue;
      return this.scanZone(str, i + n, true);
    }
    return this.scanZone(str, i, false);
  }

  /**
   * The rest after the clock time at `i`: a fraction of a second (only after seconds), an
   * optional space, then nothing, `Z` or `±HH[:MM]`.
   */
  scanZone(str: string, i: number, afterSeconds: boolean): Scan {
    const len = str.length;
    let n: number;
    if (afterSeconds) {
      const dot = str.charCodeAt(i);
      if (dot === 46 || dot === 44 /* , */) {
        n = this.digitsAt(str, ++i, 9);
        if (n === 0) return Scan.Bad;
        // Fractions beyond milliseconds are truncated: `.123456` → 123 ms.
        this.ms = n >= 3 ? Math.floor(this.numValue / 10 ** (n - 3)) : this.numValue * 10 ** (3 - n);
        i += n;
      }
    }
    if (i < len && str.charCodeAt(i) === 32) i++;
    // A 12-hour clock's AM/PM, as US-locale spreadsheets export it: 12 AM is 0 h, 12 PM is 12 h.
    const ap = i + 1 < len ? str.charCodeAt(i) | 32 : 0;
    if ((ap === 97 /* a */ || ap === 112 /* p */) && (str.charCodeAt(i + 1) | 32) === 109 /* m */) {
      if (this.h < 1 || this.h > 12) return Scan.Bad;
      this.h = (this.h % 12) + (ap === 112 ? 12 : 0);
      i += 2;
      if (i < len && str.charCodeAt(i) === 32) i++;
    }
    if (i === len) return Scan.Date;
    const z = str.charCodeAt(i);
    if (z === 90 /* Z */ && i + 1 === len) return Scan.Date;
    if (z !== 43 /* + */ && z !== 45 /* - */) return Scan.Bad;
    n = this.digitsAt(str, ++i, 2);
    if (n !== 2) return Scan.Bad;
    let off = this.numValue * 60;
    i += 2;
    if (str.charCodeAt(i) === 58) i++;
    if (i < len) {
      n = this.digitsAt(str, i, 2);
      if (n !== 2 || i + 2 !== len) return Scan.Bad;
      off += this.numValue;
    }
    this.offsetMin = z === 45 ? -off : off;
    return Scan.Date;
  }

  utc(year: number, month: number, day: number): number {
    if (this.h > 23 || this.mi > 59 || this.s > 59) return NaN;
    // Date.UTC and the validity check cost ~100 ns; a repeated day skips both.
    if (year !== this.lastYear || month !== this.lastMonth || day !== this.lastDay) {
      let ms = month < 1 || month > 12 || day < 1 || day > 31 ? NaN : Date.UTC(year, month - 1, day);
      // Date.UTC rolls 31 April over to 1 May; a real calendar date does not.
      if (day > 28 && new Date(ms).getUTCDate() !== day) ms = NaN;
      this.lastYear = year;
      this.lastMonth = month;
      this.lastDay = day;
      this.lastDayMs = ms;
    }
    return this.lastDayMs + this.h * 3_600_000 + this.mi * 60_000 + this.s * 1000 + this.ms - this.offsetMin * 60_000;
  }
}

/** Parses one unambiguous timestamp (ISO-like, year first, or epoch); NaN if it is not one. A one-off: readers keep a TimestampScanner. */
export function parseTimestamp(text: string): number {
  return new TimestampScanner().parse(text);
}

/** Returned by `TimeColumn.parse` for a day/month-ambiguous value, settled later by `resolve`. */
export const PENDING = -Infinity;

interface Pending {
  target: { time: number };
  dayFirst: number;
  monthFirst: number;
  line: number;
}

/**
 * Parses one column's timestamps. Year-first and epoch values are parsed at once; for
 * `DD-MM-YYYY`-style values both readings are kept until all values are seen, then
 * `resolve()` picks the order the values prove (a first part > 12 means day-first) and says so.
 */
export class TimeColumn {
  private readonly scanner = new TimestampScanner();
  private pending: Pending[] = [];
  private lastDayFirst = 0;
  private lastMonthFirst = 0;
  private lastLine = 0;
  private provesDayFirst = 0;
  private provesMonthFirst = 0;
  private firstDayFirstLine = 0;
  private firstMonthFirstLine = 0;
  /** Value shapes seen (see `shapeOf`) → the first line with each, for the mixed-format warning. */
  private readonly shapes = new Map<number, number>();
  private lastShape = -1;

  constructor(
    private readonly file: string,
    readonly column: string,
    private readonly forcedDayFirst?: boolean,
  ) {}

  /** UTC ms; NaN for an empty value; `PENDING` for an ambiguous one (then call `defer`). */
  parse(text: string, line: number): number {
    if (text.length === 0) return NaN;
    const t = this.scanner;
    const k = t.readColumnValue(text);
    if (k !== 'bad') {
      const shape = shapeOf(text, t.order);
      if (shape !== this.lastShape) {
        this.lastShape = shape;
        if (!this.shapes.has(shape)) this.shapes.set(shape, line);
      }
    }
    if (k === 'plain') return t.value;
    if (k === 'ambiguous') {
      if (t.first > 12 && this.provesDayFirst++ === 0) this.firstDayFirstLine = line;
      if (t.second > 12 && this.provesMonthFirst++ === 0) this.firstMonthFirstLine = line;
      this.lastDayFirst = t.dayFirstMs;
      this.lastMonthFirst = t.monthFirstMs;
      this.lastLine = line;
      return PENDING;
    }
    throw new LogError(
      this.file,
      `cannot read the time "${text.length > 60 ? text.slice(0, 60) + '…' : text}" in column "${this.column}"`,
      'Expected ISO 8601 (2024-01-31T08:00:00Z), "YYYY-MM-DD HH:mm:ss", "DD-MM-YYYY HH:mm", "MM/DD/YYYY h:mm AM" or epoch seconds/milliseconds; fix the value or choose another column with --time-col',
      line,
    );
  }

  /** Attach the last `PENDING` value to the event that will carry it. */
  defer(target: { time: number }): void {
    this.pending.push({ target, dayFirst: this.lastDayFirst, monthFirst: this.lastMonthFirst, line: this.lastLine });
  }

  /**
   * A warning when the column mixes date formats (e.g. ISO beside "1/2/2024 3:04 PM"): each is
   * read by its own rule, but a mixed column usually means merged exports, and an ambiguous
   * day/month order was settled for the whole column at once.
   */
  formatNote(): string | undefined {
    if (this.shapes.size < 2) return undefined;
    const seen = [...this.shapes].sort((a, b) => a[1] - b[1]).map(([s, line]) => `${describeShape(s)} (first at line ${line})`);
    return `column "${this.column}" mixes ${this.shapes.size} date formats: ${seen.join(', ')}; check that day and month were read right, or export one format (ISO 8601)`;
  }

  /** Settles ambiguous values; returns how the order was decided, or undefined if none were ambiguous. */
  resolve(): string | undefined {
    if (this.pending.length === 0) return undefined;
    let dayFirst: boolean;
    let why: string;
    if (this.forcedDayFirst !== undefined) {
      dayFirst = this.forcedDayFirst;
      why = 'as requested';
    } else if (this.provesDayFirst > 0 && this.provesMonthFirst > 0) {
      throw new LogError(
        this.file,
        `column "${this.column}" mixes day-first and month-first dates (line ${this.firstDayFirstLine} has a day > 12 first, line ${this.firstMonthFirstLine} second)`,
        'Export the dates in one format, preferably ISO 8601 (YYYY-MM-DD)',
        this.firstMonthFirstLine,
      );
    } else if (this.provesDayFirst > 0) {
      dayFirst = true;
      why = `${this.provesDayFirst} of ${this.pending.length} values have a first part > 12`;
    } else if (this.provesMonthFirst > 0) {
      dayFirst = false;
      why = `${this.provesMonthFirst} of ${this.pending.length} values have a second part > 12`;
    } else {
      dayFirst = true;
      why = 'no value decides it, so day-first was assumed; override with dayFirst: false (--month-first)';
    }
    for (const p of this.pending) {
      const ms = dayFirst ? p.dayFirst : p.monthFirst;
      if (Number.isNaN(ms)) {
        throw new LogError(this.file, `the date in column "${this.column}" is not a valid ${dayFirst ? 'day-first' : 'month-first'} date`, 'Fix the value, or force the other order', p.line);
      }
      p.target.time = ms;
    }
    this.pending = [];
    return `column "${this.column}": ${dayFirst ? 'day-first' : 'month-first'} (${why})`;
  }
}

/**
 * A cheap fingerprint of a timestamp's format: order (0 epoch, 1 year first, 2 day/month first),
 * the first separator, and a 12-hour clock. A few character reads per value.
 */
function shapeOf(text: string, order: number): number {
  if (order === 0) return 0;
  let sep = 0;
  for (let i = 0; i < 6 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      sep = c;
      break;
    }
  }
  const last = text.charCodeAt(text.length - 1) | 0x20;
  const ampm = last === 0x6d /* m */ ? 1 : 0;
  return (order << 1) | ampm | (sep << 3);
}

function describeShape(shape: number): string {
  if (shape === 0) return 'epoch numbers';
  const order = (shape >> 1) & 3;
  const sep = String.fromCharCode(shape >> 3);
  const body = order === 1 ? `YYYY${sep}MM${sep}DD` : `DD${sep}MM${sep}YYYY or MM${sep}DD${sep}YYYY`;
  return (shape & 1) === 1 ? `${body} with AM/PM` : body;
}
