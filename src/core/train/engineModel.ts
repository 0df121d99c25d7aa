/**
 * SequenceModel on the ONNX training engine (model/graphs.ts + runtime.ts). One compiled
 * session per (graph kind, B, T); T is a bucket length, so a log of short cases never pays for
 * the full context. θ, m, v live here as flat Float32Arrays and go in and out of each step.
 */
import type { Checkpoint, JsonValue } from '../model/checkpoint';
import type { ModelConfig } from '../model/config';
import { buildEvalLoss, buildInference, buildTrainStep } from '../model/graphs';
import { dropoutFeeds } from '../model/dropout';
import { DEFAULT_BETAS } from '../model/adamw';
import { growVocab, initParams, paramLayout } from '../model/params';
import { serializeModel } from '../onnx/serialize';
import { createSession, type Session } from '../runtime';
import { architecture } from './architecture';
import type { Batch } from './batching';
import { bucketFor, bucketLengths } from './batching';
import type { ModelState, SequenceModel } from './sequenceModel';
import type { Device, TrainConfig } from './types';

export interface ModelOptions {
  device: Device;
  threads: number;
  log?: (message: string) => void;
}

/** Set when CUDA was asked for and failed once in this process. */
let cudaUnavailable = false;

/** Inference batch sizes compiled on demand: one row (editor), a few (beam search), many (eval). */
const INFER_B = [1, 8, 64];

export class EngineModel implements SequenceModel {
  private readonly sessions = new Map<string, Promise<Session>>();
  private state: ModelState;
  private resolvedDevice: 'cuda' | 'cpu' | undefined;

  constructor(
    readonly cfg: ModelConfig,
    state: ModelState,
    private readonly options: ModelOptions,
    /** Knobs baked into the train-step graph; absent for an inference-only agent. */
    private readonly training?: Pick<TrainConfig, 'dropout' | 'weightDecay' | 'gradClip'>,
  ) {
    this.state = state;
  }

  get context(): number {
    return this.cfg.context;
  }
  get vocabSize(): number {
    return this.cfg.vocabSize;
  }
  get paramCount(): number {
    return this.state.theta.length;
  }
  get device(): 'cuda' | 'cpu' {
    return this.resolvedDevice ?? (this.options.device === 'cuda' ? 'cuda' : 'cpu');
  }

  /** Compiles (once) and returns the session for `key`. */
  private session(key: string, build: () => Uint8Array, purpose: 'train' | 'inference'): Promise<Session> {
    let s = this.sessions.get(key);
    if (!s) {
      // Once a session fell back to the CPU, later ones (of this model or any later one in this
      // process) go there directly: no second failed CUDA load, no second warning.
      const device = this.resolvedDevice ?? (this.options.device !== 'cpu' && cudaUnavailable ? 'cpu' : this.options.device);
      s = createSession(build(), { device, threads: this.options.threads, purpose, log: this.options.log }).then((session) => {
        this.resolvedDevice = session.device;
        if (session.fallbackReason) cudaUnavailable = true;
        return session;
      });
      this.sessions.set(key, s);
    }
    return s;
  }

  async trainStep(batch: Batch, learningRate: number, dropoutSeed: number): Promise<number> {
    const t = this.training;
    if (!t) throw new Error('this model was loaded for inference only');
    const layout = paramLayout(this.cfg);
    const session = await this.session(`train:${batch.B}:${batch.T}`, () =>
      serializeModel(buildTrainStep(this.cfg, { ...DEFAULT_BETAS, weightDecay: t.weightDecay, gradClip: t.gradClip, decayed: layout.decayed, B: batch.B, T: batch.T, dropout: t.dropout > 0 })), 'train');
    const { theta, m, v, step } = this.state;
    const out = await session.run({
      theta: { data: theta, dims: [theta.length] },
      m: { data: m, dims: [m.length] },
      v: { data: v, dims: [v.length] },
      step: { data: Float32Array.of(step + 1), dims: [] },
      lr: { data: Float32Array.of(learningRate), dims: [] },
      ...dropoutFeeds(this.cfg, batch.B, batch.T, t.dropout, dropoutSeed, step + 1),
      tokens: { data: batch.inputs, dims: [batch.B, batch.T] },
      targets: { data: batch.targets, dims: [batch.B, batch.T] },
      mask: { data: batch.mask, dims: [batch.B, batch.T] },
    });
    this.state = {
      theta: out.theta_out.data as Float32Array,
      m: out.m_out.data as Float32Array,
      v: out.v_out.data as Float32Array,
      step: step + 1,
    };
    return (out.loss.data as Float32Array)[0];
  }

  async evalLoss(batch: Batch): Promise<number> {
    const session = await this.session(`eval:${batch.B}:${batch.T}`, () => serializeModel(buildEvalLoss(this.cfg, batch.B, batch.T)), 'inference');
    const out = await session.run({
      theta: { data: this.state.theta, dims: [this.state.theta.length] },
      tokens: { data: batch.inputs, dims: [batch.B, batch.T] },
      targets: { data: batch.targets, dims: [batch.B, batch.T] },
      mask: { data: batch.mask, dims: [batch.B, batch.T] },
    });
    return (out.loss.data as Float32Array)[0];
  }

