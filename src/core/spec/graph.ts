/** The predecessor walk shared by the graph-shaped spec formats (BPMN, Mermaid). */

/** Longest chain followed; loops in a model must not make the walk endless. */
const MAX_CHAIN = 256;

/**
 * Distance of each node from the nearest start (a node with no incoming edge), by BFS
 * along the edges. Used to prefer forward edges over loop-backs when walking back.
 */
function depthFromStart(incoming: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const outgoing = new Map<string, string[]>();
  const nodes = new Set<string>();
  for (const [target, sources] of incoming) {
    nodes.add(target);
    for (const s of sources) {
      nodes.add(s);
      outgoing.set(s, [...(outgoing.get(s) ?? []), target]);
    }
  }
  const depth = new Map<string, number>();
  const queue = [...nodes].filter((n) => (incoming.get(n) ?? []).length === 0);
  for (const n of queue) depth.set(n, 0);
  for (let i = 0; i < queue.length; i++) {
    for (const next of outgoing.get(queue[i]) ?? []) {
      if (depth.has(next)) continue;
      depth.set(next, depth.get(queue[i])! + 1);
      queue.push(next);
    }
  }
  return depth;
}

/**
 * Labels of the steps before node `id`, nearest last. At each node it follows the incoming
 * edge whose source is closest to a start, so loop-backs (rework) are not mistaken for the
 * way in; ties and unreachable nodes fall back to document order. Nodes whose `labelOf` is undefined (gateways, events) are
 * walked through but not reported.
 */
export function chainBefore(incoming: ReadonlyMap<string, readonly string[]>, labelOf: (id: string) => string | undefined, id: string): string[] {
  const depth = depthFromStart(incoming);
  const rank = (n: string): number => depth.get(n) ?? Number.MAX_SAFE_INTEGER;
  const out: string[] = [];
  const visited = new Set<string>([id]);
  let at = id;
  while (out.length < MAX_CHAIN && visited.size < MAX_CHAIN * 4) {
    const candidates = (incoming.get(at) ?? []).filter((s) => !visited.has(s));
    const next = candidates.reduce<string | undefined>((best, s) => (best === undefined || rank(s) < rank(best) ? s : best), undefined);
    if (next === undefined) break;
    visited.add(next);
    const label = labelOf(next);
    if (label !== undefined) out.unshift(label);
    at = next;
  }
  return out;
}
