/**
 * Draws a laid-out map as SVG: the host sends node centres and edge polylines (laid out left
 * to right by the layout library), this only turns them into marks. Frequency mode: edge width
 * and label by cases. Performance mode: edge colour and label by median wait. On top, as CSS
 * classes: the critical path, the highlighted candidate or variant, and the spec overlay
 * (spec-only steps and transitions come with count 0 and are drawn dashed).
 */
import type { LaidOutEdge, LaidOutMap, LaidOutNode } from '../../src/core/insight/types';
import { END_NODE, START_NODE } from '../../src/core/insight/types';
import type { MapMode } from '../../src/protocol';
import { count, duration, edgeWidth, pairKey, waitBucket } from './scales';
import { s } from './svg';

export interface Marks {
  mode: MapMode;
  /** Edges (pair keys) and nodes of the critical path. */
  critical: Set<string>;
  criticalNodes: Set<string>;
  /** The selected automation candidate's edges and steps. */
  highlight: Set<string>;
  highlightNodes: Set<string>;
  /** Log transitions the open spec lacks. */
  notInSpec: Set<string>;
}

function pathData(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first.x},${first.y}`;
  // A smooth curve through the layout's bend points: quadratic segments between midpoints.
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i];
    const q = rest[i + 1];
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1];
  return `${d} L${last.x},${last.y}`;
}

/** Where an edge's label goes: the middle point of its polyline. */
function midpoint(points: { x: number; y: number }[]): { x: number; y: number } {
  if (points.length === 0) return { x: 0, y: 0 };
  if (points.length % 2 === 1) return points[(points.length - 1) / 2];
  const a = points[points.length / 2 - 1];
  const b = points[points.length / 2];
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function edgeEl(e: LaidOutEdge, m: Marks, maxCases: number, maxWait: number): SVGGElement {
  const key = pairKey(e.from, e.to);
  const specOnly = e.count === 0;
  const classes = ['edge'];
  if (specOnly) classes.push('spec-only');
  else if (m.mode === 'performance') classes.push(`wait-${waitBucket(e.medianWaitMs, maxWait)}`);
  if (m.critical.has(key)) classes.push('critical');
  if (m.highlight.has(key)) classes.push('highlight');
  if (m.notInSpec.has(key)) classes.push('not-in-spec');
  // Performance mode: the colour tells the wait, so the critical path is told by width.
  const width = specOnly ? 1.5 : m.mode === 'frequency' ? edgeWidth(e.cases, maxCases) : m.critical.has(key) || m.highlight.has(key) ? 5 : 2.5;
  const label = specOnly ? 'spec only' : m.mode === 'frequency' ? count(e.cases) : duration(e.medianWaitMs);
  const at = midpoint(e.points);
  const title = specOnly
    ? `${e.from} → ${e.to}: in the spec, never in the log`
    : `${e.from} → ${e.to}: ${count(e.cases)} cases, ${count(e.count)} times; median wait ${duration(e.medianWaitMs)}, p90 ${duration(e.p90WaitMs)}${m.notInSpec.has(key) ? '; not in the open spec' : ''}`;
  return s('g', { class: classes.join(' '), 'data-from': e.from, 'data-to': e.to },
    s('title', {}, title),
    s('path', { class: 'line', d: pathData(e.points), 'stroke-width': width.toFixed(2), 'marker-end': 'url(#arrow)' }),
    s('text', { class: 'edge-label', x: at.x, y: at.y - 4, 'text-anchor': 'middle' }, label));
}

function nodeEl(n: LaidOutNode, m: Marks): SVGGElement {
  const terminal = n.id === START_NODE || n.id === END_NODE;
  const classes = ['node'];
  if (terminal) classes.push('terminal');
  if (n.events === 0 && !terminal) classes.push('spec-only');
  if (m.criticalNodes.has(n.id)) classes.push('critical');
  if (m.highlightNodes.has(n.id)) classes.push('highlight');
  const x = n.x - n.width / 2;
  const y = n.y - n.height / 2;
  const detail = n.events === 0 && !terminal ? 'spec only' : m.mode === 'performance' && n.medianServiceMs !== undefined ? duration(n.medianServiceMs) : count(n.events);
  const title = terminal ? `${n.label}: ${count(n.cases)} cases` : n.events === 0 ? `${n.label}: in the spec, never in the log` : `${n.label}: ${count(n.events)} events in ${count(n.cases)} cases${n.medianServiceMs !== undefined ? `; median service ${duration(n.medianServiceMs)}` : ''}`;
  const shape = terminal
    ? s('ellipse', { cx: n.x, cy: n.y, rx: n.width / 2, ry: n.height / 2 })
    : s('rect', { x, y, width: n.width, height: n.height, rx: 6, ry: 6 });
  return s('g', { class: classes.join(' '), 'data-id': n.id },
    s('title', {}, title),
    shape,
    s('text', { class: 'node-label', x: n.x, y: terminal ? n.y + 4 : n.y - 2, 'text-anchor': 'middle' }, terminal ? (n.id === START_NODE ? '▶' : '■') : n.label),
    terminal ? '' : s('text', { class: 'node-detail', x: n.x, y: n.y + 13, 'text-anchor': 'middle' }, detail));
}

/** Replaces the SVG's content with `map`; returns the number of elements drawn. */
export function drawMap(svg: SVGSVGElement, map: LaidOutMap, marks: Marks): number {
  const logEdges = map.edges.filter((e) => e.count > 0);
  const maxCases = Math.max(0, ...logEdges.map((e) => e.cases));
  const maxWait = Math.max(0, ...logEdges.map((e) => e.medianWaitMs));
  const defs = s('defs', {},
    s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
      s('path', { class: 'arrow', d: 'M0,0 L10,5 L0,10 z' })));
  // Highlighted edges last, so they are drawn over the rest.
  const edges = [...map.edges].sort((a, b) => rankOf(a, marks) - rankOf(b, marks)).map((e) => edgeEl(e, marks, maxCases, maxWait));
  const nodes = map.nodes.map((n) => nodeEl(n, marks));
  svg.replaceChildren(defs, s('g', { class: 'edges' }, ...edges), s('g', { class: 'nodes' }, ...nodes));
  svg.classList.toggle('has-highlight', marks.highlightNodes.size > 0);
  return edges.length + nodes.length;
}

function rankOf(e: LaidOutEdge, m: Marks): number {
  const k = pairKey(e.from, e.to);
  return m.highlight.has(k) ? 2 : m.critical.has(k) ? 1 : 0;
}
