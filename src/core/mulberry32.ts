/**
 * mulberry32: a tiny seeded PRNG for streams that need no resumable state (k-fold splits, weight
 * initialisation, test data). The same seed gives the same stream everywhere, so folds and
 * initial weights are reproducible across runs and machines. (Training's resumable stream is
 * train/rng.ts.)
 */

/** The raw stream: uint32 values in [0, 2³²). */
export function mulberry32Uint32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  const next = mulberry32Uint32(seed);
  return () => next() / 4294967296;
}
