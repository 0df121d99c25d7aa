/**
 * Micro-batching: every case being predicted is a CaseJob; one loop gathers the contexts all
 * waiting jobs need, deduplicates them, looks them up in the DistCache, and sends the misses to
 * onnxruntime together (Predictor.distributions runs them as [64, T] batches, sorted by length so
 * a batch shares its T bucket). While a run is in flight the HTTP side keeps parsing requests;
 * their jobs join the next round, so at load a round carries many cases and at idle a lone
 * request runs at once. Jobs advance one beam-search depth per round (continuous batching): a
 * short case never waits for a long one to finish its suffix.
 */
import type { Predictor } from '../train/predictor';
import { DistCache } from './distCache';
import { CaseJob, type JobResult } from './caseJob';
import { RowDecoder, type Decoded, type DecodeRow } from './rowDecoder';

export interface BatcherOptions {
  /** Distinct contexts one round sends to onnxruntime at most; the rest wait a round. */
  maxRows: number;
  /** DistCache size in floats (0: no cache). */
  cacheFloats: number;
}

interface Waiting {
  job: CaseJob;
  resolve: (r: JobResult) => void;
  reject: (e: unknown) => void;
  settled?: boolean;
}

export class Batcher {
  private readonly queue: Waiting[] = [];
  private running = false;
  private readonly index: Map<string, number>;
  readonly cache: DistCache;
  /** Rounds run and contexts sent to onnxruntime, for the /v1/model stats and the bench. */
  rounds = 0;
  rows = 0;

  constructor(
    predictor: Predictor,
    private readonly options: BatcherOptions,
    /** How rows are run: incremental decoding where it applies (default: plain distributions). */
    private readonly decoder: RowDecoder = RowDecoder.plain(predictor),
  ) {
    this.index = new Map(predictor.labels.map((l, i) => [l, i]));
    this.cache = new DistCache(options.cacheFloats);
  }

  /** Releases the decoder's compiled graphs. */
  dispose(): Promise<void> {
    return this.decoder.dispose();
  }

  /** Cases waiting or in progress. */
  get pending(): number {
    return this.queue.length;
  }

  run(job: CaseJob): Promise<JobResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Next macrotask: requests parsed in the same I/O turn join the first round.
        setImmediate(() => void this.loop());
      }
    });
  }

  /**
   * Row → cache key: label indices, which cannot collide the way joined strings could, then the
   * case's feature ids (the same activities told with other resources or gaps answer otherwise).
   */
  private key(row: DecodeRow): string {
    let k = '';
    for (const a of row.context) k += this.index.get(a) + ',';
    return row.featureKey ? k + '|' + row.featureKey : k;
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.round();
    } finally {
      this.running = false;
    }
  }

  private async round(): Promise<void> {
    const taken: { w: Waiting; keys: string[] }[] = [];
    const have = new Map<string, Float64Array>(); // cache hits this round, held so eviction cannot lose them
    const decodedBy = new Map<string, Decoded>(); // this round's runs: caches and trunk states by key
    const misses = new Map<string, DecodeRow>();
    for (const w of this.queue) {
      const wants = w.job.wants();
      const keys = wants.map((c) => this.key(c));
      const fresh: number[] = [];
      keys.forEach((k, i) => {
        if (have.has(k) || misses.has(k)) return;
        const d = this.cache.get(k);
        if (d) have.set(k, d);
        else if (!fresh.some((j) => keys[j] === k)) fresh.push(i);
      });
      if (taken.length > 0 && misses.size + fresh.length > this.options.maxRows) break;
      for (const i of fresh) misses.set(keys[i], wants[i]);
      taken.push({ w, keys });
    }
    if (misses.size > 0) {
      const entries = [...misses].sort((a, b) => a[1].context.length - b[1].context.length);
      try {
        const decoded = await this.decoder.run(entries.map(([, r]) => r));
        entries.forEach(([k], i) => {
          have.set(k, decoded[i].dist);
          decodedBy.set(k, decoded[i]);
          this.cache.set(k, decoded[i].dist);
        });
        this.rows += entries.length;
      } catch (e) {
        // A failed run fails the cases in it, not the service.
        for (const { w } of taken) this.settle(w, e);
        this.prune(taken);
        return;
      }
    }
    this.rounds++;
    for (const { w, keys } of taken) {
      try {
        w.job.feed(
          keys.map((k) => have.get(k)!),
          keys.map((k) => decodedBy.get(k)?.state),
          decodedBy.get(keys[0])?.hidden,
        );
        const r = w.job.done;
        if (r) this.settle(w, undefined, r);
      } catch (e) {
        this.settle(w, e);
      }
    }
    this.prune(taken);
  }

  private settle(w: Waiting, error: unknown, result?: JobResult): void {
    w.settled = true;
    if (result) w.resolve(result);
    else {
      w.job.abandon();
      w.reject(error);
    }
  }

  /** Drops settled jobs from the queue (one pass, however many settled). */
  private prune(taken: readonly { w: Waiting }[]): void {
    if (!taken.some(({ w }) => w.settled)) return;
    let j = 0;
    for (const w of this.queue) if (!w.settled) this.queue[j++] = w;
    this.queue.length = j;
  }
}
