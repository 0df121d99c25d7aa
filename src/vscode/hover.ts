/**
 * Hover on a step: how likely this step is after its predecessors, and the agent's
 * distribution over what comes next.
 */
import * as vscode from 'vscode';
import { END_OF_CASE } from '../core/agent/types';
import { parserFor } from '../core/spec';
import type { AgentStore } from './agentStore';
import { formatOfDocument, signalOf } from './specDocuments';
import { outlook, type StepOutlook } from './stepAdvice';
import { timeSummary } from '../core/agent/duration';

const SHOWN = 5;

function bar(p: number): string {
  const n = Math.round(p * 10);
  return '█'.repeat(n) + '░'.repeat(10 - n);
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function hoverMarkdown(label: string, o: StepOutlook, usesUnknownSteps: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  if (o.activity === undefined) {
    md.appendMarkdown(`**${escape(label)}** is not an activity in the agent's logs; ${usesUnknownSteps ? 'its words are still used as context' : 'it is skipped when predicting'}.\n\n`);
  } else {
    md.appendMarkdown(`**${escape(o.activity)}** after its predecessors: ${(100 * (o.probability ?? 0)).toFixed(1)}%\n\n`);
  }
  md.appendMarkdown('| next step | probability | |\n|---|---:|---|\n');
  for (const n of o.next) {
    const name = n.activity === END_OF_CASE ? '*(end of case)*' : escape(n.activity);
    md.appendMarkdown(`| ${name} | ${(100 * n.probability).toFixed(1)}% | \`${bar(n.probability)}\` |\n`);
  }
  if (o.times) md.appendMarkdown(`\n${escape(timeSummary(o.times.nextEventInMs, o.times.remainingMs))}\n`);
  return md;
}

export class StepHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: AgentStore) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const format = formatOfDocument(doc);
    if (!format) return undefined;
    const loaded = await this.store.get();
    if (!loaded) return undefined;
    const step = parserFor(format).steps(doc.getText()).find((s) => s.line === pos.line && s.start <= pos.character && pos.character <= s.end);
    if (!step) return undefined;
    const cancel = signalOf(token);
    try {
      const o = await outlook(loaded, step, SHOWN, cancel.signal);
      return new vscode.Hover(hoverMarkdown(step.label, o, loaded.usesUnknownSteps), new vscode.Range(step.line, step.start, step.line, step.end));
    } catch {
      return undefined;
    } finally {
      cancel.dispose();
    }
  }
}
