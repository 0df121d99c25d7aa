/**
 * Variants: the distinct activity sequences, most frequent first (ties by sequence, so the
 * order is deterministic), each with its case count, share and median throughput time
 * (first to last event). The top N are listed; the rest are summed as "other".
 */
import type { Case } from '../log/types';
import { encodeLog } from './encode';
import { median } from './quantile';
import type { Variant } from './types';

export interface VariantSummary {
  top: Variant[];
  /** The variants beyond the top N, summed. */
  other: { variants: number; cases: number; share: number };
  /** Number of distinct variants. */
  distinct: number;
}

export interface VariantIndex {
  /** Distinct variants, most frequent first: their activity-id sequences and their case indexes. */
  variants: { key: string; acts: Int32Array; cases: number[] }[];
  /** Variant index of each case. */
  ofCase: Int32Array;
}

const cache = new WeakMap<readonly Case[], VariantIndex>();

/** Groups the cases by activity sequence; cached per cases array. */
export function variantIndex(cases: readonly Case[]): VariantIndex {
  const hit = cache.get(cases);
  if (hit) return hit;
  const { names, offsets, acts } = encodeLog(cases);
  const byKey = new Map<string, { key: string; acts: Int32Array; cases: number[] }>();
  for (let c = 0; c < cases.length; c++) {
    const seq = acts.subarray(offsets[c], offsets[c + 1]);
    // Ids joined: unique per sequence, and far shorter than the labels.
    const key = seq.join(',');
    let v = byKey.get(key);
    if (!v) byKey.set(key, (v = { key, acts: seq, cases: [] }));
    v.cases.push(c);
  }
  const label = (v: { acts: Int32Array }): string => Array.from(v.acts, (a) => names[a]).join('\u0000');
  const variants = [...byKey.values()].sort((a, b) => b.cases.length - a.cases.length || (label(a) < label(b) ? -1 : 1));
  const ofCase = new Int32Array(cases.length);
  variants.forEach((v, i) => {
    for (const c of v.cases) ofCase[c] = i;
  });
  const index = { variants, ofCase };
  cache.set(cases, index);
  return index;
}

/** Median throughput time (first to last event) of the given cases. */
export function medianThroughput(cases: readonly Case[], which: readonly number[]): number {
  const { offsets, times } = encodeLog(cases);
  const d: number[] = [];
  for (const c of which) {
    const a = offsets[c];
    const b = offsets[c + 1];
    if (b > a) d.push(times[b - 1] - times[a]);
  }
  return median(d);
}

export function variants(cases: readonly Case[], topN = 10): VariantSummary {
  const { names } = encodeLog(cases);
  const index = variantIndex(cases);
  const n = cases.length;
  const top = index.variants.slice(0, Math.max(0, topN)).map((v) => ({
    steps: Array.from(v.acts, (a) => names[a]),
    cases: v.cases.length,
    share: n === 0 ? 0 : v.cases.length / n,
    medianDurationMs: medianThroughput(cases, v.cases),
  }));
  const rest = index.variants.slice(top.length);
  const restCases = rest.reduce((s, v) => s + v.cases.length, 0);
  return { top, other: { variants: rest.length, cases: restCases, share: n === 0 ? 0 : restCases / n }, distinct: index.variants.length };
}
