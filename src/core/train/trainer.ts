/**
 * Trains (or fine-tunes) an agent on event logs and saves it: read → split by the protocol →
 * hold out the latest training cases for validation → fit (or grow) the tokenizer → train with
 * early stopping → evaluate the best weights beside the baselines on the held-out test cases →
 * write the agent folder. Nothing is written until training finished, so a cancel (AbortSignal)
 * leaves the previous agent untouched.
 */
import { existsSync, appendFileSync } from 'node:fs';
import { ProcessAgent } from '../agent/processAgent';
import { evaluateAgent } from '../agent/evaluate';
import { defaultProtocol } from '../eval/protocol';
import type { EvalReport } from '../eval/types';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import { fitTokenizer, tokenizerFromJSON, type Tokenizer } from '../tokenize';
import { agentPaths, ensureDir, writeJson } from './agentDir';
import { createModel, restoreModel, modelHeader, type ModelOptions } from './engineModel';
import { holdOutLatest, loadSplit, type LoadedSplit, type SavedSplit } from './logInput';
import type { PauseGate } from './pauseGate';
import type { SequenceModel } from './sequenceModel';
import { trainLoop, type LoopResult } from './trainLoop';
import { pairedGain } from './validate';
import type { FeatureChoice, FeatureMode, TrainConfig, TrainJob, TrainProgress, TrainResult } from './types';
import { FeatureSet, type FeatureKind, type FeatureSetJSON } from '../tokenize/featureSet';
import type { Case } from '../log/types';
import { addTimeScores, trainTimeHeads } from './timeHeads';

export interface TrainRequest extends TrainJob {
  /** Beam-searched suffix similarity on up to this many test prefixes (default 0: skipped). */
  suffixPrefixes?: number;
  /** Write the agent folder (default true); search trials skip it. */
  save?: boolean;
  /** Score the test cases (default true); search trials skip it, as they select on validation only. */
  evaluate?: boolean;
  /** Cases already read and split (hyperparameter search reuses one read across trials). */
  preloaded?: LoadedSplit;
}

export interface TrainHooks {
  onProgress?(p: TrainProgress): void;
  onLog?(level: 'info' | 'warn', message: string): void;
  signal?: AbortSignal;
  gate?: PauseGate;
}

export interface TrainOutcome {
  result: TrainResult;
  report?: EvalReport;
  /** Seconds until the epoch with the best validation accuracy finished. */
  secondsToBest: number;
}

