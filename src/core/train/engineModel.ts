/**
 * SequenceModel as a thin adapter over the engine (model/engine.ts): a TrainEngine for the
 * AdamW steps and validation loss (preallocated double-buffered θ/m/v, reused dropout masks),
 * and an InferenceEngine for log-probabilities, fed the TrainEngine's current θ. What this
 * file adds is only the SequenceModel shape: bucketing contexts by length into the few compiled
 * inference batch sizes, and checkpoint restore with a grown vocabulary.
 */
import type { Checkpoint, JsonValue } from '../model/checkpoint';
import type { ModelConfig } from '../model/config';
import { InferenceEngine, TrainEngine } from '../model/engine';
import { growVocab, paramLayout } from '../model/params';
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

/** Inference batch sizes compiled on demand: one row (editor), a few (beam search), many (eval). */
const INFER_B = [1, 8, 64];

export class EngineModel implements SequenceModel {
  private readonly infer: InferenceEngine;
  /** θ of an inference-only model (a training model's θ lives in its TrainEngine). */
  private theta: Float32Array;

  private constructor(
    readonly cfg: ModelConfig,
    theta: Float32Array,
    private readonly options: ModelOptions,
    /** Absent for an inference-only agent. */
    private readonly train?: TrainEngine,
  ) {
    this.theta = theta;
    this.infer = InferenceEngine.create(cfg, theta, options);
  }

  /** A model that trains: the TrainEngine compiles its full-context step graph here. */
  static async forTraining(cfg: ModelConfig, state: ModelState | undefined, training: TrainConfig, options: ModelOptions): Promise<EngineModel> {
    const engine = await TrainEngine.create(
      cfg,
      { batch: training.batchSize, device: options.device, threads: options.threads, seed: training.seed, weightDecay: training.weightDecay, gradClip: training.gradClip, dropout: training.dropout, log: options.log },
      state?.theta,
    );
    if (state) engine.setState(state);
    return new EngineModel(cfg, engine.params, options, engine);
  }

  static forInference(cfg: ModelConfig, theta: Float32Array, options: ModelOptions): EngineModel {
    return new EngineModel(cfg, theta, options);
  }

  get context(): number {
    return this.cfg.context;
  }
  get vocabSize(): number {
    return this.cfg.vocabSize;
  }
  get paramCount(): number {
    return this.params.length;
  }
  get device(): 'cuda' | 'cpu' {
    return this.train?.device ?? this.infer.device ?? (this.options.device === 'cuda' ? 'cuda' : 'cpu');
  }
  get params(): Float32Array {
    return this.train ? this.train.params : this.theta;
  }

  async trainStep(batch: Batch, learningRate: number, dropoutSeed: number): Promise<number> {
    if (!this.train) throw new Error('this model was loaded for inference only');
    return (await this.train.step(batch, learningRate, dropoutSeed)).loss;
  }

  async evalLoss(batch: Batch): Promise<number> {
    if (!this.train) throw new Error('this model was loaded for inference only');
    return (await this.train.evalLoss(batch)).loss;
  }

  /** The inference engine, looking at the current θ (a train step swaps the TrainEngine's buffers). */
  private inference(): InferenceEngine {
    this.infer.setParams(this.params);
    return this.infer;
  }

  async nextLogProbs(contexts: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const V = this.cfg.vocabSize;
    const maxB = INFER_B[INFER_B.length - 1];
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
      for (let s = 0; s < ids.length; s += maxB) {
        const chunk = ids.slice(s, s + maxB);
        const B = INFER_B.find((b) => b >= chunk.length)!;
        const tokens = new Int32Array(B * T); // [B, T]; unused rows stay PAD (0)
        const positions = new Int32Array(B);
        chunk.forEach((ci, r) => {
          tokens.set(cut[ci], r * T);
          positions[r] = cut[ci].length - 1;
        });
        const logp = await this.inference().logProbs(tokens, B, T, positions); // [B, V]
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
    const logp = await this.inference().allLogProbs(tokens, compiledB, T); // [compiledB, T, V]
    return logp.subarray(0, B * T * this.cfg.vocabSize);
  }

  getState(): ModelState {
    if (this.train) return this.train.getState();
    const N = this.theta.length;
    return { theta: this.theta.slice(), m: new Float32Array(N), v: new Float32Array(N), step: 0 };
  }

  setState(state: ModelState): void {
    if (state.theta.length !== this.params.length) throw new Error(`setState: ${state.theta.length} parameters, model has ${this.params.length}`);
    if (this.train) this.train.setState(state);
    else this.theta = state.theta;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.train?.dispose(), this.infer.dispose()]);
  }
}

export async function createModel(cfg: TrainConfig, vocabSize: number, longestInput: number, options: ModelOptions): Promise<EngineModel> {
  return EngineModel.forTraining(architecture(cfg.preset, vocabSize, longestInput), undefined, cfg, options);
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
  const vocab = options.vocabSize ?? cfg.vocabSize;
  let m = ck.m;
  let v = ck.v;
  if (vocab > cfg.vocabSize) {
    const grown = growVocab(cfg, theta, vocab, options.training?.seed ?? 1);
    m = m && growMoments(cfg, m, vocab);
    v = v && growMoments(cfg, v, vocab);
    cfg = grown.cfg;
    theta = grown.theta;
  }
  if (theta.length !== paramLayout(cfg).total) throw new Error(`checkpoint has ${theta.length} parameters but its config needs ${paramLayout(cfg).total}; retrain the agent`);
  const model = { device: options.device, threads: options.threads, log: options.log };
  if (!options.training) return EngineModel.forInference(cfg, theta, model);
  const state = { theta, m: m ?? new Float32Array(theta.length), v: v ?? new Float32Array(theta.length), step: ck.header.step };
  return EngineModel.forTraining(cfg, state, options.training, model);
}

export function modelHeader(model: SequenceModel): JsonValue {
  return { ...(model as EngineModel).cfg } as unknown as JsonValue;
}
