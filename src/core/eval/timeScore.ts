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

export interface TimeTargetReport extends TimeErrorScores {
  /** Share of prefixes whose true time fell in the predicted [p10, p90]. */
  coverageP10P90: number;
  byPrefixLength: { length: number; maeDays: number; count: number }[];
  baselines: {
    mean: TimeErrorScores & { byPrefixLength: TimeTargetReport['byPrefixLength'] };
    transitionSystem: TimeErrorScores & { abstraction: string; horizon: number | 'infinite'; byPrefixLength: TimeTargetReport['byPrefixLength'] };
  };
  protocol: string;
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
