/**
 * The time heads at run time: trunk hidden states for prefixes, the head MLP's weights φ with
 * the input and target scaling, and quantile predictions in milliseconds. Saved in the
 * checkpoint header as `timeHead` (TimeHeadJSON); an agent without it has no time predictions.
 */
import type { ModelConfig } from '../model/config';
import { buildHeadInference, buildTrunkHidden, TIME_QUANTILES, TIME_TARGETS, timeHeadLayout, type TimeHeadShape } from '../model/timeHead';
import { SessionCache, WARM_RUNS } from '../model/sessions';
import type { Device } from '../runtime';
import { bucketFor, bucketLengths } from '../train/batching';
import { batchFor } from '../model/decodeBuckets';
import { tokenFeatures } from '../tokenize/featureSet';
import type { FeatureColumns } from '../tokenize/featureColumns';
import type { Tokenizer } from '../tokenize/tokenizer';
import { TIME_INPUTS, targetToMs, writeTimeInputs, type TargetScale } from './timeInputs';

export interface TimeHeadJSON {
  kind: 'time-head';
  version: 1;
  shape: TimeHeadShape;
  /** Per time input: mean and deviation of the training rows (applied before the head). */
  inputMean: number[];
  inputStd: number[];
  /** Per target (next event, remaining): mean and deviation of the target in `targetScale`. */
  targetMean: number[];
  targetStd: number[];
  /** The scale the targets are learnt in; absent: 'log1p-hours' (agents saved before it existed). */
  targetScale?: TargetScale;
  /**
   * Per target: the p10–p90 half-widths (in the scaled space, around p50) are multiplied by this,
   * chosen on the validation cases so that 80% of them fall inside (split-conformal style).
   * Absent: 1.
   */
  intervalScale?: number[];
  /** φ as base64 of little-endian float32. */
  phi: string;
  /**
   * The trunk the heads read, trained end to end with them (agent/fitTimeTrunk.ts), as base64 of
   * little-endian float32 θ; absent: the heads read the next-activity trunk.
   */
  trunk?: string;
  /** How the heads were fitted, for the record. */
  fit?: { rows: number; epochs: number; validationMaeDays?: number; trunkEpochs?: number };
}

/** The trunk the heads sit on: what a loaded or trained agent's model exposes. */
export interface Trunk {
  readonly cfg: ModelConfig;
  readonly params: Float32Array;
}

/** One prefix to predict for: the case's activities and times, the first k events, and the case's per-event features. */
export interface PrefixQuery {
  activities: readonly string[];
  times: readonly (number | undefined)[];
  k: number;
  features?: FeatureColumns;
}

/** p10/p50/p90 of both targets for one prefix, in milliseconds. */
export interface TimeQuantiles {
  nextEvent: [number, number, number];
  remaining: [number, number, number];
}

/**
 * Most trunk rows and head rows a run carries; a smaller run pads only to the next compiled size
 * (decodeBuckets.ts says why). Never 1 row: onnxruntime runs a one-row MatMul on its
 * matrix-vector kernel, whose sums differ from the batched kernel's (~3e-6 of a time, measured),
 * while from 2 rows up a row's result does not depend on the batch, so a time served in a
 * batch of requests equals `predict`'s for the case alone, bit for bit.
 */
const ROWS = 64;
const TRUNK_BATCHES = [2, 4, 8, 16, 32, ROWS];
const HEAD_B = 256;
const HEAD_BATCHES = [4, 16, 64, HEAD_B];

export function encodePhi(phi: Float32Array): string {
  return Buffer.from(phi.buffer, phi.byteOffset, phi.byteLength).toString('base64');
}

export function decodePhi(s: string): Float32Array {
  const buf = Buffer.from(s, 'base64');
  const out = new Float32Array(buf.length / 4);
  Buffer.from(out.buffer).set(buf);
  return out;
}

/** Trunk hidden states and head outputs on compiled graphs (one session per shape). */
export class TimeRunner {
  private readonly sessions: SessionCache;
  constructor(
    private readonly trunk: Trunk,
    private readonly tokenizer: Tokenizer,
    device: Device = 'cpu',
    threads = 0,
    /** Bake the trunk's θ into its graphs (model/thetaInput.ts): only for a θ nobody changes later. */
    private readonly frozen = false,
  ) {
    this.sessions = new SessionCache(device, threads, 'inference');
  }

