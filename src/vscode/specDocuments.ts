/**
 * Which documents are process specs, for every editor feature alike: by file name (so
 * `*.process.md` is a spec and `README.md` is not), plus the processspec and mermaid languages.
 */
import * as vscode from 'vscode';
import { specFormatOf, type SpecFormat } from '../core/agent/spec';

export const SPEC_SELECTOR: vscode.DocumentSelector = [
  { language: 'processspec' },
  { pattern: '**/*.pspec' },
  { pattern: '**/*.process.md' },
  { pattern: '**/*.process.{yaml,yml}' },
  { pattern: '**/*.{bpmn,bpmn20.xml}' },
  { pattern: '**/*.{mmd,mermaid}' },
  { language: 'mermaid' },
];

export function formatOfDocument(doc: vscode.TextDocument): SpecFormat | undefined {
  return specFormatOf(doc.fileName) ?? (doc.languageId === 'processspec' ? 'pspec' : doc.languageId === 'mermaid' ? 'mermaid' : undefined);
}

/** An AbortSignal that follows a VS Code cancellation token. */
export function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  if (token.isCancellationRequested) abort.abort();
  const sub = token.onCancellationRequested(() => abort.abort());
  return { signal: abort.signal, dispose: () => sub.dispose() };
}
