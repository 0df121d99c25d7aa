/**
 * What the editor features (inline completion, hover, hints, predict command) need from a
 * trained agent. `core/agent` implements it on top of the model and tokenizer; the VS Code
 * layer only ever sees this interface.
 */

export interface NextStep {
  activity: string;
  /** Probability of this activity being next, in [0, 1]. */
  probability: number;
}

export interface Prediction {
  /** Most likely first, at most `k` entries; may include the end-of-case marker as `END`. */
  next: NextStep[];
  /** Prefix steps that were not known to the agent (skipped in activity mode). */
  unknownSteps: string[];
}

export interface SuffixPrediction {
  steps: string[];
  /** Sum of log-probabilities of the chosen steps and the end marker. */
  logProb: number;
}

export interface Agent {
  /** Known activities, in vocabulary order. */
  readonly activities: readonly string[];
  /** Top-k next steps after `prefix` (activity labels as a person wrote them). */
  predictNext(prefix: readonly string[], k: number, signal?: AbortSignal): Promise<Prediction>;
  /** Most likely continuation to end of case, by beam search. */
  predictSuffix(prefix: readonly string[], beam: number, maxSteps: number, signal?: AbortSignal): Promise<SuffixPrediction>;
  /**
   * Expected time (p50, ms) to the next step and to the end of the case after `prefix` (steps
   * without timestamps, as a spec has them); undefined for an agent without time heads.
   */
  predictTimes?(prefix: readonly string[], signal?: AbortSignal): Promise<{ nextEventInMs: number; remainingMs: number } | undefined>;
  /** Probability of each step given its predecessors, for hints. Index i scores steps[i]. */
  scoreSteps(steps: readonly string[], signal?: AbortSignal): Promise<number[]>;
  dispose(): Promise<void>;
}

/** The marker used in `NextStep.activity` for end of case (defined with the prefixes, the lowest layer using it). */
export { END_OF_CASE } from '../data/prefixes';
