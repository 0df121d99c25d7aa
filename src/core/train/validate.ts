/**
 * Validation during training: next-activity accuracy over the validation cases' prefixes under
 * the evaluation protocol's prefix options (enumerated by data/prefixes.ts, as evaluation does,
 * so early stopping optimises what will be reported), and the mean next-token loss. The same Predictor
 * the agent uses makes the predictions.
 */
import { Predictor, argmax } from './predictor';
import { END_OF_CASE, tracePrefixes, type PrefixOptions } from '../data/prefixes';
import { epochBatches } from './batching';
import { Rng } from './rng';
import type { SequenceModel } from './sequenceModel';
import { PAD } from '../tokenize/tokenizer';
import { alignCases } from '../tokenize/featureSet';
import type { FeatureColumns } from '../tokenize/featureColumns';

export interface Validation {
  accuracy: number;
  loss: number;
  prefixes: number;
  /** 1 where prefix i (in tracePrefixes order) was predicted right: lets two runs on the same cases be compared pairwise. */
  hits?: Uint8Array;
}

/**
 * BPE scoring walks a trie with one model query per (prefix, internal node), which is far
 * dearer than activity mode's one pass per case; per-epoch validation then uses the first cases
 * up to this many prefixes (the final evaluation still scores every test prefix).
 */
const BPE_VALIDATION_PREFIXES = 300;

function firstCasesUpTo(cases: readonly (readonly string[])[], prefixes: number): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  let n = 0;
  for (const c of cases) {
    if (n >= prefixes) break;
    out.push(c);
    n += c.length;
  }
  return out;
}

export async function validate(
  predictor: Predictor,
  cases: readonly (readonly string[])[],
  batchSize: number,
  rule: PrefixOptions = { minPrefix: 1, eosTarget: true },
  signal?: AbortSignal,
  /** Per-event input features of `cases` (case i = cases[i]), for a model that reads them. */
  features?: FeatureColumns,
): Promise<Validation> {
  if (cases.length === 0) return { accuracy: 0, loss: NaN, prefixes: 0 };
  if (!predictor.onePassPerCase) cases = firstCasesUpTo(cases, BPE_VALIDATION_PREFIXES);
  const model: SequenceModel = predictor.model;
  const dists = await predictor.caseDistributions(cases, features);
  let hits = 0;
  let total = 0;
  const perPrefix: number[] = [];
  const endIndex = predictor.labels.indexOf(END_OF_CASE);
  for (const { caseIndex, prefix, target } of tracePrefixes(cases, rule)) {
    const d = dists[caseIndex][prefix.length];
    if (!rule.eosTarget) d[endIndex] = -Infinity;
    total++;
    const hit = argmax(d) === predictor.labels.indexOf(target);
    perPrefix.push(hit ? 1 : 0);
    if (hit) hits++;
  }
  let lossSum = 0;
  let tokens = 0;
  const F = features ? model.featureCount : 0;
  const seqs = cases.map((c) => predictor.tokenizer.encodeCase(c));
  const tokenFeatures = F > 0 && features ? alignCases(predictor.tokenizer, cases, features) : undefined;
  for (const batch of epochBatches(seqs, { batchSize, context: model.context, pad: PAD, features: F }, new Rng(0), tokenFeatures)) {
    if (signal?.aborted) break;
    lossSum += (await model.evalLoss(batch)) * batch.tokens;
    tokens += batch.tokens;
  }
  return { accuracy: total ? hits / total : 0, loss: tokens ? lossSum / tokens : NaN, prefixes: total, hits: Uint8Array.from(perPrefix) };
}

/**
 * McNemar's z for "b predicts better than a" on the same validation prefixes: (b-only hits −
 * a-only hits) / √(discordant pairs). Pairing removes the prefixes both get right or wrong, so
 * a real gain shows at far smaller differences than comparing two accuracies would need.
 * 0 when either lacks per-prefix hits or they scored different prefixes.
 */
export function pairedGain(a: Validation, b: Validation): number {
  if (!a.hits || !b.hits || a.hits.length !== b.hits.length) return 0;
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.hits.length; i++) {
    if (a.hits[i] > b.hits[i]) onlyA++;
    else if (b.hits[i] > a.hits[i]) onlyB++;
  }
  return onlyA + onlyB === 0 ? 0 : (onlyB - onlyA) / Math.sqrt(onlyA + onlyB);
}
