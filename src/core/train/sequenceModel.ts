/**
 * What the trainer and the agent need from a trainable next-token model. `engineModel.ts`
 * implements it on the ONNX engine (src/core/model/engine.ts); everything in train/
 * and agent/ is written against this interface only.
 */
import type { Batch } from './batching';
import type { FeatureColumns } from '../tokenize/featureColumns';

export interface ModelState {
  theta: Float32Array;
  m: Float32Array;
  v: Float32Array;
  /** AdamW steps taken. */
  step: number;
}

export interface SequenceModel {
  /** Longest input the model reads (position-embedding rows). */
  readonly context: number;
  readonly vocabSize: number;
  readonly paramCount: number;
  readonly device: 'cuda' | 'cpu';
  /** θ as it is now: a live buffer, valid until the next trainStep/setState (getState copies). */
  readonly params: Float32Array;
  /** One AdamW step on a `[B, T]` batch; returns the mean masked loss before the update. */
  trainStep(batch: Batch, learningRate: number, dropoutSeed: number): Promise<number>;
  /** Input features the model reads (0: tokens only); feature arrays passed in must number this many. */
  readonly featureCount: number;
  /**
   * Log-softmax over the vocabulary after each context (no dropout): result[i] is `[V]`.
   * Contexts longer than `context` are cut to their last `context` tokens. `features[i]`, when
   * given, holds context i's feature ids ([F][context length]); absent means "none".
   */
  nextLogProbs(contexts: readonly (readonly number[])[], features?: readonly (FeatureColumns | undefined)[]): Promise<Float32Array[]>;
  /** Log-softmax at every position of `[B, T]` inputs (and `[B, T]` feature ids each): `[B, T, V]` flattened. */
  allLogProbs(inputs: Int32Array, B: number, T: number, features?: readonly Int32Array[]): Promise<Float32Array>;
  /** Mean masked next-token loss on a batch, without updating (validation loss). */
  evalLoss(batch: Batch): Promise<number>;
  /** A copy of θ, m, v and the step count. */
  getState(): ModelState;
  setState(state: ModelState): void;
  dispose(): Promise<void>;
}
