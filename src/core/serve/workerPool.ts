/**
 * `serve --workers N`: N service processes behind one port (node:cluster; the primary accepts
 * connections and hands them to the workers in turn). Each worker is the whole single-process
 * service (its own model, batcher and file watch), so a worker is exactly what `--workers 1`
 * runs. Why processes: onnxruntime-node runs a session synchronously on the thread that calls
 * it, so one process answers on one core; measured on 2 cores (bench:serve, closed loop, 64
 * connections), a second worker gave ×1.5 the predictions per second of one.
 *
 * The primary only supervises: it prints the address once every worker listens, forwards SIGHUP
 * (reload) and SIGTERM/SIGINT (graceful stop) to the workers, exits when they have all stopped,
 * and replaces a worker that dies unasked (giving up after MAX_RESTARTS in a minute). A worker
 * that fails before it listens (a missing agent, a taken port) stops the start: the primary
 * stops the others and exits with that worker's code, after the worker printed why.
 */
import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary. */
export type WorkerMessage = { type: 'listening'; url: string; version: string };

export interface PoolOptions {
  workers: number;
  log: (message: string) => void;
  /** Printed on stdout once every worker listens: the address line scripts wait for. */
  announce: (url: string, version: string) => void;
}

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** In a worker: tells the primary this worker is answering at `url`. */
export function reportListening(url: string, version: string): void {
  const message: WorkerMessage = { type: 'listening', url, version };
  process.send?.(message);
}

/** Runs the primary until every worker has stopped; resolves to the exit code. */
export function runPool(options: PoolOptions): Promise<number> {
  return new Promise((resolve) => {
    const listening = new Set<Worker>();
    const restarts: number[] = [];
    let announced = false;
    let stopping = false;
    let exitCode = 0;

    const live = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const signalAll = (signal: NodeJS.Signals): void => {
      for (const w of live()) w.process.kill(signal);
    };

    const fork = (): void => {
      const worker = cluster.fork();
      worker.on('message', (m: WorkerMessage) => {
        if (m?.type !== 'listening') return;
        listening.add(worker);
        if (!announced && listening.size === options.workers) {
          announced = true;
          options.announce(m.url, m.version);
        }
      });
      worker.on('exit', (code, signal) => {
        const wasListening = listening.delete(worker);
        if (stopping) {
          if (live().length === 0) finish();
          return;
        }
        if (!wasListening && !announced) {
          // The start failed (the worker said why on stderr): stop the rest, exit with its code.
          exitCode = code ?? 1;
          stop('SIGTERM', false);
          return;
        }
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length > MAX_RESTARTS) {
          options.log(`a worker died ${restarts.length} times in a minute (last: ${signal ?? `exit ${code}`}); stopping the service`);
          exitCode = 1;
          stop('SIGTERM', false);
          return;
        }
        options.log(`a worker died (${signal ?? `exit ${code}`}); starting a new one`);
        fork();
      });
    };

    const finish = (): void => {
      process.off('SIGTERM', onTerm).off('SIGINT', onInt).off('SIGHUP', onHup);
      resolve(exitCode);
    };

    let forced = false;
    const stop = (signal: NodeJS.Signals, say = true): void => {
      if (stopping) {
        // A second signal while stopping: do not wait for in-flight requests any longer.
        if (!forced && say) {
          forced = true;
          options.log(`${signal} again: stopping the workers now`);
          signalAll('SIGKILL');
        }
        return;
      }
      stopping = true;
      if (say) options.log(`${signal}: finishing in-flight requests, then exiting`);
      if (live().length === 0) return finish();
      signalAll('SIGTERM');
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    const onHup = (): void => {
      options.log('SIGHUP: reloading the agent in every worker');
      signalAll('SIGHUP');
    };
    process.on('SIGTERM', onTerm).on('SIGINT', onInt).on('SIGHUP', onHup);
    for (let i = 0; i < options.workers; i++) fork();
  });
}
