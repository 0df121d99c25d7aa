/**
 * The epoch loop: shuffled bucketed batches, the LR schedule, a validation pass per epoch, and
 * early stopping with patience on validation next-activity accuracy (ties broken by lower
 * validation loss). The best weights are kept in memory; nothing here touches the disk, so a
 * cancelled run leaves the previous agent as it was.
 *
 * Validation and the saved agent use an exponential moving average of θ (Polyak averaging over
 * about half an epoch of steps): event logs are full of near-ties between successors, and the
 * raw weights flip those from step to step, so the average is both better and a steadier
 * signal for early stopping.
 */
import { Predictor } from './predictor';
import type { Tokenizer } from '../tokenize/tokenizer';
import { PAD } from '../tokenize/tokenizer';
import { countBatches, epochBatches } from './batching';
import type { PauseGate } from './pauseGate';
import { Rng } from './rng';
import { learningRateAt } from './schedule';
import type { ModelState, SequenceModel } from './sequenceModel';
import type { RunEvent, TrainConfig, TrainProgress } from './types';
import type { PrefixOptions } from '../data/prefixes';
import { validate, type Validation } from './validate';
import { alignCases } from '../tokenize/featureSet';
import type { FeatureColumns } from '../tokenize/featureColumns';

/**
 * Share of training rows whose input features are blanked to "none" each epoch. The editor
 * predicts from spec files, which have no resources or times, so the model must stay good
 * without features; a fifth of the rows teaches that without starving the feature tables.
 */
export const FEATURE_BLANK_RATE = 0.2;

/** How a run is observed and steered: its event stream, cancellation, and pause. */
export interface RunHooks {
  onEvent?(event: RunEvent): void;
  signal?: AbortSignal;
  gate?: PauseGate;
}

export interface LoopResult {
  best: ModelState;
  bestValidation: Validation;
  /** Seconds from the start until the best epoch finished. */
  secondsToBest: number;
  epochsRun: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  rng: number[];
  /** Optimizer steps taken in this run. */
  steps: number;
  /** The epoch whose weights are `best` (with no validation cases: the last one). */
  bestEpoch: number;
  history: { epoch: number; loss: number; validation: Validation; seconds: number }[];
}

/** ema ← β·ema + (1 − β)·θ, in place. */
function updateEma(ema: Float32Array, theta: Float32Array, beta: number): void {
  const a = 1 - beta;
  for (let i = 0; i < ema.length; i++) ema[i] += a * (theta[i] - ema[i]);
}

function copyState(s: ModelState): ModelState {
  return { theta: s.theta.slice(), m: s.m.slice(), v: s.v.slice(), step: s.step };
}

function better(a: Validation, b: Validation | undefined): boolean {
  if (!b) return true;
  if (a.accuracy !== b.accuracy) return a.accuracy > b.accuracy;
  return a.loss < b.loss;
}

