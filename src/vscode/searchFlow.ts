/**
 * Search Hyperparameters: random search with successive halving (core/agent/search.ts) in the
 * worker, within a budget the person picks; trials are listed in the output channel and the
 * progress notification, and the winner is trained in full and saved as the agent.
 */
import * as vscode from 'vscode';
import { trainConfig } from '../core/train/defaults';
import type { SearchTrial } from '../protocol';
import { describeError } from './output';
import { trainOverrides } from './settings';
import { chooseInputs, OPEN_DASHBOARD, summaryLine, type TrainDeps } from './trainFlow';
import { describeProgress } from './statusBar';
import { COMMANDS } from './commandIds';

const BUDGETS: (vscode.QuickPickItem & { trials?: number; minutes?: number })[] = [
  { label: '9 trials', description: 'quick: 9 random configurations, successive halving', trials: 9 },
  { label: '27 trials', description: 'thorough', trials: 27 },
  { label: '15 minutes', description: 'as many trials as fit', minutes: 15 },
  { label: '60 minutes', description: 'as many trials as fit', minutes: 60 },
];

function describeTrial(r: SearchTrial): string {
  return `trial ${r.trial + 1} · rung ${r.rung} · ${r.preset}, lr ${r.learningRate}, dropout ${r.dropout}, wd ${r.weightDecay}, ${r.tokenizer} · ${r.epochs} epochs → validation ${(100 * r.validationAccuracy).toFixed(1)}% (${r.seconds.toFixed(0)} s)`;
}

export async function searchHyperparameters(deps: TrainDeps): Promise<void> {
  const inputs = await chooseInputs(deps, 'search');
  if (!inputs) return;
  const budget = await vscode.window.showQuickPick(BUDGETS, { title: 'Process Agent: search budget', placeHolder: 'Each trial trains a model; the winner is then trained in full and saved as the agent.' });
  if (!budget) return;
  const base = trainConfig(trainOverrides(inputs.settings));
  deps.output.info(`hyperparameter search (${budget.label}) on ${inputs.logs.map((l) => l.rel).join(', ')} → ${inputs.agentDir}`);
  let cancelled = false;
  try {
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Process Agent: searching hyperparameters', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => {
          cancelled = true;
          deps.session.stop();
        });
        const sub = deps.session.onProgress(({ progress: p }) => progress.report({ message: `best config, full training: ${describeProgress(p)}` }));
        try {
          return await deps.session.search(
            { logs: inputs.logs.map((l) => l.uri.fsPath), agentDir: inputs.agentDir, base, trials: budget.trials, minutes: budget.minutes, ...(Object.keys(inputs.read).length > 0 ? { read: inputs.read } : {}) },
            (row) => {
              deps.output.info(describeTrial(row));
              progress.report({ message: describeTrial(row) });
            },
          );
        } finally {
          sub.dispose();
        }
      },
    );
    deps.store.invalidate();
    const b = found.best;
    const line = `best ${b.preset}, lr ${b.learningRate}, dropout ${b.dropout}, weight decay ${b.weightDecay}, ${b.tokenizer} tokenizer (validation ${(100 * found.bestValidationAccuracy).toFixed(1)}%)${found.report ? `; saved agent: ${summaryLine(found.report)}` : ''}`;
    deps.output.info(`search done${found.stoppedByBudget ? ' (time budget reached)' : ''}: ${line}`);
    void vscode.window.showInformationMessage(`Process Agent: search done: ${line}.`, OPEN_DASHBOARD).then((c) => c && vscode.commands.executeCommand(COMMANDS.openDashboard));
  } catch (e) {
    if (cancelled) {
      deps.output.info('hyperparameter search cancelled; the previous agent is unchanged');
      void vscode.window.showInformationMessage('Process Agent: search cancelled; the previous agent is unchanged.');
      return;
    }
    deps.output.error(`hyperparameter search failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Process Agent: hyperparameter search failed: ${describeError(e)}`);
  }
}
