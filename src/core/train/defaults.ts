/**
 * Default training knobs, chosen for event logs in general (tens to thousands of cases, up to a
 * few dozen activities): a small model, enough epochs for early stopping to decide, and a
 * validation split by start time so the stop decision never sees the future.
 */
import type { TrainConfig } from './types';

export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  preset: 'small',
  epochs: 30,
  batchSize: 32,
  learningRate: 3e-3,
  weightDecay: 0.01,
  warmup: 0.05,
  decay: 'cosine',
  dropout: 0.1,
  gradClip: 1.0,
  patience: 4,
  validationFraction: 0.15,
  tokenizer: 'activity',
  device: 'auto',
  threads: 0,
  seed: 1,
});

/** Defaults with the given overrides; undefined overrides are ignored. */
export function trainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  const out: TrainConfig = { ...DEFAULT_TRAIN_CONFIG };
  for (const [k, v] of Object.entries(overrides) as [keyof TrainConfig, TrainConfig[keyof TrainConfig]][]) {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}
