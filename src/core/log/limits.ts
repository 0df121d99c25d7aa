/**
 * The documented bounds on one log read, so a hostile or mistaken input (a gzip bomb, a
 * 2-GB export) ends in seconds with one sentence instead of exhausting the heap. Both are
 * raised per read (ReadOptions.maxEvents / maxBytes; --max-events / --max-bytes on the CLI).
 *
 * Why these numbers: the largest public benchmark logs hold 1.6–2.6 M events and 0.1–1.5 GB of
 * XML; an event costs ~100–200 bytes of heap once read, so 5 M events stay well inside V8's
 * default heap on a 4 GB machine.
 */
import { statSync } from 'node:fs';
import { LogError } from './types';

export const DEFAULT_MAX_EVENTS = 5_000_000;
/** Text bytes after gunzip. */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

/** A bound of this file was hit: readers pass it on as is (no serial re-read, no fallback). */
export class LimitError extends LogError {}

function gib(n: number): string {
  return n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toFixed(2)} GiB` : n >= 1024 ** 2 ? `${+(n / 1024 ** 2).toFixed(1)} MiB` : `${n} bytes`;
}

export function tooManyBytes(file: string, limit: number): LimitError {
  return new LimitError(file, `the log holds more than ${gib(limit)} of text (after gunzip), the limit for one read`, `Raise it with --max-bytes N (e.g. --max-bytes ${Math.max(limit * 2, 1)}), or split the log`);
}

export function tooManyEvents(file: string, limit: number): LimitError {
  return new LimitError(file, `the log has more than ${limit.toLocaleString('en')} events, the limit for one read`, `Raise it with --max-events N (e.g. --max-events ${limit * 2}), or filter the log`);
}

/**
 * Refuses anything that is not a regular file before it is opened: opening a FIFO blocks until a
 * writer appears (forever), and a device or socket is never a log.
 */
export function checkRegularFile(file: string): void {
  let kind: string | undefined;
  try {
    const st = statSync(file);
    if (st.isFile()) return;
    kind = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : `cannot open the file (${code ?? String(err)})`;
    throw new LogError(file, problem, 'Check the path and permissions');
  }
  throw new LogError(file, `this is ${kind}, not a regular file`, 'Name a log file (CSV, XES or OCEL); to read a stream, save it to a file first');
}
