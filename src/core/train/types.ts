/**
 * The training contract shared by the trainer, the worker, the CLI and the dashboard. Types
 * only, with no Node imports: src/protocol.ts (and so the webview bundle) reuses these shapes.
 */
import type { EvalProtocol } from '../eval/types';
import type { ReadOptions } from '../log/types';

import type { Device } from '../device';
export type { Device } from '../device';
import type { TokenizerKind } from '../tokenize/tokenizer';
export type { TokenizerKind } from '../tokenize/tokenizer';

export interface TrainConfig {
  /** Name of a preset in models/ (tiny, small, base) or an inline architecture. */
  preset: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  /** Warm-up steps as a fraction of all steps. */
  warmup: number;
  decay: 'cosine' | 'linear' | 'constant';
  dropout: number;
  gradClip: number;
  /** Stop after this many epochs without a better validation accuracy. */
  patience: number;
  /** Fraction of training cases held out for validation (by start time). */
  validationFraction: number;
  /**
   * After early stopping picked the best epoch count on the validation cases, train once more
   * on all training cases (validation included) for that many epochs. Default true.
   */
  refit?: boolean;
  tokenizer: TokenizerKind;
  /** Activities beyond this many (most frequent kept) become one "other" activity (train/vocabCap.ts). */
  maxActivities?: number;
  /**
   * Optional input features beside the activities: 'auto' trains with and without the ones the
   * log supports (resource, time since the previous step) and keeps them only if they raise
   * validation accuracy by more than chance (paired McNemar z ≥ 1.64); 'off' never uses them; the others force that set. Activity tokenizer only.
   */
  features?: FeatureMode;
  device: Device;
  /** Intra-op threads; 0 = physical cores. */
  threads: number;
  seed: number;
}

export type FeatureMode = 'auto' | 'off' | 'resource' | 'gap' | 'all';

/**
 * One progress event; the CLI bar and the dashboard render the same stream. `refit` marks the
 * steps of the final retraining on all training cases (validation included): its loss starts
 * high again from fresh weights, so consumers draw and label it apart from `training`.
 */
export interface TrainProgress {
  phase: 'preparing' | 'training' | 'validating' | 'refit' | 'done';
  step: number;
  totalSteps: number;
  epoch: number;
  epochs: number;
  loss: number;
  learningRate: number;
  tokensPerSecond: number;
  etaSeconds: number;
  /** Present after each validation pass. */
  validation?: { loss: number; accuracy: number };
}

/**
 * What a run reports while it works, as one stream with a discriminant: the training loop, the
 * trainer and the search emit it through `RunHooks.onEvent`, the worker forwards each event as a
 * message of the same shape, and the worker client hands it on unchanged.
 */
export type RunEvent =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  /** Search only: one finished trial. */
  | { type: 'trial'; row: TrialRow };

export interface TrainResult {
  /** Directory the agent was saved to. */
  agentDir: string;
  bestValidationAccuracy: number;
  epochsRun: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  seconds: number;
  device: 'cuda' | 'cpu';
  /** Input features: the ones kept, and the validation accuracy of each set tried (with 'auto'), kept only on a significant paired gain. */
  features?: FeatureChoice;
  /** The strongest baseline on the validation cases against the agent (train/baselineGuard.ts). */
  baselineCheck?: import('./baselineGuard').BaselineCheck;
  /** What the saved agent serves (agent/servedChoice.ts): the agent, a baseline, or a mix. */
  served?: import('../eval/types').ServedChoice;
  /** Validation prefixes behind bestValidationAccuracy (0: there were no validation cases). */
  validationPrefixes?: number;
  /** Every epoch this run trained: `epochsRun` is the chosen run's alone. */
  epochCounts?: { chosen: number; featureTrials: number; refit: number; total: number };
}

export interface FeatureChoice {
  used: ('resource' | 'gap')[];
  /** gainZ: McNemar z of this set's validation hits over the first set's (paired, same prefixes). */
  tried: { use: ('resource' | 'gap')[]; validationAccuracy: number; gainZ?: number }[];
  /** Why a feature trial was not run, when it was not (e.g. the log has no usable resource or times). */
  skipped?: string;
}

/**
 * How a run reads its logs: options for every log, and per log (by absolute path) options on
 * top, for logs that need their own CSV columns or OCEL object type.
 */
export type LogReading = Omit<ReadOptions, 'signal'> & { byLog?: Record<string, Omit<ReadOptions, 'signal'>> };

/** A training or fine-tuning run as it crosses the worker boundary (agent/trainer.ts's TrainRequest adds in-process knobs). */
export interface TrainJob {
  logs: string[];
  agentDir: string;
  config: TrainConfig;
  /** Resume from the agent in agentDir; new activities grow the vocabulary. */
  fineTune: boolean;
  /** How to read the logs (column mapping, XES classifier…); the AbortSignal is the runner's own. */
  read?: LogReading;
  /** Held-out evaluation protocol; default: eval/protocol.ts's defaultProtocol(). */
  protocol?: EvalProtocol;
}

/** A hyperparameter search as it crosses the worker boundary (agent/search.ts's SearchRequest adds the space and η). */
export interface SearchJob {
  logs: string[];
  agentDir: string;
  /** Fixed knobs (epochs = the final training's budget, device, threads, seed…). */
  base: TrainConfig;
  /** Number of random configurations (default 9). */
  trials?: number;
  /** Wall-clock budget for the search phase; trials stop being started after it. */
  minutes?: number;
  read?: LogReading;
  protocol?: EvalProtocol;
}

/** One row of the search table: a trial's configuration at one rung and its validation accuracy. */
export interface TrialRow {
  trial: number;
  rung: number;
  epochs: number;
  preset: string;
  learningRate: number;
  dropout: number;
  weightDecay: number;
  tokenizer: TokenizerKind;
  validationAccuracy: number;
  seconds: number;
}
