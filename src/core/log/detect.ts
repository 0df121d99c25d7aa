/**
 * Which reader a file needs: the content decides when it is unambiguous (XML or JSON), the
 * extension otherwise. Empty and binary files are refused here, before any parser sees them.
 */
import { LogError, type LogFormat } from './types';

function name(file: string): string {
  return file.toLowerCase().replace(/\.gz$/, '');
}

function extensionFormat(file: string): LogFormat | undefined {
  const n = name(file);
  if (/\.(csv|tsv|txt)$/.test(n)) return 'csv';
  if (/\.(xes|xml)$/.test(n)) return 'xes';
  if (/\.(jsonocel|json|xmlocel)$/.test(n)) return 'ocel';
  return undefined;
}

/** True when the bytes look like a binary file rather than text. */
function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control > n * 0.1;
}

/**
 * Detects the format from the extension and the first (gunzipped) bytes of the file. A `forced`
 * format skips detection but not the empty and binary checks.
 */
export function detectFormat(file: string, head: { text: string; bytes: Uint8Array }, forced?: LogFormat): LogFormat {
  if (head.bytes.length === 0) throw new LogError(file, 'the file is empty', 'Export the log again, with a header row for CSV');
  if (looksBinary(head.bytes)) {
    throw new LogError(file, 'this looks like a binary file, not an event log', 'Use a CSV, XES (.xes or .xes.gz) or OCEL 2.0 (.jsonocel, .xmlocel) file; a UTF-16 text file must be re-saved as UTF-8', 1);
  }
  if (forced !== undefined) return forced;
  const start = head.text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    // OCEL 2.0 XML also has a <log> root; its first child is <object-types>.
    return /<object-types[\s>]/.test(start.slice(0, 4096)) || /\.xmlocel$/i.test(file.replace(/\.gz$/i, '')) ? 'ocel' : 'xes';
  }
  if (start.startsWith('{')) return 'ocel';
  const byName = extensionFormat(file);
  if (byName === 'xes' || byName === 'ocel') {
    const expected = byName === 'xes' || name(file).endsWith('.xmlocel') ? '<' : '{';
    throw new LogError(file, `the file is named like ${byName === 'xes' ? 'XES' : 'OCEL'} but its content does not start with "${expected}"`, 'Check that the file is what its name says', 1);
  }
  return 'csv';
}
