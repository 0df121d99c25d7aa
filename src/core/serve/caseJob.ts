/**
 * One case's prediction as a resumable job, so the batcher can advance many cases in lockstep:
 * each round the job asks for the next-activity distributions of a few contexts, and is fed them.
 * The steps are exactly ProcessAgent.predictNext then ProcessAgent.predictSuffix (same topK, same
 * beam bookkeeping, same stable sort; beamPrune.ts skips only beams that cannot change the
 * answer), so a served answer equals `predict --json`'s; the test in
 * test/serve checks that against the CLI.
 */
import { END_OF_CASE } from '../agent/types';
import { topK } from '../agent/processAgent';
import type { PredictOptions } from './types';
import type { NextStep } from '../agent/types';
import type { DecodeState } from '../model/kvDecoder';
import type { DecodeRow } from './rowDecoder';
import { decided, pruneBehindEnded } from './beamPrune';
import type { FeatureColumns } from '../tokenize/featureColumns';

/** The ids of every feature, event by event ("3.0;1.5;"): one string per distinct feature sequence. */
export function featureKey(features: FeatureColumns): string {
  let key = '';
  for (let i = 0; i < features.length(); i++) {
    for (let k = 0; k < features.width; k++) key += (k > 0 ? '.' : '') + features.column(k)[i];
    key += ';';
  }
  return key;
}

interface Beam {
  steps: string[];
  logProb: number;
  ended: boolean;
  /** The decode cache of context + steps without the last step (rowDecoder.ts), when there is one. */
  parent?: DecodeState;
}

export interface JobResult {
  next: NextStep[];
  suffix: string[];
  suffixLogProb: number;
}

export class CaseJob {
  private next?: NextStep[];
  private beams: Beam[] = [{ steps: [], logProb: 0, ended: false }];
  private depth = 0;
  private result?: JobResult;
  private tellHidden!: (h: Float32Array | undefined) => void;
  /**
   * The trunk's hidden state after the case itself, once its first round ran: present when that
   * round ran the case on the decode cache (a prefill, a step from a kept case, or another
   * case's beam step), undefined when it came from the context cache or the uncached path, or
   * the job failed. The time fields wait on it (timeFields.ts) rather than run the trunk again.
   */
  readonly hidden = new Promise<Float32Array | undefined>((resolve) => (this.tellHidden = resolve));

  /** Tells cases of the same activities but other features apart in the caches ('' without features). */
  private readonly featureKey: string;

  /**
   * `context`: the case's activities (all known to the agent; validate.ts made sure);
   * `features`: their per-event input features (ProcessAgent.featuresOf), where given.
   */
  constructor(
    readonly context: readonly string[],
    private readonly options: PredictOptions,
    private readonly labels: readonly string[],
    private readonly features?: FeatureColumns,
  ) {
    this.featureKey = features ? featureKey(features) : '';
  }

  get done(): JobResult | undefined {
    return this.result;
  }

  /** Contexts whose distributions the next round needs: the case itself first, then one per open beam. */
  wants(): DecodeRow[] {
    const { features, featureKey } = this;
    if (this.next === undefined) return [{ context: this.context, features, featureKey }];
    return this.beams.filter((b) => !b.ended).map((b) => ({ context: [...this.context, ...b.steps], parent: b.parent, features, featureKey }));
  }

  /**
   * Feeds the distributions of `wants()`, in its order (normalised log-probabilities over
   * labels), the decode caches of those contexts where there are any, and (first round) the
   * case's hidden state where its decode run gave one.
   */
  feed(dists: readonly Float64Array[], states: readonly (DecodeState | undefined)[] = [], hidden?: Float32Array): void {
    if (this.next === undefined) {
      this.tellHidden(hidden);
      this.next = topK(dists[0], this.labels, this.options.k);
      // predictSuffix's first round asks for the same context: reuse its distribution.
      if (this.options.maxSteps > 0) this.expand(dists, states);
    } else this.expand(dists, states);
    if (this.depth >= this.options.maxSteps || !this.beams.some((b) => !b.ended) || decided(this.beams)) {
      const best = this.beams.find((b) => b.ended) ?? this.beams[0];
      this.result = { next: this.next, suffix: best.steps, suffixLogProb: best.logProb };
    }
  }

  /** The job will not be fed again (its run failed): nothing waits on its hidden state for ever. */
  abandon(): void {
    this.tellHidden(undefined);
  }

  /** One beam-search round over the open beams (ProcessAgent.predictSuffix's loop body). */
  private expand(dists: readonly Float64Array[], states: readonly (DecodeState | undefined)[]): void {
    const width = Math.max(1, this.options.beam);
    const open = this.beams.filter((b) => !b.ended);
    const next: Beam[] = this.beams.filter((b) => b.ended);
    open.forEach((b, i) => {
      for (const { activity, probability } of topK(dists[i], this.labels, width)) {
        const logProb = b.logProb + Math.log(probability);
        next.push(activity === END_OF_CASE ? { steps: b.steps, logProb, ended: true } : { steps: [...b.steps, activity], logProb, ended: false, parent: states[i] });
      }
    });
    this.beams = pruneBehindEnded(next.sort((a, b) => b.logProb - a.logProb).slice(0, width));
    this.depth++;
  }
}
