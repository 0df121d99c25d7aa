/**
 * Which (prefix, next activity) pairs a protocol scores, over activity traces (string[][]),
 * the form the tokenizers, baselines and agent work on. core/data/prefixes.ts enumerates the
 * same pairs over `Case`s; test/eval/prefixes.test.ts checks that the two agree.
 *
 * A case a1..an yields prefixes of length k = minPrefix..n-1 with target a(k+1), plus, when EOS
 * is a target, k = n with target END_OF_CASE. Every pair is kept: a target that training never
 * saw stays in the list and simply cannot be predicted, so it counts as wrong.
 */
import { END_OF_CASE } from '../agent/types';

export interface PrefixItem {
  /** Index of the case in the list given. */
  caseIndex: number;
  /** The first k activities of the case. */
  prefix: readonly string[];
  /** The activity that followed, or END_OF_CASE. */
  target: string;
}

export interface PrefixRule {
  minPrefix: number;
  eosTarget: boolean;
}

export function* enumeratePrefixes(cases: readonly (readonly string[])[], rule: PrefixRule): Generator<PrefixItem> {
  const first = Math.max(1, rule.minPrefix);
  for (let c = 0; c < cases.length; c++) {
    const acts = cases[c];
    for (let k = first; k < acts.length; k++) yield { caseIndex: c, prefix: acts.slice(0, k), target: acts[k] };
    if (rule.eosTarget && acts.length >= first) yield { caseIndex: c, prefix: acts.slice(), target: END_OF_CASE };
  }
}

/** How many prefixes `enumeratePrefixes` yields, without building them. */
export function countTracePrefixes(cases: readonly (readonly string[])[], rule: PrefixRule): number {
  const first = Math.max(1, rule.minPrefix);
  let n = 0;
  for (const c of cases) n += Math.max(0, c.length - first) + (rule.eosTarget && c.length >= first ? 1 : 0);
  return n;
}

/** Activity label sequences of cases, the form evaluation and baselines work on. */
export function activitySequences(cases: readonly { events: readonly { activity: string }[] }[]): string[][] {
  return cases.map((c) => c.events.map((e) => e.activity));
}
