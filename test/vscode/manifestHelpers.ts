/** What the manifest test compares against: read from the sources, so it cannot drift. */
import { readFileSync } from 'node:fs';

import { COMMANDS } from '../../src/vscode/commandIds';

/** Command ids in `COMMANDS` (src/vscode/commandIds.ts, the one table). */
export const COMMANDS_IN_CODE: string[] = Object.values(COMMANDS);

/** Setting keys read through `c.get('key', …)` in src/vscode/settings.ts. */
export function settingKeysInCode(): string[] {
  const src = readFileSync('src/vscode/settings.ts', 'utf8');
  return [...src.matchAll(/c\.get(?:<[^>]+>)?\('([\w.]+)'/g)].map((m) => m[1]);
}
