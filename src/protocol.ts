/**
 * Every message that crosses a process or frame boundary, as discriminated unions named by
 * direction. This file imports only types, so the webview bundle can share it.
 *
 * - Host ↔ training worker (a child process, over its IPC channel): HostToWorker / WorkerToHost.
 * - Host ↔ dashboard webview: HostToWebview / WebviewToHost (webview input is untrusted and
 *   goes through one runtime guard on the host side).
 * - Host ↔ Process Map panel: HostToMap / MapToHost (the same guard file checks MapToHost).
 */
import type { TrainConfig, TrainProgress } from './core/train/types';
import type { EvalReport, ServedChoice } from './core/eval/types';
import type { BaselineCheck } from './core/train/baselineGuard';
import type { Insights, LaidOutMap, SpecOverlay } from './core/insight/types';

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

/** What the dashboard says about trust: what is served and why, the baseline check, and every protocol's report. */
export interface DashboardTrust {
  /** What answers predictions (from the last report, else the agent). */
  served?: ServedChoice;
  /** The last run's strongest baseline against the agent on validation. */
  baselineCheck?: BaselineCheck;
  /** Test cases the last evaluation left out because the agent trained on them. */
  excludedSeen?: number;
  /** For an agent that reads resources or times: its accuracy from the activities alone (a spec file) beside the one with them. */
  activitiesOnly?: { accuracy: number; withFeatures: number };
  /** eval.json's latest report per protocol: served accuracy, the agent alone, and left-out cases. */
  byProtocol: { protocol: string; accuracy: number; agentAlone?: number; served?: string; excludedSeen?: number }[];
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
  trust?: DashboardTrust;
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
  /** Open the Process Map panel on a listed log. */
  | { type: 'showMap'; path: string }
  | { type: 'refreshLogs' };

// ───────────────────────────── host ↔ Process Map panel ─────────────────────────────

/** Frequency: edge thickness and label by cases. Performance: colour and label by median wait. */
export type MapMode = 'frequency' | 'performance';

/** Everything the Process Map panel draws; sent whole after `ready` and after each change but a slider move. */
export interface MapPanelState {
  /** False in a restricted workspace: no log is read. */
  trusted: boolean;
  /** The workspace logs the panel can switch to (workspace-relative), and the one shown. */
  logs: string[];
  log?: string;
  /** The abstraction sliders, as fractions in [0, 1]. */
  abstraction: { activities: number; paths: number };
  mode: MapMode;
  /** Index into `insights.variants` the map is filtered to; absent: all cases. */
  variant?: number;
  /** The laid-out map (host-side layout; the panel only draws it). Spec-only steps and transitions have count 0. */
  map?: LaidOutMap;
  insights?: Insights;
  /** True while the critical path and candidates are still being computed. */
  insightsPending?: boolean;
  /** The open spec laid over the log. */
  spec?: { name: string; overlay: SpecOverlay };
  /** Reading, or why there is nothing to show. */
  notice?: string;
}

/** Messages the host sends to the Process Map panel. */
export type HostToMap =
  | { type: 'state'; state: MapPanelState }
  /**
   * The answer to a slider move: only the new layout. `seq` echoes the request; `hostMs` is the
   * host's time for it. `provisional`: the new map at the previous layout's positions, sent first
   * when the real layout will take a while; the real one follows with the same `seq`.
   */
  | { type: 'layout'; seq: number; map: LaidOutMap; hostMs: number; provisional?: true };

/** Messages the Process Map panel sends to the host; untrusted, checked by parseMapMessage. */
export type MapToHost =
  | { type: 'ready' }
  /** A slider moved; fractions in [0, 1]. The host answers with `layout` carrying the same `seq`. */
  | { type: 'setAbstraction'; seq: number; activities: number; paths: number }
  | { type: 'setMode'; mode: MapMode }
  /** Filter the map to the cases of one variant (index into insights.variants), or null for all. */
  | { type: 'filterVariant'; index: number | null }
  /** Candidate actions; `index` into insights.automationCandidates. */
  | { type: 'openCandidateAsSpec'; index: number }
  | { type: 'exportCandidateBpmn'; index: number }
  /** Show another workspace log (workspace-relative path as listed). */
  | { type: 'chooseLog'; path: string };

/**
 * What the Process Map panel keeps with `setState`, so that VS Code hands it back to the
 * panel serializer after a window reload. Untrusted when it comes back: checked by parseMapMemory.
 */
export interface MapPanelMemory {
  log?: string;
  abstraction: { activities: number; paths: number };
  mode: MapMode;
  /** Index into `insights.variants` the map was filtered to. */
  variant?: number;
  /** The selected automation candidate, by its steps (indexes may change when insights are recomputed). */
  selectedSteps?: string[];
}
