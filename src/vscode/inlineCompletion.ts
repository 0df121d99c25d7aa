/**
 * Ghost-text completion of the next process step: the agent's most likely next activity, and
 * up to three alternatives as further items. With time heads, the expected times after the top
 * step ("≈ 2.3 d to next step · ≈ 9 d to finish", as the hover says them) show in the status bar
 * while the ghost text is offered: an inline item has no field of its own for a description. Silent when no agent is trained, when the cursor
 * is not where a step goes, or when the request is cancelled. The agent is cached by the
 * store, so a keystroke costs one (memoised) prediction and no file reads.
 */
import * as vscode from 'vscode';
import { parserFor } from '../core/spec';
import type { AgentStore } from './agentStore';
import { insertText, proposalTime, proposals } from './stepAdvice';
import type { ExtensionSettings } from './settings';
import { describeError, type Output } from './output';
import { formatOfDocument, signalOf } from './specDocuments';

const TIME_SHOWN_MS = 6000;

export class StepCompletionProvider implements vscode.InlineCompletionItemProvider {
  private lastError: string | undefined;
  private timeMessage: vscode.Disposable | undefined;

  constructor(
    private readonly store: AgentStore,
    private readonly settings: () => ExtensionSettings,
    private readonly output: Output,
  ) {}

  async provideInlineCompletionItems(doc: vscode.TextDocument, pos: vscode.Position, _ctx: vscode.InlineCompletionContext, token: vscode.CancellationToken): Promise<vscode.InlineCompletionItem[] | undefined> {
    const s = this.settings();
    const format = formatOfDocument(doc);
    if (!s.completionEnabled || !format || !s.completionFormats[format]) return undefined;
    const loaded = await this.store.get();
    if (!loaded || token.isCancellationRequested) return undefined;
    const ins = parserFor(format).insertionAt(doc.getText(), pos.line, pos.character);
    if (!ins) return undefined;
    const cancel = signalOf(token);
    try {
      const labels = await proposals(loaded, ins, cancel.signal);
      if (token.isCancellationRequested) return undefined;
      const range = new vscode.Range(pos.line, ins.start, pos.line, pos.character);
      const time = labels.length > 0 ? await proposalTime(loaded, ins, labels[0], cancel.signal) : undefined;
      if (token.isCancellationRequested) return undefined;
      this.timeMessage?.dispose();
      this.timeMessage = time ? vscode.window.setStatusBarMessage(`$(clock) ${labels[0]}: ${time}`, TIME_SHOWN_MS) : undefined;
      return labels
        .map((l) => insertText(l, ins))
        .filter((t): t is string => t !== undefined)
        .map((t) => new vscode.InlineCompletionItem(t, range));
    } catch (e) {
      // Cancelled mid-prediction: silent. A real failure: silent in the editor, said once in the output.
      const msg = describeError(e);
      if (!token.isCancellationRequested && !(e instanceof Error && e.name === 'AbortError') && msg !== this.lastError) {
        this.lastError = msg;
        this.output.warn(`inline completion failed in ${doc.fileName}:${pos.line + 1}: ${msg}`);
      }
      return undefined;
    } finally {
      cancel.dispose();
    }
  }
}
