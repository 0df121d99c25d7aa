/**
 * The high-level training and inference API over the compiled graphs.
 *
 *   const eng = await TrainEngine.create(cfg, { batch: 32, device: 'auto', threads: 0, seed: 1,
 *                                               weightDecay: 0.01, gradClip: 1, dropout: 0.1 });
 *   const { loss, gradNorm } = await eng.step({ inputs, targets, mask, B, T }, lr);
 *
 * Batches are row-major `[B, T]`: `inputs`/`targets` Int32Array of B·T token ids in [0, V),
 * `mask` Float32Array of B·T weights (1 = counts in the loss, 0 = padding). A batch may have fewer
 * rows than the engine's batch size and any T ≤ context: it is padded with mask-0 rows to
 * [batch, T] and runs on the graph compiled for that T (compiled lazily, then cached).
 */
import { ModelConfig, featureInputs, validateConfig } from './config';
import { buildEvalLoss, buildTrainLoop, buildTrainStep, TrainGraphOptions } from './graphs';
import { initParams, paramLayout } from './params';
import { DEFAULT_BETAS } from './adamw';
import { Device, ResolvedDevice, Session, Tensor } from '../runtime';
import { dropoutFeeds, dropoutMasks, dropoutSites } from './dropout';
import { SessionCache } from './sessions';
import { checkFeatures, featureFeeds } from './featureFeeds';

export { InferenceEngine } from './inference';
export type { InferenceEngineOptions } from './inference';
export { initParams, growVocab, resizeParams, paramCount } from './params';
export { presetConfig } from './config';
export type { ModelConfig } from './config';

export interface EngineBatch {
  B: number;
  T: number;
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array;
  /** One B·T id array per cfg.features entry, aligned with `inputs`; absent = all 0 ("none"). */
  features?: readonly Int32Array[];
}

export interface TrainEngineOptions {
  /** Rows per compiled batch (smaller batches are padded). */
  batch: number;
  device: Device;
  /** Intra-op threads; 0 = physical cores. */
  threads: number;
  /** Seeds θ (when not given) and the dropout masks. */
  seed: number;
  weightDecay: number;
  /** Global gradient-norm clip; 0 disables. */
  gradClip: number;
  dropout: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Receives notes such as the CUDA fallback reason. */
  log?: (message: string) => void;
  /** Idle intra-op threads spin this many µs before sleeping (SessionOptions.spinUs); 0 or absent = off. */
  spinUs?: number;
  /** Write onnxruntime profiles with this file prefix (scripts/profile-train.ts); see `endProfiling`. */
  profilePrefix?: string;
}

/** Optimizer state a checkpoint stores. */
export interface EngineState {
  theta: Float32Array;
  m: Float32Array;
  v: Float32Array;
  /** AdamW updates taken so far. */
  step: number;
}

export { EngineInputError } from './errors';
import { EngineInputError } from './errors';


function checkBatch(cfg: ModelConfig, maxB: number, x: EngineBatch): void {
  const n = x.B * x.T;
  if (x.B < 1 || x.B > maxB) throw new EngineInputError(`batch has ${x.B} rows; the engine was built for at most ${maxB}`);
  if (x.T < 1 || x.T > cfg.context) throw new EngineInputError(`batch length ${x.T} is outside 1..${cfg.context} (the model context)`);
  if (x.inputs.length !== n || x.targets.length !== n || x.mask.length !== n) throw new EngineInputError(`batch arrays must have B·T = ${n} entries`);
  for (const arr of [x.inputs, x.targets]) {
    for (let i = 0; i < n; i++) {
      if (arr[i] < 0 || arr[i] >= cfg.vocabSize) throw new EngineInputError(`token id ${arr[i]} at ${i} is outside the vocabulary 0..${cfg.vocabSize - 1}`);
    }
  }
  checkFeatures(cfg, x.features, n);
}

/** Pads a batch to `B` rows (mask 0) as the feeds of a [B, T] graph. */
function padded(cfg: ModelConfig, x: EngineBatch, B: number) {
  const n = B * x.T;
  const grow = <A extends Int32Array | Float32Array>(a: A, make: (n: number) => A): A => {
    if (x.B === B) return a;
    const out = make(n);
    out.set(a);
    return out;
  };
  const dims = [B, x.T];
  return {
    tokens: { data: grow(x.inputs, (k) => new Int32Array(k)), dims },
    targets: { data: grow(x.targets, (k) => new Int32Array(k)), dims },
    mask: { data: grow(x.mask, (k) => new Float32Array(k)), dims },
    ...featureFeeds(cfg, x.features, dims),
  };
}

