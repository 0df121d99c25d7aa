/**
 * Optional fine-tuning when logs change (`processAgent.autoFineTune`, off by default): changes
 * are debounced, and a change during a run waits for the run to end. Never two runs at once,
 * because the session refuses a second one and this waits for the first.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { TrainDeps } from './trainFlow';
import { runTraining } from './trainFlow';

export class AutoFineTune extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private changed = new Set<string>();

  constructor(private readonly deps: TrainDeps) {
    super();
    this.register(deps.logs.onDidChange((uri) => this.onLogChanged(uri)));
    this.register(deps.session.onDidChangeState(() => !deps.session.running && this.changed.size > 0 && this.arm()));
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  private onLogChanged(uri: vscode.Uri): void {
    const s = this.deps.settings();
    if (!s.autoFineTune || !vscode.workspace.isTrusted || !this.deps.store.exists()) return;
    this.changed.add(vscode.workspace.asRelativePath(uri, false));
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(), this.deps.settings().autoFineTuneDelayMs);
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    if (this.deps.session.running) return; // re-armed when the run ends
    const logs = (await this.deps.logs.list(true)).map((l) => l.rel).filter((l) => this.changed.has(l));
    this.changed.clear();
    if (logs.length === 0) return;
    this.deps.output.info(`auto fine-tune: ${logs.join(', ')} changed`);
    await runTraining(this.deps, 'fine-tune', { quiet: true, onlyLogs: logs });
  }
}