  private inference(mode: 'positions' | 'all', B: number, T: number): Promise<Session> {
    return this.session(`infer-${mode}:${B}:${T}`, () => serializeModel(buildInference(this.cfg, B, T, mode)), 'inference');
  }

  async nextLogProbs(contexts: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const V = this.cfg.vocabSize;
    const buckets = bucketLengths(this.context);
    const cut = contexts.map((c) => (c.length > this.context ? c.slice(c.length - this.context) : c));
    const result: Float32Array[] = new Array(contexts.length);
    const byT = new Map<number, number[]>();
    cut.forEach((c, i) => {
      if (c.length === 0) throw new Error('nextLogProbs: an empty context (it needs at least BOS)');
      const T = bucketFor(c.length, buckets);
      let list = byT.get(T);
      if (!list) byT.set(T, (list = []));
      list.push(i);
    });
    for (const [T, ids] of byT) {
      for (let s = 0; s < ids.length; s += INFER_B[INFER_B.length - 1]) {
        const chunk = ids.slice(s, s + INFER_B[INFER_B.length - 1]);
        const B = INFER_B.find((b) => b >= chunk.length)!;
        const tokens = new Int32Array(B * T);
        const positions = new Int32Array(B);
        chunk.forEach((ci, r) => {
          tokens.set(cut[ci], r * T);
          positions[r] = cut[ci].length - 1;
        });
        const session = await this.inference('positions', B, T);
        const out = await session.run({
          theta: { data: this.state.theta, dims: [this.state.theta.length] },
          tokens: { data: tokens, dims: [B, T] },
          positions: { data: positions, dims: [B] },
        });
        const logp = out.log_probs.data as Float32Array;
        chunk.forEach((ci, r) => (result[ci] = logp.slice(r * V, (r + 1) * V)));
      }
    }
    return result;
  }

  async allLogProbs(inputs: Int32Array, B: number, T: number): Promise<Float32Array> {
    const compiledB = INFER_B.find((b) => b >= B);
    if (compiledB === undefined) throw new Error(`allLogProbs: at most ${INFER_B[INFER_B.length - 1]} rows per call, got ${B}`);
    const tokens = new Int32Array(compiledB * T);
    tokens.set(inputs);
    const session = await this.inference('all', compiledB, T);
    const out = await session.run({ theta: { data: this.state.theta, dims: [this.state.theta.length] }, tokens: { data: tokens, dims: [compiledB, T] } });
    return (out.log_probs.data as Float32Array).subarray(0, B * T * this.cfg.vocabSize);
  }

  getState(): ModelState {
    return this.state;
  }

  setState(state: ModelState): void {
    if (state.theta.length !== this.state.theta.length) throw new Error(`setState: ${state.theta.length} parameters, model has ${this.state.theta.length}`);
    this.state = state;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (s) => (await s).dispose()));
  }
}

export async function createModel(cfg: TrainConfig, vocabSize: number, longestInput: number, options: ModelOptions): Promise<EngineModel> {
  const arch = architecture(cfg.preset, vocabSize, longestInput);
  const theta = initParams(arch, cfg.seed);
  return new EngineModel(arch, { theta, m: new Float32Array(theta.length), v: new Float32Array(theta.length), step: 0 }, options, cfg);
}

/** Moments for a grown vocabulary: old entries kept, new rows/columns zero. */
function growMoments(cfg: ModelConfig, a: Float32Array, newVocab: number): Float32Array {
  const grown = growVocab(cfg, a, newVocab, 0);
  const oldLayout = paramLayout(cfg);
  for (const spec of paramLayout(grown.cfg).specs) {
    const old = oldLayout.byName.get(spec.name)!;
    if (old.size === spec.size) continue;
    const dst = grown.theta.subarray(spec.offset, spec.offset + spec.size);
    if (spec.name === 'head.w') {
      const [d, Vold] = old.shape;
      for (let r = 0; r < d; r++) dst.fill(0, r * newVocab + Vold, (r + 1) * newVocab);
    } else dst.fill(0, old.size);
  }
  return grown.theta;
}

/**
 * A model from a checkpoint: for inference (no `training`), or to continue training with the
 * vocabulary grown to `vocabSize` (new embedding rows initialised, every other weight kept).
 */
export async function restoreModel(
  ck: Checkpoint,
  options: ModelOptions & { training?: TrainConfig; vocabSize?: number; newIds?: number[] },
): Promise<EngineModel> {
  let cfg = ck.header.model as unknown as ModelConfig;
  let theta = ck.theta;
  let m = ck.m ?? new Float32Array(theta.length);
  let v = ck.v ?? new Float32Array(theta.length);
  const vocab = options.vocabSize ?? cfg.vocabSize;
  if (vocab > cfg.vocabSize) {
    const grown = growVocab(cfg, theta, vocab, options.training?.seed ?? 1);
    m = growMoments(cfg, m, vocab);
    v = growMoments(cfg, v, vocab);
    cfg = grown.cfg;
    theta = grown.theta;
  }
  if (theta.length !== paramLayout(cfg).total) throw new Error(`checkpoint has ${theta.length} parameters but its config needs ${paramLayout(cfg).total}; retrain the agent`);
  return new EngineModel(cfg, { theta, m, v, step: ck.header.step }, options, options.training);
}

export function modelHeader(model: SequenceModel): JsonValue {
  return { ...(model as EngineModel).cfg } as unknown as JsonValue;
}
