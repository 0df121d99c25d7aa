/** Reads VS Code's extension host logs for errors that belong to one extension. */
import type { CodeServer } from './codeServer';

const ENTRY_START = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[(\w+)\]/;

/**
 * `[error]` entries (with their stack lines) that name the extension or come from its files.
 * Errors of VS Code's built-in extensions (git, GitHub auth...) are not ours to judge.
 */
export function extensionHostErrors(server: CodeServer, extensionId: string): string[] {
  const [publisher, name] = extensionId.split('.');
  const ours = new RegExp(`${extensionId}|${publisher}\\.${name}-\\d|/${name}/dist/`, 'i');
  const out: string[] = [];
  for (const { text } of server.extensionHostLogs()) {
    let entry: string[] = [];
    const flush = () => {
      const joined = entry.join('\n');
      if (entry.length && ENTRY_START.exec(entry[0])?.[1] === 'error' && ours.test(joined)) out.push(joined);
      entry = [];
    };
    for (const line of text.split('\n')) {
      if (ENTRY_START.test(line)) flush();
      entry.push(line);
    }
    flush();
  }
  return out;
}