export class TrainEngine {
  private theta: Float32Array;
  private m: Float32Array;
  private v: Float32Array;
  private steps = 0;
  /** Second set of θ, m, v buffers: a step reads one set and writes the other, then they swap. */
  private spare?: { theta: Float32Array; m: Float32Array; v: Float32Array };
  /** Dropout mask buffers per T, refilled each step. */
  private readonly maskBuffers = new Map<number, Float32Array[]>();
  private readonly sessions: SessionCache;
  private readonly graphOptions: Omit<TrainGraphOptions, 'T'>;
  /** Device of the most recently created session ('cpu' until the first step). */
  device: ResolvedDevice = 'cpu';

  private constructor(readonly cfg: ModelConfig, readonly opts: TrainEngineOptions, theta: Float32Array) {
    const N = paramLayout(cfg).total;
    this.theta = theta;
    this.m = new Float32Array(N);
    this.v = new Float32Array(N);
    this.sessions = new SessionCache(opts.device, opts.threads, 'train', opts.log, opts.profilePrefix, opts.spinUs);
    this.graphOptions = {
      B: opts.batch,
      dropout: opts.dropout > 0,
      weightDecay: opts.weightDecay,
      gradClip: opts.gradClip,
      beta1: opts.beta1 ?? DEFAULT_BETAS.beta1,
      beta2: opts.beta2 ?? DEFAULT_BETAS.beta2,
      eps: opts.eps ?? DEFAULT_BETAS.eps,
      decayed: paramLayout(cfg).decayed,
    };
  }

  /** A ready engine; θ from `initParams(cfg, opts.seed)` unless `theta` is given. Compiles the full-context graph. */
  static async create(cfg: ModelConfig, opts: TrainEngineOptions, theta?: Float32Array): Promise<TrainEngine> {
    validateConfig(cfg);
    const N = paramLayout(cfg).total;
    if (theta && theta.length !== N) throw new EngineInputError(`θ has ${theta.length} values; this config needs ${N}`);
    const eng = new TrainEngine(cfg, opts, theta ? theta.slice() : initParams(cfg, opts.seed));
    eng.device = (await eng.stepSession(cfg.context)).device;
    return eng;
  }

  /** Ends onnxruntime profiling (when `profilePrefix` was given); returns the profile files. */
  endProfiling(): Promise<string[]> {
    return this.sessions.endProfiling();
  }

  get paramCount(): number {
    return this.theta.length;
  }

  private stepSession(T: number): Promise<Session> {
    return this.sessions.get(`step:${T}`, () => buildTrainStep(this.cfg, { ...this.graphOptions, T }));
  }

  /**
   * One AdamW update on a batch. Returns the mean masked loss before the update and the global
   * gradient norm before clipping. Dropout masks are drawn from (`seed` ?? opts.seed, update number).
   */
  async step(batch: EngineBatch, lr: number, seed?: number): Promise<{ loss: number; gradNorm: number }> {
    checkBatch(this.cfg, this.opts.batch, batch);
    const session = await this.stepSession(batch.T);
    this.device = session.device;
    const N = this.theta.length;
    const next = this.steps + 1;
    const out = await session.run(
      {
        theta: { data: this.theta, dims: [N] },
        m: { data: this.m, dims: [N] },
        v: { data: this.v, dims: [N] },
        step: { data: Float32Array.of(next), dims: [] },
        lr: { data: Float32Array.of(lr), dims: [] },
        ...padded(this.cfg, batch, this.opts.batch),
        ...dropoutFeeds(this.cfg, this.opts.batch, batch.T, this.opts.dropout, seed ?? this.opts.seed, next, this.masksFor(batch.T)),
      },
      this.outputBuffers(),
    );
    this.swapBuffers();
    this.steps = next;
    return { loss: (out.loss.data as Float32Array)[0], gradNorm: (out.grad_norm.data as Float32Array)[0] };
  }

