/**
 * A few worker threads that parse XES byte ranges (xesWorker.ts). Results come back as promises
 * the caller awaits in file order; any worker failure rejects every open request, and the
 * caller then re-reads the file serially.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { spawnEntryWorker } from '../entryWorker';
import type { RangeResult } from './xesRange';
import type { RangeReply, RangeRequest } from './xesWorker';

/**
 * cores − 1 workers (one core stays with the main thread: streaming gunzip, cutting ranges,
 * building cases, and parsing ranges itself when every worker is busy), at most 4, and none
 * (serial) below 4 cores. Each worker is a V8 isolate that warms up its own JIT, grows its own
 * heap and runs its own GC helper threads, ~0.6-0.8 s CPU per worker on BPIC 2012 beyond its
 * share of the parsing. Measured on a 2-core VM: serial 1.41-1.48 s wall vs 1.61-1.65 s with one
 * worker even with a core partly free (and ~1.4× the serial time with it busy). With 3 cores
 * the gain would be marginal for twice the CPU; from 4 cores on it should pay (not measured here).
 */
export function defaultXesWorkers(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(4, cores - 1) : 0;
}

/**
 * `dist/xesWorker.js` beside a bundle (CLI, extension, training worker); from sources under tsx
 * (tests, benches) the TypeScript entry loaded through tsx, as the training worker does.
 */
function spawnXesWorker(script?: string): Worker {
  return spawnEntryWorker('XES worker', join(__dirname, 'xesWorker.js'), join(__dirname, 'xesWorker.ts'), script);
}

interface Waiter {
  resolve: (r: RangeResult) => void;
  reject: (e: Error) => void;
  worker: number;
}

export class RangePool {
  private readonly workers: Worker[] = [];
  /** Requests open per worker, to hand the next range to the least busy one. */
  private readonly busy: number[] = [];
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number, script?: string) {
    for (let w = 0; w < size; w++) {
      const worker = spawnXesWorker(script);
      worker.on('message', (reply: RangeReply) => this.settle(reply));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => this.fail(new Error(`XES worker exited (code ${code})`)));
      this.workers.push(worker);
      this.busy.push(0);
    }
  }

  /** Whether every worker has a range to parse (so another one would only wait in a queue). */
  allBusy(): boolean {
    return this.busy.every((n) => n > 0);
  }

  /** Parses `bytes[0, length)` in a worker; `bytes` lies in a SharedArrayBuffer left untouched until this settles. */
  parse(bytes: Buffer, length: number): Promise<RangeResult> {
    if (this.failure) return Promise.reject(this.failure);
    let w = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i] < this.busy[w]) w = i;
    const id = this.nextId++;
    const done = new Promise<RangeResult>((resolve, reject) => this.waiting.set(id, { resolve, reject, worker: w }));
    // A rejection may come before the caller awaits this promise; that must not count as unhandled.
    done.catch(() => undefined);
    this.busy[w]++;
    const req: RangeRequest = { id, bytes: bytes.buffer as SharedArrayBuffer, offset: bytes.byteOffset, length };
    this.workers[w].postMessage(req);
    return done;
  }

  private settle(reply: RangeReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    this.busy[waiter.worker]--;
    waiter.resolve(reply.result);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }

  /** Stops every worker (also on abort); open requests reject. */
  async close(): Promise<void> {
    this.fail(new Error('XES workers stopped'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
