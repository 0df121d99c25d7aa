/**
 * A worker thread running one of the project's entry points (the training worker, the XES range
 * parser): `script` when given; else the `bundled` script beside a bundle (dist/, as the CLI and
 * the extension run); else, from sources under tsx (tests, benches), the TypeScript `source`
 * loaded through tsx.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export function spawnEntryWorker(what: string, bundled: string, source: string, script?: string): Worker {
  if (script) return new Worker(script);
  if (existsSync(bundled)) return new Worker(bundled);
  if (existsSync(source)) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true });
  throw new Error(`${what} not found (looked for ${bundled}); run \`npm run build\``);
}
