/**
 * The logs in the workspace, kept current: found by the include/exclude globs, re-found when a
 * matching file appears, changes or goes, and summarised (cases, events, activities) for the
 * dashboard. Nothing is read in a restricted workspace.
 */
import * as vscode from 'vscode';
import type { LogSummary } from '../protocol';
import { CsvMappings } from './csvMapping';
import { Disposable } from './disposable';
import { findLogs, LogStatsCache, type FoundLog } from './logDiscovery';
import type { OcelObjectTypes } from './ocelObjectType';
import type { ColumnMapping, ReadOptions } from '../core/log/types';
import type { ExtensionSettings } from './settings';

/** The read options for a log's chosen CSV columns and OCEL object type (either may be absent). */
export function logReadOptions(columns: ColumnMapping | undefined, objectType: string | undefined): Omit<ReadOptions, 'signal'> {
  return { ...(columns ? { columns } : {}), ...(objectType ? { objectType } : {}) };
}

export class WorkspaceLogs extends Disposable {
  private found: Promise<FoundLog[]> | undefined;
  private readonly stats = new LogStatsCache();
  private watcher: vscode.Disposable | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** A log matching the globs was created, changed or deleted. */
  readonly onDidChange = this.changed.event;

  constructor(
    private settings: ExtensionSettings,
    readonly mappings: CsvMappings,
    readonly objectTypes: OcelObjectTypes,
  ) {
    super();
    this.watch();
  }

  /** Rebuild after a settings change (one path: drop everything that depends on the globs). */
  reconfigure(settings: ExtensionSettings): void {
    const globsChanged = settings.logsInclude !== this.settings.logsInclude || settings.logsExclude !== this.settings.logsExclude;
    this.settings = settings;
    if (globsChanged) {
      this.found = undefined;
      this.watch();
    }
  }

  private watch(): void {
    this.watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(this.settings.logsInclude);
    const touch = (uri: vscode.Uri) => {
      this.found = undefined;
      this.changed.fire(uri);
    };
    this.watcher = vscode.Disposable.from(w, w.onDidCreate(touch), w.onDidChange(touch), w.onDidDelete(touch));
  }

  list(refresh = false): Promise<FoundLog[]> {
    if (!vscode.workspace.isTrusted) return Promise.resolve([]);
    if (refresh || !this.found) this.found = findLogs(this.settings);
    return this.found;
  }

  async summaries(): Promise<LogSummary[]> {
    const logs = await this.list();
    return Promise.all(logs.map((l) => this.stats.summarize(l, this.rememberedRead(l))));
  }

  /** How `log` is read, as far as already chosen: its CSV columns or OCEL object type. */
  rememberedRead(log: FoundLog): Omit<ReadOptions, 'signal'> {
    return logReadOptions(this.mappings.remembered(log), this.objectTypes.remembered(log));
  }

  override dispose(): void {
    this.watcher?.dispose();
    super.dispose();
  }
}