  /**
   * hidden [n, d] for each prefix: the trunk's final state after its k-th event. Unknown
   * activities are left out of the context (as the next-activity predictions do); a case that
   * fits the context runs once for all its prefixes.
   */
  async hidden(queries: readonly PrefixQuery[]): Promise<Float32Array> {
    const { cfg } = this.trunk;
    const d = cfg.dModel;
    const out = new Float32Array(queries.length * d);
    const F = cfg.features?.length ?? 0;
    // Group queries by identical case arrays, so a case's prefixes share one pass.
    const rows: { tokens: number[]; feats?: FeatureColumns; want: { q: number; pos: number }[] }[] = [];
    const byCase = new Map<readonly string[], number>();
    const activityTokens = this.tokenizer.kind === 'activity';
    // Work per distinct case, not per prefix: a case of n events has n − 1 prefixes, and redoing
    // its O(n) filtering and encoding for each was quadratic (a million-event case never finished).
    const distinct = [...new Set(queries.map((q) => q.activities))];
    const unknown = new Set(activityTokens ? this.tokenizer.unknown(distinct.flat()) : []);
    const perCase = new Map<readonly string[], { acts: string[]; keptBefore: Int32Array; tokens: number[]; feats?: FeatureColumns }>();
    const caseOf = (q: PrefixQuery) => {
      let c = perCase.get(q.activities);
      if (!c) {
        const keep = q.activities.map((a) => !unknown.has(a));
        const acts = q.activities.filter((_, i) => keep[i]);
        const keptBefore = new Int32Array(keep.length + 1);
        keep.forEach((k, i) => (keptBefore[i + 1] = keptBefore[i] + (k ? 1 : 0)));
        const feats = F > 0 && q.features ? tokenFeatures(this.tokenizer, acts, q.features.keep(keep), true) : undefined;
        c = { acts, keptBefore, tokens: this.tokenizer.encodePrefix(acts), feats };
        perCase.set(q.activities, c);
      }
      return c;
    };
    queries.forEach((q, qi) => {
      const c = caseOf(q);
      const pos = c.keptBefore[q.k]; // token position after the k-th event (BOS = 0)
      const fits = activityTokens && c.tokens.length <= cfg.context;
      const r = byCase.get(q.activities);
      if (fits && r !== undefined) {
        rows[r].want.push({ q: qi, pos });
        return;
      }
      if (fits) {
        byCase.set(q.activities, rows.length);
        rows.push({ tokens: c.tokens, feats: c.feats, want: [{ q: qi, pos }] });
        return;
      }
      // Too long (or BPE): its own window ending at this prefix, cut to the last `context` tokens.
      // Activity tokens are one per activity, so the prefix's encoding is the case's, cut at pos + 1.
      const own = activityTokens ? c.tokens.slice(Math.max(0, pos + 1 - cfg.context), pos + 1) : this.tokenizer.encodePrefix(c.acts.slice(0, pos));
      const ownLength = activityTokens ? pos + 1 : own.length;
      const cut = Math.max(0, ownLength - cfg.context);
      const tokens = activityTokens ? own : own.slice(cut);
      rows.push({ tokens, feats: c.feats?.slice(cut, ownLength), want: [{ q: qi, pos: ownLength - 1 - cut }] });
    });
    const buckets = bucketLengths(cfg.context);
    const byT = new Map<number, number[]>();
    rows.forEach((r, i) => {
      const T = bucketFor(r.tokens.length, buckets);
      (byT.get(T) ?? byT.set(T, []).get(T)!).push(i);
    });
    for (const [T, ids] of byT) {
      for (let at = 0; at < ids.length; at += ROWS) {
        const chunk = ids.slice(at, at + ROWS);
        const B = batchFor(chunk.length, TRUNK_BATCHES);
        const s = await this.trunkSession(B, T);
        const tokens = new Int32Array(B * T);
        const feats = (cfg.features ?? []).map(() => new Int32Array(B * T));
        chunk.forEach((ri, b) => {
          tokens.set(rows[ri].tokens, b * T);
          rows[ri].feats?.copyInto(feats, b * T, 0, 0, T);
        });
        const feeds: Record<string, { data: Float32Array | Int32Array; dims: number[] }> = { tokens: { data: tokens, dims: [B, T] } };
        if (!this.frozen) feeds.theta = { data: this.trunk.params, dims: [this.trunk.params.length] };
        (cfg.features ?? []).forEach((f, k) => (feeds[`feature_${f.name}`] = { data: feats[k], dims: [B, T] }));
        const h = (await s.run(feeds)).hidden.data as Float32Array; // [B, T, d]
        chunk.forEach((ri, b) => {
          for (const w of rows[ri].want) out.set(h.subarray((b * T + w.pos) * d, (b * T + w.pos + 1) * d), w.q * d);
        });
      }
    }
    return out;
  }

