/**
 * Lays the process map out left to right with @dagrejs/dagre (Sugiyama layering), on the host:
 * the panel only draws what this returns. dagre over elkjs because the contract is synchronous
 * (elkjs only lays out asynchronously), its bundle is a fraction of elkjs's (~1.5 MB of GWT
 * output), and on BPIC 2012's map (38 nodes, 202 edges; 107 at paths 50 %) it measured 2-4x
 * faster than elkjs's layered layout (783 vs 1837 ms, 236 vs 482 ms, loaded 2-core machine).
 * Edge weights follow the case counts, so the busiest route is drawn straightest. Past
 * FAST_ORDER_EDGES edges dagre's extra crossing-reduction sweeps are skipped: they cost 2-3x
 * the time there for a few crossings fewer.
 */
import dagre from '@dagrejs/dagre';
import { END_NODE, START_NODE, type LaidOutEdge, type LaidOutMap, type LaidOutNode, type ProcessMap } from './types';

/** Beyond this many nodes a layered layout takes seconds to minutes: lower the activities slider. */
export const MAX_LAYOUT_NODES = 1500;

const FAST_ORDER_EDGES = 150;
const CHAR_PX = 7;
const NODE_H = 40;
const TERMINAL = 28;

function nodeWidth(label: string): number {
  return Math.min(260, Math.max(90, 24 + CHAR_PX * label.length));
}

export function layoutMap(map: ProcessMap): LaidOutMap {
  if (map.nodes.length > MAX_LAYOUT_NODES) {
    throw new RangeError(`the map has ${map.nodes.length} nodes, more than the ${MAX_LAYOUT_NODES} a layout can draw in reasonable time; keep fewer activities (--activities, or the slider)`);
  }
  const g = new dagre.graphlib.Graph({ directed: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 60, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of map.nodes) {
    const terminal = n.id === START_NODE || n.id === END_NODE;
    g.setNode(n.id, { width: terminal ? TERMINAL : nodeWidth(n.label), height: terminal ? TERMINAL : NODE_H });
  }
  for (const e of map.edges) g.setEdge(e.from, e.to, { weight: Math.max(1, e.cases), minlen: 1 });
  dagre.layout(g, { disableOptimalOrderHeuristic: map.edges.length > FAST_ORDER_EDGES });
  const nodes: LaidOutNode[] = map.nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, x: p.x, y: p.y, width: p.width, height: p.height };
  });
  const edges: LaidOutEdge[] = map.edges.map((e) => {
    const pts = g.edge(e.from, e.to)?.points ?? [];
    return { ...e, points: pts.map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })) };
  });
  const graph = g.graph();
  return { nodes, edges, width: graph.width ?? 0, height: graph.height ?? 0, totalCases: map.totalCases, totalEvents: map.totalEvents };
}
