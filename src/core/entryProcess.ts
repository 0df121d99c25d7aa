/**
 * A child process running one of the project's entry points (the training worker), found the way
 * entryWorker.ts finds a worker thread's: `script` when given; else the `bundled` script beside a
 * bundle (dist/, as the CLI and the extension run); else the TypeScript `source` under tsx (tests,
 * benches). It runs with trainingProcessEnv (why a process and not a thread: see there), speaks
 * the structured-clone IPC channel (`serialization: 'advanced'`, the same values a worker
 * thread's postMessage carries), and gets no execArgv of the parent (an extension host's
 * inspector flags would clash).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { trainingProcessEnv } from './trainingProcessEnv';

export function forkEntryProcess(what: string, bundled: string, source: string, script?: string): ChildProcess {
  const options = { env: trainingProcessEnv(), serialization: 'advanced' as const, execArgv: [] as string[] };
  if (script) return fork(script, [], options);
  if (existsSync(bundled)) return fork(bundled, [], options);
  if (existsSync(source)) {
    // Resolved from this file, so it works whatever the working directory is.
    const tsx = createRequire(__filename).resolve('tsx/cjs');
    return fork(source, [], { ...options, execArgv: ['--require', tsx] });
  }
  throw new Error(`${what} not found (looked for ${bundled}); run \`npm run build\``);
}
