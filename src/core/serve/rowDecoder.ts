/**
 * Next-activity distributions for the batcher's rows, with incremental decoding where it
 * applies: a row whose context is its parent's plus one activity (a beam's next step) runs as a
 * one-token step against the parent's cached keys and values; any other row (a new case) is a
 * prefill that keeps its cache for the steps after it. Rows of every request in flight go into
 * the same runs. Where the cache cannot apply (BPE tokens, a context past the model's length,
 * a parent without a cache), the row goes the way Predictor.distributions takes it.
 *
 * Across requests, the decoder keeps the cache of each case context it ran (`kept`, an LRU
 * bounded by floats): a running case is asked about again after its next event, and that context is the
 * kept one plus one activity, so it runs as a one-token step instead of a prefill of the whole
 * case (profiled on one worker, bench:serve's prefixes: onnxruntime time per prediction ÷2.5).
 *
 * An agent trained on input features reads the case's own (its events' resources and gaps,
 * DecodeRow.features) in prefills and in a kept case's step; a beam's predicted steps read
 * "none", as Predictor.distributions gives them.
 *
 * Prefills run the uncached graph's own ops (gpt.ts); they and the steps differ from
 * Predictor.distributions only in float summation order (~1e-7; test/model/kvDecoder.test.ts).
 * Times read the same hidden states (Decoded.hidden), where that order moved a served time from
 * `predict`'s by at most 1.6e-5 of it over bench:serve's 400 prefixes (exp of a log-scale head
 * magnifies it): the service's tests and bench accept SERVED_TIME_TOLERANCE.
 */
import { KVDecoder, type DecodeState } from '../model/kvDecoder';
import type { Device } from '../runtime';
import { renormalise, type Predictor } from '../train/predictor';
import { EngineModel } from '../train/engineModel';
import { decodeLengths } from '../model/decodeBuckets';
import { bucketLengths } from '../train/batching';
import type { ProcessAgent } from '../agent/processAgent';
import { SizedLru } from './sizedLru';
import { tokenFeatures } from '../tokenize/featureSet';
import type { FeatureColumns } from '../tokenize/featureColumns';

export interface DecodeRow {
  /** The case's activities and the beam's steps so far. */
  context: readonly string[];
  /** The cache of `context` without its last activity, when a step computed it. */
  parent?: DecodeState;
  /** The case's per-event input features (its own events; a beam's predicted steps have none). */
  features?: FeatureColumns;
  /** CaseJob's key of `features` ('' or absent without). */
  featureKey?: string;
}

/** The feature key of a case's events without the last one ('' when what is left is all "none", as featuresOf gives). */
function parentFeatureKey(key: string): string {
  const cut = key.slice(0, key.lastIndexOf(';', key.length - 2) + 1);
  return /^[0.;]*$/.test(cut) ? '' : cut;
}

export interface Decoded {
  /** Normalised log-probabilities over the predictor's labels. */
  dist: Float64Array;
  /** The cache of `context` (a later step's parent); absent where no cache applies. */
  state?: DecodeState;
  /** The trunk's hidden state [d] after `context`, for a row that ran on the cache (timeFields.ts reads it). */
  hidden?: Float32Array;
}

/**
 * How far a served time may be from `predict`'s, relative to it: the float summation order of
 * cached attention (file comment). Measured at most 1.6e-5; the tests and bench:serve use this.
 */
export const SERVED_TIME_TOLERANCE = 1e-4;

/** Floats of decode state kept across requests by default (32 MB; `serve --state-cache`). */
export const DEFAULT_STATE_FLOATS = 8_000_000;

export interface RowDecoderOptions {
  device?: Device;
  threads?: number;
  log?: (m: string) => void;
  /** Floats of case caches kept across requests (0: none); default DEFAULT_STATE_FLOATS. */
  stateFloats?: number;
}

