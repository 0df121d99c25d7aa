/** Small configs and batches shared by the model tests. */
import { ModelConfig } from '../../src/core/model/config';
import { EngineBatch, TrainEngineOptions } from '../../src/core/model/engine';

export function microConfig(over: Partial<ModelConfig> = {}): ModelConfig {
  return { vocabSize: 7, context: 5, dModel: 8, nLayers: 1, nHeads: 2, dFF: 12, tiedHead: true, ...over };
}

export function engineOptions(over: Partial<TrainEngineOptions> = {}): TrainEngineOptions {
  return { batch: 4, device: 'cpu', threads: 1, seed: 3, weightDecay: 0.1, gradClip: 1, dropout: 0, ...over };
}

/** A deterministic pseudo-random batch with a few masked-out positions. */
export function randomBatch(cfg: ModelConfig, B: number, T: number, seed = 1): EngineBatch {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = B * T;
  const inputs = Int32Array.from({ length: n }, () => Math.floor(next() * cfg.vocabSize));
  const targets = Int32Array.from({ length: n }, () => Math.floor(next() * cfg.vocabSize));
  const mask = Float32Array.from({ length: n }, (_, i) => (i % 5 === 4 ? 0 : 1));
  // Feature ids cover every row of each table, 0 ("none") included.
  const features = cfg.features?.map((f) => Int32Array.from({ length: n }, () => Math.floor(next() * f.size)));
  return features ? { B, T, inputs, targets, mask, features } : { B, T, inputs, targets, mask };
}
