/**
 * Ghost-text completion of the next process step: the agent's most likely next activity, and
 * up to three alternatives as further items. Silent when no agent is trained, when the cursor
 * is not where a step goes, or when the request is cancelled. The agent is cached by the
 * store, so a keystroke costs one (memoised) prediction and no file reads.
 */
import * as vscode from 'vscode';
import { END_OF_CASE } from '../core/agent/types';
import { labelKey, parserFor, type SpecInsertion } from '../core/agent/spec';
import type { AgentStore, LoadedAgent } from './agentStore';
import type { ExtensionSettings } from './settings';
import { formatOfDocument, signalOf } from './specDocuments';

const ALTERNATIVES = 3;

/**
 * The labels to offer, best first: predicted next activities that fit what was typed; when the
 * typed text fits none of the likely ones, any known activity that starts with it.
 */
export async function proposals(loaded: LoadedAgent, ins: SpecInsertion, signal?: AbortSignal): Promise<string[]> {
  const { steps } = loaded.matcher.canonical(ins.before);
  const known = loaded.usesUnknownSteps ? steps : steps.filter((s) => loaded.matcher.match(s) !== undefined);
  const typedKey = labelKey(ins.typed);
  const k = typedKey === '' ? ALTERNATIVES + 2 : loaded.agent.activities.length + 1;
  const prediction = await loaded.predict(known, k, signal);
  const fits = (a: string) => a !== END_OF_CASE && labelKey(a).startsWith(typedKey) && labelKey(a) !== typedKey;
  const ranked = prediction.next.map((n) => n.activity).filter(fits);
  if (ranked.length === 0 && typedKey !== '') return loaded.matcher.startingWith(ins.typed).filter(fits).slice(0, ALTERNATIVES + 1);
  return ranked.slice(0, ALTERNATIVES + 1);
}

/** The text that replaces what was typed: it must start with the typed text for ghost text to show. */
export function insertText(label: string, ins: SpecInsertion): string | undefined {
  if (ins.typed === '') return ins.lead + label + ins.trail;
  if (label.toLowerCase().startsWith(ins.typed.toLowerCase())) return ins.typed + label.slice(ins.typed.length) + ins.trail;
  return undefined;
}

export class StepCompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly store: AgentStore,
    private readonly settings: () => ExtensionSettings,
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
    } catch {
      // Cancelled mid-prediction, or the agent failed: completion stays silent (the store logs load errors).
      return undefined;
    } finally {
      cancel.dispose();
    }
  }
}
