/**
 * How rows meet compiled graphs: the sessions exist only for a few batch sizes and lengths, so
 * rows are grouped by their compiled length (in first-seen order), and each group is cut into
 * chunks of at most the largest batch size, each padded up to the smallest size that holds it.
 * Shared by inference (train/engineModel.ts) and incremental decoding (kvDecoder.ts).
 */
export interface BucketChunk {
  /** The compiled length of every row in the chunk. */
  length: number;
  /** Row indices into the caller's list, at most `sizes[last]` of them. */
  ids: number[];
  /** The compiled batch size to run: the smallest of `sizes` ≥ ids.length. */
  batch: number;
}

/** `lengths[i]` is row i's compiled length; `sizes` the compiled batch sizes, ascending. */
export function bucketChunks(lengths: readonly number[], sizes: readonly number[]): BucketChunk[] {
  const byLength = new Map<number, number[]>();
  lengths.forEach((length, i) => {
    const ids = byLength.get(length);
    if (ids) ids.push(i);
    else byLength.set(length, [i]);
  });
  const maxB = sizes[sizes.length - 1];
  const chunks: BucketChunk[] = [];
  for (const [length, ids] of byLength) {
    for (let s = 0; s < ids.length; s += maxB) {
      const chunk = ids.slice(s, s + maxB);
      chunks.push({ length, ids: chunk, batch: sizes.find((b) => b >= chunk.length)! });
    }
  }
  return chunks;
}
