/**
 * Host side of the training worker: spawns it, forwards pause/resume/cancel, and turns its
 * messages into callbacks and one promise. The CLI and the VS Code layer both use this.
 */
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { forkEntryProcess } from '../entryProcess';
import type { HostToWorker, WorkerToHost } from './workerProtocol';
import type { EvalReport } from '../eval/types';
import type { RunEvent, SearchJob, TrainJob, TrainResult } from '../train/types';

export type SearchOutcome = Omit<Extract<WorkerToHost, { type: 'searched' }>, 'type'>;

/** Receives the run's events (progress, log lines, search trials) as the worker sends them. */
export type RunListener = (event: RunEvent) => void;

export interface WorkerHandle<T> {
  /** Resolves when the worker finishes (a cancelled training resolves with `result.cancelled`). */
  readonly done: Promise<T>;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Kills the worker at once (e.g. on extension deactivate). */
  terminate(): Promise<void>;
}

export type TrainingHandle = WorkerHandle<{ result: TrainResult; report?: EvalReport }>;

/**
 * The training worker is a child process (core/trainingProcessEnv.ts says why): `dist/worker.js`
 * next to a bundle (CLI, extension), or — when running from sources under tsx (tests, benches) —
 * the TypeScript entry loaded through tsx.
 */
function spawnWorker(script?: string): ChildProcess {
  return forkEntryProcess('training worker', join(__dirname, 'worker.js'), resolve(__dirname, '../../worker/trainWorker.ts'), script);
}

/** Ends the worker process (SIGKILL: the agent folder is written atomically, so nothing half-written stays) and waits for it. */
function kill(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    worker.once('exit', () => res());
    worker.kill('SIGKILL');
  });
}

export function startTraining(request: TrainJob, onEvent: RunListener = () => {}, script?: string): TrainingHandle {
  return runInWorker({ type: 'train', ...request }, onEvent, (m) => (m.type === 'done' ? { result: m.result, report: m.report } : undefined), script);
}

/** Hyperparameter search in the worker; the winner is trained in full and saved as the agent. */
export function startSearch(request: SearchJob, onEvent: RunListener = () => {}, script?: string): WorkerHandle<SearchOutcome> {
  return runInWorker({ type: 'search', ...request }, onEvent, (m) => {
    if (m.type !== 'searched') return undefined;
    const { type: _type, ...outcome } = m;
    return outcome;
  }, script);
}

/** Spawns a worker for one request; `finalOf` recognises the message that ends it. */
function runInWorker<T>(request: HostToWorker, onEvent: RunListener, finalOf: (m: WorkerToHost) => T | undefined, script?: string): WorkerHandle<T> {
  const worker = spawnWorker(script);
  // After the worker ended, a pause or cancel has no one to reach: drop it.
  const post = (m: HostToWorker) => void (worker.connected && worker.send(m));
  let settled = false;
  const done = new Promise<T>((resolveDone, reject) => {
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void kill(worker);
    };
    worker.on('message', (m: WorkerToHost) => {
      switch (m.type) {
        case 'progress':
        case 'log':
        case 'trial':
          onEvent(m);
          return;
        case 'done':
        case 'searched': {
          const final = finalOf(m);
          finish(() => (final === undefined ? reject(new Error(`the worker answered "${m.type}" to a "${request.type}" request`)) : resolveDone(final)));
          return;
        }
        case 'error':
          finish(() => reject(Object.assign(new Error(m.message), { name: 'UserError' })));
          return;
        default: {
          const never: never = m;
          finish(() => reject(new Error(`unknown worker message ${JSON.stringify(never)}`)));
        }
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code, signal) => finish(() => reject(new Error(`training worker exited with ${signal ? `signal ${signal}` : `code ${code}`} before finishing`))));
  });
  post(request);
  return {
    done,
    pause: () => post({ type: 'pause' }),
    resume: () => post({ type: 'resume' }),
    cancel: () => post({ type: 'cancel' }),
    terminate: async () => {
      settled = true;
      await kill(worker);
    },
  };
}