  /** Compiles every trunk and head shape `hidden` and `head` run, and runs each WARM_RUNS times, so that no later call waits on a compile or a first run (the service's warm-up). */
  async compileAll(shape: TimeHeadShape): Promise<void> {
    const { cfg } = this.trunk;
    for (const B of TRUNK_BATCHES) for (const T of bucketLengths(cfg.context)) await this.trunkSession(B, T, WARM_RUNS);
    for (const B of HEAD_BATCHES) await this.headSession(shape, B, WARM_RUNS);
  }

  private trunkSession(B: number, T: number, warmRuns = 0) {
    return this.sessions.get(`hidden:${B}:${T}`, () => buildTrunkHidden(this.trunk.cfg, B, T, this.frozen ? this.trunk.params : undefined), warmRuns);
  }

  private headSession(shape: TimeHeadShape, B: number, warmRuns = 0) {
    return this.sessions.get(`head:${shape.inputs}:${shape.hidden}:${B}`, () => buildHeadInference(shape, B), warmRuns);
  }

  /** The trunk's width d. */
  get width(): number {
    return this.trunk.cfg.dModel;
  }

  /** Time features the trunk reads (0: none). */
  get featureCount(): number {
    return this.trunk.cfg.features?.length ?? 0;
  }

  /** Head input width D: hidden d, the time inputs, and two activity vectors of A each. */
  get inputWidth(): number {
    return this.trunk.cfg.dModel + TIME_INPUTS + 2 * this.tokenizer.activities.length;
  }

  /**
   * Head inputs [n, D]: hidden [n, d], the standardised time inputs, the last activity one-hot
   * [A] and log1p of each activity's count in the prefix [A]. The trunk only has to carry what
   * predicts the next activity; a step that changes how long a case takes but not what follows
   * (which check was made) would be lost without the activity vectors. `blank[i]` hides row i's times.
   */
  headInputs(hidden: Float32Array, queries: readonly PrefixQuery[], mean: readonly number[], std: readonly number[], blank?: (i: number) => boolean): Float32Array {
    const d = this.trunk.cfg.dModel;
    const A = this.tokenizer.activities.length;
    const index = new Map(this.tokenizer.activities.map((a, i) => [a, i]));
    const D = this.inputWidth;
    const x = new Float32Array(queries.length * D);
    const t = new Float32Array(TIME_INPUTS);
    const counts = new Float32Array(A);
    queries.forEach((q, i) => {
      const row = i * D;
      x.set(hidden.subarray(i * d, (i + 1) * d), row);
      writeTimeInputs(q.times, q.k, t, 0, blank?.(i) ?? false);
      for (let j = 0; j < TIME_INPUTS; j++) x[row + d + j] = (t[j] - mean[j]) / std[j];
      counts.fill(0);
      for (let e = 0; e < q.k; e++) {
        const a = index.get(q.activities[e]);
        if (a !== undefined) counts[a]++;
      }
      const last = index.get(q.activities[q.k - 1]);
      if (last !== undefined) x[row + d + TIME_INPUTS + last] = 1;
      for (let a = 0; a < A; a++) x[row + d + TIME_INPUTS + A + a] = Math.log1p(counts[a]);
    });
    return x;
  }

