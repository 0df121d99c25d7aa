/**
 * Which documents are process specs, for every editor feature alike: by file name (so
 * `*.process.md` is a spec and `README.md` is not), plus the processspec and mermaid languages.
 */
import * as vscode from 'vscode';
import { specFormatOf, type SpecFormat } from '../core/spec';

const PATTERNS = ['**/*.pspec', '**/*.process.md', '**/*.process.{yaml,yml}', '**/*.{bpmn,bpmn20.xml}', '**/*.{mmd,mermaid}'];

/** Spec files on disk (by name or language), and unsaved ones in the spec languages. */
export const SPEC_SELECTOR: vscode.DocumentSelector = [
  ...PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  ...['file', 'untitled', 'vscode-remote'].flatMap((scheme) => [{ scheme, language: 'processspec' }, { scheme, language: 'mermaid' }]),
  ...PATTERNS.map((pattern) => ({ scheme: 'vscode-remote', pattern })),
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
