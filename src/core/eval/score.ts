/**
 * Scores any next-activity predictor on a protocol's prefixes. The predictor gets prefixes in
 * batches (the neural agent runs one forward pass per batch) and answers, per prefix, candidate
 * activities best first, END_OF_CASE meaning "the case ends here".
 */
import { ScoreAccumulator } from './metrics';
import { countTracePrefixes, tracePrefixes, type PrefixOptions, type ScoredPrefix } from '../data/prefixes';
import { dlSimilarity } from './similarity';
import type { Scores } from './types';

/**
 * prefixes[i] → candidate activities for prefixes[i], best first (at least 3 for a meaningful
 * top-3). `items[i]` says which case prefixes[i] came from, for predictors that also read the
 * case's events (input features).
 */
export type PredictNextFn = (prefixes: readonly (readonly string[])[], items: readonly ScoredPrefix[]) => Promise<string[][]>;

/** prefixes[i] → the predicted rest of the case after prefixes[i] (without END_OF_CASE). */
export type PredictSuffixFn = (prefixes: readonly (readonly string[])[]) => Promise<string[][]>;

export interface ScoreOptions {
  /** Prefixes per predictor call; default 512. */
  batchSize?: number;
  /** Training vocabulary: a target outside it is counted wrong whatever the predictor says. */
  known?: ReadonlySet<string>;
  signal?: AbortSignal;
  /** Called after each batch with prefixes scored so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs `predictor` over every prefix the rule selects in `testCases` (activity sequences). */
export async function scorePredictor(
  testCases: readonly (readonly string[])[],
  rule: PrefixOptions,
  predictor: PredictNextFn,
  options: ScoreOptions = {},
): Promise<Scores> {
  const acc = new ScoreAccumulator(options.known);
  await inBatches(testCases, rule, options, async (batch) => {
    const ranked = await predictor(
      batch.map((b) => b.prefix),
      batch,
    );
    checkAnswerCount(ranked.length, batch.length);
    batch.forEach((item, i) => acc.add(item.prefix.length, item.target, ranked[i]));
  });
  return acc.scores();
}

/**
 * Mean Damerau-Levenshtein similarity between predicted and true suffixes, over the same
 * prefixes (the true suffix of a prefix is the rest of its case; END is not part of it).
 */
export async function scoreSuffixes(
  testCases: readonly (readonly string[])[],
  rule: PrefixOptions,
  predictor: PredictSuffixFn,
  options: ScoreOptions = {},
): Promise<{ similarity: number; prefixes: number }> {
  let sum = 0;
  let count = 0;
  await inBatches(testCases, rule, options, async (batch) => {
    const suffixes = await predictor(batch.map((b) => b.prefix));
    checkAnswerCount(suffixes.length, batch.length);
    batch.forEach((item, i) => {
      sum += dlSimilarity(suffixes[i], testCases[item.caseIndex].slice(item.prefix.length));
      count++;
    });
  });
  return { similarity: count === 0 ? 0 : sum / count, prefixes: count };
}

async function inBatches(
  testCases: readonly (readonly string[])[],
  rule: PrefixOptions,
  options: ScoreOptions,
  run: (batch: ScoredPrefix[]) => Promise<void>,
): Promise<void> {
  const size = Math.max(1, options.batchSize ?? 512);
  const total = countTracePrefixes(testCases, rule);
  let done = 0;
  let batch: ScoredPrefix[] = [];
  const flush = async (): Promise<void> => {
    options.signal?.throwIfAborted();
    await run(batch);
    done += batch.length;
    batch = [];
    options.onProgress?.(done, total);
  };
  for (const item of tracePrefixes(testCases, rule)) {
    batch.push(item);
    if (batch.length >= size) await flush();
  }
  if (batch.length > 0) await flush();
}

function checkAnswerCount(got: number, expected: number): void {
  if (got !== expected) throw new Error(`the predictor answered ${got} prefixes for a batch of ${expected}`);
}
