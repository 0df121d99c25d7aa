/**
 * The Agent the editor features use (see types.ts), on a trained model and its tokenizer:
 * top-k next steps, beam-searched suffixes, and per-step probabilities for hints.
 */
import type { Tokenizer } from '../tokenize/tokenizer';
import type { SequenceModel } from '../train/sequenceModel';
import { Predictor } from '../train/predictor';
import { FeatureSet } from '../tokenize/featureSet';
import type { FeatureColumns } from '../tokenize/featureColumns';
import { END_OF_CASE, type Agent, type Prediction, type SuffixPrediction } from './types';
import type { TimeModel } from './timeModel';
import type { ServedTimeRule } from './servedTime';
import { predictTimes } from './timePrediction';
import { AGENT_SERVED, type ServedBaselineRule, type ServedChoice } from './served';

interface Beam {
  steps: string[];
  logProb: number;
  ended: boolean;
}

export class ProcessAgent implements Agent {
  readonly predictor: Predictor;
  /** The time heads (timePrediction.ts), when the agent was trained on timestamps; absent otherwise. */
  timeModel?: TimeModel;
  /** What is served for time (agent/servedTime.ts), applied by predictTimesBatch; absent: the heads alone. */
  servedTime?: ServedTimeRule;
  /** checkpointDigest of the bytes this agent was loaded from (loadAgent); absent for one built in memory. */
  checkpointVersion?: string;
  /** What is served (agent/served.ts): every prediction below goes through the predictor, which applies it. */
  private servedChoice: ServedChoice = AGENT_SERVED;

  /** `features`: the input features the model reads (for evaluation on logs; the editor gives none). */
  constructor(readonly model: SequenceModel, readonly tokenizer: Tokenizer, readonly features: FeatureSet = FeatureSet.none()) {
    this.predictor = new Predictor(model, tokenizer);
  }

  get served(): ServedChoice {
    return this.servedChoice;
  }

  /** Serve `choice` (with its rule, unless it is the agent) from now on. */
  serve(choice: ServedChoice, rule?: ServedBaselineRule): void {
    this.servedChoice = choice;
    this.predictor.served = choice.kind === 'agent' ? undefined : rule;
  }

  get activities(): readonly string[] {
    return this.tokenizer.activities;
  }

  /**
   * The prefix the model sees. Activity mode skips steps it has never seen (their token would
   * be UNK, which training never produced); BPE mode keeps them, as their pieces carry meaning.
   */
  private context(prefix: readonly string[], features?: FeatureColumns): { steps: string[]; unknown: string[]; features?: FeatureColumns } {
    const unknown = this.tokenizer.unknown(prefix);
    if (this.tokenizer.kind === 'bpe' || unknown.length === 0) return { steps: [...prefix], unknown, features };
    const u = new Set(unknown);
    const keep = prefix.map((s) => !u.has(s));
    return { steps: prefix.filter((_, i) => keep[i]), unknown, features: features?.keep(keep) };
  }

  /**
   * The input features of a running case's events ([F][events]) as the model reads them: who did
   * each step and the time since the previous one, where the events carry them. Undefined when
   * the model reads no features or the events give none of them (every id "none"), so a case
   * told without resources or times is predicted exactly as a spec step is.
   */
  featuresOf(events: readonly { activity: string; time?: number; resource?: string }[]): FeatureColumns | undefined {
    if (this.features.count === 0 || events.length === 0) return undefined;
    const columns = this.features.perEvent({ events: events.map((e) => ({ activity: e.activity, time: e.time ?? NaN, resource: e.resource })) });
    if (!columns) return undefined;
    for (let k = 0; k < columns.width; k++) if (columns.column(k).some((id) => id !== 0)) return columns;
    return undefined;
  }

  /** `features`: the prefix's per-event input features (featuresOf), where the caller has its events' resources or times. */
  async predictNext(prefix: readonly string[], k: number, signal?: AbortSignal, features?: FeatureColumns): Promise<Prediction> {
    signal?.throwIfAborted();
    const { steps, unknown, features: kept } = this.context(prefix, features);
    const [dist] = await this.predictor.distributions([steps], [kept]);
    signal?.throwIfAborted();
    return { next: topK(dist, this.predictor.labels, k), unknownSteps: unknown };
  }

