/**
 * CSV column mapping: when the columns cannot be told apart by their names, ask once which
 * column is the case, the activity and the time, and remember the answer per file (workspace
 * state), so the next training run and the statistics use it without asking again.
 */
import * as vscode from 'vscode';
import { detectColumns } from '../core/log/columns';
import { readCsvHeader } from '../core/log/csv';
import type { ColumnMapping } from '../core/log/types';
import type { FoundLog } from './logDiscovery';
import { PerLogMemory } from './perLogMemory';

export class CsvMappings extends PerLogMemory<ColumnMapping> {
  constructor(state: vscode.Memento) {
    super(state, 'processAgent.csvColumns');
  }

  /**
   * The mapping to read `log` with: undefined when the names are clear (detection decides),
   * the remembered one, or one the person picks now. Null when they cancelled. With `ask`
   * false (runs nobody started, such as auto fine-tuning) nobody is asked: undefined, and the
   * reader's error says which columns are missing.
   */
  async resolve(log: FoundLog, ask = true): Promise<ColumnMapping | undefined | null> {
    if (log.format !== 'csv' || log.uri.scheme !== 'file') return undefined;
    const known = this.remembered(log);
    const { header } = await readCsvHeader(log.uri.fsPath);
    if (known && [known.caseId, known.activity, known.time].every((c) => c === undefined || header.includes(c))) return known;
    let why: string;
    try {
      detectColumns(log.uri.fsPath, header);
      return undefined;
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    if (!ask) return undefined;
    const pick = async (role: string, optional: boolean): Promise<string | undefined | null> => {
      const items = [...header.map((h) => ({ label: h })), ...(optional ? [{ label: '(none)', description: 'no such column' }] : [])];
      const chosen = await vscode.window.showQuickPick(items, { title: `${log.rel}: which column holds the ${role}?`, placeHolder: why, ignoreFocusOut: true });
      if (!chosen) return null;
      return chosen.label === '(none)' ? undefined : chosen.label;
    };
    const caseId = await pick('case id', false);
    if (!caseId) return null;
    const activity = await pick('activity', false);
    if (!activity) return null;
    const time = await pick('timestamp', true);
    if (time === null) return null;
    const mapping: ColumnMapping = { caseId, activity, ...(time ? { time } : {}) };
    await this.remember(log, mapping);
    return mapping;
  }
}
