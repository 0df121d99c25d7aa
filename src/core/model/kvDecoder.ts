/**
 * Incremental decoding on the decodeGraphs.ts graphs: a prefill runs whole contexts once and
 * keeps every layer's keys and values; a step feeds one new token per row against them. Rows of
 * one step may belong to different cases of different lengths (their past is padded to a shared
 * P and masked), so the suffix steps of every request in flight run as one batch.
 *
 * A DecodeState is the cache of one context: keys and values [L, 2, H, n, dh] for its n tokens.
 * It is never copied out of the run's output: it holds its own row of that output plus its
 * parent, and a step copies the chain straight into its past inputs.
 */
import type { ModelConfig } from './config';
import type { Device } from '../runtime';
import { SessionCache, WARM_RUNS } from './sessions';
import { buildDecodeStep, buildPrefill, rowLayout } from './decodeGraphs';
import { checkFeatures, featureFeeds } from './featureFeeds';
import { EngineInputError } from './errors';
import { bucketChunks } from './bucketChunks';
import { SERVE_BATCHES } from './decodeBuckets';

/** Rows per compiled run (smaller batches are padded up to the next one; decodeBuckets.ts says why so many). */
const DECODE_B = SERVE_BATCHES;
const MASKED = -1e9;

interface Layout {
  L: number;
  H: number;
  dh: number;
}

/**
 * Where one run's keys and values sit: layer slot s (k_0, v_0, k_1, …), row r, head h, token t
 * is `data[s][base[s] + r·rowStride + h·T·dh + t·dh]`, dh floats. A prefill's are its k_l, v_l
 * outputs ([B, H, T, dh] each: base 0); a step's are columns of its packed `rows` output
 * ([B, V + d + 2L·d], T = 1; decodeGraphs.ts); a compact copy's are its own arrays. A beam's
 * step state so holds its run's log-probability and hidden columns too (V + d floats a row more
 * than the keys and values) until its job ends; what outlives a request is a compact copy.
 */
interface KVSource {
  data: readonly Float32Array[];
  base: readonly number[];
  rowStride: number;
  T: number;
}

export class DecodeState {
  constructor(
    /** Tokens the cache covers. */
    readonly length: number,
    /** The run it came from, and its row there; a step state (`parent` set) has T = 1. */
    private readonly src: KVSource,
    private readonly row: number,
    private readonly parent?: DecodeState,
  ) {}

  /**
   * Copies the keys and values into row `r` of a step's past inputs (2L arrays, [B, H, P, dh]
   * each): the prefill's n0 tokens in one copy a head, then each step's one token. Written
   * straight from the runs' outputs: building a contiguous copy per state first cost a fresh
   * [L, 2, H, n, dh] array per row (bench:serve, profiled: a seventh of the service's time).
   */
  writePast(past: readonly Float32Array[], r: number, P: number, g: Layout): void {
    const chain: DecodeState[] = [];
    for (let s: DecodeState | undefined = this; s; s = s.parent) chain.push(s);
    const root = chain[chain.length - 1];
    const { H, dh } = g;
    for (let s = 0; s < 2 * g.L; s++) {
      const dst = past[s];
      const rs = root.src;
      for (let h = 0; h < H; h++) {
        const at = (r * H + h) * P * dh;
        const from0 = rs.base[s] + root.row * rs.rowStride + h * rs.T * dh;
        dst.set(rs.data[s].subarray(from0, from0 + root.length * dh), at);
        for (let c = chain.length - 2; c >= 0; c--) {
          // One token's dh floats: a plain loop, where subarray + set allocated a view per token.
          const st = chain[c];
          const src1 = st.src.data[s];
          const from = st.src.base[s] + st.row * st.src.rowStride + h * dh;
          const to = at + (st.length - 1) * dh;
          for (let j = 0; j < dh; j++) dst[to + j] = src1[from + j];
        }
      }
    }
  }
}

