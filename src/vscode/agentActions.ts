/**
 * The agent commands besides training: Evaluate, Predict Next Steps, Export as ONNX, Reset.
 * Each calls the core directly (never the CLI) and reports in plain words.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { END_OF_CASE } from '../core/agent/types';
import { parserFor, specFormatOf, type SpecFormat } from '../core/spec';
import { agentPaths, readJson } from '../core/train/agentDir';
import { saveEvalReport } from '../core/agent/evalReports';
import type { SavedSplit } from '../core/train/logInput';
import { exportAgent } from '../core/agent/exportAgent';
import type { EvalReport } from '../core/eval/types';
import { describeError } from './output';
import { stepLinesAfter } from './stepAdvice';
import { agentDirOf } from './settings';
import { OPEN_DASHBOARD, requireTrust, summaryLine, type TrainDeps } from './trainFlow';
import { COMMANDS } from './commandIds';

async function needAgent(deps: TrainDeps): Promise<string | undefined> {
  const dir = agentDirOf(deps.settings());
  if (dir && deps.store.exists()) return dir;
  const train = 'Train Agent';
  if ((await vscode.window.showWarningMessage('Process Agent: no agent is trained in this workspace yet.', train)) === train) await vscode.commands.executeCommand(COMMANDS.train);
  return undefined;
}

export async function evaluate(deps: TrainDeps): Promise<EvalReport | undefined> {
  if (!(await requireTrust('Evaluation'))) return undefined;
  const dir = await needAgent(deps);
  if (!dir) return undefined;
  const saved = readJson<SavedSplit>(agentPaths(dir).split);
  if (!saved || saved.logs.length === 0) {
    void vscode.window.showErrorMessage(`Process Agent: ${dir} does not say which logs it was trained on (split.json is missing); train it again.`);
    return undefined;
  }
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Process Agent: evaluating on held-out cases', cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const s = deps.settings();
        // Required here, not at the top: it pulls in onnxruntime, which must not load at activation.
        const { evaluateAgentDir } = require('../core/agent/evaluateDir') as typeof import('../core/agent/evaluateDir');
        return evaluateAgentDir(dir, saved.logs[0], { threads: s.threads, signal: abort.signal, onLog: (m) => deps.output.info(m) });
      },
    );
    saveEvalReport(dir, report);
    deps.output.info(`evaluation: ${summaryLine(report)}`);
    void vscode.window.showInformationMessage(`Process Agent: ${summaryLine(report)}.`, OPEN_DASHBOARD).then((c) => c && vscode.commands.executeCommand(COMMANDS.openDashboard));
    return report;
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') return undefined;
    deps.output.error(`evaluation failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Process Agent: evaluation failed: ${describeError(e)}`);
    return undefined;
  }
}

/** Where predicted steps can go: after the selected steps in a spec editor. */
interface InsertTarget {
  editor: vscode.TextEditor;
  format: SpecFormat;
  /** The last selected line (a selection ending at column 0 of the next line does not take that line). */
  afterLine: number;
}

/** Steps from the editor selection (parsed as the file's spec format), or typed into an input box. */
async function stepsToPredictFrom(): Promise<{ steps: string[]; target?: InsertTarget } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    const text = editor.document.getText(editor.selection);
    const format = specFormatOf(editor.document.fileName);
    let steps = format ? parserFor(format).steps(text).map((s) => s.label) : [];
    if (steps.length === 0) steps = parserFor('pspec').steps(text).map((s) => s.label);
    const { start, end } = editor.selection;
    const afterLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    if (steps.length > 0) return { steps, target: format ? { editor, format, afterLine } : undefined };
  }
  const typed = await vscode.window.showInputBox({
    title: 'Process Agent: Predict Next Steps',
    prompt: 'The steps so far, separated by "->" or commas (empty: the first step of a case)',
    placeHolder: 'Submit application -> Check documents',
    ignoreFocusOut: true,
  });
  if (typed === undefined) return undefined;
  return { steps: typed.split(/->|→|,|\n/).map((s) => s.trim()).filter((s) => s !== '') };
}

