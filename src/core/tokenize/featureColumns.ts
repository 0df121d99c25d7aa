/**
 * The one form per-event (or per-token) input feature ids take, from the FeatureSet to the
 * batches: columnar. `columns[k]` holds feature k's ids for every position of every case, back
 * to back ([F][N], N = positions of all cases); case c spans offsets[c] .. offsets[c + 1].
 * One case is a set of one (offsets [0, n]), and `caseAt`, `slice` give views, not copies.
 * Ids index the model's feature tables (model/config.ts `features`); 0 = none.
 *
 * Chosen by measurement over an array of per-event records and over the nested number[][] per
 * case it replaces. BPIC 2012 (13,087 cases, 262,200 events, 288,374 tokens; resource + gap;
 * tiny preset's context 64, batch 32), `node --expose-gc --import tsx test/bench/features.bench.ts`,
 * each layout in its own process, median of 5, on the shared 2-core VM under load:
 *
 *   | layout                  | per-event ids | token-aligned ids | prepare | one epoch of batches |
 *   |-------------------------|---------------|-------------------|---------|----------------------|
 *   | nested number[][]/case  | 6.2 MB        | 6.8 MB            | 62 ms   | 63 ms                |
 *   | records (object/event)  | 13.3 MB       | 3.0 MB            | 81 ms   | 32 ms                |
 *   | columnar (this)         | 2.0 MB        | 2.4 MB            | 52 ms   | 34 ms                |
 *
 * Columnar is 4 bytes per id (3-6× less memory than either), as fast as records to batch (a
 * row is one `set` of a subarray per feature) and the fastest to prepare.
 */
export class FeatureColumns {
  private constructor(
    /** [F][N] ids, N = offsets[cases]. */
    readonly columns: readonly Int32Array[],
    /** [cases + 1]: case c's positions are offsets[c] .. offsets[c + 1]. */
    readonly offsets: Int32Array,
  ) {}

  /**
   * A set of `lengths.length` cases with `width` features, every id 0 until `fill(k, c, i)`
   * (feature k of case c at position i) says otherwise.
   */
  static build(width: number, lengths: readonly number[], fill?: (k: number, c: number, i: number) => number): FeatureColumns {
    const offsets = new Int32Array(lengths.length + 1);
    lengths.forEach((n, c) => (offsets[c + 1] = offsets[c] + n));
    const columns = Array.from({ length: width }, () => new Int32Array(offsets[lengths.length]));
    if (fill) {
      for (let k = 0; k < width; k++) {
        const col = columns[k];
        for (let c = 0; c < lengths.length; c++) for (let i = 0, at = offsets[c]; i < lengths[c]; i++, at++) col[at] = fill(k, c, i);
      }
    }
    return new FeatureColumns(columns, offsets);
  }

  /** One case from its per-feature id arrays ([F][n], equal lengths). */
  static ofCase(perFeature: readonly ArrayLike<number>[]): FeatureColumns {
    const n = perFeature[0]?.length ?? 0;
    if (perFeature.some((f) => f.length !== n)) throw new RangeError('feature id arrays of one case must have equal lengths');
    return new FeatureColumns(
      perFeature.map((f) => Int32Array.from(f)),
      Int32Array.of(0, n),
    );
  }

  /** Number of features F. */
  get width(): number {
    return this.columns.length;
  }

  get caseCount(): number {
    return this.offsets.length - 1;
  }

  /** Positions of case c. */
  length(c = 0): number {
    return this.offsets[c + 1] - this.offsets[c];
  }

  /** Feature k's ids of case c: a view. */
  column(k: number, c = 0): Int32Array {
    return this.columns[k].subarray(this.offsets[c], this.offsets[c + 1]);
  }

  /** Case c as a set of one: a view. */
  caseAt(c: number): FeatureColumns {
    if (!(c >= 0 && c < this.caseCount)) throw new RangeError(`case ${c} of ${this.caseCount}`);
    return new FeatureColumns(
      this.columns.map((_, k) => this.column(k, c)),
      Int32Array.of(0, this.length(c)),
    );
  }

  /** Positions from .. to (end exclusive, clamped) of case c, as a set of one: a view. */
  slice(from: number, to: number, c = 0): FeatureColumns {
    const n = this.length(c);
    const s = Math.max(0, Math.min(from, n));
    const e = Math.max(s, Math.min(to, n));
    const base = this.offsets[c];
    return new FeatureColumns(
      this.columns.map((col) => col.subarray(base + s, base + e)),
      Int32Array.of(0, e - s),
    );
  }

  /** Case c with only the positions where keep[i] is true, as a set of one (a copy). */
  keep(keep: readonly boolean[], c = 0): FeatureColumns {
    return new FeatureColumns(
      this.columns.map((_, k) => this.column(k, c).filter((_, i) => keep[i])),
      Int32Array.of(0, keep.reduce((n, x) => n + (x ? 1 : 0), 0)),
    );
  }

  /**
   * Writes positions from .. to of case c into out[k] at `at`, per feature (out is [F][…],
   * e.g. a [B, T] batch with `at` = b·T).
   */
  copyInto(out: readonly Int32Array[], at: number, c = 0, from = 0, to = this.length(c)): void {
    const base = this.offsets[c];
    const end = base + Math.min(to, this.length(c));
    for (let k = 0; k < this.columns.length; k++) out[k].set(this.columns[k].subarray(base + from, end), at);
  }

  /** Case c as plain arrays ([F][n]), for tests and messages. */
  toArrays(c = 0): number[][] {
    return this.columns.map((_, k) => Array.from(this.column(k, c)));
  }
}
