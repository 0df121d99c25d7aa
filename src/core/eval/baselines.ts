/**
 * The three baselines every agent accuracy stands beside, fitted on training cases only:
 *  - last1:  the majority successor of the last activity;
 *  - ngram:  the majority successor of the longest suffix of the prefix (up to `maxN`
 *            activities) seen in training, backing off one activity at a time;
 *  - prefix: the majority successor of the exact full prefix; a prefix never seen in training
 *            backs off to the n-gram ranking (without this it would have no answer at all).
 * Each answers a full ranking: the candidates of the matched context, then those of ever
 * shorter contexts, then every training target by overall frequency. Ties go to the
 * activity that comes first in code-unit order, so results never depend on insertion order.
 */
import { END_OF_CASE } from '../data/prefixes';
import { scorePredictor, type PredictNextFn, type ScoreOptions } from './score';
import type { PrefixOptions } from '../data/prefixes';
import type { Scores } from './types';
import { CountBaseline } from './countBaseline';

export type BaselineName = 'last1' | 'ngram' | 'prefix';

export interface Baseline {
  readonly name: BaselineName;
  /** Candidate next activities after `prefix`, best first. */
  rank(prefix: readonly string[]): string[];
}

export interface BaselineOptions {
  /** Count END_OF_CASE as a successor (when the protocol scores end of case). */
  withEnd: boolean;
  /** Longest suffix the n-gram baseline matches; default 5. */
  maxN?: number;
}

// The fitting and back-off live in countBaseline.ts, which also serves a baseline from an agent
// folder (agent/served.ts): one implementation, so a served baseline answers as the scored one.
export function fitLast1(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  return CountBaseline.fit(train, 'last1', options);
}

export function fitNgram(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  return CountBaseline.fit(train, 'ngram', options);
}

/** The exact full prefix when training saw it, backing off to the n-gram ranking. */
export function fitPrefix(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  return CountBaseline.fit(train, 'prefix', options);
}

export function fitBaselines(train: readonly (readonly string[])[], options: BaselineOptions): Record<BaselineName, Baseline> {
  return { last1: fitLast1(train, options), ngram: fitNgram(train, options), prefix: fitPrefix(train, options) };
}

/** A baseline as a batched predictor for scorePredictor. */
export function baselinePredictor(b: Baseline): PredictNextFn {
  return async (prefixes) => prefixes.map((p) => b.rank(p));
}

/**
 * Fits all three baselines on `train` and scores them on exactly the prefixes `rule` selects
 * in `test`; END is a candidate only when the rule scores it. Unseen test activities count
 * as wrong (the training vocabulary is passed as `known`).
 */
export async function scoreBaselines(
  train: readonly (readonly string[])[],
  test: readonly (readonly string[])[],
  rule: PrefixOptions,
  options: Omit<ScoreOptions, 'known'> & { maxN?: number } = {},
): Promise<Record<BaselineName, Scores>> {
  const fitted = fitBaselines(train, { withEnd: rule.eosTarget, maxN: options.maxN });
  const known = new Set(train.flat());
  if (rule.eosTarget) known.add(END_OF_CASE);
  const score = (b: Baseline): Promise<Scores> => scorePredictor(test, rule, baselinePredictor(b), { ...options, known });
  return { last1: await score(fitted.last1), ngram: await score(fitted.ngram), prefix: await score(fitted.prefix) };
}
