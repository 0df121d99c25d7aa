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
import { compareCodeUnits } from '../tokenize/activity';
import { scorePredictor, type PredictNextFn, type ScoreOptions } from './score';
import type { PrefixOptions } from '../data/prefixes';
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

/**
 * Codes each training activity as one UTF-16 code unit, so a context of k activities is a
 * k-character string and its suffixes are cheap slices (BPIC 2012 has 200k training
 * positions, each looked up under five suffix lengths). Activities not seen in training get
 * a code no training activity has, so contexts containing them never match.
 */
class ActivityCodec {
  private readonly codeOf = new Map<string, string>();
  private static readonly UNSEEN = '\uffff';

  constructor(train: readonly (readonly string[])[]) {
    for (const c of train) for (const a of c) if (!this.codeOf.has(a)) this.codeOf.set(a, String.fromCharCode(this.codeOf.size));
    if (this.codeOf.size >= 0xffff) throw new Error(`the baselines support up to 65,534 distinct activities; this log has ${this.codeOf.size}`);
  }

  encode(acts: readonly string[]): string {
    let s = '';
    for (const a of acts) s += this.codeOf.get(a) ?? ActivityCodec.UNSEEN;
    return s;
  }
}

/** Successor counts per coded context, ranked lazily (count desc, then code-unit order). */
class SuccessorTable {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly rankedCache = new Map<string, string[]>();

  add(context: string, next: string): void {
    let m = this.counts.get(context);
    if (!m) this.counts.set(context, (m = new Map()));
    m.set(next, (m.get(next) ?? 0) + 1);
  }

  /** Successors of `context` best first; undefined when training never saw it. */
  ranked(context: string): string[] | undefined {
    const cached = this.rankedCache.get(context);
    if (cached) return cached;
    const m = this.counts.get(context);
    if (!m) return undefined;
    const r = [...m.entries()].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0])).map(([a]) => a);
    this.rankedCache.set(context, r);
    return r;
  }
}

/** Calls `visit(codedCase, k, next)` for every training position k ≥ 1, END included when asked. */
function eachTransition(
  train: readonly (readonly string[])[],
  codec: ActivityCodec,
  withEnd: boolean,
  visit: (coded: string, k: number, next: string) => void,
): void {
  for (const acts of train) {
    const coded = codec.encode(acts);
    for (let k = 1; k < acts.length; k++) visit(coded, k, acts[k]);
    if (withEnd && acts.length > 0) visit(coded, acts.length, END_OF_CASE);
  }
}

/** Appends the lists in order, skipping labels already present. */
function merge(lists: readonly (readonly string[] | undefined)[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const l of lists) for (const a of l ?? []) if (!seen.has(a)) (seen.add(a), out.push(a));
  return out;
}

/** Successor counts under every context suffix of length 1..maxN, with the back-off ranking. */
class SuffixModel {
  private readonly table = new SuccessorTable();
  private readonly global: string[];
  /** Merged rankings per coded context suffix: the same suffix always ranks the same. */
  private readonly cache = new Map<string, string[]>();

  constructor(train: readonly (readonly string[])[], readonly codec: ActivityCodec, withEnd: boolean, readonly maxN: number) {
    eachTransition(train, codec, withEnd, (coded, k, next) => {
      this.table.add('', next);
      for (let n = 1; n <= Math.min(maxN, k); n++) this.table.add(coded.slice(k - n, k), next);
    });
    this.global = this.table.ranked('') ?? [];
  }

  /** Ranking by the longest known suffix of the coded prefix, backing off to shorter ones. */
  rank(coded: string): string[] {
    const key = coded.slice(Math.max(0, coded.length - this.maxN));
    let r = this.cache.get(key);
    if (!r) {
      const lists: (readonly string[] | undefined)[] = [];
      for (let n = key.length; n >= 1; n--) lists.push(this.table.ranked(key.slice(key.length - n)));
      lists.push(this.global);
      r = merge(lists);
      this.cache.set(key, r);
    }
    return r;
  }
}

export function fitLast1(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  const model = new SuffixModel(train, new ActivityCodec(train), options.withEnd, 1);
  return { name: 'last1', rank: (prefix) => model.rank(model.codec.encode(prefix)).slice() };
}

export function fitNgram(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  const model = new SuffixModel(train, new ActivityCodec(train), options.withEnd, options.maxN ?? 5);
  return { name: 'ngram', rank: (prefix) => model.rank(model.codec.encode(prefix)).slice() };
}

export function fitPrefix(train: readonly (readonly string[])[], options: BaselineOptions): Baseline {
  const codec = new ActivityCodec(train);
  const table = new SuccessorTable();
  eachTransition(train, codec, options.withEnd, (coded, k, next) => table.add(coded.slice(0, k), next));
  const ngram = new SuffixModel(train, codec, options.withEnd, options.maxN ?? 5);
  return {
    name: 'prefix',
    rank: (prefix) => {
      const coded = codec.encode(prefix);
      const exact = table.ranked(coded);
      return exact ? merge([exact, ngram.rank(coded)]) : ngram.rank(coded).slice();
    },
  };
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
