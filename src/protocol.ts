/**
 * Every message that crosses a process or frame boundary, as discriminated unions named by
 * direction. This file imports only types, so the webview bundle can share it.
 *
 * - Host ↔ training worker (worker_threads): HostToWorker / WorkerToHost.
 * - Host ↔ dashboard webview: HostToWebview / WebviewToHost (webview input is untrusted and
 *   goes through one runtime guard on the host side).
 */
import type { TrainConfig, TrainProgress, TrainResult } from './core/train/types';
import type { EvalReport } from './core/eval/types';

// ───────────────────────────── host ↔ training worker ─────────────────────────────

/** Messages the extension host (or CLI) sends to the training worker. */
export type HostToWorker =
  /** Start a training or fine-tuning run; the worker answers with progress, then done or error. */
  | { type: 'train'; logs: string[]; agentDir: string; config: TrainConfig; fineTune: boolean }
  /** Hold between steps; `resume` continues. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** Stop at the next step boundary; the previous agent on disk is left untouched. */
  | { type: 'cancel' };

/** Messages the training worker sends back. */
export type WorkerToHost =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'done'; result: TrainResult; report?: EvalReport }
  | { type: 'error'; message: string };

// ───────────────────────────── host ↔ dashboard webview ─────────────────────────────
// (filled in by the extension layer)