  /**
   * Ranked labels (best first) for many prefixes at once: what evaluation calls. `features[i]`
   * are prefix i's per-event input features ([F][prefix length]), where the log has them.
   */
  async rank(prefixes: readonly (readonly string[])[], features?: readonly (FeatureColumns | undefined)[], options: { agentAlone?: boolean } = {}): Promise<string[][]> {
    const contexts = prefixes.map((p, i) => this.context(p, features?.[i]));
    const dists = await (options.agentAlone ? this.predictor.modelDistributions.bind(this.predictor) : this.predictor.distributions.bind(this.predictor))(
      contexts.map((c) => c.steps),
      contexts.map((c) => c.features),
    );
    return dists.map((d) => topK(d, this.predictor.labels, d.length).map((s) => s.activity));
  }

  /** `features` as for predictNext: the known events' features; the predicted steps have none. */
  async predictSuffix(prefix: readonly string[], beam: number, maxSteps: number, signal?: AbortSignal, features?: FeatureColumns): Promise<SuffixPrediction> {
    const { steps, features: kept } = this.context(prefix, features);
    const width = Math.max(1, beam);
    let beams: Beam[] = [{ steps: [], logProb: 0, ended: false }];
    for (let depth = 0; depth < maxSteps && beams.some((b) => !b.ended); depth++) {
      signal?.throwIfAborted();
      const open = beams.filter((b) => !b.ended);
      // A beam's context runs past the known events: its predicted steps read "none" (Predictor.prefixFeatures).
      const dists = await this.predictor.distributions(open.map((b) => [...steps, ...b.steps]), kept && open.map(() => kept));
      const next: Beam[] = beams.filter((b) => b.ended);
      open.forEach((b, i) => {
        for (const { activity, probability } of topK(dists[i], this.predictor.labels, width)) {
          const logProb = b.logProb + Math.log(probability);
          next.push(activity === END_OF_CASE ? { steps: b.steps, logProb, ended: true } : { steps: [...b.steps, activity], logProb, ended: false });
        }
      });
      beams = next.sort((a, b) => b.logProb - a.logProb).slice(0, width);
    }
    const best = beams.find((b) => b.ended) ?? beams[0];
    return { steps: best.steps, logProb: best.logProb };
  }

  async predictTimes(prefix: readonly string[], signal?: AbortSignal): Promise<{ nextEventInMs: number; remainingMs: number } | undefined> {
    signal?.throwIfAborted();
    const p = await predictTimes(this, prefix.map((activity) => ({ activity })));
    return p && { nextEventInMs: p.nextEventInMs, remainingMs: p.remainingTime.expectedMs };
  }

  async scoreSteps(steps: readonly string[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    if (steps.length === 0) return [];
    const prefixes = steps.map((_, i) => this.context(steps.slice(0, i)).steps);
    const dists = await this.predictor.distributions(prefixes);
    const index = new Map(this.predictor.labels.map((l, i) => [l, i]));
    return steps.map((s, i) => {
      const j = index.get(s);
      return j === undefined ? 0 : Math.exp(dists[i][j]);
    });
  }

  async dispose(): Promise<void> {
    await this.timeModel?.dispose();
    await this.model.dispose();
  }
}

/** The k most probable candidates, best first; ties keep vocabulary order. */
export function topK(logProbs: Float64Array, labels: readonly string[], k: number): { activity: string; probability: number }[] {
  // The first k of a sort by log-probability, highest first, ties to the lower index, kept by
  // insertion (k is small; the service calls this for every beam of every round).
  const m = Math.min(Math.max(0, k), logProbs.length);
  const best: number[] = [];
  for (let i = 0; i < logProbs.length && m > 0; i++) {
    const v = logProbs[i];
    let at = best.length;
    while (at > 0 && v > logProbs[best[at - 1]]) at--; // an equal value stays behind: its index is higher
    if (at >= m) continue;
    best.splice(at, 0, i);
    if (best.length > m) best.pop();
  }
  return best.map((i) => ({ activity: labels[i], probability: Math.exp(logProbs[i]) }));
}
