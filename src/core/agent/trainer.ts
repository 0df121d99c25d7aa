/**
 * Trains (or fine-tunes) an agent on event logs and saves it: read → split by the protocol →
 * hold out the latest training cases for validation → fit (or grow) the tokenizer → train with
 * early stopping → evaluate the best weights beside the baselines on the held-out test cases →
 * write the agent folder. Nothing is written until training finished, so a cancel (AbortSignal)
 * leaves the previous agent untouched.
 */
import { existsSync } from 'node:fs';
import { ProcessAgent } from './processAgent';
import { evaluateAgent } from './evaluate';
import { addTimeScores, trainTimeHeads } from './timeHeads';
import { defaultProtocol } from '../eval/protocol';
import type { EvalProtocol, EvalReport } from '../eval/types';
import { encodeCheckpoint, HEADER_VERSION, loadCheckpoint } from '../model/checkpoint';
type JsonValue = Readonly<Record<string, unknown>>;
import { fitTokenizer, tokenizerFromJSON, type Tokenizer } from '../tokenize';
import { agentPaths, type AgentPaths } from '../train/agentDir';
import { saveAgentGeneration } from '../train/agentGeneration';
import { prepareAgentDir } from '../train/outDir';
import { capActivities, capNewActivities, describeCap, DEFAULT_MAX_ACTIVITIES } from '../train/vocabCap';
import { describeLongCases, epochCounts, featureSkipReason } from '../train/runSummary';
import { decideServed, type ServedDecision } from './servedChoice';
import { describeServed, readServed } from './served';
import { chooseServedTime } from './servedTimeChoice';
import type { ServedTimeJSON } from './servedTime';
import { createModel, restoreModel, modelHeader, type ModelOptions } from '../train/engineModel';
import { holdOutLatest, loadSplit, type LoadedSplit, type SavedSplit } from '../train/logInput';
import type { SequenceModel } from '../train/sequenceModel';
import { trainLoop, type LoopResult, type RunHooks } from '../train/trainLoop';
import { pairedGain } from '../train/validate';
import type { FeatureChoice, FeatureMode, TrainConfig, TrainJob, TrainResult } from '../train/types';
import { FeatureSet, type FeatureKind } from '../tokenize/featureSet';
import type { Case } from '../log/types';
import type { PrefixOptions } from '../data/prefixes';

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


export interface TrainOutcome {
  result: TrainResult;
  report?: EvalReport;
  /** Seconds until the epoch with the best validation accuracy finished. */
  secondsToBest: number;
}

/**
 * The pipeline: prepare → fine-tune or initialise → select features (fit each candidate) →
 * refit → evaluate → save. Each step is a function below; the model is owned here and
 * disposed however the run ends.
 */
export async function trainAgent(req: TrainRequest, hooks: RunHooks = {}): Promise<TrainOutcome> {
  const run = await prepare(req, hooks);
  const start = req.fineTune ? fineTuneStart(run) : initialise(run);
  const model: ModelSlot = { current: await start.newModel(start.candidates[0]) };
  run.say(`model: ${model.current.paramCount.toLocaleString('en')} parameters, context ${model.current.context}, vocabulary ${start.tokenizer.vocabSize}, on ${model.current.device}`);
  const windows = describeLongCases(run.split.traces(run.split.train), model.current.context);
  if (windows) run.say(windows);
  try {
    const selected = await selectFeatures(run, start, model);
    const served = chooseServed(run, selected);
    const loop = await refit(run, start, selected, model);
    const result = resultOf(run, start, selected, loop, model.current, served);
    if (loop.cancelled) return { result: { ...result, cancelled: true }, secondsToBest: selected.secondsToBest };
    model.current.setState(loop.best);
    const agent = new ProcessAgent(model.current, start.tokenizer, selected.features);
    if (served) agent.serve(served.choice, readServed(served.json).rule);
    const timeHead = req.save !== false || req.evaluate !== false ? await trainTimeHeads(agent, run.fit, run.validation, run.cfg, run.say, run.hooks.signal) : undefined;
    // Time, as next activity: the heads, or the transition system (or a blend) on a significant validation gain.
    const servedTime = timeHead ? await chooseServedTime(agent, run.fit, run.validation, run.split.train, run.rule.minPrefix, FEATURE_MIN_GAIN_Z, run.say) : undefined;
    const report = await evaluate(run, agent);
    await addTimeScores(report, agent, run.split.train, run.split.test, run.protocol);
    if (served) run.say(describeServed(served.choice, report?.agentAlone?.accuracy));
    await agent.timeModel?.dispose();
    result.seconds = (performance.now() - run.started) / 1000;
    if (req.save !== false) save(run, start.tokenizer, selected, loop, model.current, result, report, timeHead, served, servedTime);
    emitDone(run, selected.chosen, loop);
    return { result, report, secondsToBest: selected.secondsToBest };
  } finally {
    await model.current.dispose();
  }
}

