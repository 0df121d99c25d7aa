/**
 * Damerau-Levenshtein distance (unrestricted: transpositions of non-adjacent edits allowed, the
 * Lowrance-Wagner algorithm) between activity sequences, and the similarity used for suffix
 * prediction: 1 - distance / max(length), with two empty sequences fully similar.
 */

export function damerauLevenshtein(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  const m = b.length;
  const inf = n + m;
  // d is [(n+2) x (m+2)], shifted by one so row/column 0 hold the "infinity" sentinel.
  const width = m + 2;
  const d = new Int32Array((n + 2) * width);
  const at = (i: number, j: number): number => i * width + j;
  d[at(0, 0)] = inf;
  for (let i = 0; i <= n; i++) {
    d[at(i + 1, 0)] = inf;
    d[at(i + 1, 1)] = i;
  }
  for (let j = 0; j <= m; j++) {
    d[at(0, j + 1)] = inf;
    d[at(1, j + 1)] = j;
  }
  // lastRow[symbol] = last row (1-based) of `a` where the symbol occurred.
  const lastRow = new Map<string, number>();
  for (let i = 1; i <= n; i++) {
    let lastMatchCol = 0;
    for (let j = 1; j <= m; j++) {
      const i1 = lastRow.get(b[j - 1]) ?? 0;
      const j1 = lastMatchCol;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      if (cost === 0) lastMatchCol = j;
      d[at(i + 1, j + 1)] = Math.min(
        d[at(i, j)] + cost,
        d[at(i + 1, j)] + 1,
        d[at(i, j + 1)] + 1,
        d[at(i1, j1)] + (i - i1 - 1) + 1 + (j - j1 - 1),
      );
    }
    lastRow.set(a[i - 1], i);
  }
  return d[at(n + 1, m + 1)];
}

export function dlSimilarity(a: readonly string[], b: readonly string[]): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - damerauLevenshtein(a, b) / longest;
}
