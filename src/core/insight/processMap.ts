/**
 * The process map: the directly-follows graph of the cases (Disco's map), with Disco's two
 * abstraction sliders. Activities kept (0..1): the most frequent share of activities by event
 * count; the others' events are removed from the cases and the graph is built on what is left,
 * so a case's kept steps still follow each other. Paths kept (0..1): see paths.ts.
 */
import type { Case } from '../log/types';
import { encodeLog } from './encode';
import { keepPaths, type RawEdge } from './paths';
import { quantileInPlace } from './quantile';
import { serviceTimes } from './serviceTime';
import { END_NODE, START_NODE, type MapAbstraction, type MapEdge, type MapNode, type ProcessMap } from './types';

/** Largest (activities + 2)² for the dense edge table: 4M entries, 16 MB. */
const DENSE_LIMIT = 1 << 22;

function checkShare(name: string, x: number | undefined): number {
  if (x === undefined) return 1;
  if (!(x >= 0 && x <= 1)) throw new RangeError(`${name} kept must be a share from 0 to 1, got ${x}`);
  return x;
}

/** Activity ids ordered most frequent first (ties by label, so the order is deterministic). */
export function activitiesByFrequency(names: readonly string[], events: Int32Array): number[] {
  return names.map((_, i) => i).sort((a, b) => events[b] - events[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
}

/** The full map (nothing abstracted) per cases array: insights, the overlay and the panel all start from it. */
const fullMaps = new WeakMap<readonly Case[], ProcessMap>();

/** The process map of `cases`. The result may be shared with other callers (the full map is cached): treat it as read-only. */
export function processMap(cases: readonly Case[], abstraction: MapAbstraction = {}): ProcessMap {
  const activityShare = checkShare('activities', abstraction.activities);
  const pathShare = checkShare('paths', abstraction.paths);
  const full = activityShare === 1 && pathShare === 1;
  if (full) {
    const hit = fullMaps.get(cases);
    if (hit) return hit;
  }
  const { names, offsets, acts, times } = encodeLog(cases);
  const N = names.length;
  const nCases = cases.length;
  const totalEvents = acts.length;

  // Events and distinct cases per activity: [N].
  const events = new Int32Array(N);
  const caseCount = new Int32Array(N);
  const lastCase = new Int32Array(N).fill(-1);
  for (let c = 0; c < nCases; c++) {
    for (let k = offsets[c]; k < offsets[c + 1]; k++) {
      const a = acts[k];
      events[a]++;
      if (lastCase[a] !== c) {
        lastCase[a] = c;
        caseCount[a]++;
      }
    }
  }
  // At 0 % Disco still shows the most frequent activity.
  const nKept = N === 0 ? 0 : Math.max(1, Math.round(activityShare * N));
  const kept = new Uint8Array(N);
  for (const a of activitiesByFrequency(names, events).slice(0, nKept)) kept[a] = 1;

  // Node ids: activities 0..N-1, START = N, END = N + 1. Transitions are collected as
  // (edge, wait) pairs, then grouped by a counting sort, so each edge's waits sort once.
  const START = N;
  const END = N + 1;
  // Edge lookup: a dense [N+2, N+2] table while that stays small (a few MB), else a Map.
  const W = N + 2;
  const dense = W * W <= DENSE_LIMIT ? new Int32Array(W * W).fill(-1) : undefined;
  const edgeOf = new Map<number, number>();
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeCount: number[] = [];
  const edgeCases: number[] = [];
  const edgeLast: number[] = [];
  const pairEdge = new Int32Array(totalEvents);
  const pairWait = new Float64Array(totalEvents);
  let pairs = 0;
  let mapCases = 0;
  // Only integers cross this call (a double argument would be boxed on every event).
  const edgeIndex = (from: number, to: number, c: number): number => {
    const key = from * W + to;
    let e = dense ? dense[key] : edgeOf.get(key) ?? -1;
    if (e < 0) {
      e = edgeFrom.length;
      if (dense) dense[key] = e;
      else edgeOf.set(key, e);
      edgeFrom.push(from);
      edgeTo.push(to);
      edgeCount.push(0);
      edgeCases.push(0);
      edgeLast.push(-1);
    }
    edgeCount[e]++;
    if (edgeLast[e] !== c) {
      edgeLast[e] = c;
      edgeCases[e]++;
    }
    return e;
  };
  for (let c = 0; c < nCases; c++) {
    let prev = START;
    let prevK = -1;
    const end = offsets[c + 1];
    for (let k = offsets[c]; k < end; k++) {
      const a = acts[k];
      if (kept[a] === 0) continue;
      const e = edgeIndex(prev, a, c);
      // Start edges wait 0 by definition; untimed events have no wait.
      if (prevK >= 0) {
        const wait = times[k] - times[prevK];
        if (wait === wait) {
          pairEdge[pairs] = e;
          pairWait[pairs] = wait;
          pairs++;
        }
      }
      prev = a;
      prevK = k;
    }
    // A case with no kept activity is not part of this map.
    if (prev !== START) {
      edgeIndex(prev, END, c);
      mapCases++;
    }
  }

  const E = edgeFrom.length;
  const start = new Int32Array(E + 1);
  for (let p = 0; p < pairs; p++) start[pairEdge[p] + 1]++;
  for (let e = 0; e < E; e++) start[e + 1] += start[e];
  const fill = start.slice(0, E);
  const waits = new Float64Array(pairs);
  for (let p = 0; p < pairs; p++) waits[fill[pairEdge[p]]++] = pairWait[p];

  const raw: RawEdge[] = [];
  for (let e = 0; e < E; e++) raw.push({ from: edgeFrom[e], to: edgeTo[e], count: edgeCount[e], cases: edgeCases[e], index: e });
  const label = (n: number): string => (n === START ? START_NODE : n === END ? END_NODE : names[n]);
  const keptEdges = keepPaths(raw, pathShare, START, END, N + 2, label);

  const service = serviceTimes(cases);
  const nodes: MapNode[] = [];
  if (mapCases > 0) nodes.push({ id: START_NODE, label: 'Start', events: mapCases, cases: mapCases });
  for (const a of activitiesByFrequency(names, events)) {
    if (!kept[a]) continue;
    const node: MapNode = { id: names[a], label: names[a], events: events[a], cases: caseCount[a] };
    const s = service.get(names[a]);
    if (s !== undefined) node.medianServiceMs = s;
    nodes.push(node);
  }
  if (mapCases > 0) nodes.push({ id: END_NODE, label: 'End', events: mapCases, cases: mapCases });

  const edges: MapEdge[] = keptEdges.map((r) => {
    const w = waits.subarray(start[r.index], start[r.index + 1]);
    return { from: label(r.from), to: label(r.to), count: r.count, cases: r.cases, medianWaitMs: quantileInPlace(w, 0.5), p90WaitMs: quantileInPlace(w, 0.9) };
  });
  const map = { nodes, edges, totalCases: nCases, totalEvents };
  if (full) fullMaps.set(cases, map);
  return map;
}
