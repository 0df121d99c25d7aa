/**
 * The process-insight contract: what `process-agent map --json` and `process-agent insights --json`
 * print, and what the Process Map panel draws. Scripts rely on these shapes (issue 13), so fields are
 * only ever added, never renamed. Times are milliseconds; shares are fractions in [0, 1].
 */

/** The synthetic nodes every map has: where each case starts and where it ends. */
export const START_NODE = '__start__';
export const END_NODE = '__end__';

export interface MapNode {
  /** The activity label, or START_NODE / END_NODE. */
  id: string;
  label: string;
  /** Events of this activity (for start/end: the number of cases). */
  events: number;
  /** Distinct cases with at least one such event. */
  cases: number;
  /** Median time from a lifecycle `start` to its `complete`, where the log has such pairs. */
  medianServiceMs?: number;
}

export interface MapEdge {
  from: string;
  to: string;
  /** How often `to` directly follows `from`. */
  count: number;
  /** Distinct cases with that transition. */
  cases: number;
  /** Median and 90th percentile of the time between the two events (0 for edges from start / to end). */
  medianWaitMs: number;
  p90WaitMs: number;
}

/** The directly-follows graph, after the abstraction sliders were applied. */
export interface ProcessMap {
  nodes: MapNode[];
  edges: MapEdge[];
  /** Cases and events the map was built from (before abstraction). */
  totalCases: number;
  totalEvents: number;
}

/** Disco-style abstraction: the share (0..1) of activities and of paths kept, by frequency. */
export interface MapAbstraction {
  activities?: number;
  paths?: number;
}

export interface Variant {
  steps: string[];
  cases: number;
  share: number;
  medianDurationMs: number;
}

export interface CriticalPathStep {
  activity: string;
  /** Share of the path's waiting (the sum of its steps' median waits) spent before this step. */
  waitShare: number;
  medianWaitMs: number;
}

export interface CriticalPath {
  /** Activities from start to end, without START_NODE / END_NODE. */
  steps: string[];
  /** Share of all cases whose activity sequence is exactly `steps`. */
  caseShare: number;
  /** Median throughput time of the cases that follow it exactly. */
  medianDurationMs: number;
  perStep: CriticalPathStep[];
  /** The agent's most likely complete case (beam search), when an agent was given. */
  agentPath?: string[];
  /** Indexes into `steps` where the agent's path differs (empty when they agree); positions past the shorter one count. */
  agentDiffers?: number[];
  /** Cases whose activity sequence is exactly `steps` (caseShare × all cases). */
  casesFollowing?: number;
  /** The path's width: the fewest cases on any of its edges. */
  width?: number;
}

export interface Bottleneck {
  from: string;
  to: string;
  cases: number;
  medianWaitMs: number;
  /** cases × medianWaitMs: the waiting this transition costs in all. */
  totalWaitMs: number;
}

export interface AutomationCandidate {
  /** Two or more consecutive steps, each predicted from its prefix with confidence ≥ τ. */
  steps: string[];
  cases: number;
  caseShare: number;
  /** Held-out precision: how often the predicted next step did happen. */
  precision: number;
  /** Median time from the run's first step to its last: what an automation would remove. */
  medianDurationMs: number;
  /** Distinct resources that perform the run's steps. */
  resources: string[];
  /** cases × medianDurationMs. */
  score: number;
  onCriticalPath: boolean;
  /** Held-out confident predictions the precision was measured on. */
  predictions?: number;
}

export interface Insights {
  criticalPath: CriticalPath;
  automationCandidates: AutomationCandidate[];
  variants: Variant[];
  bottlenecks: Bottleneck[];
  /** Where the confidences came from: the trained agent, or the log's transition probabilities. */
  confidenceSource: 'agent' | 'transitions';
  threshold: number;
  /** How the held-out cases were chosen, in words (which split, how many cases). */
  confidenceNote?: string;
  /** Cases the precision was measured on (never cases the predictor was fitted on). */
  heldOutCases?: number;
  /** The variants beyond `variants` (the top N), summed. */
  otherVariants?: { variants: number; cases: number; share: number };
  /** Distinct variants in the log. */
  distinctVariants?: number;
  totalCases?: number;
  totalEvents?: number;
}

/** A map laid out left to right (by the layout library on the host): node centres and edge polylines. */
export interface LaidOutNode extends MapNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge extends MapEdge {
  points: { x: number; y: number }[];
}

export interface LaidOutMap {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  width: number;
  height: number;
  totalCases: number;
  totalEvents: number;
}

/** A spec laid over the log (the panel's "spec against log" view). */
export interface SpecOverlay {
  /** Spec steps no case of the log contains. */
  stepsNotInLog: string[];
  /** Spec transitions (consecutive steps) that never directly follow each other in the log. */
  transitionsNotInLog: { from: string; to: string }[];
  /** The log's frequent transitions the spec lacks, most frequent first. */
  logTransitionsNotInSpec: { from: string; to: string; cases: number }[];
  /** Share of cases whose activity sequence is exactly the spec's sequence. */
  exactShare: number;
}
