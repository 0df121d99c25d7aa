/**
 * Finding event logs in the workspace (by the include/exclude globs), letting the person pick
 * when there are several, and reading them once for the statistics the dashboard lists.
 */
import * as vscode from 'vscode';
import { readLog } from '../core/log/read';
import type { ReadOptions } from '../core/log/types';
import type { LogSummary } from '../protocol';
import type { ExtensionSettings } from './settings';
import { describeError } from './output';

export interface FoundLog {
  uri: vscode.Uri;
  /** Workspace-relative path, as shown to people. */
  rel: string;
  format: LogSummary['format'];
  bytes: number;
}

/** Logs above this size are listed without statistics: reading them in the editor's process costs too much. */
const MAX_STATS_BYTES = 64 * 1024 * 1024;
const MAX_LOGS = 500;

/** The format by name, as the sidebar lists it (the reader itself also looks at the content); gzip is transparent. */
export function formatOf(path: string): LogSummary['format'] {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (p.endsWith('.jsonocel') || p.endsWith('.json') || p.endsWith('.xmlocel')) return 'ocel';
  if (p.endsWith('.xes') || p.endsWith('.xml')) return 'xes';
  return 'csv';
}

export async function findLogs(s: ExtensionSettings): Promise<FoundLog[]> {
  const uris = await vscode.workspace.findFiles(s.logsInclude, s.logsExclude || null, MAX_LOGS);
  const out = await Promise.all(
    uris.map(async (uri): Promise<FoundLog | undefined> => {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        return { uri, rel: vscode.workspace.asRelativePath(uri, false), format: formatOf(uri.path), bytes: stat.size };
      } catch {
        return undefined;
      }
    }),
  );
  return out.filter((l): l is FoundLog => l !== undefined).sort((a, b) => a.rel.localeCompare(b.rel));
}

/** One log is used as is; with several, a multi-select quick pick (last choice preselected). */
export async function pickLogs(logs: FoundLog[], previous: readonly string[], title: string): Promise<FoundLog[] | undefined> {
  if (logs.length <= 1) return logs;
  const items = logs.map((l) => ({
    label: l.rel,
    description: `${l.format.toUpperCase()} · ${(l.bytes / 1024).toFixed(0)} KiB`,
    picked: previous.length === 0 ? false : previous.includes(l.rel),
    log: l,
  }));
  if (!items.some((i) => i.picked)) items[0].picked = true;
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title, placeHolder: 'Which event logs should the agent learn from?', ignoreFocusOut: true });
  if (!chosen || chosen.length === 0) return undefined;
  return chosen.map((c) => c.log);
}

/** Statistics per log, cached by path, modification time and read options so the dashboard can ask often. */
export class LogStatsCache {
  private readonly cache = new Map<string, { mtime: number; read: string; summary: LogSummary }>();

  /** `read`: the CSV columns and OCEL object type chosen for this log (training reads it the same way). */
  async summarize(log: FoundLog, read: Omit<ReadOptions, 'signal'>): Promise<LogSummary> {
    const base: LogSummary = { path: log.rel, format: log.format, bytes: log.bytes };
    if (log.uri.scheme !== 'file') return { ...base, error: 'not a local file' };
    if (log.bytes > MAX_STATS_BYTES) return { ...base, error: `statistics skipped: ${(log.bytes / 2 ** 20).toFixed(0)} MiB is large; training still reads it` };
    const mtime = (await vscode.workspace.fs.stat(log.uri)).mtime;
    const key = JSON.stringify(read);
    const hit = this.cache.get(log.uri.fsPath);
    if (hit && hit.mtime === mtime && hit.read === key) return hit.summary;
    let summary: LogSummary;
    try {
      const { cases, report } = await readLog(log.uri.fsPath, read);
      const activities = new Set<string>();
      let events = 0;
      for (const c of cases) {
        events += c.events.length;
        for (const e of c.events) activities.add(e.activity);
      }
      summary = { ...base, stats: { cases: cases.length, events, activities: activities.size, meanCaseLength: cases.length ? events / cases.length : 0 }, ...(report.objectType ? { objectType: report.objectType } : {}) };
    } catch (e) {
      summary = { ...base, error: describeError(e) };
    }
    this.cache.set(log.uri.fsPath, { mtime, read: key, summary });
    return summary;
  }
}