export interface DecodeOptions {
  device: Device;
  threads: number;
  /**
   * Compiled lengths, ascending, the last = cfg.context (train/batching.ts bucketLengths, which
   * the caller passes: model sits below train): a prefill pads T, a step pads its past P, up to one.
   */
  lengths: readonly number[];
  /** Compiled past lengths for steps, ascending, the last = cfg.context (default: `lengths`). */
  stepLengths?: readonly number[];
  /**
   * Bake θ into the compiled graphs (read once, at each graph's compile): onnxruntime then folds
   * the parameter slices and pre-packs the weights (~25% off a [64, 32] prefill). For a caller
   * whose weights never change in place (the service loads a new agent, and a new decoder, to
   * change them); default false: θ is fed at every run.
   */
  frozen?: boolean;
  log?: (message: string) => void;
}

export class KVDecoder {
  private readonly sessions: SessionCache;
  private readonly layout: Layout;
  private readonly buckets: readonly number[];
  private readonly stepBuckets: readonly number[];
  private readonly frozen: boolean;
  private readonly pastPool = new Map<string, Float32Array[][]>();

  constructor(
    readonly cfg: ModelConfig,
    /** θ as it is now (read at every run, so swapped weights are seen). */
    private readonly params: () => Float32Array,
    opts: DecodeOptions,
  ) {
    this.sessions = new SessionCache(opts.device, opts.threads, 'inference', opts.log);
    this.layout = { L: cfg.nLayers, H: cfg.nHeads, dh: cfg.dModel / cfg.nHeads };
    this.buckets = opts.lengths;
    this.stepBuckets = opts.stepLengths ?? opts.lengths;
    this.frozen = opts.frozen ?? false;
    for (const l of [opts.lengths, this.stepBuckets]) if (l[l.length - 1] !== cfg.context) throw new EngineInputError(`decode lengths must end at the context ${cfg.context}`);
  }

  /**
   * `state` as a cache of its own: K and V [1, H, n, dh] per layer, no parent, and no hold on the
   * run outputs it points into (a [B, H, T, dh] output per layer): what a long-lived cache keeps.
   */
  compact(state: DecodeState): DecodeState {
    const { L, H, dh } = this.layout;
    const n = state.length;
    const own = Array.from({ length: 2 * L }, () => new Float32Array(H * n * dh));
    state.writePast(own, 0, n, this.layout);
    return new DecodeState(n, { data: own, base: own.map(() => 0), rowStride: H * n * dh, T: n }, 0);
  }

  /** Floats a compact copy of a state of `length` tokens holds (2L · H · n · dh). */
  stateFloats(length: number): number {
    const { L, H, dh } = this.layout;
    return 2 * L * H * length * dh;
  }

  /** Whether a step can extend `state` (its new token still has a position in the model's table). */
  canExtend(state: DecodeState): boolean {
    return state.length < this.cfg.context;
  }

  /** The θ feed, or none when θ is baked into the graphs (`frozen`). */
  private thetaFeed(): { theta?: { data: Float32Array; dims: number[] } } {
    if (this.frozen) return {};
    const t = this.params();
    return { theta: { data: t, dims: [t.length] } };
  }

  /** θ to bake into a graph being built (frozen), else undefined (θ is fed). */
  private weights(): Float32Array | undefined {
    return this.frozen ? this.params() : undefined;
  }

  /** The shortest compiled length (of `buckets`: prefill lengths by default) that holds n. */
  private bucket(n: number, buckets = this.buckets): number {
    return buckets.find((b) => b >= n) ?? this.cfg.context;
  }

  private prefillSession(B: number, T: number, warmRuns = 0) {
    return this.sessions.get(`prefill:${B}:${T}`, () => buildPrefill(this.cfg, B, T, this.weights()), warmRuns);
  }

  private stepSession(B: number, P: number, warmRuns = 0) {
    return this.sessions.get(`step:${B}:${P}`, () => buildDecodeStep(this.cfg, B, P, this.weights()), warmRuns);
  }

  /** Compiles every prefill and step shape now, and runs each WARM_RUNS times, so that no later run waits on a compile or a first run (the service's warm-up). */
  async compileAll(): Promise<void> {
    for (const B of DECODE_B) {
      for (const T of this.buckets) await this.prefillSession(B, T, WARM_RUNS);
      for (const P of this.stepBuckets) await this.stepSession(B, P, WARM_RUNS);
    }
  }

