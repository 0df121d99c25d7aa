/**
 * Host side of the training worker: spawns it, forwards pause/resume/cancel, and turns its
 * messages into callbacks and one promise. The CLI and the VS Code layer both use this.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../../protocol';
import type { EvalReport } from '../eval/types';
import type { TrainProgress, TrainResult } from './types';

export type TrainMessage = Extract<HostToWorker, { type: 'train' }>;

export interface TrainingListeners {
  onProgress?(progress: TrainProgress): void;
  onLog?(level: 'info' | 'warn', message: string): void;
}

export interface TrainingHandle {
  /** Resolves when the worker finishes (also after a cancel, with `result.cancelled`). */
  readonly done: Promise<{ result: TrainResult; report?: EvalReport }>;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Kills the worker at once (e.g. on extension deactivate). */
  terminate(): Promise<void>;
}

/**
 * Where the worker script is: `dist/worker.js` next to a bundle (CLI, extension), or — when
 * running from sources under tsx (tests, benches) — the TypeScript entry loaded through tsx.
 */
function spawnWorker(script?: string): Worker {
  if (script) return new Worker(script);
  const bundled = join(__dirname, 'worker.js');
  if (existsSync(bundled)) return new Worker(bundled);
  const source = resolve(__dirname, '../../worker/trainWorker.ts');
  if (existsSync(source)) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true });
  throw new Error(`training worker not found (looked for ${bundled}); run \`npm run build\``);
}

export function startTraining(request: Omit<TrainMessage, 'type'>, listeners: TrainingListeners = {}, script?: string): TrainingHandle {
  const worker = spawnWorker(script);
  const post = (m: HostToWorker) => worker.postMessage(m);
  let settled = false;
  const done = new Promise<{ result: TrainResult; report?: EvalReport }>((resolveDone, reject) => {
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerToHost) => {
      switch (m.type) {
        case 'progress':
          listeners.onProgress?.(m.progress);
          return;
        case 'log':
          listeners.onLog?.(m.level, m.message);
          return;
        case 'done':
          finish(() => resolveDone({ result: m.result, report: m.report }));
          return;
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
    worker.on('exit', (code) => finish(() => reject(new Error(`training worker exited with code ${code} before finishing`))));
  });
  post({ type: 'train', ...request });
  return {
    done,
    pause: () => post({ type: 'pause' }),
    resume: () => post({ type: 'resume' }),
    cancel: () => post({ type: 'cancel' }),
    terminate: async () => {
      settled = true;
      await worker.terminate();
    },
  };
}
