/**
 * Turns token sequences (each case already encoded as BOS, acts…, EOS) into fixed-shape batches
 * for causal next-token loss at every position: input x[t] = seq[t], target y[t] = seq[t+1].
 *
 * - Rows are bucketed by length so padding stays low; each bucket has its own T (a power of two
 *   up to the context), so only a handful of static-shape graphs are ever compiled.
 * - A case longer than the context becomes sliding windows with stride T/2; a window after the
 *   first masks the targets the previous window already scored, so each target counts once.
 * - The order of batches and of rows within a bucket is shuffled with a seeded RNG.
 */
import type { FeatureColumns } from '../tokenize/featureColumns';
import type { Rng } from './rng';

/**
 * One training row: `length` inputs/targets, `scoreFrom` = first target index that counts;
 * the inputs are the sequence's tokens start .. start + length, where its features are read.
 */
export interface Row {
  inputs: number[];
  targets: number[];
  scoreFrom: number;
  start: number;
}

/** A `[B, T]` batch, row-major. Padded positions have mask 0. */
export interface Batch {
  B: number;
  T: number;
  inputs: Int32Array;
  targets: Int32Array;
  /** 1 where the target counts in the loss, else 0. */
  mask: Float32Array;
  /** Number of positions with mask 1. */
  tokens: number;
  /** Per feature, B·T ids aligned with `inputs` (0 = none); absent when the model has no features. */
  features?: Int32Array[];
}

/** Rows for one sequence: the whole thing if it fits in `context` inputs, else sliding windows. */
export function rowsOf(seq: readonly number[], context: number): Row[] {
  const n = seq.length - 1; // number of (input, target) pairs
  if (n <= 0) return [];
  const row = (s: number, e: number, scoreFrom: number): Row => ({ inputs: seq.slice(s, e), targets: seq.slice(s + 1, e + 1), scoreFrom, start: s });
  if (n <= context) return [row(0, n, 0)];
  const rows: Row[] = [];
  const stride = Math.max(1, Math.floor(context / 2));
  let scoredUpTo = 0; // targets [0, scoredUpTo) already counted
  for (let start = 0; ; start += stride) {
    const end = Math.min(start + context, n);
    const s = end - context; // keep windows full-length: the last one is right-aligned
    rows.push(row(s, end, scoredUpTo - s));
    scoredUpTo = end;
    if (end === n) break;
  }
  return rows;
}

/** Bucket lengths: powers of two from 8, plus `context` itself. */
export function bucketLengths(context: number): number[] {
  const out: number[] = [];
  for (let t = 8; t < context; t *= 2) out.push(t);
  out.push(context);
  return out;
}

export function bucketFor(length: number, buckets: readonly number[]): number {
  for (const b of buckets) if (length <= b) return b;
  throw new Error(`row of length ${length} exceeds the largest bucket ${buckets[buckets.length - 1]}`);
}

/** A row and the sequence (case) it was cut from, whose features it reads. */
type CaseRow = { row: Row; seq: number };

/** `blank[b]`: row b's features are left at 0 ("none"), as the editor will give them. */
function pack(caseRows: CaseRow[], B: number, T: number, pad: number, featureCount: number, blank: (row: number) => boolean, seqFeatures?: FeatureColumns): Batch {
  const inputs = new Int32Array(B * T).fill(pad);
  const targets = new Int32Array(B * T).fill(pad);
  const mask = new Float32Array(B * T);
  const features = featureCount > 0 ? Array.from({ length: featureCount }, () => new Int32Array(B * T)) : undefined;
  let tokens = 0;
  caseRows.forEach(({ row: r, seq }, b) => {
    for (let t = 0; t < r.inputs.length; t++) {
      inputs[b * T + t] = r.inputs[t];
      targets[b * T + t] = r.targets[t];
      if (t >= r.scoreFrom) {
        mask[b * T + t] = 1;
        tokens++;
      }
    }
    if (features && seqFeatures && !blank(b)) seqFeatures.copyInto(features, b * T, seq, r.start, r.start + r.inputs.length);
  });
  return features ? { B, T, inputs, targets, mask, tokens, features } : { B, T, inputs, targets, mask, tokens };
}

export interface BatchPlan {
  batchSize: number;
  context: number;
  pad: number;
  /** Restrict bucket sizes (e.g. `[context]` for a single graph). Default: bucketLengths(context). */
  buckets?: number[];
  /** Feature arrays per batch (the model's feature count; 0 or absent: none). */
  features?: number;
  /**
   * Fraction of rows whose features are blanked to "none" (feature dropout): the editor asks
   * about prefixes with no resources or times, so the model must also predict well without them.
   */
  blankFeatures?: number;
}

/**
 * All batches of one epoch, shuffled. Short last batches of a bucket are padded with empty rows.
 * Each sequence is a case's token ids (BOS, …, EOS); `features`, when the model reads them, are
 * the same cases' token-aligned ids (case i = seqs[i], [F][tokens], tokenize/featureSet.ts alignCases).
 */
export function epochBatches(seqs: readonly (readonly number[])[], plan: BatchPlan, rng: Rng, features?: FeatureColumns): Batch[] {
  const buckets = plan.buckets ?? bucketLengths(plan.context);
  if (features && features.caseCount !== seqs.length) throw new Error(`epochBatches: features for ${features.caseCount} sequences, given ${seqs.length}`);
  const byBucket = new Map<number, CaseRow[]>();
  seqs.forEach((ids, seq) => {
    if (features && features.length(seq) !== ids.length) throw new Error(`epochBatches: sequence ${seq} has ${ids.length} tokens but ${features.length(seq)} feature positions`);
    for (const row of rowsOf(ids, plan.context)) {
      const T = bucketFor(row.inputs.length, buckets);
      let list = byBucket.get(T);
      if (!list) byBucket.set(T, (list = []));
      list.push({ row, seq });
    }
  });
  const batches: Batch[] = [];
  const F = plan.features ?? 0;
  const blankP = plan.blankFeatures ?? 0;
  // Drawn only when features are blanked, so runs without features keep their random stream.
  const blank = blankP > 0 && F > 0 ? () => rng.next() < blankP : () => false;
  for (const T of [...byBucket.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byBucket.get(T)!);
    for (let i = 0; i < rows.length; i += plan.batchSize) batches.push(pack(rows.slice(i, i + plan.batchSize), plan.batchSize, T, plan.pad, F, blank, features));
  }
  return rng.shuffle(batches);
}

/** Number of batches `epochBatches` will produce, without building them (for ETA and schedules). */
export function countBatches(seqs: readonly (readonly number[])[], plan: Omit<BatchPlan, 'pad'>): number {
  const buckets = plan.buckets ?? bucketLengths(plan.context);
  const counts = new Map<number, number>();
  for (const seq of seqs) for (const row of rowsOf(seq, plan.context)) {
    const T = bucketFor(row.inputs.length, buckets);
    counts.set(T, (counts.get(T) ?? 0) + 1);
  }
  let n = 0;
  for (const c of counts.values()) n += Math.ceil(c / plan.batchSize);
  return n;
}
