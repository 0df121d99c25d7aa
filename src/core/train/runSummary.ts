/**
 * The honest counts a training summary prints: every epoch run (the chosen run, the feature
 * trials beside it, the refit), and why a feature trial was not run when it was not.
 */
import type { Case } from '../log/types';
import { FeatureSet } from '../tokenize/featureSet';
import type { TrainConfig, TrainResult } from './types';

/** `all`: epochs of every trial run, the chosen one included. */
export function epochCounts(chosen: number, all: number, refit: number): NonNullable<TrainResult['epochCounts']> {
  return { chosen, featureTrials: all - chosen, refit, total: all + refit };
}

/** `{ skipped }` when 'auto' features ran no trial beside the plain model, with the reason. */
export function featureSkipReason(cfg: TrainConfig, candidates: number, train: readonly Case[]): { skipped?: string } {
  const mode = cfg.features ?? 'auto';
  if (candidates > 1) return {};
  if (mode === 'off') return { skipped: 'input features are off (--features off)' };
  if (cfg.tokenizer !== 'activity') return { skipped: 'input features need the activity tokenizer' };
  if (mode === 'auto' && FeatureSet.available(train).length === 0) {
    return { skipped: 'the log supports no input feature (a resource on at least half the events with 2+ values, or timestamps with varied gaps)' };
  }
  return {};
}

/** "12 epochs (chosen run 5, feature trials 4, refit 3)" */
export function describeEpochs(r: Pick<TrainResult, 'epochsRun' | 'epochCounts'>): string {
  const c = r.epochCounts;
  if (!c || c.total === c.chosen) return `${r.epochsRun} epochs`;
  return `${c.total} epochs (chosen run ${c.chosen}, feature trials ${c.featureTrials}, refit ${c.refit})`;
}

/**
 * A case longer than the context trains as overlapping windows (batching.ts, stride T/2), so a
 * million-event case costs time in proportion to its length, not memory: say so, with the
 * token count an epoch reads, so the progress line's ETA is no surprise.
 */
export function describeLongCases(traces: readonly (readonly string[])[], context: number): string | undefined {
  let longest = 0;
  let long = 0;
  let tokens = 0;
  for (const t of traces) {
    const n = t.length + 1;
    if (n > longest) longest = n;
    if (n > context) long++;
    // Windows of `context` with stride context/2 read each token about twice.
    tokens += n > context ? 2 * n : n;
  }
  if (long === 0) return undefined;
  return `${long} case${long === 1 ? '' : 's'} longer than the context (longest ${(longest - 1).toLocaleString('en')} events) train as overlapping windows of ${context}; an epoch reads about ${tokens.toLocaleString('en')} tokens, and the progress line shows the time left`;
}
