/**
 * Hover on a step: how likely this step is after its predecessors, and the agent's
 * distribution over what comes next.
 */
import * as vscode from 'vscode';
import { END_OF_CASE } from '../core/agent/types';
import { parserFor, type SpecStep } from '../core/agent/spec';
import type { AgentStore, LoadedAgent } from './agentStore';
import { formatOfDocument, signalOf } from './specDocuments';

const SHOWN = 5;

function bar(p: number): string {
  const n = Math.round(p * 10);
  return '█'.repeat(n) + '░'.repeat(10 - n);
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export async function hoverMarkdown(loaded: LoadedAgent, step: SpecStep, signal?: AbortSignal): Promise<vscode.MarkdownString> {
  const before = loaded.matcher.canonical(step.before).steps;
  const self = loaded.matcher.match(step.label);
  const md = new vscode.MarkdownString();
  if (self === undefined) {
    md.appendMarkdown(`**${escape(step.label)}** is not an activity in the agent's logs; ${loaded.usesUnknownSteps ? 'its words are still used as context' : 'it is skipped when predicting'}.\n\n`);
  } else {
    const here = await loaded.predict(before, loaded.agent.activities.length + 1, signal);
    const p = here.next.find((n) => n.activity === self)?.probability ?? 0;
    md.appendMarkdown(`**${escape(self)}** after its predecessors: ${(100 * p).toFixed(1)}%\n\n`);
  }
  const next = await loaded.predict([...before, self ?? step.label], SHOWN, signal);
  md.appendMarkdown('| next step | probability | |\n|---|---:|---|\n');
  for (const n of next.next) {
    const name = n.activity === END_OF_CASE ? '*(end of case)*' : escape(n.activity);
    md.appendMarkdown(`| ${name} | ${(100 * n.probability).toFixed(1)}% | \`${bar(n.probability)}\` |\n`);
  }
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
      const md = await hoverMarkdown(loaded, step, cancel.signal);
      return new vscode.Hover(md, new vscode.Range(step.line, step.start, step.line, step.end));
    } catch {
      return undefined;
    } finally {
      cancel.dispose();
    }
  }
}