  private check(token: number): void {
    if (!(token >= 0 && token < this.cfg.vocabSize)) throw new EngineInputError(`token id ${token} is outside the vocabulary`);
  }

  /**
   * Token contexts (BOS first, 1..context tokens) → log-probabilities [V] after each, its cache,
   * and the trunk's final hidden state [d] at its last token (the time heads' input).
   * `features[i]`: context i's token-aligned feature ids ([F][its length]), where known; else "none".
   */
  async prefill(contexts: readonly (readonly number[])[], features?: readonly (readonly Int32Array[] | undefined)[]): Promise<{ logp: Float32Array[]; states: DecodeState[]; hidden: Float32Array[] }> {
    const { V, d, hiddenAt, prefillWidth: W } = rowLayout(this.cfg);
    const { L, H, dh } = this.layout;
    const logp: Float32Array[] = new Array(contexts.length);
    const states: DecodeState[] = new Array(contexts.length);
    const hidden: Float32Array[] = new Array(contexts.length);
    const lengths = contexts.map((c) => {
      if (c.length < 1 || c.length > this.cfg.context) throw new EngineInputError(`prefill: a context of ${c.length} tokens (need 1..${this.cfg.context})`);
      c.forEach((t) => this.check(t));
      return this.bucket(c.length);
    });
    for (const { length: T, ids: chunk, batch: B } of bucketChunks(lengths, DECODE_B)) {
      const tokens = new Int32Array(B * T); // [B, T]; unused rows stay PAD (0)
      const positions = new Int32Array(B);
      const feats = this.featureRows(B * T, chunk.some((ci) => features?.[ci] !== undefined)); // [F][B, T]
      chunk.forEach((ci, r) => {
        tokens.set(contexts[ci], r * T);
        positions[r] = contexts[ci].length - 1;
        features?.[ci]?.forEach((ids, k) => feats![k].set(ids.subarray(0, contexts[ci].length), r * T));
      });
      checkFeatures(this.cfg, feats, B * T);
      const session = await this.prefillSession(B, T);
      const out = await session.run({ ...this.thetaFeed(), tokens: { data: tokens, dims: [B, T] }, positions: { data: positions, dims: [B] }, ...featureFeeds(this.cfg, feats, [B, T]) });
      const packed = out.rows.data as Float32Array; // [B, V + d]
      const kv = this.kvOutputs(out);
      const src: KVSource = { data: kv, base: new Array<number>(2 * L).fill(0), rowStride: H * T * dh, T };
      chunk.forEach((ci, r) => {
        logp[ci] = packed.slice(r * W, r * W + V);
        hidden[ci] = packed.slice(r * W + hiddenAt, r * W + hiddenAt + d);
        states[ci] = new DecodeState(contexts[ci].length, src, r);
      });
    }
    return { logp, states, hidden };
  }

