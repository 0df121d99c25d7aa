/** The training contract shared by the trainer, the worker, the CLI and the dashboard. */

export type Device = 'auto' | 'cuda' | 'cpu';
export type TokenizerKind = 'activity' | 'bpe';

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
  device: Device;
  /** Intra-op threads; 0 = physical cores. */
  threads: number;
  seed: number;
}

/** One progress event; the CLI bar and the dashboard render the same stream. */
export interface TrainProgress {
  phase: 'preparing' | 'training' | 'validating' | 'done';
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

export interface TrainResult {
  /** Directory the agent was saved to. */
  agentDir: string;
  bestValidationAccuracy: number;
  epochsRun: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  seconds: number;
  device: 'cuda' | 'cpu';
}
