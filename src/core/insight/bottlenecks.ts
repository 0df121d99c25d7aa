/**
 * Bottlenecks: the transitions between two activities that cost the most waiting in all,
 * counted as cases × median wait (issue 13): a long wait on few cases and a short wait on
 * many both rank high. Edges from start and to end carry no wait and are left out.
 */
import { END_NODE, START_NODE, type Bottleneck, type ProcessMap } from './types';

export function bottlenecks(map: ProcessMap, topN = 10): Bottleneck[] {
  return map.edges
    .filter((e) => e.from !== START_NODE && e.to !== END_NODE && e.medianWaitMs > 0)
    .map((e) => ({ from: e.from, to: e.to, cases: e.cases, medianWaitMs: e.medianWaitMs, totalWaitMs: e.cases * e.medianWaitMs }))
    .sort((a, b) => b.totalWaitMs - a.totalWaitMs || b.cases - a.cases || (a.from + a.to < b.from + b.to ? -1 : 1))
    .slice(0, Math.max(0, topN));
}
