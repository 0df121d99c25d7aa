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

export interface VariantEntry {
  /** The activity-id sequence (a view into the encoded log). */
  acts: Int32Array;
  /** Indexes of the cases with this sequence, in log order. */
  cases: number[];
}

export interface VariantIndex {
  /** Distinct variants, most frequent first (ties by their labels). */
  variants: VariantEntry[];
  /** Variant index of each case. */
  ofCase: Int32Array;
  /** Sequence hash → variant indexes with that hash. */
  byHash: Map<number, number[]>;
}

const cache = new WeakMap<readonly Case[], VariantIndex>();

/**
 * A 53-bit hash of an activity-id sequence (two 32-bit FNV/multiply streams). Grouping by a
 * number and comparing the few sequences that share it is several times faster than building a
 * string key per case (5M-event logs have ~10^5..10^6 cases), and allocates nothing.
 */
export function sequenceHash(seq: ArrayLike<number>): number {
  let h1 = 0x811c9dc5 ^ seq.length;
  let h2 = 0x9e3779b9;
  for (let i = 0; i < seq.length; i++) {
    const a = seq[i];
    h1 = Math.imul(h1 ^ a, 16777619);
    h2 = Math.imul(h2 ^ a, 0x85ebca6b);
    h2 ^= h2 >>> 13;
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Groups the cases by activity sequence; cached per cases array. */
export function variantIndex(cases: readonly Case[]): VariantIndex {
  const hit = cache.get(cases);
  if (hit) return hit;
  const { names, offsets, acts } = encodeLog(cases);
  const groups = new Map<number, VariantEntry[]>();
  for (let c = 0; c < cases.length; c++) {
    const seq = acts.subarray(offsets[c], offsets[c + 1]);
    const h = sequenceHash(seq);
    let bucket = groups.get(h);
    if (!bucket) groups.set(h, (bucket = []));
    let v = bucket.find((x) => same(x.acts, seq));
    if (!v) bucket.push((v = { acts: seq, cases: [] }));
    v.cases.push(c);
  }
  const all: VariantEntry[] = [];
  for (const bucket of groups.values()) all.push(...bucket);
  // Ties in frequency go by the activity labels, compared step by step through each label's
  // rank in sorted order: the order of the labels joined by "\0", without building strings.
  const rank = new Int32Array(names.length);
  names.map((n, i) => [n, i] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).forEach(([, i], r) => (rank[i] = r));
  const bySteps = (x: Int32Array, y: Int32Array): number => {
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) return rank[x[i]] - rank[y[i]];
    return x.length - y.length;
  };
  const variants = all.sort((a, b) => b.cases.length - a.cases.length || bySteps(a.acts, b.acts));
  const ofCase = new Int32Array(cases.length);
  const byHash = new Map<number, number[]>();
  variants.forEach((v, i) => {
    for (const c of v.cases) ofCase[c] = i;
    const h = sequenceHash(v.acts);
    const list = byHash.get(h);
    if (list) list.push(i);
    else byHash.set(h, [i]);
  });
  const index = { variants, ofCase, byHash };
  cache.set(cases, index);
  return index;
}

/** The variant whose sequence is exactly `steps` (activity labels), if the log has one. */
export function findVariant(cases: readonly Case[], steps: readonly string[]): VariantEntry | undefined {
  const { names } = encodeLog(cases);
  const id = new Map(names.map((n, i) => [n, i]));
  const ids = steps.map((s) => id.get(s) ?? -1);
  if (ids.some((i) => i < 0)) return undefined;
  const index = variantIndex(cases);
  for (const i of index.byHash.get(sequenceHash(ids)) ?? []) if (same(index.variants[i].acts, ids)) return index.variants[i];
  return undefined;
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
