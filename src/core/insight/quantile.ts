/**
 * Order statistics for the map and the insights: medians and p90s of waiting and throughput
 * times. Linear interpolation between order statistics (numpy's and PM4Py's default), so a
 * median of two values is their mean. An empty sample gives 0: the contract's times are
 * numbers, and JSON has no NaN.
 */

/** The q-quantile (0..1) of `sorted`, which must be sorted ascending. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median of `values`, sorting a copy (NaNs are dropped: untimed events have no duration). */
export function median(values: readonly number[] | Float64Array): number {
  const a = Float64Array.from(values).filter((x) => !Number.isNaN(x)).sort();
  return quantileSorted(a, 0.5);
}
