/** The status bar item shown while training: epoch, loss and time left; click opens the dashboard. */
import * as vscode from 'vscode';
import type { TrainProgress } from '../core/train/types';
import { Disposable } from './disposable';
import type { TrainingSession } from './trainingSession';
import { COMMANDS } from './commandIds';

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.round((seconds % 3600) / 60)}m`;
}

export function describeProgress(p: TrainProgress): string {
  if (p.phase === 'preparing') return 'reading logs…';
  const loss = Number.isFinite(p.loss) ? p.loss.toFixed(3) : '–';
  const acc = p.validation ? ` · val acc ${(100 * p.validation.accuracy).toFixed(1)}%` : '';
  // The refit retrains from fresh weights, so say so: a loss back near its start is expected there.
  const what = p.phase === 'refit' ? 'refitting on all training cases · ' : '';
  return `${what}epoch ${p.epoch}/${p.epochs} · loss ${loss}${acc} · ETA ${formatEta(p.etaSeconds)}`;
}

export class TrainingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('processAgent.training', vscode.StatusBarAlignment.Left, 50));
  private lastDraw = 0;

  constructor(session: TrainingSession) {
    super();
    this.item.name = 'Process Agent Training';
    this.item.command = COMMANDS.openDashboard;
    this.register(
      session.onDidChangeState(() => {
        if (session.running) {
          this.item.text = '$(sync~spin) Process Agent: starting…';
          this.item.tooltip = 'Training the process agent. Click to open the dashboard; "Process Agent: Stop Training" stops it.';
          this.item.show();
        } else {
          this.item.hide();
        }
      }),
    );
    this.register(
      session.onProgress(({ progress }) => {
        // Steps can come hundreds of times a second; redraw at most 5 times a second.
        const now = Date.now();
        if ((progress.phase === 'training' || progress.phase === 'refit') && now - this.lastDraw < 200) return;
        this.lastDraw = now;
        this.item.text = `$(sync~spin) Agent ${describeProgress(progress)}`;
      }),
    );
  }
}
