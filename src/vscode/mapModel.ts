/**
 * The Process Map panel's host-side logic as plain functions (no `vscode` import, so it is
 * unit-tested in Node): which cases a variant filter keeps, which steps an open spec names,
 * how the spec's unseen steps and transitions join the map before layout, and the abstraction
 * defaults. The map, layout and insights themselves come from src/core/insight.
 */
import { ActivityMatcher, parserFor, type SpecFormat } from '../core/spec';
import type { Case } from '../core/log/types';
import type { AutomationCandidate, LaidOutEdge, LaidOutMap, LaidOutNode, MapAbstraction, ProcessMap, SpecOverlay } from '../core/insight/types';

/**
 * Disco opens on a readable map, not on every path: all activities and a fifth of the paths
 * would hide rare ones, so the default keeps every activity and 80 % of the paths; the person
 * moves the sliders from there.
 */
export const DEFAULT_ABSTRACTION: Required<MapAbstraction> = { activities: 1, paths: 0.8 };

/** Variants shown in the side list (the rest are summed as "other" by the core). */
export const TOP_VARIANTS = 10;

/** A value from the panel as a fraction in [0, 1] (NaN and out-of-range values are clamped). */
export function fraction(v: number, fallback: number): number {
  if (!Number.isFinite(v)) return fallback;
  return Math.min(1, Math.max(0, v));
}

/** The cases whose activity sequence is exactly `steps` (the variant filter). */
export function casesOfVariant(cases: readonly Case[], steps: readonly string[]): Case[] {
  return cases.filter((c) => c.events.length === steps.length && c.events.every((e, i) => e.activity === steps[i]));
}

/**
 * The spec's step labels in process order, each written as the log names it where the log has
 * that activity (labels match case- and punctuation-insensitively, as completion matches them),
 * else as written, so the overlay can say which steps the log never shows.
 */
export function specSteps(text: string, format: SpecFormat, logActivities: readonly string[]): string[] {
  const matcher = new ActivityMatcher(logActivities);
  return parserFor(format)
    .steps(text)
    .map((s) => matcher.match(s.label) ?? s.label);
}

/** Distinct activities of a log, in first-seen order. */
export function activitiesOf(cases: readonly Case[]): string[] {
  const seen = new Set<string>();
  for (const c of cases) for (const e of c.events) seen.add(e.activity);
  return [...seen];
}

/**
 * The map with the spec's steps and transitions the log never shows added as zero-count nodes
 * and edges, so the layout places them and the panel draws them dashed. A spec transition is
 * only added where both its ends are on the map (an activity the sliders hid stays hidden).
 */
export function withSpecOverlay(map: ProcessMap, overlay: SpecOverlay): ProcessMap {
  const ids = new Set(map.nodes.map((n) => n.id));
  const nodes = [...map.nodes];
  for (const step of overlay.stepsNotInLog) {
    if (ids.has(step)) continue;
    ids.add(step);
    nodes.push({ id: step, label: step, events: 0, cases: 0 });
  }
  const edgeKeys = new Set(map.edges.map((e) => `${e.from}\u0000${e.to}`));
  const edges = [...map.edges];
  for (const t of overlay.transitionsNotInLog) {
    const key = `${t.from}\u0000${t.to}`;
    if (!ids.has(t.from) || !ids.has(t.to) || edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    edges.push({ from: t.from, to: t.to, count: 0, cases: 0, medianWaitMs: 0, p90WaitMs: 0 });
  }
  return { ...map, nodes, edges };
}

/** A file name for a candidate's BPMN export, from its first and last step. */
export function bpmnFileName(c: AutomationCandidate): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'step';
  const first = c.steps[0] ?? 'candidate';
  const last = c.steps[c.steps.length - 1] ?? first;
  return `${slug(first)}-to-${slug(last)}.bpmn`;
}

/**
 * A provisional layout for a slider move: `map` drawn at the positions `previous` gave its
 * nodes (edges keep their polylines; new ones are drawn straight), so the panel can redraw at
 * once while the real layout runs. Undefined when `map` has a node `previous` did not place.
 */
export function reuseLayout(map: ProcessMap, previous: LaidOutMap): LaidOutMap | undefined {
  const placed = new Map<string, LaidOutNode>(previous.nodes.map((n) => [n.id, n]));
  const nodes: LaidOutNode[] = [];
  for (const n of map.nodes) {
    const p = placed.get(n.id);
    if (!p) return undefined;
    nodes.push({ ...n, x: p.x, y: p.y, width: p.width, height: p.height });
  }
  const lines = new Map(previous.edges.map((e) => [`${e.from}\u0000${e.to}`, e.points]));
  const edges: LaidOutEdge[] = map.edges.map((e) => {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const points = lines.get(`${e.from}\u0000${e.to}`) ?? straight(a, b);
    return { ...e, points };
  });
  return { nodes, edges, width: previous.width, height: previous.height, totalCases: map.totalCases, totalEvents: map.totalEvents };
}

function straight(a: LaidOutNode, b: LaidOutNode): { x: number; y: number }[] {
  if (a === b) {
    // A self-loop: a small arc over the node.
    const top = a.y - a.height / 2;
    return [{ x: a.x + a.width / 4, y: top }, { x: a.x, y: top - 22 }, { x: a.x - a.width / 4, y: top }];
  }
  const dir = b.x >= a.x ? 1 : -1;
  return [{ x: a.x + (dir * a.width) / 2, y: a.y }, { x: b.x - (dir * b.width) / 2, y: b.y }];
}
