/**
 * Compiled shapes for serving-time runs (incremental decoding and the time trunk). A run costs
 * about B·T token positions whether the rows are real or padding, and at a service's load a
 * round carries anything from 1 to ~100 rows of mixed lengths: padding 9 rows up to 64, or a
 * 17-token prefix up to 32, spent most of a round on padding (bench:serve, profiled: a padded
 * [64, 32] prefill costs ~12 ms against ~0.2 ms for the rows it carried). So batch sizes double
 * from 1 (a run wastes under half its rows) and lengths step by a quarter of the context (a
 * prefill wastes under that many positions a row). Each shape is one onnxruntime session; the
 * service compiles them all before it answers (serve/warmUp.ts).
 */

/** Batch sizes, ascending: the powers of two up to 64. */
export const SERVE_BATCHES: readonly number[] = [1, 2, 4, 8, 16, 32, 64];

/** The smallest of `sizes` (ascending) that holds n rows; the largest when none does (the caller chunks). */
export function batchFor(n: number, sizes: readonly number[] = SERVE_BATCHES): number {
  return sizes.find((b) => b >= n) ?? sizes[sizes.length - 1];
}

/**
 * Compiled lengths for a model of `context` positions, ascending and ending at `context`:
 * every `step` tokens, where step keeps the count at 4 or fewer (8 for context 32, 128 for 512):
 * each length is one session per batch size to compile at the service's start (serve/warmUp.ts),
 * and a finer step saved little (a prefill is one row a prediction).
 */
export function decodeLengths(context: number): number[] {
  const step = Math.max(8, Math.ceil(context / 4));
  const out: number[] = [];
  for (let t = step; t < context; t += step) out.push(t);
  out.push(context);
  return out;
}
