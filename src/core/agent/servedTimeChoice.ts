/**
 * Never worse than the transition system on time: at train time, on the validation prefixes,
 * decide per target (remaining time, time to the next event) what the agent folder serves
 * (agent/servedTime.ts). The transition system is the one eval reports as the baseline
 * (abstraction and horizon chosen by chooseTransitionSystem on the training cases), its table
 * fitted on the fit cases only for this comparison. Both steps use a paired test on the absolute
 * errors, per validation case c: D_c = Σ over its prefixes of |err_a| − |err_b| (a case's prefixes
 * are not independent, so the case is the unit), z = mean(D) / (sd(D) / √C).
 *  1. The transition system is the default, the simpler model that needs no training to trust:
 *     the agent's heads replace it only when they beat it with z ≥ minZ. On a log too small for
 *     validation to show that (a sample of 100 cases, a new process), the classical estimate is
 *     served, not a network that fitted a few dozen cases.
 *  2. Where the heads won, blends of the two p50s in log space (transition-system weight
 *     BLEND_WEIGHTS) are tried: the one with the lowest validation MAE is served only when it beats
 *     the heads with z ≥ minZ.
 * The served table is then refitted on every training case, as the agent is.
 */
import type { Case } from '../log/types';
import { chooseTransitionSystem } from '../eval/timeBaselines';
import { TimeTable } from '../eval/timeTable';
import type { ServedTimeChoice } from '../eval/timeScore';
import type { ProcessAgent } from './processAgent';
import { MAX_PREFIXES_PER_CASE, timedPrefixes } from './fitTimeHead';
import { AGENT_TIME, blendQuantiles, describeServedTime, ServedTimeRule, type ServedTimeJSON } from './servedTime';
import type { TimeQuantiles } from './timeModel';

/** Transition-system weights tried (1: the transition system alone); few, so choosing costs little significance. */
export const BLEND_WEIGHTS = [1, 0.75, 0.5, 0.25] as const;

/** One validation prefix: its case, the truth and the transition system's point prediction per target (ms), the agent's quantiles. */
export interface TimeValidationRow {
  caseId: number;
  truth: [number, number];
  ts: [number, number];
  agent: TimeQuantiles;
}

const DAY = 86_400_000;
const round2 = (x: number) => Math.round(x * 100) / 100;
/** |z| is capped so a degenerate sample (every case the same gain) still writes a number to JSON. */
const capZ = (z: number) => Math.max(-99, Math.min(99, z));

/** z of the paired gain per case (positive: `alt` has the smaller absolute errors). */
export function pairedCaseZ(caseIds: readonly number[], agentErr: readonly number[], altErr: readonly number[]): number {
  const byCase = new Map<number, number>();
  caseIds.forEach((c, i) => byCase.set(c, (byCase.get(c) ?? 0) + agentErr[i] - altErr[i]));
  const d = [...byCase.values()];
  const C = d.length;
  if (C < 2) return 0;
  const mean = d.reduce((a, b) => a + b, 0) / C;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (C - 1));
  if (sd === 0) return mean > 0 ? Infinity : 0;
  return mean / (sd / Math.sqrt(C));
}

/** The smallest widening k (grid 0.5…5) whose served band covers 80 % of the validation truths. */
function calibrate(rows: readonly TimeValidationRow[], j: 0 | 1, weight: number): number {
  for (let k = 0.5; k <= 5; k += 0.05) {
    let inside = 0;
    for (const r of rows) {
      const [lo, , hi] = blendQuantiles(j === 0 ? r.agent.nextEvent : r.agent.remaining, r.ts[j], weight, k);
      if (r.truth[j] >= lo && r.truth[j] <= hi) inside++;
    }
    if (inside >= 0.8 * rows.length) return round2(k);
  }
  return 5;
}

/** The transition system alone (step 1's default), with why. */
function transitionSystemChoice(rows: readonly TimeValidationRow[], j: 0 | 1, reason: string, z?: number, validation?: ServedTimeChoice['validation']): ServedTimeChoice {
  return { kind: 'transition-system', name: 'transition system', weight: 1, reason, z, validation, intervalScale: rows.length > 0 ? calibrate(rows, j, 1) : 1 };
}

