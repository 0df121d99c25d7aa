/**
 * Disco's paths slider. Keep the most frequent share of edges (by count, ties by cases, then
 * by label), then repair: every node must stay reachable from start and able to reach end, so
 * the most frequent dropped edges are added back greedily (Prim's algorithm on edge frequency,
 * forward from start and then backward from end). At 0 % what is left is exactly that repair:
 * the most frequent way into and out of each node. O(E log E).
 */

import { Heap } from './heap';

export interface RawEdge {
  from: number;
  to: number;
  count: number;
  cases: number;
  /** Position in the builder's edge arrays (for the waits). */
  index: number;
}

export function keepPaths(edges: readonly RawEdge[], share: number, start: number, end: number, nodeCount: number, label: (n: number) => string): RawEdge[] {
  const cmp = (a: RawEdge, b: RawEdge): number =>
    b.count - a.count || b.cases - a.cases || (label(a.from) + '\u0000' + label(a.to) < label(b.from) + '\u0000' + label(b.to) ? -1 : 1);
  const sorted = [...edges].sort(cmp);
  if (share >= 1) return sorted;
  const keep = new Uint8Array(edges.length);
  const byIndex = new Map<number, number>(sorted.map((e, i) => [e.index, i]));
  const nTop = Math.round(share * sorted.length);
  for (let i = 0; i < nTop; i++) keep[i] = 1;
  const before = (a: RawEdge, b: RawEdge): boolean => cmp(a, b) < 0;

  // Adjacency by sorted position, forward and backward.
  const out: number[][] = Array.from({ length: nodeCount }, () => []);
  const inn: number[][] = Array.from({ length: nodeCount }, () => []);
  sorted.forEach((e, i) => {
    out[e.from].push(i);
    inn[e.to].push(i);
  });
  const grow = (root: number, adj: number[][], far: (e: RawEdge) => number): void => {
    const reached = new Uint8Array(nodeCount);
    const heap = new Heap<RawEdge>(before);
    const stack = [root];
    reached[root] = 1;
    const visit = (): void => {
      while (stack.length > 0) {
        const n = stack.pop()!;
        for (const i of adj[n]) {
          const e = sorted[i];
          const m = far(e);
          if (reached[m]) continue;
          if (keep[i]) {
            reached[m] = 1;
            stack.push(m);
          } else heap.push(e);
        }
      }
    };
    visit();
    while (heap.size > 0) {
      const e = heap.pop()!;
      const m = far(e);
      if (reached[m]) continue;
      keep[byIndex.get(e.index)!] = 1;
      reached[m] = 1;
      stack.push(m);
      visit();
    }
  };
  grow(start, out, (e) => e.to);
  grow(end, inn, (e) => e.from);
  return sorted.filter((_, i) => keep[i]);
}