/** Writes `steps` after the target's selection as the spec's own step lines; false when the format takes none there. */
async function insertSteps(target: InsertTarget, steps: readonly string[]): Promise<boolean> {
  const { editor, format, afterLine } = target;
  const block = stepLinesAfter(format, editor.document.getText(), afterLine, steps);
  if (block === undefined) return false;
  const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const end = editor.document.lineAt(afterLine).range.end;
  return editor.edit((b) => b.insert(end, block.replace(/\n/g, eol)));
}

export async function predict(deps: TrainDeps): Promise<void> {
  if (!(await needAgent(deps))) return;
  const asked = await stepsToPredictFrom();
  if (asked === undefined) return;
  const loaded = await deps.store.get();
  if (!loaded) {
    void vscode.window.showErrorMessage('Process Agent: the agent could not be loaded; see the Process Agent output.');
    return;
  }
  const { steps: prefix } = loaded.matcher.canonical(asked.steps);
  const prediction = await loaded.agent.predictNext(prefix, 5);
  const suffix = await loaded.agent.predictSuffix(prefix, 3, 30);
  const label = (a: string) => (a === END_OF_CASE ? '(end of case)' : a);
  deps.output.info(`predict after [${prefix.join(' → ')}]: ${prediction.next.map((n) => `${label(n.activity)} ${(100 * n.probability).toFixed(1)}%`).join(', ')}; likely rest: ${suffix.steps.join(' → ') || '(end)'}`);
  type Item = vscode.QuickPickItem & { steps?: string[] };
  const items: Item[] = [
    ...prediction.next.map((n) => ({ label: `$(arrow-right) ${label(n.activity)}`, description: `${(100 * n.probability).toFixed(1)}%`, steps: n.activity === END_OF_CASE ? undefined : [n.activity] })),
    { label: 'Likely rest of the case', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(list-ordered) ${suffix.steps.join(' → ') || '(ends here)'}`, description: `beam search, p ≈ ${Math.exp(suffix.logProb).toPrecision(2)}`, steps: suffix.steps.length > 0 ? suffix.steps : undefined },
  ];
  const unknown = prediction.unknownSteps.length ? ` (unknown to the agent, skipped: ${prediction.unknownSteps.join(', ')})` : '';
  const where = asked.target ? 'insert it after the selection' : 'copy it to the clipboard';
  const chosen = await vscode.window.showQuickPick(items, { title: `Next after: ${prefix.slice(-3).join(' → ') || '(start)'}${unknown}`, placeHolder: `Pick one to ${where}` });
  if (!chosen?.steps) return;
  if (asked.target && (await insertSteps(asked.target, chosen.steps))) return;
  await vscode.env.clipboard.writeText(chosen.steps.join('\n'));
  vscode.window.setStatusBarMessage('Process Agent: copied to the clipboard', 3000);
}

export async function exportAgentAsOnnx(deps: TrainDeps): Promise<void> {
  const dir = await needAgent(deps);
  if (!dir) return;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Agent as ONNX',
    defaultUri: vscode.Uri.file(path.join(path.dirname(dir), 'process-agent.onnx')),
    filters: { 'ONNX model': ['onnx'] },
  });
  if (!target) return;
  try {
    const written = exportAgent(dir, target.fsPath);
    deps.output.info(`exported ${dir} → ${written.model} (+ ${written.tokenizer})`);
    void vscode.window.showInformationMessage(`Process Agent: exported to ${vscode.workspace.asRelativePath(written.model)} with its vocabulary ${path.basename(written.tokenizer)}.`);
  } catch (e) {
    deps.output.error(`export failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Process Agent: export failed: ${describeError(e)}`);
  }
}

export async function resetAgent(deps: TrainDeps): Promise<void> {
  const dir = agentDirOf(deps.settings());
  if (!dir || !fs.existsSync(dir)) {
    void vscode.window.showInformationMessage('Process Agent: there is no agent to reset.');
    return;
  }
  if (deps.session.running) {
    void vscode.window.showWarningMessage('Process Agent: stop the training run before resetting the agent.');
    return;
  }
  const remove = 'Delete Agent';
  const ok = await vscode.window.showWarningMessage(`Delete the agent in ${vscode.workspace.asRelativePath(dir)} (checkpoint, evaluation, run history)?`, { modal: true }, remove);
  if (ok !== remove) return;
  deps.store.invalidate();
  await vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: false });
  deps.store.invalidate();
  deps.output.info(`agent in ${dir} deleted`);
  void vscode.window.showInformationMessage('Process Agent: agent deleted.');
}
