/**
 * Host ↔ training worker (a child process) messages, as discriminated unions named by direction.
 * The core's worker client (workerClient.ts) and src/worker/trainWorker.ts speak them;
 * src/protocol.ts re-exports them beside the webview messages. Types only.
 */
import type { RunEvent, SearchJob, TrainConfig, TrainJob, TrainResult, TrialRow } from '../train/types';
import type { EvalReport } from '../eval/types';

/** Messages the extension host (or CLI) sends to the training worker. */
export type HostToWorker =
  /** Start a training or fine-tuning run; the worker answers with progress, then done or error. */
  | ({ type: 'train' } & TrainJob)
  /**
   * Hyperparameter search (core/agent/search.ts): trials answer with `trial`, the winner's full
   * training with progress, then `searched` (or error). `base` holds the fixed knobs.
   */
  | ({ type: 'search' } & SearchJob)
  /** Hold between steps; `resume` continues. */
  | { type: 'pause' }
  | { type: 'resume' }
  /** Stop at the next step boundary; the previous agent on disk is left untouched. */
  | { type: 'cancel' };

/** Messages the training worker sends back. */
export type WorkerToHost =
  /** progress, log lines, and (search only) each finished trial. */
  | RunEvent
  | { type: 'done'; result: TrainResult; report?: EvalReport }
  /** The search ended; its winner was trained in full and saved as the agent. */
  | { type: 'searched'; best: TrainConfig; bestValidationAccuracy: number; stoppedByBudget: boolean; table: SearchTrial[]; report?: EvalReport }
  | { type: 'error'; message: string };

/** One row of the search table (core/train/types.ts, which has no Node imports, so the webview bundle can share it). */
export type SearchTrial = TrialRow;