export async function trainLoop(
  model: SequenceModel,
  tokenizer: Tokenizer,
  trainCases: readonly (readonly string[])[],
  validationCases: readonly (readonly string[])[],
  config: TrainConfig,
  hooks: RunHooks = {},
  options: {
    rule?: PrefixOptions;
    rngState?: number[];
    /** Added to step numbers in progress events (a second phase continues the count). */
    stepOffset?: number;
    /** Phase of the step events (default 'training'; the trainer's final retraining uses 'refit'). */
    phase?: 'training' | 'refit';
    /** Per-event input features of the training and validation cases, for a model that reads them. */
    features?: { train: FeatureColumns; validation: FeatureColumns };
  } = {},
): Promise<LoopResult> {
  const rngState = options.rngState;
  const started = performance.now();
  const rng = rngState ? new Rng(rngState) : new Rng(config.seed);
  const F = model.featureCount;
  const train = options.features?.train;
  if (F > 0 && (!train || train.caseCount !== trainCases.length)) throw new Error('trainLoop: the model reads input features; give them for every training case');
  const seqs = trainCases.map((c) => tokenizer.encodeCase(c));
  const seqFeatures = F > 0 && train ? alignCases(tokenizer, trainCases, train) : undefined; // [F][tokens of all cases]
  const plan = { batchSize: config.batchSize, context: model.context, pad: PAD, features: F, blankFeatures: F > 0 ? FEATURE_BLANK_RATE : 0 };
  const perEpoch = countBatches(seqs, plan);
  const totalSteps = perEpoch * config.epochs;
  const schedule = { peak: config.learningRate, totalSteps, warmup: config.warmup, decay: config.decay };
  const predictor = new Predictor(model, tokenizer);
  const emaBeta = Math.min(0.998, Math.max(0.9, 1 - 2 / Math.max(1, perEpoch)));
  // Starts at zero and is bias-corrected (÷ (1 − βᵗ)), as Adam does, so early epochs are not pulled toward the initial weights.
  const ema = new Float32Array(model.paramCount);
  const history: LoopResult['history'] = [];
  let best: ModelState | undefined;
  let bestValidation: Validation | undefined;
  let secondsToBest = 0;
  let bestEpoch = 0;
  let sinceBest = 0;
  let step = 0;
  let tokensSeen = 0;
  let trainSeconds = 0;
  let cancelled = false;
  let stoppedEarly = false;
  let epoch = 0;
  const emit = (p: Omit<TrainProgress, 'totalSteps' | 'epochs' | 'step'>) =>
    hooks.onEvent?.({ type: 'progress', progress: { ...p, step: step + (options.stepOffset ?? 0), totalSteps: totalSteps + (options.stepOffset ?? 0), epochs: config.epochs } });

  for (epoch = 1; epoch <= config.epochs; epoch++) {
    let lossSum = 0;
    let lossTokens = 0;
    for (const batch of epochBatches(seqs, plan, rng, seqFeatures)) {
      await hooks.gate?.wait(hooks.signal);
      if (hooks.signal?.aborted) {
        cancelled = true;
        break;
      }
      const lr = learningRateAt(step, schedule);
      const t0 = performance.now();
      const loss = await model.trainStep(batch, lr, rng.nextUint32());
      trainSeconds += (performance.now() - t0) / 1000;
      if (!Number.isFinite(loss)) throw new Error(`training diverged (loss ${loss} at step ${step}); lower the learning rate (--lr)`);
      step++;
      updateEma(ema, model.params, emaBeta);
      tokensSeen += batch.tokens;
      lossSum += loss * batch.tokens;
      lossTokens += batch.tokens;
      const stepsPerSecond = step / Math.max(1e-9, (performance.now() - started) / 1000);
      emit({
        phase: options.phase ?? 'training',
        epoch,
        loss,
        learningRate: lr,
        tokensPerSecond: tokensSeen / Math.max(1e-9, trainSeconds),
        etaSeconds: (totalSteps - step) / stepsPerSecond,
      });
    }
    if (cancelled) break;
    // Validate the averaged weights, then put the raw ones back to keep training.
    const raw = model.getState();
    const correction = 1 / (1 - emaBeta ** Math.max(1, step));
    const averaged: ModelState = { ...raw, theta: step > 0 ? ema.map((x) => x * correction) : raw.theta };
    model.setState(averaged);
    // With no validation cases (a refit on everything) the latest weights are the best ones.
    const v = validationCases.length > 0 ? await validate(predictor, validationCases, config.batchSize, options.rule, hooks.signal, F > 0 ? options.features?.validation : undefined) : { accuracy: epoch, loss: -epoch, prefixes: 0 };
    model.setState(raw);
    const seconds = (performance.now() - started) / 1000;
    history.push({ epoch, loss: lossSum / Math.max(1, lossTokens), validation: { accuracy: v.accuracy, loss: v.loss, prefixes: v.prefixes }, seconds });
    // Without validation cases there was no validation pass to report (the refit's epochs only have steps).
    if (validationCases.length > 0) {
      emit({
        phase: 'validating',
        epoch,
        loss: lossSum / Math.max(1, lossTokens),
        learningRate: learningRateAt(step, schedule),
        tokensPerSecond: tokensSeen / Math.max(1e-9, trainSeconds),
        etaSeconds: ((totalSteps - step) * seconds) / Math.max(1, step),
        validation: { loss: v.loss, accuracy: v.accuracy },
      });
    }
    if (better(v, bestValidation)) {
      best = copyState(averaged);
      bestValidation = v;
      bestEpoch = epoch;
      secondsToBest = seconds;
      sinceBest = 0;
    } else if (++sinceBest >= config.patience) {
      stoppedEarly = epoch < config.epochs;
      break;
    }
  }
  const epochsRun = Math.min(epoch, config.epochs);
  if (!best || !bestValidation) {
    // Cancelled (or zero epochs) before any validation: the current weights are all there is.
    best = copyState(model.getState());
    bestValidation = { accuracy: 0, loss: NaN, prefixes: 0 };
  }
  return { best, bestValidation, secondsToBest, epochsRun: cancelled ? epoch - 1 : epochsRun, stoppedEarly, cancelled, rng: rng.state(), steps: step, bestEpoch, history };
}