/** What every step reads: the request and its hooks, and the cases `prepare` split. */
interface Run {
  req: TrainRequest;
  cfg: TrainConfig;
  hooks: RunHooks;
  say(message: string): void;
  warn(message: string): void;
  started: number;
  paths: AgentPaths;
  protocol: EvalProtocol;
  rule: PrefixOptions;
  split: LoadedSplit;
  /** Training cases the model fits, and the latest ones held out to pick the epoch count. */
  fit: Case[];
  validation: Case[];
}

/** How the model starts: a fitted tokenizer and fresh weights, or the previous agent grown. */
interface Start {
  tokenizer: Tokenizer;
  /** A fresh model reading `features` (or, fine-tuning, the previous agent's weights grown to them). */
  newModel(features: FeatureSet): Promise<SequenceModel>;
  rngState?: number[];
  /** Feature sets to train with; a later one replaces the first only on a significant validation gain. */
  candidates: FeatureSet[];
}

/** The one live model; steps that rebuild it dispose the old one first. */
interface ModelSlot {
  current: SequenceModel;
}

interface Selection {
  chosen: LoopResult;
  features: FeatureSet;
  tried: FeatureChoice['tried'];
  secondsToBest: number;
  /** Optimizer steps of every candidate run, so the refit's steps continue the count. */
  steps: number;
  /** Epochs of every candidate run (the chosen one and the feature trials), for honest counts. */
  epochsAll: number;
}

async function prepare(req: TrainRequest, hooks: RunHooks): Promise<Run> {
  const started = performance.now();
  const cfg = req.config;
  const protocol = req.protocol ?? defaultProtocol();
  const say = (m: string) => hooks.onEvent?.({ type: 'log', level: 'info', message: m });
  const warn = (m: string) => hooks.onEvent?.({ type: 'log', level: 'warn', message: m });
  hooks.onEvent?.({ type: 'progress', progress: { phase: 'preparing', step: 0, totalSteps: 0, epoch: 0, epochs: cfg.epochs, loss: NaN, learningRate: 0, tokensPerSecond: 0, etaSeconds: NaN } });
  // Before reading the log: a bad --out fails now, not after training; a killed save's leftovers go.
  if (req.save !== false) prepareAgentDir(req.agentDir);
  const split = req.preloaded ?? (await loadSplit(req.logs, protocol, req.read, hooks.signal, warn));
  if (split.train.length === 0) throw new Error(`${req.logs.join(', ')}: no training cases after the split (${protocol.description}); use a larger log`);
  if (!req.fineTune) {
    // In place and idempotent: a search reusing one read folds once, and says so once.
    const cap = cfg.maxActivities ?? DEFAULT_MAX_ACTIVITIES;
    const note = describeCap(capActivities(split.train, split.test, cap), cap);
    if (note) warn(note);
  }
  const { fit, validation } = holdOutLatest(split.train, cfg.validationFraction, protocol.split.kind === 'chronological' ? 'time' : 'file');
  say(`${split.train.length} training cases (${fit.length} fit, ${validation.length} validation), ${split.test.length} test cases; ${protocol.description}`);
  const rule = { minPrefix: protocol.minPrefix, eosTarget: protocol.eosTarget };
  return { req, cfg, hooks, say, warn, started, paths: agentPaths(req.agentDir), protocol, rule, split, fit, validation };
}

function modelOptions(run: Run): ModelOptions {
  return { device: run.cfg.device, threads: run.cfg.threads, log: run.say };
}

/** Fine-tune: the previous agent's tokenizer and features, grown by what the new logs add. */
function fineTuneStart(run: Run): Start {
  const { paths, split, say, cfg } = run;
  if (!existsSync(paths.checkpoint)) throw new Error(`${paths.checkpoint}: there is no agent to fine-tune; train one first without --fine-tune`);
  const previous = loadCheckpoint(paths.checkpoint);
  const tokenizer = tokenizerFromJSON(previous.header.tokenizer);
  // The same cap as a fresh train: the agent's activities stay, new ones fill the room left under it.
  const cap = cfg.maxActivities ?? DEFAULT_MAX_ACTIVITIES;
  const note = describeCap(capNewActivities(split.train, split.test, tokenizer.activities, cap), cap);
  if (note) run.warn(note);
  const grown = tokenizer.grow(split.traces(split.train));
  if (grown.newActivities.length > 0) say(`fine-tune: ${grown.newActivities.length} new activities (${grown.newActivities.slice(0, 5).join(', ')}${grown.newActivities.length > 5 ? ', …' : ''})`);
  // A fine-tune keeps the agent's features (new resources get new rows) rather than re-choosing them.
  const features = FeatureSet.fromJSON(previous.header.features);
  const newResources = features.grow(split.train);
  if (newResources > 0) say(`fine-tune: ${newResources} new resources`);
  const vocabSize = tokenizer.vocabSize;
  return {
    tokenizer,
    newModel: (f) => restoreModel(previous, { ...modelOptions(run), training: cfg, vocabSize, features: f.inputs() }),
    rngState: previous.header.rng.length === 4 ? previous.header.rng : undefined,
    candidates: [features],
  };
}

