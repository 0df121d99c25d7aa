/**
 * Reading the agent folder's run history (history.jsonl, one JSON object per run, written by
 * the trainer) for the dashboard: the runs with their configs, and the newest run's curves.
 * Read defensively: a torn last line (a crash while appending) must not hide the others.
 * No `vscode` import, so it is unit-tested in plain Node.
 */
import * as path from 'node:path';
import type { EvalReport } from '../core/eval/types';
import type { CurvePoint, RunSummary } from '../protocol';

/** One line of history.jsonl as the trainer writes it. */
export interface HistoryLine {
  at?: string;
  fineTune?: boolean;
  logs?: string[];
  config?: RunSummary['config'];
  accuracy?: number;
  result?: { epochsRun?: number; seconds?: number; device?: 'cuda' | 'cpu'; cancelled?: boolean; features?: { used?: unknown }; baselineCheck?: import('../core/train/baselineGuard').BaselineCheck };
  epochs?: { epoch: number; loss: number; validation?: { loss: number; accuracy: number } }[];
  /** Per-epoch training loss of the final refit on all training cases (absent before refits were recorded). */
  refit?: { epoch: number; loss: number }[];
}

/** The objects of the file, in file order; lines that are not JSON objects are skipped. */
export function parseHistory(text: string): HistoryLine[] {
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const h = JSON.parse(line) as unknown;
      return typeof h === 'object' && h !== null && !Array.isArray(h) ? [h as HistoryLine] : [];
    } catch {
      return [];
    }
  });
}

/** Runs newest first, log paths relative to the workspace (the agent folder's parent). */
export function runSummaries(lines: readonly HistoryLine[], agentDir: string): RunSummary[] {
  const root = path.dirname(agentDir);
  return lines
    .filter((h) => typeof h.config === 'object' && h.config !== null)
    .map((h) => ({
      at: typeof h.at === 'string' ? h.at : '',
      kind: h.fineTune ? ('fine-tune' as const) : ('train' as const),
      logs: (Array.isArray(h.logs) ? h.logs : []).map((l) => (path.isAbsolute(l) ? path.relative(root, l) : l)),
      config: h.config!,
      accuracy: typeof h.accuracy === 'number' ? h.accuracy : undefined,
      epochsRun: h.result?.epochsRun,
      seconds: h.result?.seconds,
      device: h.result?.device,
      cancelled: h.result?.cancelled,
      features: Array.isArray(h.result?.features?.used) ? h.result.features.used.filter((f): f is string => typeof f === 'string') : undefined,
    }))
    .reverse();
}

/**
 * Per-epoch curves of the newest run (x = epoch), or undefined when it recorded none. Refit
 * epochs are `refit` points whose x continues after the last training epoch, as the live
 * chart's refit steps continue after the last training step.
 */
export function lastCurves(lines: readonly HistoryLine[]): { train: CurvePoint[]; validation: CurvePoint[] } | undefined {
  const newest = lines.at(-1);
  const epochs = Array.isArray(newest?.epochs) ? newest.epochs : [];
  const ok = epochs.filter((e) => typeof e?.epoch === 'number' && Number.isFinite(e.loss));
  if (ok.length === 0) return undefined;
  const lastEpoch = Math.max(...ok.map((e) => e.epoch));
  const refit = (Array.isArray(newest?.refit) ? newest.refit : []).filter((e) => typeof e?.epoch === 'number' && Number.isFinite(e.loss));
  return {
    train: [
      ...ok.map((e) => ({ step: e.epoch, epoch: e.epoch, loss: e.loss })),
      ...refit.map((e) => ({ step: lastEpoch + e.epoch, epoch: e.epoch, loss: e.loss, refit: true })),
    ],
    validation: ok
      .filter((e) => e.validation && Number.isFinite(e.validation.accuracy))
      .map((e) => ({ step: e.epoch, epoch: e.epoch, loss: e.validation!.loss, accuracy: e.validation!.accuracy })),
  };
}

/** The strongest baseline of a report, by accuracy. */
export function bestBaseline(report: EvalReport): { name: string; accuracy: number } {
  return Object.entries(report.baselines)
    .map(([name, s]) => ({ name, accuracy: s.accuracy }))
    .reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
}
