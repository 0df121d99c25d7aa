/**
 * Hyperparameter search: random configurations, pruned by successive halving. Every trial
 * trains from scratch with early stopping and is judged on VALIDATION accuracy only (the test
 * cases are never looked at while choosing). Rung r trains the survivors for e₀·ηʳ epochs and
 * keeps the best 1/η. A budget in trials or minutes bounds the whole search; the winner is then
 * trained with the full epoch budget and saved as the agent, with the table beside it.
 */
import { defaultProtocol } from '../eval/protocol';
import type { EvalReport } from '../eval/types';
import { agentPaths, ensureDir, writeJson } from '../train/agentDir';
import { loadSplit } from '../train/logInput';
import { Rng } from '../train/rng';
import { trainAgent } from './trainer';
import type { RunHooks } from '../train/trainLoop';
import type { SearchJob, TokenizerKind, TrainConfig, TrialRow } from '../train/types';

export interface SearchSpace {
  learningRate: number[];
  dModel: number[];
  layers: number[];
  heads: number[];
  dropout: number[];
  weightDecay: number[];
  tokenizer: TokenizerKind[];
}

export const DEFAULT_SEARCH_SPACE: SearchSpace = {
  learningRate: [1e-3, 2e-3, 3e-3, 5e-3],
  dModel: [32, 64, 128],
  layers: [1, 2, 3],
  heads: [1, 2, 4],
  dropout: [0, 0.1, 0.2],
  weightDecay: [0, 0.01, 0.1],
  tokenizer: ['activity', 'bpe'],
};

export type { TrialRow };

export interface SearchRequest extends SearchJob {
  space?: SearchSpace;
  /** Successive-halving keep ratio 1/η (default η = 3). */
  eta?: number;
}

export interface SearchResult {
  table: TrialRow[];
  best: TrainConfig;
  bestValidationAccuracy: number;
  /** Evaluation of the final agent trained with the best config. */
  report?: EvalReport;
  stoppedByBudget: boolean;
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

export function sampleConfigs(base: TrainConfig, space: SearchSpace, n: number, seed: number): TrainConfig[] {
  const rng = new Rng(seed);
  const out: TrainConfig[] = [];
  const seen = new Set<string>();
  for (let attempts = 0; out.length < n && attempts < n * 50; attempts++) {
    const d = pick(rng, space.dModel);
    const heads = space.heads.filter((h) => d % h === 0);
    const cfg: TrainConfig = {
      ...base,
      preset: `d${d}-l${pick(rng, space.layers)}-h${pick(rng, heads.length ? heads : [1])}`,
      learningRate: pick(rng, space.learningRate),
      dropout: pick(rng, space.dropout),
      weightDecay: pick(rng, space.weightDecay),
      tokenizer: pick(rng, space.tokenizer),
    };
    const key = JSON.stringify([cfg.preset, cfg.learningRate, cfg.dropout, cfg.weightDecay, cfg.tokenizer]);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(cfg);
    }
  }
  return out;
}

export async function searchHyperparameters(req: SearchRequest, hooks: RunHooks = {}): Promise<SearchResult> {
  const started = performance.now();
  const deadline = req.minutes !== undefined ? started + req.minutes * 60_000 : Infinity;
  const eta = Math.max(2, req.eta ?? 3);
  const protocol = req.protocol ?? defaultProtocol();
  const preloaded = await loadSplit(req.logs, protocol, req.read, hooks.signal);
  let alive = sampleConfigs(req.base, req.space ?? DEFAULT_SEARCH_SPACE, Math.max(1, req.trials ?? 9), req.base.seed).map((config, trial) => ({ trial, config, score: -1 }));
  const rungs = Math.max(1, Math.floor(Math.log(alive.length) / Math.log(eta)) + 1);
  const table: TrialRow[] = [];
  let stoppedByBudget = false;
  for (let rung = 0; rung < rungs && alive.length > 0; rung++) {
    const epochs = Math.max(1, Math.round(req.base.epochs / eta ** (rungs - 1 - rung)));
    for (const t of alive) {
      if (performance.now() > deadline) {
        stoppedByBudget = true;
        break;
      }
      hooks.signal?.throwIfAborted();
      const t0 = performance.now();
      // Trials compare validation accuracy only, so the refit on all cases would be wasted time;
      // 'auto' features would train every trial twice, so trials read activities only and the
      // winner's full training decides on features.
      const features = t.config.features === 'auto' || t.config.features === undefined ? 'off' : t.config.features;
      const config = { ...t.config, epochs, patience: Math.min(t.config.patience, epochs), refit: false, features };
      const out = await trainAgent({ logs: req.logs, agentDir: req.agentDir, config, fineTune: false, protocol, preloaded, save: false, evaluate: false }, { signal: hooks.signal, onEvent: (e) => e.type === 'log' && hooks.onEvent?.(e) });
      t.score = out.result.bestValidationAccuracy;
      const row: TrialRow = {
        trial: t.trial, rung, epochs, preset: config.preset, learningRate: config.learningRate, dropout: config.dropout,
        weightDecay: config.weightDecay, tokenizer: config.tokenizer, validationAccuracy: t.score, seconds: (performance.now() - t0) / 1000,
      };
      table.push(row);
      hooks.onEvent?.({ type: 'trial', row });
    }
    const scored = alive.filter((t) => t.score >= 0).sort((a, b) => b.score - a.score);
    if (stoppedByBudget || rung === rungs - 1) {
      alive = scored;
      break;
    }
    alive = scored.slice(0, Math.max(1, Math.floor(scored.length / eta)));
  }
  if (alive.length === 0) throw new Error('the search budget ended before the first trial finished; give it more --minutes');
  const winner = alive[0];
  const best = { ...winner.config, epochs: req.base.epochs, patience: req.base.patience, refit: req.base.refit };
  const final = await trainAgent({ logs: req.logs, agentDir: req.agentDir, config: best, fineTune: false, protocol, read: req.read, preloaded }, hooks);
  ensureDir(req.agentDir);
  const paths = agentPaths(req.agentDir);
  writeJson(paths.searchBest, { config: best, validationAccuracy: winner.score });
  writeJson(paths.searchTable, table);
  return { table, best, bestValidationAccuracy: winner.score, report: final.report, stoppedByBudget };
}