/** The choice for target j (0: next event, 1: remaining time) from the validation rows. */
export function decideServedTarget(rows: readonly TimeValidationRow[], j: 0 | 1, minZ: number): ServedTimeChoice {
  if (rows.length < 20) return transitionSystemChoice(rows, j, 'there were too few validation prefixes to show the agent ahead of it');
  const ids = rows.map((r) => r.caseId);
  const agentErr = rows.map((r) => Math.abs((j === 0 ? r.agent.nextEvent : r.agent.remaining)[1] - r.truth[j]));
  const mae = (e: readonly number[]) => e.reduce((a, b) => a + b, 0) / e.length / DAY;
  const candidates = BLEND_WEIGHTS.map((w) => {
    const err = rows.map((r) => Math.abs(blendQuantiles(j === 0 ? r.agent.nextEvent : r.agent.remaining, r.ts[j], w)[1] - r.truth[j]));
    return { w, err, mae: mae(err) };
  });
  const agentMaeDays = mae(agentErr);
  const cases = new Set(ids).size;
  const against = (servedMaeDays: number) => ({ servedMaeDays, agentMaeDays, prefixes: rows.length, cases });
  // Step 1: the heads against the transition system alone (candidates[0], w = 1). z > 0: the served side is ahead of the agent.
  const tsZ = round2(capZ(pairedCaseZ(ids, agentErr, candidates[0].err)));
  if (!(-tsZ >= minZ)) return transitionSystemChoice(rows, j, `the agent was not significantly ahead of it on validation (paired z over cases = ${round2(-tsZ)} < ${minZ})`, tsZ, against(candidates[0].mae));
  // Step 2: lowest MAE first; on a tie the earlier (simpler) candidate.
  const best = candidates.reduce((a, b) => (b.mae < a.mae ? b : a));
  const z = round2(capZ(pairedCaseZ(ids, agentErr, best.err)));
  const validation = against(best.mae);
  if (!(z >= minZ)) return { ...AGENT_TIME, reason: `it beat the transition system on validation (paired z over cases = ${round2(-tsZ)} ≥ ${minZ}), and no blend with it was significantly ahead of the agent`, z, validation };
  const name = best.w === 1 ? 'transition system' : `blend ${best.w} transition system + ${1 - best.w} agent`;
  return {
    kind: best.w === 1 ? 'transition-system' : 'blend',
    name,
    weight: best.w,
    reason: `it beat the agent on the validation prefixes by a significant margin (paired z over cases = ${z} ≥ ${minZ})`,
    z,
    validation,
    intervalScale: calibrate(rows, j, best.w),
  };
}

/**
 * Decides, attaches (agent.servedTime) and returns the header record; undefined for an agent
 * without time heads. `train` = fit + validation, what the served table is refitted on.
 */
export async function chooseServedTime(agent: ProcessAgent, fit: readonly Case[], validation: readonly Case[], train: readonly Case[], minPrefix: number, minZ: number, say?: (m: string) => void): Promise<ServedTimeJSON | undefined> {
  const model = agent.timeModel;
  if (!model) return undefined;
  const { queries, truthMs } = timedPrefixes(validation, agent.features, Math.max(1, minPrefix), MAX_PREFIXES_PER_CASE);
  const chosen = chooseTransitionSystem(train);
  const onFit = TimeTable.fit(fit, chosen.abstraction, chosen.horizon);
  const predicted = await model.predict(queries);
  const caseOf = new Map<readonly string[], number>();
  const rows = queries.map((q, i): TimeValidationRow => {
    if (!caseOf.has(q.activities)) caseOf.set(q.activities, caseOf.size);
    return { caseId: caseOf.get(q.activities)!, truth: truthMs[i], ts: onFit.predict(q.activities.slice(0, q.k)), agent: predicted[i] };
  });
  const rule = new ServedTimeRule(decideServedTarget(rows, 1, minZ), decideServedTarget(rows, 0, minZ));
  const served = rule.isAgent ? rule : new ServedTimeRule(rule.remainingTime, rule.nextEventTime, TimeTable.fit(train, chosen.abstraction, chosen.horizon));
  agent.servedTime = served;
  say?.(describeServedTime(served));
  return served.toJSON();
}