export async function trainAgent(req: TrainRequest, hooks: TrainHooks = {}): Promise<TrainOutcome> {
  const started = performance.now();
  const cfg = req.config;
  const paths = agentPaths(req.agentDir);
  const protocol = req.protocol ?? defaultProtocol();
  const say = (m: string) => hooks.onLog?.('info', m);
  hooks.onProgress?.({ phase: 'preparing', step: 0, totalSteps: 0, epoch: 0, epochs: cfg.epochs, loss: NaN, learningRate: 0, tokensPerSecond: 0, etaSeconds: NaN });

  const split = req.preloaded ?? (await loadSplit(req.logs, protocol, req.read, hooks.signal));
  if (split.train.length === 0) throw new Error(`${req.logs.join(', ')}: no training cases after the split (${protocol.description}); use a larger log`);
  const { fit, validation } = holdOutLatest(split.train, cfg.validationFraction, protocol.split.kind === 'chronological' ? 'time' : 'file');
  say(`${split.train.length} training cases (${fit.length} fit, ${validation.length} validation), ${split.test.length} test cases; ${protocol.description}`);

  let tokenizer: Tokenizer;
  const modelOptions: ModelOptions = { device: cfg.device, threads: cfg.threads, log: say };
  /** A fresh model reading `features` (or, fine-tuning, the previous agent's weights grown to them). */
  let newModel: (features: FeatureSet) => Promise<SequenceModel>;
  let rngState: number[] | undefined;
  /** Feature sets to train with; a later one replaces the first only on a significant validation gain. */
  let featureCandidates: FeatureSet[];
  if (req.fineTune) {
    if (!existsSync(paths.checkpoint)) throw new Error(`${paths.checkpoint}: there is no agent to fine-tune; train one first without --fine-tune`);
    const previous = loadCheckpoint(paths.checkpoint);
    tokenizer = tokenizerFromJSON(previous.header.tokenizer);
    const grown = tokenizer.grow(split.traces(split.train));
    if (grown.newActivities.length > 0) say(`fine-tune: ${grown.newActivities.length} new activities (${grown.newActivities.slice(0, 5).join(', ')}${grown.newActivities.length > 5 ? ', …' : ''})`);
    // A fine-tune keeps the agent's features (new resources get new rows) rather than re-choosing them.
    const features = FeatureSet.fromJSON(previous.header.features as FeatureSetJSON | undefined);
    const newResources = features.grow(split.train);
    if (newResources > 0) say(`fine-tune: ${newResources} new resources`);
    featureCandidates = [features];
    const vocabSize = tokenizer.vocabSize;
    newModel = (f) => restoreModel(previous, { ...modelOptions, training: cfg, vocabSize, features: f.inputs() });
    rngState = previous.header.rng.length === 4 ? previous.header.rng : undefined;
  } else {
    const fitted = fitTokenizer(cfg.tokenizer, split.traces(split.train));
    tokenizer = fitted;
    const longest = Math.max(...split.traces(split.train).map((c) => fitted.encodeCase(c).length - 1));
    featureCandidates = featureSetsToTry(cfg, split.train, say);
    newModel = (f) => createModel(cfg, fitted.vocabSize, longest, modelOptions, f.inputs());
  }

  const rule = { minPrefix: protocol.minPrefix, eosTarget: protocol.eosTarget };
  const featuresOf = (f: FeatureSet, cases: Case[]) => (f.count > 0 ? { train: cases.map((c) => f.perEvent(c)!), validation: validation.map((c) => f.perEvent(c)!) } : undefined);
  let features = featureCandidates[0];
  let model = await newModel(features);
  say(`model: ${model.paramCount.toLocaleString('en')} parameters, context ${model.context}, vocabulary ${tokenizer.vocabSize}, on ${model.device}`);
  try {
    let chosen: LoopResult | undefined;
    let stepsSoFar = 0;
    let secondsBefore = 0;
    let secondsToBest = 0;
    const tried: FeatureChoice['tried'] = [];
    for (const [i, candidate] of featureCandidates.entries()) {
      if (i > 0) {
        say(`trying input features: ${candidate.describe()}`);
        await model.dispose();
        model = await newModel(candidate);
      }
      const started = performance.now();
      const run = await trainLoop(model, tokenizer, split.traces(fit), split.traces(validation), cfg, hooks, { rule, rngState, stepOffset: stepsSoFar, features: featuresOf(candidate, fit) });
      stepsSoFar += run.steps;
      const z = chosen ? pairedGain(chosen.bestValidation, run.bestValidation) : undefined;
      tried.push({ use: [...candidate.use], validationAccuracy: run.bestValidation.accuracy, ...(z !== undefined ? { gainZ: Math.round(z * 100) / 100 } : {}) });
      // Features must beat the plain model by more than chance: on near-ceiling logs two runs
      // differ by a few tenths either way, and a feature kept on noise only costs time.
      if (!chosen || (!run.cancelled && z! >= FEATURE_MIN_GAIN_Z)) {
        chosen = run;
        features = candidate;
        secondsToBest = secondsBefore + run.secondsToBest;
      }
      secondsBefore += (performance.now() - started) / 1000;
      if (run.cancelled) {
        chosen = run;
        break;
      }
    }
    if (featureCandidates.length > 1 && !chosen!.cancelled) {
      say(`input features: ${features.describe()} (validation accuracy ${tried.map((t) => `${t.use.join('+') || 'none'} ${(100 * t.validationAccuracy).toFixed(1)}%${t.gainZ !== undefined ? `, paired gain z = ${t.gainZ}` : ''}`).join('; ')}; kept when z ≥ ${FEATURE_MIN_GAIN_Z})`);
    }
    let loop = chosen!;
    if (cfg.refit !== false && validation.length > 0 && !loop.cancelled && loop.bestEpoch > 0) {
      // The validation cases were only needed to choose the epoch count; the latest cases are the
      // most valuable to learn from, so train once more on all of them for that many epochs.
      say(`refit: ${split.train.length} training cases (validation included) for ${loop.bestEpoch} epochs`);
      await model.dispose();
      model = await newModel(features);
      loop = await trainLoop(model, tokenizer, split.traces(split.train), [], { ...cfg, epochs: loop.bestEpoch, patience: loop.bestEpoch }, hooks, {
        rule,
        rngState,
        stepOffset: stepsSoFar,
        phase: 'refit',
        features: featuresOf(features, split.train),
      });
    } else if (featureCandidates.length > 1) {
      // No refit: the chosen run's best weights go into a model of the chosen shape.
      await model.dispose();
      model = await newModel(features);
    }
    chosen = chosen!;
    const result: TrainResult = {
      agentDir: req.agentDir,
      bestValidationAccuracy: chosen.bestValidation.accuracy,
      epochsRun: chosen.epochsRun,
      stoppedEarly: chosen.stoppedEarly,
      cancelled: loop.cancelled,
      seconds: (performance.now() - started) / 1000,
      device: model.device,
      features: { used: [...features.use], tried },
    };
    if (loop.cancelled) return { result: { ...result, cancelled: true }, secondsToBest };
    model.setState(loop.best);
    const agent = new ProcessAgent(model, tokenizer, features);
    const timeHead = req.save !== false || req.evaluate !== false ? await trainTimeHeads(agent, fit, validation, cfg, say, hooks.signal) : undefined;
    const report =
      split.test.length > 0 && req.evaluate !== false
        ? await evaluateAgent(agent, split.traces(split.train), split.traces(split.test), protocol, {
            signal: hooks.signal,
            suffixPrefixes: req.suffixPrefixes,
            testFeatures: features.count > 0 ? split.test.map((c) => features.perEvent(c)) : undefined,
          })
        : undefined;
    await addTimeScores(report, agent, split.train, split.test, protocol);
    result.seconds = (performance.now() - started) / 1000;
    if (req.save !== false) {
      ensureDir(req.agentDir);
      saveCheckpoint(paths.checkpoint, {
        header: {
          model: modelHeader(model),
          tokenizer: tokenizer.toJSON() as never,
          features: features.count > 0 ? (features.toJSON() as never) : undefined,
          timeHead,
          step: loop.best.step,
          rng: loop.rng,
          paramCount: model.paramCount,
          meta: { trainConfig: cfg as never },
        },
        theta: loop.best.theta,
        m: loop.best.m,
        v: loop.best.v,
      });
      writeJson(paths.config, cfg);
      writeJson(paths.tokenizer, tokenizer.toJSON());
      const saved: SavedSplit = split.saved;
      writeJson(paths.split, saved);
      if (report) writeJson(paths.evalReport, report);
      appendFileSync(
        paths.history,
        JSON.stringify({ at: new Date().toISOString(), fineTune: req.fineTune, logs: req.logs, config: cfg, result, secondsToBest, refitEpochs: loop === chosen ? 0 : loop.epochsRun, epochs: chosen.history, refit: loop === chosen ? [] : loop.history.map((e) => ({ epoch: e.epoch, loss: e.loss })), accuracy: report?.agent.accuracy }) + '\n',
      );
    }
    hooks.onProgress?.({
      phase: 'done', step: chosen.steps + (loop === chosen ? 0 : loop.steps), totalSteps: chosen.steps + (loop === chosen ? 0 : loop.steps), epoch: chosen.epochsRun, epochs: cfg.epochs, loss: loop.history.at(-1)?.loss ?? NaN, learningRate: 0, tokensPerSecond: 0, etaSeconds: 0,
      validation: { accuracy: chosen.bestValidation.accuracy, loss: chosen.bestValidation.loss },
    });
    return { result, report, secondsToBest };
  } finally {
    await model.dispose();
  }
}

