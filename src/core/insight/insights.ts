/**
 * Everything `process-agent insights` prints and the Process Map panel lists: variants, the
 * critical path (with the agent's most likely case beside it), bottlenecks and automation
 * candidates. The map these stand on is the full one (no abstraction), so the answers do not
 * change with the panel's sliders.
 */
import { loadAgent } from '../agent/loadAgent';
import type { Case } from '../log/types';
import { bottlenecks } from './bottlenecks';
import { measureCandidates } from './candidates';
import { criticalPath, differences } from './criticalPath';
import { agentHeldOut, transitionSplit } from './heldOut';
import { agentLinkStats, transitionLinkStats, type LinkStats } from './linkStats';
import { processMap } from './processMap';
import type { Insights } from './types';
import { variants } from './variants';

export const DEFAULT_THRESHOLD = 0.95;

export interface InsightOptions {
  /** A trained agent folder; without one the log's transition probabilities stand in. */
  agentDir?: string;
  /** τ: the confidence every predicted step of a candidate needs (default 0.95). */
  threshold?: number;
  /** Variants listed before "other" (default 10). */
  topVariants?: number;
  /** Bottlenecks listed (default 10). */
  topBottlenecks?: number;
  /** Beam width of the agent's most likely case (default 5). */
  beam?: number;
  signal?: AbortSignal;
}

export async function computeInsights(cases: readonly Case[], options: InsightOptions = {}): Promise<Insights> {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`the confidence threshold must be in (0, 1], got ${threshold}`);
  const map = processMap(cases);
  const v = variants(cases, options.topVariants ?? 10);
  const path = criticalPath(cases, map);
  let stats: LinkStats;
  let note: string;
  let heldOutCases: number;
  if (options.agentDir !== undefined) {
    const held = agentHeldOut(options.agentDir, cases);
    const agent = await loadAgent(options.agentDir);
    try {
      stats = await agentLinkStats(agent, held.cases, threshold, options.signal);
      const longest = cases.reduce((m, c) => Math.max(m, c.events.length), 1);
      const suffix = await agent.predictSuffix([], options.beam ?? 5, Math.min(64, 2 * longest), options.signal);
      path.agentPath = suffix.steps;
      path.agentDiffers = differences(path.steps, suffix.steps);
    } finally {
      await agent.dispose();
    }
    note = held.note;
    heldOutCases = held.cases.length;
  } else {
    const split = transitionSplit(cases);
    stats = transitionLinkStats(cases, split.fitCases, split.scoreFrom, threshold);
    note = split.note;
    heldOutCases = split.heldOutCases;
  }
  options.signal?.throwIfAborted();
  return {
    criticalPath: path,
    automationCandidates: measureCandidates(cases, stats, path.steps),
    variants: v.top,
    bottlenecks: bottlenecks(map, options.topBottlenecks ?? 10),
    confidenceSource: options.agentDir !== undefined ? 'agent' : 'transitions',
    threshold,
    confidenceNote: note,
    heldOutCases,
    otherVariants: v.other,
    distinctVariants: v.distinct,
    totalCases: map.totalCases,
    totalEvents: map.totalEvents,
  };
}
