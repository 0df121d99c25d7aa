/**
 * Which reader a file needs: the content decides when it is unambiguous (XML or JSON), the
 * extension otherwise. Empty and binary files are refused here, before any parser sees them.
 */
import { LogError, type LogFormat } from './types';

function extensionFormat(file: string): LogFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (/\.(csv|tsv|txt)$/.test(name)) return 'csv';
  if (/\.(xes|xml)$/.test(name)) return 'xes';
  if (/\.(jsonocel|json)$/.test(name)) return 'ocel';
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

/** Detects the format from the extension and the first (gunzipped) bytes of the file. */
export function detectFormat(file: string, head: { text: string; bytes: Uint8Array }): LogFormat {
  if (head.bytes.length === 0) throw new LogError(file, 'the file is empty', 'Export the log again, with a header row for CSV');
  if (looksBinary(head.bytes)) {
    throw new LogError(file, 'this looks like a binary file, not an event log', 'Use a CSV, XES (.xes or .xes.gz) or OCEL 2.0 JSON file; a UTF-16 text file must be re-saved as UTF-8', 1);
  }
  const start = head.text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    if (/<object-types|<ocel[\s>:]/i.test(start.slice(0, 4096))) {
      throw new LogError(file, 'this is OCEL XML, which is not read', 'Export the log as OCEL 2.0 JSON (.jsonocel) instead');
    }
    return 'xes';
  }
  if (start.startsWith('{')) return 'ocel';
  const byName = extensionFormat(file);
  if (byName === 'xes' || byName === 'ocel') {
    throw new LogError(file, `the file is named like ${byName === 'xes' ? 'XES' : 'OCEL JSON'} but its content does not start with "${byName === 'xes' ? '<' : '{'}"`, 'Check that the file is what its name says', 1);
  }
  return 'csv';
}