/** A fresh agent: fit the tokenizer on the training cases, and list the feature sets to try. */
function initialise(run: Run): Start {
  const { cfg, split } = run;
  const tokenizer = fitTokenizer(cfg.tokenizer, split.traces(split.train));
  const longest = Math.max(...split.traces(split.train).map((c) => tokenizer.encodeCase(c).length - 1));
  return {
    tokenizer,
    newModel: (f) => createModel(cfg, tokenizer.vocabSize, longest, modelOptions(run), f.inputs()),
    candidates: featureSetsToTry(cfg, split.train, run.say),
  };
}

async function rebuild(slot: ModelSlot, start: Start, features: FeatureSet): Promise<void> {
  await slot.current.dispose();
  slot.current = await start.newModel(features);
}

function featuresOf(run: Run, f: FeatureSet, cases: Case[]) {
  return f.count > 0 ? { train: f.columns(cases)!, validation: f.columns(run.validation)! } : undefined;
}

/** Fit: one training run with early stopping on the validation cases. */
function fitCandidate(run: Run, start: Start, model: SequenceModel, candidate: FeatureSet, stepOffset: number): Promise<LoopResult> {
  const { split } = run;
  return trainLoop(model, start.tokenizer, split.traces(run.fit), split.traces(run.validation), run.cfg, run.hooks, {
    rule: run.rule,
    rngState: start.rngState,
    stepOffset,
    features: featuresOf(run, candidate, run.fit),
  });
}

/** Fits each candidate feature set; a later one is kept only on a significant paired gain. */
async function selectFeatures(run: Run, start: Start, slot: ModelSlot): Promise<Selection> {
  let best: Selection | undefined;
  let steps = 0;
  let epochsAll = 0;
  let secondsBefore = 0;
  const tried: FeatureChoice['tried'] = [];
  for (const [i, candidate] of start.candidates.entries()) {
    if (i > 0) {
      run.say(`trying input features: ${candidate.describe()}`);
      await rebuild(slot, start, candidate);
    }
    const began = performance.now();
    const result = await fitCandidate(run, start, slot.current, candidate, steps);
    steps += result.steps;
    epochsAll += result.epochsRun;
    const z = best ? pairedGain(best.chosen.bestValidation, result.bestValidation) : undefined;
    tried.push({ use: [...candidate.use], validationAccuracy: result.bestValidation.accuracy, ...(z !== undefined ? { gainZ: Math.round(z * 100) / 100 } : {}) });
    // Features must beat the plain model by more than chance: on near-ceiling logs two runs
    // differ by a few tenths either way, and a feature kept on noise only costs time.
    if (!best || (!result.cancelled && z! >= FEATURE_MIN_GAIN_Z)) best = { chosen: result, features: candidate, tried, secondsToBest: secondsBefore + result.secondsToBest, steps, epochsAll };
    secondsBefore += (performance.now() - began) / 1000;
    if (result.cancelled) {
      best = { ...best, chosen: result };
      break;
    }
  }
  const selection = { ...best!, tried, steps, epochsAll };
  if (start.candidates.length > 1 && !selection.chosen.cancelled) {
    run.say(`input features: ${selection.features.describe()} (validation accuracy ${tried.map((t) => `${t.use.join('+') || 'none'} ${(100 * t.validationAccuracy).toFixed(1)}%${t.gainZ !== undefined ? `, paired gain z = ${t.gainZ}` : ''}`).join('; ')}; kept when z ≥ ${FEATURE_MIN_GAIN_Z})`);
  }
  return selection;
}

/**
 * Refit: the validation cases were only needed to choose the epoch count; the latest cases are
 * the most valuable to learn from, so train once more on all of them for that many epochs.
 * Without a refit the chosen run's loop result stands (in a model of the chosen shape).
 */
async function refit(run: Run, start: Start, selected: Selection, slot: ModelSlot): Promise<LoopResult> {
  const { cfg, split } = run;
  const chosen = selected.chosen;
  if (cfg.refit !== false && run.validation.length > 0 && !chosen.cancelled && chosen.bestEpoch > 0) {
    run.say(`refit: ${split.train.length} training cases (validation included) for ${chosen.bestEpoch} epochs`);
    await rebuild(slot, start, selected.features);
    return trainLoop(slot.current, start.tokenizer, split.traces(split.train), [], { ...cfg, epochs: chosen.bestEpoch, patience: chosen.bestEpoch }, run.hooks, {
      rule: run.rule,
      rngState: start.rngState,
      stepOffset: selected.steps,
      phase: 'refit',
      features: featuresOf(run, selected.features, split.train),
    });
  }
  if (start.candidates.length > 1) await rebuild(slot, start, selected.features);
  return chosen;
}