  /** Raw head outputs [n, 2·Q] (standardised log-hours) for head inputs x [n, D]. */
  async head(shape: TimeHeadShape, phi: Float32Array, x: Float32Array, n: number): Promise<Float32Array> {
    const D = shape.inputs;
    const O = TIME_TARGETS.length * TIME_QUANTILES.length;
    const out = new Float32Array(n * O);
    for (let at = 0; at < n; at += HEAD_B) {
      const m = Math.min(HEAD_B, n - at);
      const B = batchFor(m, HEAD_BATCHES);
      const s = await this.headSession(shape, B);
      const xb = new Float32Array(B * D);
      xb.set(x.subarray(at * D, (at + m) * D));
      const r = (await s.run({ phi: { data: phi, dims: [phi.length] }, x: { data: xb, dims: [B, D] } })).quantiles.data as Float32Array;
      out.set(r.subarray(0, m * O), at * O);
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.sessions.dispose();
  }
}

/** A fitted time head: scaling, φ, and the runner that evaluates trunk and head. */
export class TimeModel {
  private readonly phi: Float32Array;
  constructor(readonly json: TimeHeadJSON, private readonly runner: TimeRunner) {
    if (json.kind !== 'time-head' || json.version !== 1) throw new Error('time head JSON has the wrong kind or version');
    if (json.shape.inputs !== runner.inputWidth) throw new Error(`time head reads ${json.shape.inputs} inputs; this trunk and vocabulary give ${runner.inputWidth}; retrain the agent`);
    this.phi = decodePhi(json.phi);
    if (this.phi.length !== timeHeadLayout(json.shape).total) throw new Error(`time head has ${this.phi.length} weights; its shape needs ${timeHeadLayout(json.shape).total}`);
  }

  /** Whether the heads read the next-activity trunk (no trunk of their own in the header). */
  get readsActivityTrunk(): boolean {
    return this.json.trunk === undefined;
  }

  /**
   * p10/p50/p90 (ms) of the time to the next event and of the remaining time, per prefix; p10 ≤
   * p50 ≤ p90 enforced. `given[i]`: prefix i's trunk state [d], already computed by the
   * next-activity decoder (the service's decode runs, rowDecoder.ts) from the same events and
   * features (ProcessAgent.featuresOf, which predictTimesBatch gives `q.features` from too); used
   * where the heads read that trunk, the runner computes the rest.
   */
  async predict(queries: readonly PrefixQuery[], given?: readonly (Float32Array | undefined)[]): Promise<TimeQuantiles[]> {
    if (queries.length === 0) return [];
    const h = await this.trunkStates(queries, given);
    const x = this.runner.headInputs(h, queries, this.json.inputMean, this.json.inputStd);
    const raw = await this.runner.head(this.json.shape, this.phi, x, queries.length);
    return decodeQuantiles(raw, queries.length, this.json);
  }

  /** hidden [n, d]: the given states where they apply, the runner's for the rest (in one batched pass). */
  private async trunkStates(queries: readonly PrefixQuery[], given?: readonly (Float32Array | undefined)[]): Promise<Float32Array> {
    const use = queries.map((_, i) => given?.[i] !== undefined && this.readsActivityTrunk);
    if (!use.includes(true)) return this.runner.hidden(queries);
    const d = this.runner.width;
    const h = new Float32Array(queries.length * d);
    const own: number[] = [];
    use.forEach((u, i) => (u ? h.set(given![i]!, i * d) : own.push(i)));
    if (own.length > 0) {
      const part = await this.runner.hidden(own.map((i) => queries[i]));
      own.forEach((qi, j) => h.set(part.subarray(j * d, (j + 1) * d), qi * d));
    }
    return h;
  }

  /** Compiles every shape `predict` runs (the service's warm-up). */
  async compileAll(): Promise<void> {
    await this.runner.compileAll(this.json.shape);
  }

  async dispose(): Promise<void> {
    await this.runner.dispose();
  }
}

/** Standardised log-hours [n, 2·Q] → sorted milliseconds per target. */
export function decodeQuantiles(raw: Float32Array, n: number, s: Pick<TimeHeadJSON, 'targetMean' | 'targetStd' | 'intervalScale' | 'targetScale'>): TimeQuantiles[] {
  const Q = TIME_QUANTILES.length;
  const out: TimeQuantiles[] = [];
  for (let i = 0; i < n; i++) {
    const target = (j: number) => {
      // Quantile heads can cross (sorting is the usual repair); a standardised output beyond ±6
      // deviations is clamped so an input unlike any training row cannot overflow expm1.
      const z = Array.from({ length: Q }, (_, q) => Math.min(6, Math.max(-6, raw[(i * 2 + j) * Q + q]))).sort((a, b) => a - b);
      const k = s.intervalScale?.[j] ?? 1;
      const widened = [z[1] - k * (z[1] - z[0]), z[1], z[1] + k * (z[2] - z[1])];
      return widened.map((v) => targetToMs(v * s.targetStd[j] + s.targetMean[j], s.targetScale)) as [number, number, number];
    };
    out.push({ nextEvent: target(0), remaining: target(1) });
  }
  return out;
}
