/**
 * Every message that crosses a process or frame boundary, as discriminated unions named by
 * direction. This file imports only types, so the webview bundle can share it.
 *
 * - Host ↔ training worker (worker_threads): HostToWorker / WorkerToHost.
 * - Host ↔ dashboard webview: HostToWebview / WebviewToHost (webview input is untrusted and
 *   goes through one runtime guard on the host side).
 */
import type { TrainConfig, TrainProgress } from './core/train/types';
import type { EvalReport } from './core/eval/types';

// ───────────────────────────── host ↔ training worker ─────────────────────────────
// The core's worker client and the worker speak these; they live in the core (core/agent/workerProtocol.ts).
export type { HostToWorker, WorkerToHost, SearchTrial } from './core/agent/workerProtocol';

// ───────────────────────────── host ↔ dashboard webview ─────────────────────────────

/** One log found in the workspace, with what reading it taught us. */
export interface LogSummary {
  /** Workspace-relative path, as shown. */
  path: string;
  format: 'csv' | 'xes' | 'ocel';
  bytes: number;
  /** Absent until the log has been read (or when reading failed: see `error`). */
  stats?: { cases: number; events: number; activities: number; meanCaseLength: number };
  /** OCEL: the object type whose objects are the cases. */
  objectType?: string;
  error?: string;
}

/** The training knobs the dashboard edits in place (each is a `processAgent.*` setting). */
export interface DashboardSettings {
  preset: string;
  epochs: number;
  learningRate: number;
  batchSize: number;
  device: 'auto' | 'cuda' | 'cpu';
}
export type DashboardSettingKey = keyof DashboardSettings;

/** One point of the live curves; `step` is the global optimizer step. */
export interface CurvePoint {
  step: number;
  epoch: number;
  loss: number;
  /** Present on validation points. */
  accuracy?: number;
  /** Training-loss points of the final refit (all training cases, validation included, for the chosen epoch count). */
  refit?: boolean;
}

/** One past training run, as listed in the history (from the agent folder's history file). */
export interface RunSummary {
  /** ISO time the run finished. */
  at: string;
  kind: 'train' | 'fine-tune';
  logs: string[];
  config: TrainConfig;
  accuracy?: number;
  epochsRun?: number;
  seconds?: number;
  device?: 'cuda' | 'cpu';
  cancelled?: boolean;
  /** Input features the run kept (empty: activities only); absent in runs from before features. */
  features?: string[];
}

/** Everything the dashboard draws: the host sends it whole after `ready`, so a reopened view rebuilds itself. */
export interface DashboardState {
  /** False in a restricted (untrusted) workspace: training and log reading are off. */
  trusted: boolean;
  logs: LogSummary[];
  settings: DashboardSettings;
  presets: string[];
  training: { running: boolean; kind?: 'train' | 'fine-tune' | 'search'; progress?: TrainProgress };
  /**
   * Live curves of the current (or last) run in this window; after a reload, the last saved run's
   * per-epoch curves from the run history, with `unit: 'epoch'` (x is then the epoch, not the step).
   */
  curves: { train: CurvePoint[]; validation: CurvePoint[]; unit?: 'step' | 'epoch' };
  agent: { exists: boolean; folder: string; activities: number };
  report?: EvalReport;
  history: RunSummary[];
  /** A line to show at the top (e.g. why training is disabled, or the last error). */
  notice?: string;
}

/** Messages the extension host sends to the dashboard webview. */
export type HostToWebview =
  /** The full state; the webview redraws everything from it. */
  | { type: 'state'; state: DashboardState }
  /** Training progress since the last message: the latest event and the new curve points, appended without a full redraw. */
  | { type: 'progress'; progress: TrainProgress; train: CurvePoint[]; validation: CurvePoint[] };

/** Messages the dashboard webview sends to the host; untrusted input, checked by one runtime guard. */
export type WebviewToHost =
  /** The webview has loaded and wants the full state. */
  | { type: 'ready' }
  | { type: 'train' }
  | { type: 'stop' }
  | { type: 'evaluate' }
  /** A training knob edited in place; the host validates and stores it as a setting. */
  | { type: 'setSetting'; key: DashboardSettingKey; value: string | number }
  /** Open a log file (workspace-relative path as listed) in the editor. */
  | { type: 'openLog'; path: string }
  | { type: 'refreshLogs' };
