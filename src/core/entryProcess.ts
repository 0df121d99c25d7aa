/**
 * A child process running one of the project's entry points (the training worker), found as
 * entryWorker.ts finds a worker thread's (findEntry). It runs with trainingProcessEnv (why a
 * process and not a thread: see there), speaks the structured-clone IPC channel
 * (`serialization: 'advanced'`, the same values a worker thread's postMessage carries), and gets
 * no execArgv of the parent (an extension host's inspector flags would clash).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { findEntry } from './entryWorker';
import { trainingProcessEnv } from './trainingProcessEnv';

export function forkEntryProcess(what: string, bundled: string, source: string, script?: string): ChildProcess {
  const { file, viaTsx } = findEntry(what, bundled, source, script);
  // tsx resolved from this file, so it works whatever the working directory is.
  const execArgv = viaTsx ? ['--require', createRequire(__filename).resolve('tsx/cjs')] : [];
  return fork(file, [], { env: trainingProcessEnv(), serialization: 'advanced', execArgv });
}
