/**
 * Never worse than the strongest baseline, first half: after training, the chosen run's
 * validation hits are compared, prefix by prefix, with each baseline's (fitted on the same fit
 * cases) by the paired McNemar z the feature choice uses. When a baseline is ahead by
 * z ≥ FEATURE_MIN_GAIN_Z, the result and the log say so, with both accuracies. What is then
 * served (that baseline, a validated mix, or still the agent) is decided by agent/servedChoice.ts,
 * which fills `served`.
 */
import { fitBaselines, type BaselineName } from '../eval/baselines';
import { tracePrefixes, type PrefixOptions } from '../data/prefixes';
import { pairedGain, type Validation } from './validate';

export interface BaselineCheck {
  /** The baseline with the highest validation accuracy. */
  strongest: BaselineName;
  baselineAccuracy: number;
  agentAccuracy: number;
  /** McNemar z of the baseline over the agent (> 0: the baseline is ahead). */
  z: number;
  /** True when the baseline is significantly ahead (z ≥ the threshold). */
  ahead: boolean;
  /** What the agent folder serves as a result (agent/servedChoice.ts). */
  served: 'agent' | 'baseline' | 'mix';
}

export function checkAgainstBaselines(fit: readonly (readonly string[])[], validation: readonly (readonly string[])[], rule: PrefixOptions, agent: Validation, minZ: number): BaselineCheck | undefined {
  if (!agent.hits || validation.length === 0 || fit.length === 0) return undefined;
  const fitted = fitBaselines(fit, { withEnd: rule.eosTarget });
  let best: BaselineCheck | undefined;
  for (const name of ['last1', 'ngram', 'prefix'] as const) {
    const hits: number[] = [];
    for (const { prefix, target } of tracePrefixes(validation, rule)) hits.push(fitted[name].rank(prefix)[0] === target ? 1 : 0);
    // Different prefixes (BPE validates on a subset): no paired comparison is possible.
    if (hits.length !== agent.hits.length) return undefined;
    const v: Validation = { accuracy: hits.reduce((a, b) => a + b, 0) / Math.max(1, hits.length), loss: NaN, prefixes: hits.length, hits: Uint8Array.from(hits) };
    if (!best || v.accuracy > best.baselineAccuracy) {
      const z = Math.round(pairedGain(agent, v) * 100) / 100;
      best = { strongest: name, baselineAccuracy: v.accuracy, agentAccuracy: agent.accuracy, z, ahead: z >= minZ, served: 'agent' };
    }
  }
  return best;
}
