/**
 * The scored prefixes of a protocol, so the agent and every baseline score exactly the same
 * ones. "Prefix length k" is the number of events in the prefix; its target is event k+1, or
 * end of case when `eosTarget` is set and k equals the case length.
 */
import { END_OF_CASE } from '../agent/types';
import type { Case } from '../log/types';

export interface PrefixOptions {
  /** Shortest scored prefix, ≥ 1 (Tax: 2, Rama-Maneiro: 1). */
  minPrefix: number;
  /** Whether the whole case is also a prefix, with `END_OF_CASE` as its target. */
  eosTarget: boolean;
}

export interface ScoredPrefix {
  caseIndex: number;
  /** Activities of the first k events; k = prefix.length. */
  prefix: string[];
  /** The next activity, or `END_OF_CASE`. */
  target: string;
}

export function* prefixes(cases: readonly Case[], opts: PrefixOptions): Generator<ScoredPrefix> {
  if (!(Number.isInteger(opts.minPrefix) && opts.minPrefix >= 1)) throw new RangeError(`minPrefix must be an integer ≥ 1, got ${opts.minPrefix}`);
  for (let caseIndex = 0; caseIndex < cases.length; caseIndex++) {
    const acts = cases[caseIndex].events.map((e) => e.activity);
    const last = opts.eosTarget ? acts.length : acts.length - 1;
    for (let k = opts.minPrefix; k <= last; k++) {
      yield { caseIndex, prefix: acts.slice(0, k), target: k < acts.length ? acts[k] : END_OF_CASE };
    }
  }
}

/** How many prefixes `prefixes` yields, without building them. */
export function countPrefixes(cases: readonly Case[], opts: PrefixOptions): number {
  let n = 0;
  for (const c of cases) n += Math.max(0, (opts.eosTarget ? c.events.length : c.events.length - 1) - opts.minPrefix + 1);
  return n;
}
