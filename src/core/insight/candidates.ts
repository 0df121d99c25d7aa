/**
 * Automation candidates: the smallest sub-processes a system could run by itself. A link
 * "a → b" is automatable when, at most held-out positions after a (more than half), the
 * predictor names b with confidence ≥ τ. Then each activity has at most one automatable link
 * out, and the runs are the maximal chains of them with two or more steps: a chain starts at
 * an activity no automatable link enters (or, for a chain that closes on itself, at its most
 * frequent step) and stops before it would repeat a step. Each run is then measured on all
 * cases of the log: the cases that go through it, the time from its first step to its last,
 * the resources that do its steps, and its held-out precision (correct / confident predictions
 * over its links).
 */
import type { Case } from '../log/types';
import { END_OF_CASE } from '../data/prefixes';
import { encodeLog } from './encode';
import type { Link, LinkStats } from './linkStats';
import { median } from './quantile';
import type { AutomationCandidate } from './types';

/** The share of held-out positions after `a` at which `b` must be named confidently. */
export const MIN_COVERAGE = 0.5;

export function automatableLinks(stats: LinkStats): Map<string, Link> {
  const out = new Map<string, Link>();
  for (const l of stats.links.values()) {
    if (l.to === END_OF_CASE) continue;
    const after = stats.after.get(l.from) ?? 0;
    if (after > 0 && l.confident / after > MIN_COVERAGE) out.set(l.from, l);
  }
  return out;
}

/** Maximal chains of automatable links, as step lists (two or more steps). */
export function runs(next: Map<string, Link>, frequency: (activity: string) => number): string[][] {
  const entered = new Set<string>();
  for (const l of next.values()) if (l.to !== l.from) entered.add(l.to);
  const chains: string[][] = [];
  const covered = new Set<string>();
  const walk = (start: string): void => {
    const steps = [start];
    const seen = new Set(steps);
    for (let l = next.get(start); l && !seen.has(l.to); l = next.get(l.to)) {
      steps.push(l.to);
      seen.add(l.to);
    }
    for (const s of steps) covered.add(s);
    if (steps.length >= 2) chains.push(steps);
  };
  const starts = [...next.keys()].sort();
  for (const a of starts) if (!entered.has(a)) walk(a);
  // What is left lies on cycles that nothing enters from outside: start each at its most frequent step.
  const rest = starts.filter((a) => !covered.has(a)).sort((a, b) => frequency(b) - frequency(a) || (a < b ? -1 : 1));
  for (const a of rest) if (!covered.has(a)) walk(a);
  return chains;
}

/** Whether `run` occurs as consecutive steps of `path`. */
function within(run: readonly string[], path: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= path.length; i++) {
    for (let j = 0; j < run.length; j++) if (path[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

export function measureCandidates(cases: readonly Case[], stats: LinkStats, criticalSteps: readonly string[]): AutomationCandidate[] {
  const { names, offsets, acts, times } = encodeLog(cases);
  const id = new Map(names.map((n, i) => [n, i]));
  const events = new Int32Array(names.length);
  for (const a of acts) events[a]++;
  const next = automatableLinks(stats);
  const chains = runs(next, (a) => events[id.get(a) ?? -1] ?? 0);
  const out: AutomationCandidate[] = [];
  for (const steps of chains) {
    const seq = steps.map((s) => id.get(s) ?? -1);
    const durations: number[] = [];
    const resources = new Set<string>();
    let caseCount = 0;
    for (let c = 0; c < cases.length; c++) {
      let hit = false;
      const end = offsets[c + 1];
      for (let k = offsets[c]; k + seq.length <= end; k++) {
        let j = 0;
        while (j < seq.length && acts[k + j] === seq[j]) j++;
        if (j < seq.length) continue;
        hit = true;
        durations.push(times[k + seq.length - 1] - times[k]);
        const ev = cases[c].events;
        for (let m = 0; m < seq.length; m++) {
          const r = ev[k - offsets[c] + m].resource;
          if (r !== undefined && r !== '') resources.add(r);
        }
        k += seq.length - 1;
      }
      if (hit) caseCount++;
    }
    let confident = 0;
    let correct = 0;
    for (const s of steps.slice(0, -1)) {
      const l = next.get(s)!;
      confident += l.confident;
      correct += l.correct;
    }
    const medianDurationMs = median(durations);
    out.push({
      steps,
      cases: caseCount,
      caseShare: cases.length === 0 ? 0 : caseCount / cases.length,
      precision: confident === 0 ? 0 : correct / confident,
      medianDurationMs,
      resources: [...resources].sort(),
      score: caseCount * medianDurationMs,
      onCriticalPath: within(steps, criticalSteps),
      predictions: confident,
    });
  }
  return out.sort((a, b) => b.score - a.score || b.cases - a.cases || (a.steps.join('\u0000') < b.steps.join('\u0000') ? -1 : 1));
}
