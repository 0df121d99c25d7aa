/**
 * What an agent folder serves: the agent, a baseline, or a validated mix of the two (chosen at
 * train time by agent/servedChoice.ts, only on a significant paired gain on validation). It is
 * saved in the checkpoint header (`served`, so it changes with the weights in one generation),
 * and applied inside the core Predictor, so predict, eval, the service, hover and inline
 * completion all answer with what is served. A checkpoint without it serves the agent.
 */
import { CountBaseline, type CountBaselineJSON } from '../eval/countBaseline';
import type { ServedRule } from '../train/predictor';

export type { ServedChoice, ServedKind } from '../eval/types';
import type { ServedChoice } from '../eval/types';

/** The header record: the choice, and the baseline's counts (fitted on every training case) when one is served. */
export interface ServedJSON {
  version: 1;
  choice: ServedChoice;
  counts?: CountBaselineJSON;
}

export const AGENT_SERVED: ServedChoice = { kind: 'agent', name: 'agent', reason: 'no baseline was significantly ahead of the agent on validation' };

/** The rule the Predictor applies: the baseline's distribution on every prefix (baseline), or where it is confident (mix). */
export class ServedBaselineRule implements ServedRule {
  constructor(readonly counts: CountBaseline, readonly minConfidence: number) {}

  /**
   * True where the baseline answers `prefix`: never the empty prefix (the baselines count
   * successors of at least one activity, so they know nothing of how a case starts, and no
   * protocol validates it), else always for a plain baseline (minConfidence 0).
   */
  answers(prefix: readonly string[]): boolean {
    if (prefix.length === 0) return false;
    return this.minConfidence <= 0 || this.counts.confidence(prefix) >= this.minConfidence;
  }

  apply(prefixes: readonly (readonly string[])[], dists: Float64Array[], labels: readonly string[]): void {
    prefixes.forEach((p, i) => {
      if (this.answers(p)) dists[i] = this.counts.distribution(p, labels);
    });
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads the header's `served` record (absent: the agent); the loader names the file in any error. */
export function readServed(json: unknown): { choice: ServedChoice; rule?: ServedBaselineRule } {
  if (json === undefined) return { choice: AGENT_SERVED };
  const bad = (what: string) => new Error(`${what}; retrain the agent with this version`);
  if (!isRecord(json) || json.version !== 1 || !isRecord(json.choice)) throw bad('has an unreadable served choice');
  const c = json.choice;
  if ((c.kind !== 'agent' && c.kind !== 'baseline' && c.kind !== 'mix') || typeof c.name !== 'string' || typeof c.reason !== 'string') throw bad('has an unreadable served choice');
  const choice = c as unknown as ServedChoice;
  if (choice.kind === 'agent') return { choice };
  if (json.counts === undefined) throw bad(`serves ${choice.name} but holds no baseline counts`);
  const counts = CountBaseline.fromJSON(json.counts);
  return { choice, rule: new ServedBaselineRule(counts, choice.kind === 'mix' ? (choice.minConfidence ?? 1) : 0) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/**
 * The one sentence reports print, e.g. "Serving last1: it beat the agent on validation (62.1 %
 * vs 60.2 %, z = 2.3); the agent alone scores 60.2 % on test."
 */
export function describeServed(choice: ServedChoice, agentAloneTest?: number): string {
  const test = agentAloneTest !== undefined ? `; the agent alone scores ${pct(agentAloneTest)} on test` : '';
  const v = choice.validation;
  if (choice.kind === 'agent') {
    const margin = v && choice.z !== undefined ? ` (best alternative ${pct(v.served)} vs the agent's ${pct(v.agent)}, z = ${choice.z}, below the 1.64 needed)` : '';
    return `Serving the agent: ${choice.reason}${margin}.`;
  }
  const what = choice.kind === 'mix' ? `${choice.name} (the ${choice.baseline} baseline where its confidence is at least ${choice.minConfidence}, the agent elsewhere)` : choice.name;
  return `Serving ${what}: it beat the agent on validation (${pct(v?.served ?? NaN)} vs ${pct(v?.agent ?? NaN)}, z = ${choice.z})${test}.`;
}
