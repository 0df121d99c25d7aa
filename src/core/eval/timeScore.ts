/**
 * Time-prediction scores: absolute errors in days, micro-averaged over every scored prefix,
 * the median absolute error, p10–p90 interval coverage where the predictor gives intervals,
 * and MAE by prefix length (earliness).
 */
export interface TimeErrorScores {
  /** Mean absolute error in days over every scored prefix. */
  maeDays: number;
  medianAeDays: number;
  prefixes: number;
}

/** What an agent folder serves for one time target (agent/servedTime.ts applies it). */
export type ServedTimeKind = 'agent' | 'transition-system' | 'blend';

export interface ServedTimeChoice {
  kind: ServedTimeKind;
  /** "agent", "transition system", or e.g. "blend 0.5 transition system + 0.5 agent". */
  name: string;
  /** The transition system's weight w in log space (0: the agent, 1: the transition system). */
  weight: number;
  /** Why, as a clause. */
  reason: string;
  /** Paired z of the agent's absolute error minus the best alternative's, per validation case. */
  z?: number;
  /** Validation MAE (days) of what is served (the best alternative, when the agent is) and of the agent; prefixes and cases. */
  validation?: { servedMaeDays: number; agentMaeDays: number; prefixes: number; cases: number };
  /** Widening of the moved p10–p90 band (absent: the agent's own band is served). */
  intervalScale?: number;
}

export interface TimeTargetReport extends TimeErrorScores {
  /** Share of prefixes whose true time fell in the predicted [p10, p90]. */
  coverageP10P90: number;
  byPrefixLength: { length: number; maeDays: number; count: number }[];
  baselines: {
    mean: TimeErrorScores & { byPrefixLength: TimeTargetReport['byPrefixLength'] };
    transitionSystem: TimeErrorScores & { abstraction: string; horizon: number | 'infinite'; byPrefixLength: TimeTargetReport['byPrefixLength'] };
  };
  protocol: string;
  /** What the figures above are of (agent/servedTime.ts): the agent, the transition system or a blend, and why. Absent in reports from before it. */
  served?: ServedTimeChoice;
  /** The agent's heads alone on the same prefixes (equal to the figures above when the agent is served). */
  agentAlone?: TimeErrorScores & { coverageP10P90: number };
}

export interface TimeReport {
  remainingTime: TimeTargetReport;
  nextEventTime: TimeTargetReport;
}

const DAY = 86_400_000;

/** One scored prefix: its length, the truth and a point prediction (ms), and optionally p10/p90. */
export interface TimeSample {
  k: number;
  truth: number;
  predicted: number;
  p10?: number;
  p90?: number;
}

export function errorScores(samples: readonly TimeSample[]): TimeErrorScores {
  const errs = samples.map((s) => Math.abs(s.predicted - s.truth) / DAY).sort((a, b) => a - b);
  const n = errs.length;
  const mae = n > 0 ? errs.reduce((a, c) => a + c, 0) / n : NaN;
  const median = n === 0 ? NaN : n % 2 === 1 ? errs[(n - 1) / 2] : (errs[n / 2 - 1] + errs[n / 2]) / 2;
  return { maeDays: mae, medianAeDays: median, prefixes: n };
}

export function coverage(samples: readonly TimeSample[]): number {
  const withInterval = samples.filter((s) => s.p10 !== undefined && s.p90 !== undefined);
  if (withInterval.length === 0) return NaN;
  return withInterval.filter((s) => s.truth >= s.p10! && s.truth <= s.p90!).length / withInterval.length;
}

export function maeByPrefixLength(samples: readonly TimeSample[]): TimeTargetReport['byPrefixLength'] {
  const by = new Map<number, [number, number]>();
  for (const s of samples) {
    const e = by.get(s.k) ?? [0, 0];
    e[0] += Math.abs(s.predicted - s.truth) / DAY;
    e[1]++;
    by.set(s.k, e);
  }
  return [...by].sort((a, b) => a[0] - b[0]).map(([length, [sum, count]]) => ({ length, maeDays: sum / count, count }));
}