/**
 * McNemar z a feature set needs over the plain model on the validation prefixes to be kept:
 * one-sided 5%, so a useless feature is kept about one time in twenty.
 */
export const FEATURE_MIN_GAIN_Z = 1.64;

/**
 * The feature sets a fresh training tries, in order. 'auto' tries none, then every feature the
 * log supports (if any); an explicit set is used alone. Features need the activity tokenizer:
 * a BPE candidate's own tokens would carry features the editor cannot know.
 */
export function featureSetsToTry(cfg: TrainConfig, train: readonly Case[], say: (m: string) => void): FeatureSet[] {
  const mode: FeatureMode = cfg.features ?? 'auto';
  if (mode === 'off') return [FeatureSet.none()];
  const available = FeatureSet.available(train);
  if (cfg.tokenizer !== 'activity') {
    if (mode !== 'auto') say(`input features need the activity tokenizer; training without them`);
    return [FeatureSet.none()];
  }
  if (mode === 'auto') return available.length > 0 ? [FeatureSet.none(), FeatureSet.fit(train, available)] : [FeatureSet.none()];
  const wanted: FeatureKind[] = mode === 'all' ? ['resource', 'gap'] : [mode];
  const missing = wanted.filter((k) => !available.includes(k));
  if (missing.length > 0) {
    throw new Error(`the log cannot support the input feature${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a resource on at least half the events with 2+ values; timestamps with varied gaps); use --features auto or off`);
  }
  return [FeatureSet.fit(train, wanted)];
}