export class RowDecoder {
  private constructor(
    private readonly predictor: Predictor,
    private readonly kv?: KVDecoder,
    private readonly labelTokens?: readonly number[],
    /** Compact caches of case contexts by token ids and feature key ("1,4,2|" without features), for the case's next request. */
    readonly kept: SizedLru<DecodeState> = new SizedLru(0, () => 0),
  ) {}

  /** A decoder for a loaded agent: cached on its engine model in activity mode, plain otherwise. */
  static create(agent: ProcessAgent, options: RowDecoderOptions = {}): RowDecoder {
    const model = agent.model;
    const tokens = agent.predictor.labelTokens;
    if (!(model instanceof EngineModel) || tokens === undefined) return new RowDecoder(agent.predictor);
    const kv = new KVDecoder(model.cfg, () => model.params, { device: options.device ?? 'cpu', threads: options.threads ?? 0, log: options.log, lengths: decodeLengths(model.cfg.context), stepLengths: bucketLengths(model.cfg.context), frozen: true });
    return new RowDecoder(agent.predictor, kv, tokens, new SizedLru(options.stateFloats ?? DEFAULT_STATE_FLOATS, (s) => kv.stateFloats(s.length)));
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
    const tokens = this.labelTokens!;
    const out = new Float64Array(tokens.length);
    for (let j = 0; j < tokens.length; j++) out[j] = logp[tokens[j]];
    return renormalise(out);
  }

  async run(rows: readonly DecodeRow[]): Promise<Decoded[]> {
    const out: Decoded[] = new Array(rows.length);
    const kv = this.kv;
    if (!kv) {
      const dists = await this.predictor.distributions(
        rows.map((r) => r.context),
        rows.map((r) => r.features),
      );
      return dists.map((dist) => ({ dist }));
    }
    const context = kv.cfg.context;
    const F = kv.cfg.features?.length ?? 0;
    const tokenizer = this.predictor.tokenizer;
    const steps: { i: number; state: DecodeState; token: number; features?: number[] }[] = [];
    const prefills: { i: number; tokens: number[]; features?: readonly Int32Array[] }[] = [];
    const plain: number[] = [];
    const cases: { i: number; key: string }[] = []; // rows of a case's own context (no beam parent): kept after the run
    rows.forEach((r, i) => {
      const tokens = tokenizer.encodePrefix(r.context); // BOS, one token per activity
      const features = F > 0 ? r.features : undefined;
      const fk = features ? r.featureKey ?? '' : '';
      let p = r.parent;
      // The new token's features: a beam's step was predicted, so it has none; a case's own last event has its own.
      let last: number[] | undefined;
      if (!p && tokens.length <= context) {
        cases.push({ i, key: tokens.join(',') + '|' + fk });
        if (tokens.length > 1) p = this.kept.get(tokens.slice(0, -1).join(',') + '|' + (fk && parentFeatureKey(fk)));
        if (features) last = Array.from({ length: F }, (_, k) => features.column(k)[tokens.length - 2]);
      }
      if (p && p.length === tokens.length - 1 && kv.canExtend(p)) steps.push({ i, state: p, token: tokens[tokens.length - 1], features: last });
      else if (tokens.length <= context) prefills.push({ i, tokens, features: features && tokenFeatures(tokenizer, r.context, features, true).columns });
      else plain.push(i);
    });
    if (prefills.length > 0) {
      const { logp, states, hidden } = await kv.prefill(
        prefills.map((p) => p.tokens),
        prefills.map((p) => p.features),
      );
      prefills.forEach((p, j) => (out[p.i] = { dist: this.dist(logp[j]), state: states[j], hidden: hidden[j] }));
    }
    if (steps.length > 0) {
      const { logp, states, hidden } = await kv.step(steps);
      steps.forEach((s, j) => (out[s.i] = { dist: this.dist(logp[j]), state: states[j], hidden: hidden[j] }));
    }
    for (const { i, key } of cases) {
      const state = out[i].state;
      if (state && !this.kept.has(key)) this.kept.set(key, kv.compact(state));
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
      const dists = await this.predictor.distributions(
        plain.map((i) => rows[i].context),
        plain.map((i) => rows[i].features),
      );
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
