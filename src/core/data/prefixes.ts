/**
 * The scored prefixes of a protocol, so training validation, the agent and every baseline
 * score exactly the same ones. This is the one implementation: it works on activity traces
 * (`string[][]`, the form tokenizers, baselines and the agent use); `prefixes(cases)` is a
 * thin wrapper for `Case`s.
 *
 * A case a1..an yields prefixes of length k = minPrefix..n-1 with target a(k+1), plus, when
 * EOS is a target, k = n with target END_OF_CASE. Every pair is kept: a target that training
 * never saw stays in the list and simply cannot be predicted, so it counts as wrong.
 */
import type { Case } from '../log/types';
import { traces } from '../log/cases';

/** The end-of-case marker: the target after a case's last step, and `NextStep.activity` for end of case. */
export const END_OF_CASE = '[END]';

export interface PrefixOptions {
  /** Shortest scored prefix, an integer ≥ 1 (Tax: 2, Rama-Maneiro: 1). */
  minPrefix: number;
  /** Whether the whole case is also a prefix, with `END_OF_CASE` as its target. */
  eosTarget: boolean;
}

export interface ScoredPrefix {
  /** Index of the case (trace) in the list given. */
  caseIndex: number;
  /** Activities of the first k events; k = prefix.length. */
  prefix: string[];
  /** The next activity, or `END_OF_CASE`. */
  target: string;
}

function checkMinPrefix(opts: PrefixOptions): void {
  if (!(Number.isInteger(opts.minPrefix) && opts.minPrefix >= 1)) throw new RangeError(`minPrefix must be an integer ≥ 1, got ${opts.minPrefix}`);
}

/** Prefixes scored in a trace of `length` activities. */
function prefixCount(length: number, opts: PrefixOptions): number {
  return Math.max(0, (opts.eosTarget ? length : length - 1) - opts.minPrefix + 1);
}

export function* tracePrefixes(traceList: readonly (readonly string[])[], opts: PrefixOptions): Generator<ScoredPrefix> {
  checkMinPrefix(opts);
  for (let caseIndex = 0; caseIndex < traceList.length; caseIndex++) {
    const acts = traceList[caseIndex];
    const last = opts.eosTarget ? acts.length : acts.length - 1;
    for (let k = opts.minPrefix; k <= last; k++) {
      yield { caseIndex, prefix: acts.slice(0, k), target: k < acts.length ? acts[k] : END_OF_CASE };
    }
  }
}

/** How many prefixes `tracePrefixes` yields, without building them. */
export function countTracePrefixes(traceList: readonly (readonly string[])[], opts: PrefixOptions): number {
  checkMinPrefix(opts);
  let n = 0;
  for (const t of traceList) n += prefixCount(t.length, opts);
  return n;
}

/** `tracePrefixes` over the activity sequences of `cases`. */
export function prefixes(cases: readonly Case[], opts: PrefixOptions): Generator<ScoredPrefix> {
  return tracePrefixes(traces(cases), opts);
}

/** How many prefixes `prefixes` yields, without building them. */
export function countPrefixes(cases: readonly Case[], opts: PrefixOptions): number {
  checkMinPrefix(opts);
  let n = 0;
  for (const c of cases) n += prefixCount(c.events.length, opts);
  return n;
}
