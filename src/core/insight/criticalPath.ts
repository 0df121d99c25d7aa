/**
 * The critical path: the route from start to end that carries the most cases. First the widest
 * path: the largest width W such that end is reachable from start over edges with at least W
 * cases (a bottleneck path; found by binary search over the distinct case counts, O(E log E)).
 * Many routes can share that width (every route through the busiest edges does), so among the
 * routes over edges with ≥ W cases it takes the most likely one: the largest product of the
 * map's transition probabilities count(a→b) / count(a→·), which is how cases actually flow
 * (widest-then-fastest picked, on the sample log, a route no case follows). Remaining ties go
 * by time (least summed median wait), then by fewest steps. Dijkstra on −log P, O(E log E).
 */
import type { Case } from '../log/types';
import { Heap } from './heap';
import { END_NODE, START_NODE, type CriticalPath, type MapEdge, type ProcessMap } from './types';
import { findVariant, medianThroughput } from './variants';

function reachable(edges: readonly MapEdge[], minCases: number): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) if (e.cases >= minCases) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e.to);
  const seen = new Set([START_NODE]);
  const stack = [START_NODE];
  while (stack.length > 0) {
    for (const m of out.get(stack.pop()!) ?? []) {
      if (m === END_NODE) return true;
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
    }
  }
  return false;
}

/** The largest case count W such that start reaches end over edges with ≥ W cases (0 when none). */
export function widestWidth(edges: readonly MapEdge[]): number {
  const widths = [...new Set(edges.map((e) => e.cases))].sort((a, b) => a - b);
  let lo = 0;
  let hi = widths.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (reachable(edges, widths[mid])) {
      best = widths[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Start → end over edges with ≥ `width` cases: most likely, then least summed median wait, then fewest steps. */
function likeliestRoute(edges: readonly MapEdge[], width: number): MapEdge[] {
  const out = new Map<string, MapEdge[]>();
  for (const e of edges) if (e.cases >= width) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
  const outCount = new Map<string, number>();
  for (const e of edges) outCount.set(e.from, (outCount.get(e.from) ?? 0) + e.count);
  type Label = { cost: number; time: number; steps: number; via?: MapEdge };
  const best = new Map<string, Label>([[START_NODE, { cost: 0, time: 0, steps: 0 }]]);
  const done = new Set<string>();
  // Costs within 1e-9 are equal: a sum of logs differs in the last bits by the order of adding.
  const better = (a: Label, b: Label): boolean =>
    a.cost < b.cost - 1e-9 || (Math.abs(a.cost - b.cost) <= 1e-9 && (a.time < b.time || (a.time === b.time && a.steps < b.steps)));
  const heap = new Heap<{ node: string; label: Label }>((a, b) => better(a.label, b.label) || (!better(b.label, a.label) && a.node < b.node));
  heap.push({ node: START_NODE, label: best.get(START_NODE)! });
  for (let top = heap.pop(); top; top = heap.pop()) {
    const { node, label: here } = top;
    if (done.has(node) || best.get(node) !== here) continue;
    if (node === END_NODE) break;
    done.add(node);
    for (const e of out.get(node) ?? []) {
      if (done.has(e.to)) continue;
      const cand = { cost: here.cost - Math.log(e.count / outCount.get(e.from)!), time: here.time + e.medianWaitMs, steps: here.steps + 1, via: e };
      const old = best.get(e.to);
      if (!old || better(cand, old)) {
        best.set(e.to, cand);
        heap.push({ node: e.to, label: cand });
      }
    }
  }
  const route: MapEdge[] = [];
  for (let l = best.get(END_NODE); l?.via; l = best.get(l.via.from)) route.unshift(l.via);
  return route;
}

/** The critical path of the full map `map` of `cases` (build the map with nothing abstracted away). */
export function criticalPath(cases: readonly Case[], map: ProcessMap): CriticalPath {
  const empty: CriticalPath = { steps: [], caseShare: 0, medianDurationMs: 0, perStep: [], casesFollowing: 0 };
  if (cases.length === 0 || map.edges.length === 0) return empty;
  const route = likeliestRoute(map.edges, widestWidth(map.edges));
  const stepEdges = route.filter((e) => e.to !== END_NODE);
  const steps = stepEdges.map((e) => e.to);
  // Cases that follow it exactly: the variant whose sequence is `steps`.
  const exact = findVariant(cases, steps);
  const following = exact?.cases ?? [];
  const totalWait = stepEdges.reduce((s, e) => s + e.medianWaitMs, 0);
  return {
    steps,
    caseShare: following.length / cases.length,
    medianDurationMs: medianThroughput(cases, following),
    perStep: stepEdges.map((e) => ({ activity: e.to, medianWaitMs: e.medianWaitMs, waitShare: totalWait > 0 ? e.medianWaitMs / totalWait : 0 })),
    casesFollowing: following.length,
    width: route.length > 0 ? Math.min(...route.map((e) => e.cases)) : 0,
  };
}

/** Indexes where two step sequences differ, position by position (beyond the shorter one too). */
export function differences(a: readonly string[], b: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(i);
  return out;
}
