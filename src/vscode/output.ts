import * as vscode from 'vscode';

/** The "Process Agent" output channel: one place for what happened and why. */
export type Output = vscode.LogOutputChannel;

export function createOutput(): Output {
  return vscode.window.createOutputChannel('Process Agent', { log: true });
}

/** A message for people from any thrown value (LogError already names file and line). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
