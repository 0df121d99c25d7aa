/**
 * Owns the training worker: at most one run at a time, its progress stream, and the live
 * curves the dashboard draws. Commands, the status bar and the dashboard listen to its events;
 * none of them talks to the worker directly.
 */
import * as vscode from 'vscode';
import { startSearch, startTraining, type SearchOutcome, type WorkerHandle } from '../core/agent/workerClient';
import type { EvalReport } from '../core/eval/types';
import type { RunEvent, SearchJob, TrainJob, TrainProgress, TrainResult } from '../core/train/types';
import type { CurvePoint, DashboardState, SearchTrial } from '../protocol';
import { Disposable } from './disposable';

export type RunKind = 'train' | 'fine-tune' | 'search';

export interface RunOutcome {
  result: TrainResult;
  report?: EvalReport;
}

/** Curves longer than this are thinned (every other point dropped) so the webview stays light. */
const MAX_POINTS = 1500;

export class TrainingSession extends Disposable {
  private handle: WorkerHandle<unknown> | undefined;
  private kind: RunKind | undefined;
  private last: TrainProgress | undefined;
  private curves: DashboardState['curves'] = { train: [], validation: [] };
  private readonly progressEmitter = this.register(new vscode.EventEmitter<{ progress: TrainProgress; point?: CurvePoint; validation?: CurvePoint }>());
  private readonly stateEmitter = this.register(new vscode.EventEmitter<void>());
  /** Every progress event, with the curve point it added (if any). */
  readonly onProgress = this.progressEmitter.event;
  /** A run started or ended. */
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly onLog: (level: 'info' | 'warn', message: string) => void) {
    super();
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  snapshot(): { training: DashboardState['training']; curves: DashboardState['curves'] } {
    return {
      training: { running: this.running, kind: this.kind, progress: this.last },
      curves: { train: [...this.curves.train], validation: [...this.curves.validation] },
    };
  }

  /**
   * Starts a run in the worker. Resolves with the outcome (also after a cancel, with
   * `result.cancelled`); rejects with the worker's error. Throws at once if a run is going.
   */
  run(kind: Exclude<RunKind, 'search'>, request: TrainJob): Promise<RunOutcome> {
    return this.own(kind, (onEvent) => startTraining(request, onEvent));
  }

  /** A hyperparameter search in the worker; each finished trial goes to `onTrial`. */
  search(request: SearchJob, onTrial: (row: SearchTrial) => void): Promise<SearchOutcome> {
    return this.own('search', (onEvent) => startSearch(request, (e) => (e.type === 'trial' ? onTrial(e.row) : onEvent(e))));
  }

  private async own<T>(kind: RunKind, start: (onEvent: (event: RunEvent) => void) => WorkerHandle<T>): Promise<T> {
    if (this.handle) throw new Error('a training run is already going; stop it first');
    this.kind = kind;
    this.last = undefined;
    this.curves = { train: [], validation: [] };
    const handle = start((e) => {
      if (e.type === 'progress') this.record(e.progress);
      else if (e.type === 'log') this.onLog(e.level, e.message);
    });
    this.handle = handle;
    void vscode.commands.executeCommand('setContext', 'processAgent.training', true);
    this.stateEmitter.fire();
    try {
      return await handle.done;
    } finally {
      this.handle = undefined;
      void vscode.commands.executeCommand('setContext', 'processAgent.training', false);
      this.stateEmitter.fire();
    }
  }

  /** Asks the worker to stop at the next step; the previous agent on disk stays. */
  stop(): boolean {
    if (!this.handle) return false;
    this.handle.cancel();
    return true;
  }

  private record(p: TrainProgress): void {
    this.last = p;
    let point: CurvePoint | undefined;
    let validation: CurvePoint | undefined;
    // Refit steps (all training cases, fresh weights) are their own series: their loss starts high again.
    if ((p.phase === 'training' || p.phase === 'refit') && Number.isFinite(p.loss)) {
      point = { step: p.step, epoch: p.epoch, loss: p.loss, ...(p.phase === 'refit' ? { refit: true } : {}) };
      this.curves.train.push(point);
      if (this.curves.train.length > MAX_POINTS) this.curves.train = this.curves.train.filter((_, i) => i % 2 === 0);
    }
    if (p.phase === 'validating' && p.validation) {
      validation = { step: p.step, epoch: p.epoch, loss: p.validation.loss, accuracy: p.validation.accuracy };
      this.curves.validation.push(validation);
    }
    this.progressEmitter.fire({ progress: p, point, validation });
  }

  override dispose(): void {
    void this.handle?.terminate();
    this.handle = undefined;
    super.dispose();
  }
}
