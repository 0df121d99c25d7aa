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
