/**
 * How numbers become marks and words on the map: edge width by cases, a wait bucket (a CSS
 * class, so the colour is a theme variable), durations and counts as people read them.
 * Pure functions, shared by the map and the side lists.
 */

/** Stroke width in px: the busiest edge is 9 px, the rarest 1 px (square root: area reads as cases). */
export function edgeWidth(cases: number, maxCases: number): number {
  if (!(maxCases > 0) || !(cases > 0)) return 1;
  return 1 + 8 * Math.sqrt(Math.min(1, cases / maxCases));
}

/** Number of wait buckets; media/processMap.css colours .wait-0 … .wait-4. */
export const WAIT_BUCKETS = 5;

/** The bucket of a median wait on a log scale up to the longest wait on the map (0: shortest). */
export function waitBucket(ms: number, maxMs: number): number {
  if (!(ms > 0) || !(maxMs > 0)) return 0;
  const r = Math.log1p(ms) / Math.log1p(maxMs);
  return Math.min(WAIT_BUCKETS - 1, Math.floor(r * WAIT_BUCKETS));
}

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** "3.2 d", "45 min", "12 s", "0 s"; "–" when unknown. */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  for (const [size, unit] of UNITS) {
    if (Math.abs(ms) >= size) {
      const v = ms / size;
      return `${v >= 10 ? v.toFixed(0) : v.toFixed(1)} ${unit}`;
    }
  }
  return ms > 0 ? `${ms.toFixed(0)} ms` : '0 s';
}

export function count(n: number): string {
  return n.toLocaleString('en');
}

/** Directed pair key, as edges and highlight sets use it. */
export function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** The consecutive pairs of a step sequence (a path's edges). */
export function pairsOf(steps: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < steps.length; i++) out.add(pairKey(steps[i - 1], steps[i]));
  return out;
}
