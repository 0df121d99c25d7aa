/**
 * An answer remembered per log file in workspace state (keyed by its workspace-relative path),
 * for the questions asked once per file: CSV columns, OCEL object type.
 */
import type * as vscode from 'vscode';
import type { FoundLog } from './logDiscovery';

export class PerLogMemory<T> {
  constructor(
    private readonly state: vscode.Memento,
    private readonly key: string,
  ) {}

  get(log: FoundLog): T | undefined {
    return this.all()[log.rel];
  }

  async set(log: FoundLog, value: T): Promise<void> {
    await this.state.update(this.key, { ...this.all(), [log.rel]: value });
  }

  async clear(): Promise<void> {
    await this.state.update(this.key, undefined);
  }

  private all(): Record<string, T> {
    return this.state.get<Record<string, T>>(this.key, {});
  }
}
