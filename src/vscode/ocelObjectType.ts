/**
 * Which objects become cases when a workspace OCEL log is flattened: asked once per file that
 * holds several object types (the reader's default, the type with the most event relations,
 * listed first), and remembered per file in workspace state, as CSV columns are.
 */
import * as vscode from 'vscode';
import { readLog } from '../core/log/read';
import type { FoundLog } from './logDiscovery';
import { PerLogMemory } from './perLogMemory';

export class OcelObjectTypes extends PerLogMemory<string> {
  constructor(state: vscode.Memento) {
    super(state, 'processAgent.ocelObjectTypes');
  }

  /**
   * The object type to flatten `log` on: undefined for other formats, a log with one type, or
   * one that cannot be read (training then reports why); the remembered type; or the one the
   * person picks now. Null when they cancelled. With `ask` false (runs nobody started, such as
   * auto fine-tuning) nobody is asked: undefined, so the reader's default applies and says so.
   */
  async resolve(log: FoundLog, ask = true): Promise<string | undefined | null> {
    if (log.format !== 'ocel' || log.uri.scheme !== 'file') return undefined;
    let types: string[];
    let byDefault: string | undefined;
    try {
      const { report } = await readLog(log.uri.fsPath);
      types = report.objectTypes ?? [];
      byDefault = report.objectType;
    } catch {
      return undefined;
    }
    const known = this.remembered(log);
    if (known !== undefined && types.includes(known)) return known;
    if (types.length <= 1 || !ask) return undefined;
    const ordered = [...types].sort((a, b) => Number(b === byDefault) - Number(a === byDefault));
    const items = ordered.map((t) => ({ label: t, description: t === byDefault ? 'most related events (the default)' : undefined }));
    const chosen = await vscode.window.showQuickPick(items, {
      title: `${log.rel}: which objects are the cases?`,
      placeHolder: 'Each object of this type becomes one case, holding the events related to it',
      ignoreFocusOut: true,
    });
    if (!chosen) return null;
    await this.remember(log, chosen.label);
    return chosen.label;
  }
}
