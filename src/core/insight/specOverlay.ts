/**
 * A process spec laid over the log (the panel's "spec against log" view): which of the spec's
 * steps and transitions the log never shows, which of the log's frequent transitions the spec
 * lacks, and the share of cases that follow the spec's sequence exactly. Spec labels match log
 * activities the way the editor matches them (ActivityMatcher: case, spacing and numbering
 * ignored), so "3. check  credit" finds "Check credit".
 */
import { ActivityMatcher } from '../spec/normalize';
import type { Case } from '../log/types';
import { processMap } from './processMap';
import { END_NODE, START_NODE, type SpecOverlay } from './types';
import { findVariant } from './variants';
import { encodeLog } from './encode';

/** Log transitions the spec lacks are listed when at least this share of cases has them. */
export const FREQUENT_TRANSITION_SHARE = 0.05;

export function compareSpec(specSteps: readonly string[], cases: readonly Case[]): SpecOverlay {
  const { names } = encodeLog(cases);
  const matcher = new ActivityMatcher(names);
  // Each spec step as the log's activity it means (or as written, when the log lacks it).
  const steps = specSteps.map((s) => matcher.match(s) ?? s);
  const known = new Set(names);
  const map = processMap(cases);
  const logEdges = new Set(map.edges.map((e) => `${e.from}\u0000${e.to}`));
  const specEdges = new Set<string>();
  const transitionsNotInLog: { from: string; to: string }[] = [];
  for (let i = 1; i < steps.length; i++) {
    const key = `${steps[i - 1]}\u0000${steps[i]}`;
    specEdges.add(key);
    if (!logEdges.has(key)) transitionsNotInLog.push({ from: specSteps[i - 1], to: specSteps[i] });
  }
  const minCases = Math.max(1, Math.ceil(FREQUENT_TRANSITION_SHARE * cases.length));
  const logTransitionsNotInSpec = map.edges
    .filter((e) => e.from !== START_NODE && e.to !== END_NODE && e.cases >= minCases && !specEdges.has(`${e.from}\u0000${e.to}`))
    .map((e) => ({ from: e.from, to: e.to, cases: e.cases }))
    .sort((a, b) => b.cases - a.cases || (a.from + a.to < b.from + b.to ? -1 : 1));
  const exact = steps.length > 0 ? findVariant(cases, steps) : undefined;
  return {
    stepsNotInLog: specSteps.filter((s, i) => !known.has(steps[i])),
    transitionsNotInLog,
    logTransitionsNotInSpec,
    exactShare: cases.length === 0 || !exact ? 0 : exact.cases.length / cases.length,
  };
}
