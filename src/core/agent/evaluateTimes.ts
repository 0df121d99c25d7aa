/**
 * Scores the time predictions beside the two time baselines on exactly the same test prefixes
 * (k ≥ max(1, protocol.minPrefix), k < n, fully timed cases), baselines fitted on the agent's
 * training cases. The headline figures are of what the agent folder serves (agent/servedTime.ts:
 * the heads, the transition system or a blend), with the heads alone beside them as `agentAlone`.
 * Test cases are only ever predicted, never fitted.
 */
import type { Case } from '../log/types';
import type { EvalProtocol } from '../eval/types';
import { chooseTransitionSystem, fitMeanByLength, timedCasePrefixes } from '../eval/timeBaselines';
import { coverage, errorScores, maeByPrefixLength, type TimeReport, type TimeSample, type TimeTargetReport } from '../eval/timeScore';
import type { FeatureSet } from '../tokenize/featureSet';
import { timedPrefixes } from './fitTimeHead';
import { AGENT_TIME, type ServedTimeRule } from './servedTime';
import type { TimeModel, TimeQuantiles } from './timeModel';

export async function evaluateTimes(model: TimeModel, features: FeatureSet | undefined, train: readonly Case[], test: readonly Case[], protocol: EvalProtocol, served?: ServedTimeRule): Promise<TimeReport | undefined> {
  const minPrefix = Math.max(1, protocol.minPrefix);
  const { queries, truthMs } = timedPrefixes(test, features, minPrefix);
  if (queries.length === 0) return undefined;
  const alone = await model.predict(queries);
  const predicted = served ? served.apply(queries, alone) : alone;
  const mean = fitMeanByLength(train);
  const ts = chooseTransitionSystem(train);
  const prefixes = [...timedCasePrefixes(test, minPrefix)]; // same order as `queries`
  const target = (j: 0 | 1): TimeTargetReport => {
    const samples = (from: readonly TimeQuantiles[]): TimeSample[] =>
      from.map((p, i) => {
        const q = j === 0 ? p.nextEvent : p.remaining;
        return { k: queries[i].k, truth: truthMs[i][j], predicted: q[1], p10: q[0], p90: q[2] };
      });
    const agent = samples(predicted);
    const agentAlone = samples(alone);
    const base = (f: (a: readonly string[]) => [number, number]) => {
      const s = prefixes.map((p) => ({ k: p.k, truth: j === 0 ? p.nextMs : p.remainingMs, predicted: f(p.activities)[j] }));
      return { ...errorScores(s), byPrefixLength: maeByPrefixLength(s) };
    };
    return {
      ...errorScores(agent),
      coverageP10P90: coverage(agent),
      byPrefixLength: maeByPrefixLength(agent),
      baselines: {
        mean: base(mean),
        transitionSystem: { ...base(ts.predict), abstraction: ts.abstraction, horizon: ts.horizon === 0 ? 'infinite' : ts.horizon },
      },
      protocol: `${protocol.description}; prefixes 1 ≤ k < n with k ≥ ${minPrefix}, timed cases only; p50 as the point prediction`,
      served: (j === 0 ? served?.nextEventTime : served?.remainingTime) ?? AGENT_TIME,
      agentAlone: { ...errorScores(agentAlone), coverageP10P90: coverage(agentAlone) },
    };
  };
  return { remainingTime: target(1), nextEventTime: target(0) };
}
