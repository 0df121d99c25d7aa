/**
 * Next-activity distributions for the batcher's rows, with incremental decoding where it
 * applies: a row whose context is its parent's plus one activity (a beam's next step) runs as a
 * one-token step against the parent's cached keys and values; any other row (a new case) is a
 * prefill that keeps its cache for the steps after it. Rows of every request in flight go into
 * the same runs. Where the cache cannot apply (BPE tokens, a context past the model's length,
 * a parent without a cache), the row goes the way Predictor.distributions takes it.
 *
 * Prefills run the uncached graph's own ops (gpt.ts); they and the steps differ from
 * Predictor.distributions only in float summation order (~1e-7; test/model/kvDecoder.test.ts).
 */
import { KVDecoder, type DecodeState } from '../model/kvDecoder';
import type { Device } from '../runtime';
import { renormalise, type Predictor } from '../train/predictor';
import { EngineModel } from '../train/engineModel';
import { decodeLengths } from '../model/decodeBuckets';
import { bucketLengths } from '../train/batching';
import type { ProcessAgent } from '../agent/processAgent';

export interface DecodeRow {
  /** The case's activities and the beam's steps so far. */
  context: readonly string[];
  /** The cache of `context` without its last activity, when a step computed it. */
  parent?: DecodeState;
}

export interface Decoded {
  /** Normalised log-probabilities over the predictor's labels. */
  dist: Float64Array;
  /** The cache of `context` (a later step's parent); absent where no cache applies. */
  state?: DecodeState;
  /**
   * The trunk's hidden state [d] after `context`, for a row that ran as a prefill (timeFields.ts
   * reads it). Not for a step: its attention over cached keys sums in another order, which moved
   * a served time from predict's by up to 1.9e-6 of it (measured), where a prefill's equals it.
   */
  hidden?: Float32Array;
}

export class RowDecoder {
  private constructor(
    private readonly predictor: Predictor,
    private readonly kv?: KVDecoder,
    private readonly labelTokens?: readonly number[],
  ) {}

  /** A decoder for a loaded agent: cached on its engine model in activity mode, plain otherwise. */
  static create(agent: ProcessAgent, options: { device?: Device; threads?: number; log?: (m: string) => void } = {}): RowDecoder {
    const model = agent.model;
    const tokens = agent.predictor.labelTokens;
    if (!(model instanceof EngineModel) || tokens === undefined) return new RowDecoder(agent.predictor);
    const kv = new KVDecoder(model.cfg, () => model.params, { device: options.device ?? 'cpu', threads: options.threads ?? 0, log: options.log, lengths: decodeLengths(model.cfg.context), stepLengths: bucketLengths(model.cfg.context), frozen: true });
    return new RowDecoder(agent.predictor, kv, tokens);
  }

  /** Plain distributions, no cache (a predictor without an engine model, and tests). */
  static plain(predictor: Predictor): RowDecoder {
    return new RowDecoder(predictor);
  }

  /** Whether rows can use the cache (the serve log says which path it took). */
  get incremental(): boolean {
    return this.kv !== undefined;
  }

  private dist(logp: Float32Array): Float64Array {
    return renormalise(Float64Array.from(this.labelTokens!, (t) => logp[t]));
  }

  async run(rows: readonly DecodeRow[]): Promise<Decoded[]> {
    const out: Decoded[] = new Array(rows.length);
    const kv = this.kv;
    if (!kv) {
      const dists = await this.predictor.distributions(rows.map((r) => r.context));
      return dists.map((dist) => ({ dist }));
    }
    const context = kv.cfg.context;
    const steps: { i: number; state: DecodeState; token: number }[] = [];
    const prefills: { i: number; tokens: number[] }[] = [];
    const plain: number[] = [];
    rows.forEach((r, i) => {
      const tokens = this.predictor.tokenizer.encodePrefix(r.context); // BOS, one token per activity
      const p = r.parent;
      if (p && p.length === tokens.length - 1 && kv.canExtend(p)) steps.push({ i, state: p, token: tokens[tokens.length - 1] });
      else if (tokens.length <= context) prefills.push({ i, tokens });
      else plain.push(i);
    });
    if (prefills.length > 0) {
      const { logp, states, hidden } = await kv.prefill(prefills.map((p) => p.tokens));
      prefills.forEach((p, j) => (out[p.i] = { dist: this.dist(logp[j]), state: states[j], hidden: hidden[j] }));
    }
    if (steps.length > 0) {
      const { logp, states } = await kv.step(steps);
      steps.forEach((s, j) => (out[s.i] = { dist: this.dist(logp[j]), state: states[j] }));
    }
    // The cached rows came from the model alone; where the agent serves a baseline or a mix
    // (agent/served.ts), it answers those prefixes as Predictor.distributions would.
    const cached = [...prefills.map((p) => p.i), ...steps.map((s) => s.i)];
    const served = this.predictor.served;
    if (served && cached.length > 0) {
      const dists = cached.map((i) => out[i].dist);
      served.apply(cached.map((i) => rows[i].context), dists, this.predictor.labels);
      cached.forEach((i, j) => (out[i] = { ...out[i], dist: dists[j] }));
    }
    if (plain.length > 0) {
      const dists = await this.predictor.distributions(plain.map((i) => rows[i].context));
      plain.forEach((i, j) => (out[i] = { dist: dists[j] }));
    }
    return out;
  }

  /** Compiles every shape the cached path runs (the service, before it answers). */
  async compileAll(): Promise<void> {
    await this.kv?.compileAll();
  }

  async dispose(): Promise<void> {
    await this.kv?.dispose();
  }
}
