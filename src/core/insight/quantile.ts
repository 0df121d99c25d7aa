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

/** Puts the k-th smallest value of a[lo..hi] at index k (Hoare's quickselect, median-of-3 pivot). */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted input (common: waits arrive in time order) stays O(n).
    if (a[mid] < a[lo]) [a[mid], a[lo]] = [a[lo], a[mid]];
    if (a[hi] < a[lo]) [a[hi], a[lo]] = [a[lo], a[hi]];
    if (a[hi] < a[mid]) [a[hi], a[mid]] = [a[mid], a[hi]];
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The q-quantile of `a` (no NaNs), reordering `a` in place: O(n) on average where sorting is
 * O(n log n), for the map's per-edge medians and p90s, which a slider move recomputes.
 * Same interpolation as quantileSorted.
 */
export function quantileInPlace(a: Float64Array, q: number): number {
  const n = a.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const k = Math.floor(pos);
  select(a, k, 0, n - 1);
  const lo = a[k];
  if (pos === k || k + 1 >= n) return lo;
  // The next order statistic is the smallest value right of k.
  let next = Infinity;
  for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i];
  return lo + (next - lo) * (pos - k);
}
