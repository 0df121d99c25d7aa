/**
 * An answer remembered per log file in workspace state (keyed by its workspace-relative path),
 * for the questions asked once per file: the base of CSV columns and OCEL object types.
 */
import type * as vscode from 'vscode';
import type { FoundLog } from './logDiscovery';

export class PerLogMemory<T> {
  constructor(
    private readonly state: vscode.Memento,
    private readonly key: string,
  ) {}

  remembered(log: FoundLog): T | undefined {
    return this.all()[log.rel];
  }

  protected async remember(log: FoundLog, value: T): Promise<void> {
    await this.state.update(this.key, { ...this.all(), [log.rel]: value });
  }

  /** Forgets every file's answer: the next run asks again. */
  async forget(): Promise<void> {
    await this.state.update(this.key, undefined);
  }

  private all(): Record<string, T> {
    return this.state.get<Record<string, T>>(this.key, {});
  }
}
