import type * as vscode from 'vscode';

/** Wiring only: each feature lives in src/vscode/ and calls into src/core/. */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
