/**
 * Information diagnostics on steps the agent finds improbable after their predecessors (with
 * the probability and what usually comes instead), and on steps it has never seen. Recomputed
 * a moment after typing stops; off with `processAgent.hints.enabled`.
 */
import * as vscode from 'vscode';
import { END_OF_CASE } from '../core/agent/types';
import { parserFor } from '../core/spec';
import type { AgentStore } from './agentStore';
import { hints } from './stepAdvice';
import { Disposable } from './disposable';
import type { ExtensionSettings } from './settings';
import { formatOfDocument } from './specDocuments';

const DEBOUNCE_MS = 600;
/** Large specs are only checked up to here, so a huge file cannot keep the host busy. */
const MAX_STEPS = 300;

export class StepHints extends Disposable {
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('processAgent'));
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private generation = 0;

  constructor(private readonly store: AgentStore, private readonly settings: () => ExtensionSettings) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)));
    this.register(store.onDidChange(() => this.refreshAll()));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.refreshAll();
  }

  /** Recheck every open spec (agent or settings changed). */
  refreshAll(): void {
    this.generation++;
    if (!this.settings().hintsEnabled) {
      this.diagnostics.clear();
      return;
    }
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!formatOfDocument(doc) || !this.settings().hintsEnabled) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(doc, this.generation).catch(() => undefined);
    }, DEBOUNCE_MS));
  }

  private async check(doc: vscode.TextDocument, generation: number): Promise<void> {
    const format = formatOfDocument(doc);
    const loaded = await this.store.get();
    if (!format || doc.isClosed) return;
    if (!loaded) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const version = doc.version;
    const found = await hints(loaded, parserFor(format).steps(doc.getText()).slice(0, MAX_STEPS), this.settings().hintsThreshold);
    const out = found.map((h) => {
      const range = new vscode.Range(h.step.line, h.step.start, h.step.line, h.step.end);
      if (h.kind === 'unknown') {
        const how = loaded.usesUnknownSteps ? 'its words are still used as context' : 'it is skipped when predicting the steps after it';
        return info(range, `"${h.step.label}" is not an activity in the agent's logs; ${how}.`);
      }
      const usual = h.usual.map((n) => `${n.activity === END_OF_CASE ? 'end of case' : n.activity} (${(100 * n.probability).toFixed(0)}%)`).join(', ');
      const where = h.previous === undefined ? 'as the first step' : `after "${h.previous}"`;
      return info(range, `"${h.activity}" is improbable here: ${(100 * h.probability).toFixed(1)}% ${where}. Usually: ${usual}.`);
    });
    if (doc.version === version && generation === this.generation) this.diagnostics.set(doc.uri, out);
  }
}

function info(range: vscode.Range, message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Information);
  d.source = 'Process Agent';
  return d;
}
