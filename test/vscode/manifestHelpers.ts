/** What the manifest test compares against: read from the sources, so it cannot drift. */
import { readFileSync } from 'node:fs';

const commandsSource = readFileSync('src/vscode/commands.ts', 'utf8');
const block = commandsSource.slice(commandsSource.indexOf('export const COMMANDS'), commandsSource.indexOf('} as const'));

/** Command ids in `COMMANDS` (src/vscode/commands.ts). */
export const COMMANDS_IN_CODE: string[] = [...block.matchAll(/'(processAgent\.[A-Za-z]+)'/g)].map((m) => m[1]);

/** Setting keys read through `c.get('key', …)` in src/vscode/settings.ts. */
export function settingKeysInCode(): string[] {
  const src = readFileSync('src/vscode/settings.ts', 'utf8');
  return [...src.matchAll(/c\.get(?:<[^>]+>)?\('([\w.]+)'/g)].map((m) => m[1]);
}
