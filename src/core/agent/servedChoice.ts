/**
 * Never worse than the strongest baseline: at train time, on the validation prefixes, decide
 * what the agent folder serves. Candidates, each fitted on the fit cases only:
 *  - each baseline (last1, n-gram, prefix) alone;
 *  - each baseline mixed with the agent: the baseline answers a prefix when its matched
 *    context's confidence (top count / (total + 1)) is at least c ∈ MIX_CONFIDENCES, the agent
 *    answers the rest.
 * The candidate with the best validation accuracy is served only when its McNemar z over the
 * agent (the paired test the feature choice uses) is ≥ minZ; otherwise the agent is. The served
 * baseline is then refitted on every training case (validation included), as the agent's refit is.
 * A mix needs only per-prefix hits: where the baseline answers its hit, elsewhere the agent's.
 */
import { tracePrefixes, type PrefixOptions } from '../data/prefixes';
import { CountBaseline } from '../eval/countBaseline';
import type { BaselineName } from '../eval/baselines';
import type { BaselineCheck } from '../train/baselineGuard';
import { pairedGain, type Validation } from '../train/validate';
import { AGENT_SERVED, type ServedChoice, type ServedJSON } from './served';

/** Confidence thresholds a mix is tried at: few, so choosing among them costs little significance. */
export const MIX_CONFIDENCES = [0.6, 0.8, 0.95] as const;

export interface ServedDecision {
  choice: ServedChoice;
  /** The strongest plain baseline against the agent, as reports have shown it. */
  check?: BaselineCheck;
  /** The header record to save (absent: the agent is served, nothing to save). */
  json?: ServedJSON;
}

interface Candidate {
  kind: 'baseline' | 'mix';
  name: string;
  baseline: BaselineName;
  minConfidence?: number;
  v: Validation;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function asValidation(hits: Uint8Array): Validation {
  let n = 0;
  for (const h of hits) n += h;
  return { accuracy: n / Math.max(1, hits.length), loss: NaN, prefixes: hits.length, hits };
}

export function decideServed(
  fit: readonly (readonly string[])[],
  validation: readonly (readonly string[])[],
  train: readonly (readonly string[])[],
  rule: PrefixOptions,
  agent: Validation,
  minZ: number,
): ServedDecision {
  const agentHits = agent.hits;
  if (!agentHits || validation.length === 0 || fit.length === 0) return { choice: { ...AGENT_SERVED, reason: 'there were no validation prefixes to compare it with the baselines on' } };
  const prefixes = [...tracePrefixes(validation, rule)];
  // BPE validates on a subset of the prefixes: no paired comparison is possible.
  if (prefixes.length !== agentHits.length) return { choice: { ...AGENT_SERVED, reason: 'its validation scored a subset of the prefixes (BPE), so no paired comparison with the baselines was made' } };
  const candidates: Candidate[] = [];
  let check: BaselineCheck | undefined;
  for (const name of ['last1', 'ngram', 'prefix'] as const) {
    const counts = CountBaseline.fit(fit, name, { withEnd: rule.eosTarget });
    const hits = new Uint8Array(prefixes.length);
    const confidence = new Float64Array(prefixes.length);
    prefixes.forEach(({ prefix, target }, i) => {
      const { ranked, counts: c, total } = counts.lookup(prefix);
      hits[i] = ranked[0] === target ? 1 : 0;
      confidence[i] = ranked.length ? (c.get(ranked[0]) ?? 0) / (total + 1) : 0;
    });
    const alone = asValidation(hits);
    candidates.push({ kind: 'baseline', name, baseline: name, v: alone });
    if (!check || alone.accuracy > check.baselineAccuracy) {
      const z = round2(pairedGain(agent, alone));
      check = { strongest: name, baselineAccuracy: alone.accuracy, agentAccuracy: agent.accuracy, z, ahead: z >= minZ, served: 'agent' };
    }
    for (const c of MIX_CONFIDENCES) {
      const mixed = hits.map((h, i) => (confidence[i] >= c ? h : agentHits[i]));
      candidates.push({ kind: 'mix', name: `${name}+agent`, baseline: name, minConfidence: c, v: asValidation(mixed) });
    }
  }
  // Best accuracy first; on a tie the simpler one (a plain baseline before a mix, the earlier baseline).
  const best = candidates.reduce((a, b) => (b.v.accuracy > a.v.accuracy ? b : a));
  const z = round2(pairedGain(agent, best.v));
  const validationFigures = { served: best.v.accuracy, agent: agent.accuracy, prefixes: prefixes.length };
  if (z < minZ) {
    return { check, choice: { ...AGENT_SERVED, z, validation: validationFigures } };
  }
  const choice: ServedChoice = {
    kind: best.kind,
    name: best.name,
    reason: `it beat the agent on the validation prefixes by a significant margin (paired McNemar z = ${z} ≥ ${minZ})`,
    z,
    validation: validationFigures,
    baseline: best.baseline,
    ...(best.minConfidence !== undefined ? { minConfidence: best.minConfidence } : {}),
  };
  const counts = CountBaseline.fit(train, best.baseline, { withEnd: rule.eosTarget });
  return { check: check && { ...check, served: best.kind }, choice, json: { version: 1, choice, counts: counts.toJSON() } };
}
