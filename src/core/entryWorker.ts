/**
 * Where one of the project's entry points (the training worker, the XES range parser) is, and a
 * worker thread running it: `script` when given; else the `bundled` script beside a bundle (dist/,
 * as the CLI and the extension run); else, from sources under tsx (tests, benches), the
 * TypeScript `source`, which must be loaded through tsx. entryProcess.ts forks the same entries.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export function findEntry(what: string, bundled: string, source: string, script?: string): { file: string; viaTsx: boolean } {
  if (script) return { file: script, viaTsx: false };
  if (existsSync(bundled)) return { file: bundled, viaTsx: false };
  if (existsSync(source)) return { file: source, viaTsx: true };
  throw new Error(`${what} not found (looked for ${bundled}); run \`npm run build\``);
}

export function spawnEntryWorker(what: string, bundled: string, source: string, script?: string): Worker {
  const { file, viaTsx } = findEntry(what, bundled, source, script);
  return viaTsx ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true }) : new Worker(file);
}
