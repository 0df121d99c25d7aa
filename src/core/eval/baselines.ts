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
import { END_OF_CASE } from '../agent/types';
import { compareCodeUnits } from '../tokenize/activity';
import { scorePredictor, type Predictor, type ScoreOptions } from './score';
import type { PrefixRule } from './prefixes';
import type { Scores } from './types';

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

/** Successor counts per context; a context is a sequence of activities joined by \u0000. */
class SuccessorTable {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly rankedCache = new Map<string, string[]>();

  add(context: readonly string[], next: string): void {
    const key = context.join('\u0000');
    let m = this.counts.get(key);
    if (!m) this.counts.set(key, (m = new Map()));
    m.set(next, (m.get(next) ?? 0) + 1);
  }

  /** Successors of `context` by count, ties in code-unit order; undefined when never seen. */
  ranked(context: readonly string[]): string[] | undefined {
    const key = context.join('\u0000');
    const cached = this.rankedCache.get(key);
    if (cached) return cached;
    const m = this.counts.get(key);
    if (!m) return undefined;
    const r = [...m.entries()].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0])).map(([a]) => a);
    this.rankedCache.set(key, r);
    return r;
  }
}

/** Calls `visit(caseActivities, k, next)` for every training position, END included when asked. */
function eachTransition(train: readonly (readonly string[])[], withEnd: boolean, visit: (acts: readonly string[], k: number, next: string) => void): void {
  for (const acts of train) {
    for (let k = 1; k < acts.length; k++) visit(acts, k, acts[k]);
    if (withEnd && acts.length > 0) visit(acts, acts.length, END_OF_CASE);
  }
}

/** Appends the lists in order, skipping labels already present. */
function merge(lists: readonly (readonly string[] | undefined)[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const l of lists) for (const a of l ?? []) if (!seen.has(a)) (seen.add(a), out.push(a));
  return out;
}

/** Overall frequency of successors: the final fallback of every baseline. */
function fitGlobal(train: readonly (readonly string[])[], withEnd: boolean): string[] {
  const t = new SuccessorTable();
  eachTransition(train, withEnd, (_a, _k, next) => t.add([], next));
  return t.ranked([]) ?? [];
}

export function fitLast1(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  const table = new SuccessorTable();
  eachTransition(train, options.withEnd, (acts, k, next) => table.add([acts[k - 1]], next));
  const global = fitGlobal(train, options.withEnd);
  return { name: 'last1', rank: (prefix) => merge([prefix.length > 0 ? table.ranked(prefix.slice(-1)) : undefined, global]) };
}

export function fitNgram(train: readonly (readonly string[])[], options: BaselineOptions): Baseline & { rankWith(prefix: readonly string[], first: readonly string[] | undefined): string[] } {
  const maxN = options.maxN ?? 5;
  const table = new SuccessorTable();
  eachTransition(train, options.withEnd, (acts, k, next) => {
    for (let n = 1; n <= Math.min(maxN, k); n++) table.add(acts.slice(k - n, k), next);
  });
  const global = fitGlobal(train, options.withEnd);
  const rankWith = (prefix: readonly string[], first: readonly string[] | undefined): string[] => {
    const lists: (readonly string[] | undefined)[] = [first];
    for (let n = Math.min(maxN, prefix.length); n >= 1; n--) lists.push(table.ranked(prefix.slice(prefix.length - n)));
    lists.push(global);
    return merge(lists);
  };
  return { name: 'ngram', rank: (prefix) => rankWith(prefix, undefined), rankWith };
}

export function fitPrefix(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  const table = new SuccessorTable();
  eachTransition(train, options.withEnd, (acts, k, next) => table.add(acts.slice(0, k), next));
  const ngram = fitNgram(train, options);
  return { name: 'prefix', rank: (prefix) => ngram.rankWith(prefix, table.ranked(prefix)) };
}

export function fitBaselines(train: readonly (readonly string[])[], options: BaselineOptions): Record<BaselineName, Baseline> {
  return { last1: fitLast1(train, options), ngram: fitNgram(train, options), prefix: fitPrefix(train, options) };
}

/** A baseline as a batched predictor for scorePredictor. */
export function baselinePredictor(b: Baseline): Predictor {
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
  rule: PrefixRule,
  options: Omit<ScoreOptions, 'known'> & { maxN?: number } = {},
): Promise<Record<BaselineName, Scores>> {
  const fitted = fitBaselines(train, { withEnd: rule.eosTarget, maxN: options.maxN });
  const known = new Set(train.flat());
  if (rule.eosTarget) known.add(END_OF_CASE);
  const score = (b: Baseline): Promise<Scores> => scorePredictor(test, rule, baselinePredictor(b), { ...options, known });
  return { last1: await score(fitted.last1), ngram: await score(fitted.ngram), prefix: await score(fitted.prefix) };
}
