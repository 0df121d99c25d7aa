/**
 * Every accuracy this product prints carries the protocol that produced it, and stands beside
 * baselines fitted and scored on exactly the same split and prefixes.
 */

import type { TimeTargetReport } from './timeScore';
import type { SplitKind } from '../data/split';
export type { SplitKind } from '../data/split';

export interface EvalProtocol {
  split: SplitKind;
  /** Prefixes shorter than this are not scored (Tax: 2, Rama: 1). */
  minPrefix: number;
  /** Cases with fewer events are dropped from train and test before the split (PGTNet: 3). */
  minCaseLength?: number;
  /** Whether predicting end-of-case after the last event is scored. */
  eosTarget: boolean;
  /** Human-readable one-liner, e.g. "file order 2/3 train, k ≥ 2, EOS not a target". */
  description: string;
}

export interface ActivityScore {
  activity: string;
  precision: number;
  recall: number;
  support: number;
}

export interface Scores {
  /** Micro-averaged over every scored prefix. */
  accuracy: number;
  top3: number;
  /** Number of scored prefixes. */
  prefixes: number;
  /** prefix length → { accuracy, count } */
  byPrefixLength: { length: number; accuracy: number; count: number }[];
  perActivity: ActivityScore[];
  /** Scored prefixes whose target never occurred in training (always counted wrong, never dropped). */
  unseenTargets?: number;
}

export type ServedKind = 'agent' | 'baseline' | 'mix';

/** What the agent folder serves (agent/servedChoice.ts decides it at train time; agent/served.ts applies it). */
export interface ServedChoice {
  kind: ServedKind;
  /** 'agent', a baseline ('last1', 'ngram', 'prefix') or a mix ('prefix+agent'). */
  name: string;
  /** Why this is served, as a clause ("it beat the agent on …"). */
  reason: string;
  /** McNemar z of the best alternative over the agent on the validation prefixes (absent: not compared). */
  z?: number;
  /** Validation accuracies behind the choice (served: the best alternative's when the agent is served). */
  validation?: { served: number; agent: number; prefixes: number };
  /** The baseline a served baseline or mix uses, and (mix) the confidence from which it answers instead of the agent. */
  baseline?: 'last1' | 'ngram' | 'prefix';
  minConfidence?: number;
}

export interface EvalReport {
  protocol: EvalProtocol;
  /** What is served (the agent, a baseline or a mix, per `served`): the headline accuracy. */
  agent: Scores;
  /** The agent's model alone on the same prefixes; equal to `agent` when the agent is served. Absent in reports from before serving. */
  agentAlone?: Scores;
  served?: ServedChoice;
  /**
   * What is served, from the activities alone (no resources, no times): what a spec file in
   * the editor gets. Present for an agent that reads input features, scored on the same prefixes.
   */
  activitiesOnly?: Scores;
  baselines: { last1: Scores; ngram: Scores; prefix: Scores };
  /** Mean Damerau-Levenshtein similarity of beam-searched suffixes, when computed. */
  suffixSimilarity?: number;
  testCases: number;
  trainCases: number;
  /** Test cases left out because the agent trained on them (agent/unseenCases.ts); absent: none. */
  excludedSeen?: number;
  /** Time predictions against the time baselines (eval/timeScore.ts), for agents with time heads. */
  remainingTime?: TimeTargetReport;
  nextEventTime?: TimeTargetReport;
}