/** Never worse than the strongest baseline: a baseline or mix significantly ahead on validation is what gets served. */
function chooseServed(run: Run, selected: Selection): ServedDecision | undefined {
  if (selected.chosen.cancelled) return undefined;
  const { split } = run;
  return decideServed(split.traces(run.fit), split.traces(run.validation), split.traces(split.train), run.rule, selected.chosen.bestValidation, FEATURE_MIN_GAIN_Z);
}

function resultOf(run: Run, start: Start, selected: Selection, loop: LoopResult, model: SequenceModel, served: ServedDecision | undefined): TrainResult {
  const guard = served?.check;
  const { chosen, features, tried } = selected;
  return {
    agentDir: run.req.agentDir,
    bestValidationAccuracy: chosen.bestValidation.accuracy,
    epochsRun: chosen.epochsRun,
    stoppedEarly: chosen.stoppedEarly,
    cancelled: loop.cancelled,
    seconds: (performance.now() - run.started) / 1000,
    device: model.device,
    features: { used: [...features.use], tried, ...featureSkipReason(run.cfg, start.candidates.length, run.split.train) },
    validationPrefixes: chosen.bestValidation.prefixes,
    ...(guard ? { baselineCheck: guard } : {}),
    ...(served ? { served: served.choice } : {}),
    epochCounts: epochCounts(chosen.epochsRun, selected.epochsAll, loop === chosen ? 0 : loop.epochsRun),
  };
}

/** Evaluate: the best weights beside the baselines on the held-out test cases. */
async function evaluate(run: Run, agent: ProcessAgent): Promise<EvalReport | undefined> {
  const { split, req } = run;
  if (split.test.length === 0 || req.evaluate === false) return undefined;
  const features = agent.features;
  return evaluateAgent(agent, split.traces(split.train), split.traces(split.test), run.protocol, {
    signal: run.hooks.signal,
    suffixPrefixes: req.suffixPrefixes,
    testFeatures: features.columns(split.test),
  });
}

/** Save: one generation (checkpoint, JSON files, history), switched to atomically: never a new checkpoint beside an old config. */
function save(run: Run, tokenizer: Tokenizer, selected: Selection, loop: LoopResult, model: SequenceModel, result: TrainResult, report: EvalReport | undefined, timeHead?: JsonValue, served?: ServedDecision, servedTime?: ServedTimeJSON): void {
  const { req, cfg } = run;
  const { chosen, features, secondsToBest } = selected;
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  const saved: SavedSplit = run.split.saved;
  const refitted = loop !== chosen;
  saveAgentGeneration(
    req.agentDir,
    {
      'agent.ckpt': encodeCheckpoint({
        header: {
          headerVersion: HEADER_VERSION,
          model: modelHeader(model),
          tokenizer: tokenizer.toJSON(),
          features: features.count > 0 ? features.toJSON() : undefined,
          ...(timeHead !== undefined ? { timeHead } : {}),
          ...(served?.json ? { served: { ...served.json } } : {}),
          ...(servedTime ? { servedTime: { ...servedTime } } : {}),
          step: loop.best.step,
          rng: loop.rng,
          paramCount: model.paramCount,
          meta: { trainConfig: cfg },
        },
        theta: loop.best.theta,
        m: loop.best.m,
        v: loop.best.v,
      }),
      'config.json': json(cfg),
      'tokenizer.json': json(tokenizer.toJSON()),
      'split.json': json(saved),
      ...(report ? { 'eval.json': json(report) } : {}),
    },
    JSON.stringify({ at: new Date().toISOString(), fineTune: req.fineTune, logs: req.logs, config: cfg, result, secondsToBest, refitEpochs: refitted ? loop.epochsRun : 0, epochs: chosen.history, refit: refitted ? loop.history.map((e) => ({ epoch: e.epoch, loss: e.loss })) : [], accuracy: report?.agent.accuracy }),
  );
}

function emitDone(run: Run, chosen: LoopResult, loop: LoopResult): void {
  const steps = chosen.steps + (loop === chosen ? 0 : loop.steps);
  run.hooks.onEvent?.({
    type: 'progress',
    progress: {
      phase: 'done', step: steps, totalSteps: steps, epoch: chosen.epochsRun, epochs: run.cfg.epochs, loss: loop.history.at(-1)?.loss ?? NaN, learningRate: 0, tokensPerSecond: 0, etaSeconds: 0,
      validation: { accuracy: chosen.bestValidation.accuracy, loss: chosen.bestValidation.loss },
    },
  });
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