  /**
   * K updates in one session.run (ONNX Loop); all batches share one T. Same results as K calls of
   * `step` without a seed override.
   */
  async stepMany(batches: readonly EngineBatch[], lrs: readonly number[]): Promise<{ losses: number[]; gradNorms: number[] }> {
    const K = batches.length;
    if (K === 0 || lrs.length !== K) throw new EngineInputError('stepMany needs one learning rate per batch');
    const T = batches[0].T;
    const B = this.opts.batch;
    for (const x of batches) {
      checkBatch(this.cfg, B, x);
      if (x.T !== T) throw new EngineInputError('stepMany: all batches must have the same T');
    }
    const session = await this.sessions.get(`loop:${K}:${T}`, () => buildTrainLoop(this.cfg, { ...this.graphOptions, T }, K));
    const tokens = new Int32Array(K * B * T);
    const targets = new Int32Array(K * B * T);
    const mask = new Float32Array(K * B * T);
    const features = featureInputs(this.cfg).map(() => new Int32Array(K * B * T));
    batches.forEach((x, k) => {
      const p = padded(this.cfg, x, B);
      tokens.set(p.tokens.data, k * B * T);
      targets.set(p.targets.data, k * B * T);
      mask.set(p.mask.data, k * B * T);
      x.features?.forEach((f, i) => features[i].set(f, k * B * T)); // rows past x.B stay 0
    });
    const N = this.theta.length;
    const dims = [K, B, T];
    const out = await session.run(
      {
        theta: { data: this.theta, dims: [N] },
        m: { data: this.m, dims: [N] },
        v: { data: this.v, dims: [N] },
        step: { data: Float32Array.of(this.steps + 1), dims: [] },
        lr: { data: Float32Array.from(lrs), dims: [K] },
        ...this.stackedMasks(K, T),
        tokens: { data: tokens, dims },
        targets: { data: targets, dims },
        mask: { data: mask, dims },
        ...featureFeeds(this.cfg, features, dims),
      },
      this.outputBuffers(),
    );
    this.swapBuffers();
    this.steps += K;
    return { losses: Array.from(out.losses.data as Float32Array), gradNorms: Array.from(out.grad_norms.data as Float32Array) };
  }

  /** The spare θ, m, v [N] as the graph's θ′, m′, v′ outputs, so a step allocates none. */
  private outputBuffers(): Record<string, Tensor> {
    const N = this.theta.length;
    const spare = (this.spare ??= { theta: new Float32Array(N), m: new Float32Array(N), v: new Float32Array(N) });
    return { theta_out: { data: spare.theta, dims: [N] }, m_out: { data: spare.m, dims: [N] }, v_out: { data: spare.v, dims: [N] } };
  }

  /** After a step wrote the spare set: it becomes current, the old current the next spare. */
  private swapBuffers(): void {
    const spare = this.spare!;
    this.spare = { theta: this.theta, m: this.m, v: this.v };
    this.theta = spare.theta;
    this.m = spare.m;
    this.v = spare.v;
  }

  private masksFor(T: number): Float32Array[] {
    let m = this.maskBuffers.get(T);
    if (!m) this.maskBuffers.set(T, (m = []));
    return m;
  }

  /** Dropout masks of the next K updates, stacked [K, B, T, d] per site. */
  private stackedMasks(K: number, T: number): Record<string, Tensor> {
    const p = this.opts.dropout;
    if (p <= 0) return {};
    const size = this.opts.batch * T * this.cfg.dModel;
    const stacked = Array.from({ length: dropoutSites(this.cfg) }, () => new Float32Array(K * size));
    for (let k = 0; k < K; k++) {
      dropoutMasks(this.cfg, size, p, this.opts.seed, this.steps + 1 + k).forEach((m, site) => stacked[site].set(m, k * size));
    }
    const dims = [K, this.opts.batch, T, this.cfg.dModel];
    return Object.fromEntries(stacked.map((data, k) => [`dropout_mask_${k}`, { data, dims }]));
  }

  /** Mean masked loss without an update; also the masked sum and the count, for averaging over batches. */
  async evalLoss(batch: EngineBatch): Promise<{ loss: number; sum: number; count: number }> {
    checkBatch(this.cfg, this.opts.batch, batch);
    const session = await this.sessions.get(`eval:${batch.T}`, () => buildEvalLoss(this.cfg, this.opts.batch, batch.T));
    const out = await session.run({ theta: { data: this.theta, dims: [this.theta.length] }, ...padded(this.cfg, batch, this.opts.batch) });
    return { loss: (out.loss.data as Float32Array)[0], sum: (out.loss_sum.data as Float32Array)[0], count: (out.count.data as Float32Array)[0] };
  }

  /** θ: the live buffer, overwritten by the step after next; copy it (or use getState) to keep it. */
  get params(): Float32Array {
    return this.theta;
  }

  /** Everything a checkpoint needs (copies). */
  getState(): EngineState {
    return { theta: this.theta.slice(), m: this.m.slice(), v: this.v.slice(), step: this.steps };
  }

  /** Restores θ, m, v and the step count (e.g. from a checkpoint). */
  setState(s: EngineState): void {
    const N = paramLayout(this.cfg).total;
    if (s.theta.length !== N || s.m.length !== N || s.v.length !== N) throw new EngineInputError(`state has ${s.theta.length} parameters; this model has ${N}`);
    if (!Number.isInteger(s.step) || s.step < 0) throw new EngineInputError(`bad step count ${s.step}`);
    this.theta = s.theta.slice();
    this.m = s.m.slice();
    this.v = s.v.slice();
    this.steps = s.step;
  }

  get stepCount(): number {
    return this.steps;
  }

  async dispose(): Promise<void> {
    await this.sessions.dispose();
  }
}
