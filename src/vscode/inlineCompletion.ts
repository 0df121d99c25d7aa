/**
 * Ghost-text completion of the next process step: the agent's most likely next activity, and
 * up to three alternatives as further items. Silent when no agent is trained, when the cursor
 * is not where a step goes, or when the request is cancelled. The agent is cached by the
 * store, so a keystroke costs one (memoised) prediction and no file reads.
 */
import * as vscode from 'vscode';
import { parserFor } from '../core/spec';
import type { AgentStore } from './agentStore';
import { insertText, proposals } from './stepAdvice';
import type { ExtensionSettings } from './settings';
import { describeError, type Output } from './output';
import { formatOfDocument, signalOf } from './specDocuments';

export class StepCompletionProvider implements vscode.InlineCompletionItemProvider {
  private lastError: string | undefined;

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