  /**
   * One token after each row's cached context (`canExtend` must hold) → log-probabilities [V],
   * the longer cache, and the hidden state [d] as prefill gives it. A row's `features` are its
   * new token's feature ids ([F]), where known; else "none".
   */
  async step(rows: readonly { state: DecodeState; token: number; features?: readonly number[] }[]): Promise<{ logp: Float32Array[]; states: DecodeState[]; hidden: Float32Array[] }> {
    const { L, H, dh } = this.layout;
    const { V, d, hiddenAt, kvAt, stepWidth: W } = rowLayout(this.cfg);
    const kvBase = Array.from({ length: 2 * L }, (_, s) => kvAt(s));
    const logp: Float32Array[] = new Array(rows.length);
    const states: DecodeState[] = new Array(rows.length);
    const hidden: Float32Array[] = new Array(rows.length);
    let longest = 0;
    rows.forEach((r) => {
      if (!this.canExtend(r.state)) throw new EngineInputError(`step: a context of ${r.state.length} tokens has no room for one more (context ${this.cfg.context})`);
      this.check(r.token);
      longest = Math.max(longest, r.state.length);
    });
    // Every row pads its past to the longest row's bucket: a step's cost hardly depends on P
    // (attention over P keys is a small part of it) but every run has a fixed cost, so one run
    // of all the round's steps beats one per past length.
    const lengths = rows.map(() => this.bucket(longest, this.stepBuckets));
    for (const { length: P, ids: chunk, batch: B } of bucketChunks(lengths, DECODE_B)) {
      const tokens = new Int32Array(B);
      const positions = new Int32Array(B);
      const mask = new Float32Array(B * (P + 1)).fill(MASKED); // [B, P + 1]
      const past = this.takePast(B, P); // k_0, v_0, k_1, … each [B, H, P, dh]
      const feats = this.featureRows(B, chunk.some((ri) => rows[ri].features !== undefined)); // [F][B]
      chunk.forEach((ri, r) => {
        const { state, token, features } = rows[ri];
        const n = state.length;
        tokens[r] = token;
        features?.forEach((id, k) => (feats![k][r] = id));
        positions[r] = n;
        mask.fill(0, r * (P + 1), r * (P + 1) + n);
        state.writePast(past, r, P, this.layout);
      });
      for (let r = 0; r < B; r++) mask[r * (P + 1) + P] = 0; // the new token always sees itself
      checkFeatures(this.cfg, feats, B);
      const feeds: Record<string, { data: Float32Array | Int32Array; dims: number[] }> = {
        ...this.thetaFeed(),
        tokens: { data: tokens, dims: [B, 1] },
        positions: { data: positions, dims: [B] },
        mask: { data: mask, dims: [B, P + 1] },
        ...featureFeeds(this.cfg, feats, [B, 1]),
      };
      for (let l = 0; l < L; l++) {
        feeds[`past_k_${l}`] = { data: past[2 * l], dims: [B, H, P, dh] };
        feeds[`past_v_${l}`] = { data: past[2 * l + 1], dims: [B, H, P, dh] };
      }
      const session = await this.stepSession(B, P);
      let out;
      try {
        out = await session.run(feeds);
      } finally {
        this.givePast(B, P, past);
      }
      const packed = out.rows.data as Float32Array; // [B, V + d + 2L·d]
      const src: KVSource = { data: kvBase.map(() => packed), base: kvBase, rowStride: W, T: 1 };
      chunk.forEach((ri, r) => {
        logp[ri] = packed.slice(r * W, r * W + V);
        hidden[ri] = packed.slice(r * W + hiddenAt, r * W + hiddenAt + d);
        states[ri] = new DecodeState(rows[ri].state.length + 1, src, r, rows[ri].state);
      });
    }
    return { logp, states, hidden };
  }

  /** Zeroed feature id arrays ([F][n], "none"), when any row of a run has features; else undefined (featureFeeds feeds zeros). */
  private featureRows(n: number, any: boolean): Int32Array[] | undefined {
    const F = this.cfg.features?.length ?? 0;
    return any && F > 0 ? Array.from({ length: F }, () => new Int32Array(n)) : undefined;
  }

  /**
   * Past inputs for a [B, ·, P] step, reused across steps (onnxruntime reads them only during
   * the run): a fresh set per step was megabytes of zeroed allocation per round. What a reused
   * set holds beyond a row's n tokens is an earlier run's finite keys and values, which the mask
   * (-1e9) gives exactly zero weight, as it gave the zeros.
   */
  private takePast(B: number, P: number): Float32Array[] {
    const free = this.pastPool.get(`${B}:${P}`);
    if (free && free.length > 0) return free.pop()!;
    const { L, H, dh } = this.layout;
    return Array.from({ length: 2 * L }, () => new Float32Array(B * H * P * dh));
  }

  private givePast(B: number, P: number, past: Float32Array[]): void {
    const key = `${B}:${P}`;
    const free = this.pastPool.get(key);
    if (!free) this.pastPool.set(key, [past]);
    else if (free.length < 2) free.push(past);
  }

  private kvOutputs(out: Record<string, { data: unknown }>): Float32Array[] {
    const kv: Float32Array[] = [];
    for (let l = 0; l < this.cfg.nLayers; l++) kv.push(out[`k_${l}`].data as Float32Array, out[`v_${l}`].data as Float32Array);
    return kv;
  }

  async dispose(): Promise<void> {
    await this.sessions.dispose();
  }
}
