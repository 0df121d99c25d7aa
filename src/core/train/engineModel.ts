/**
 * SequenceModel as a thin adapter over the engine (model/engine.ts): a TrainEngine for the
 * AdamW steps and validation loss (preallocated double-buffered θ/m/v, reused dropout masks),
 * and an InferenceEngine for log-probabilities, fed the TrainEngine's current θ. What this
 * file adds is only the SequenceModel shape: bucketing contexts by length into the few compiled
 * inference batch sizes, and checkpoint restore with a grown vocabulary.
 */
import type { Checkpoint } from '../model/checkpoint';
import type { ModelConfig } from '../model/config';
import { InferenceEngine, TrainEngine } from '../model/engine';
import { paramLayout, resizeParams } from '../model/params';
import { featureInputs, type FeatureInput } from '../model/config';
import { architecture } from '../model/architecture';
import { bucketChunks } from '../model/bucketChunks';
import type { Batch } from './batching';
import type { FeatureColumns } from '../tokenize/featureColumns';
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
  get featureCount(): number {
    return this.cfg.features?.length ?? 0;
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

  async nextLogProbs(contexts: readonly (readonly number[])[], features?: readonly (FeatureColumns | undefined)[]): Promise<Float32Array[]> {
    const V = this.cfg.vocabSize;
    const F = this.featureCount;
    const buckets = bucketLengths(this.context);
    const cut = contexts.map((c) => (c.length > this.context ? c.slice(c.length - this.context) : c));
    // Each context's features, cut to the same last `context` positions.
    const cutFeatures = F > 0 && features ? contexts.map((c, i) => features[i]?.slice(Math.max(0, c.length - this.context), c.length)) : undefined;
    const result: Float32Array[] = new Array(contexts.length);
    const lengths = cut.map((c) => {
      if (c.length === 0) throw new Error('nextLogProbs: an empty context (it needs at least BOS)');
      return bucketFor(c.length, buckets);
    });
    for (const { length: T, ids: chunk, batch: B } of bucketChunks(lengths, INFER_B)) {
      const tokens = new Int32Array(B * T); // [B, T]; unused rows stay PAD (0)
      const positions = new Int32Array(B);
      const feats = cutFeatures ? Array.from({ length: F }, () => new Int32Array(B * T)) : undefined; // [F][B, T], 0 = none
      chunk.forEach((ci, r) => {
        tokens.set(cut[ci], r * T);
        positions[r] = cut[ci].length - 1;
        cutFeatures?.[ci]?.copyInto(feats!, r * T);
      });
      const logp = await this.inference().logProbs(tokens, B, T, positions, feats); // [B, V]
      chunk.forEach((ci, r) => (result[ci] = logp.slice(r * V, (r + 1) * V)));
    }
    return result;
  }

  async allLogProbs(inputs: Int32Array, B: number, T: number, features?: readonly Int32Array[]): Promise<Float32Array> {
    const compiledB = INFER_B.find((b) => b >= B);
    if (compiledB === undefined) throw new Error(`allLogProbs: at most ${INFER_B[INFER_B.length - 1]} rows per call, got ${B}`);
    const tokens = new Int32Array(compiledB * T);
    tokens.set(inputs);
    const feats = features?.map((f) => {
      const padded = new Int32Array(compiledB * T);
      padded.set(f);
      return padded;
    });
    const logp = await this.inference().allLogProbs(tokens, compiledB, T, feats); // [compiledB, T, V]
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

/** A fresh model for `cfg`'s preset, sized to the log, reading `features` (default none). */
export async function createModel(cfg: TrainConfig, vocabSize: number, longestInput: number, options: ModelOptions, features: FeatureInput[] = []): Promise<EngineModel> {
  const arch = architecture(cfg.preset, vocabSize, longestInput);
  return EngineModel.forTraining(features.length > 0 ? { ...arch, features } : arch, undefined, cfg, options);
}

/** Same feature names in the same order, each table at least as large: what fine-tuning can grow into. */
function sameFeatureShape(a: readonly FeatureInput[], b: readonly FeatureInput[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.size <= b[i].size);
}

/**
 * A model from a checkpoint: for inference (no `training`), or to continue training with the
 * vocabulary grown to `vocabSize` and feature tables grown to `features` (new rows initialised,
 * their AdamW moments zero, every other weight kept).
 */
export async function restoreModel(
  ck: Checkpoint,
  options: ModelOptions & { training?: TrainConfig; vocabSize?: number; newIds?: number[]; features?: FeatureInput[] },
): Promise<EngineModel> {
  let cfg = ck.header.model;
  let theta = ck.theta;
  const vocab = options.vocabSize ?? cfg.vocabSize;
  const features = options.features ?? [...featureInputs(cfg)];
  if (!sameFeatureShape(featureInputs(cfg), features)) throw new Error('restoreModel: the requested input features do not extend the checkpoint\'s');
  let m = ck.m;
  let v = ck.v;
  if (vocab !== cfg.vocabSize || features.some((f, i) => f.size !== featureInputs(cfg)[i].size)) {
    if (vocab < cfg.vocabSize) throw new Error(`restoreModel: vocabulary ${vocab} is smaller than the checkpoint's ${cfg.vocabSize}`);
    const next: ModelConfig = { ...cfg, vocabSize: vocab, ...(features.length > 0 ? { features } : {}) };
    const seed = options.training?.seed ?? 1;
    m = m && resizeParams(cfg, m, next, 0, 'zero');
    v = v && resizeParams(cfg, v, next, 0, 'zero');
    theta = resizeParams(cfg, theta, next, seed);
    cfg = next;
  }
  if (theta.length !== paramLayout(cfg).total) throw new Error(`checkpoint has ${theta.length} parameters but its config needs ${paramLayout(cfg).total}; retrain the agent`);
  const model = { device: options.device, threads: options.threads, log: options.log };
  if (!options.training) return EngineModel.forInference(cfg, theta, model);
  const state = { theta, m: m ?? new Float32Array(theta.length), v: v ?? new Float32Array(theta.length), step: ck.header.step };
  return EngineModel.forTraining(cfg, state, options.training, model);
}

export function modelHeader(model: SequenceModel): ModelConfig {
  return { ...(model as EngineModel).cfg };
}
