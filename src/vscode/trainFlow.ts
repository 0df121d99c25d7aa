/**
 * Train / Fine-tune / Search from the editor: find and pick logs, resolve CSV columns, start
 * the run in the worker behind a cancellable progress notification, and end with the accuracy
 * beside the best baseline (and a button to the dashboard).
 */
import * as vscode from 'vscode';
import { trainConfig } from '../core/train/defaults';
import type { ReadOptions } from '../core/log/types';
import type { LogReading } from '../core/train/types';
import type { EvalReport } from '../core/eval/types';
import type { AgentStore } from './agentStore';
import { bestBaseline } from './agentStore';
import type { FoundLog } from './logDiscovery';
import { pickLogs } from './logDiscovery';
import { describeError, type Output } from './output';
import { agentDirOf, trainOverrides, type ExtensionSettings } from './settings';
import { describeProgress } from './statusBar';
import type { RunKind, RunOutcome, TrainingSession } from './trainingSession';
import { logReadOptions, type WorkspaceLogs } from './workspaceLogs';
import { COMMANDS } from './commandIds';

const LAST_LOGS_KEY = 'processAgent.lastLogs';
const VERBS: Record<RunKind, string> = { train: 'Training', 'fine-tune': 'Fine-tuning', search: 'Hyperparameter search' };
export const OPEN_DASHBOARD = 'Open Dashboard';

export interface TrainDeps {
  settings(): ExtensionSettings;
  logs: WorkspaceLogs;
  store: AgentStore;
  session: TrainingSession;
  output: Output;
  state: vscode.Memento;
}

/** In a restricted workspace nothing is read or trained; say so once, clearly, with the way out. */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `Process Agent: ${what} is disabled in Restricted Mode, because it reads the event logs in this workspace. Trust the workspace to use it.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/**
 * How the run reads each log: its CSV columns and OCEL object type, asked for where needed
 * (unless `ask` is false: a quiet run uses what is remembered, else the readers' defaults), so
 * logs with different columns or object types train together. Null when the person cancelled.
 */
async function askReading(deps: TrainDeps, logs: FoundLog[], ask: boolean): Promise<LogReading | null> {
  const byLog: Record<string, Omit<ReadOptions, 'signal'>> = {};
  for (const log of logs) {
    const columns = await deps.logs.mappings.resolve(log, ask);
    if (columns === null) return null;
    const objectType = await deps.logs.objectTypes.resolve(log, ask);
    if (objectType === null) return null;
    if (columns || objectType) byLog[log.uri.fsPath] = logReadOptions(columns, objectType);
  }
  return Object.keys(byLog).length > 0 ? { byLog } : {};
}

/** Fine-tuning is for new or changed logs: those modified after the last saved run (else the last choice). */
async function changedSinceLastRun(deps: TrainDeps, logs: FoundLog[]): Promise<string[]> {
  const last = Date.parse(deps.store.history()[0]?.at ?? '');
  const changed: string[] = [];
  if (Number.isFinite(last)) {
    for (const l of logs) {
      const stat = await vscode.workspace.fs.stat(l.uri).then((s) => s, () => undefined);
      if (stat && stat.mtime > last) changed.push(l.rel);
    }
  }
  return changed.length > 0 ? changed : deps.state.get<string[]>(LAST_LOGS_KEY, []);
}

export function summaryLine(report: EvalReport): string {
  const best = bestBaseline(report);
  const name = best.name === 'ngram' ? 'n-gram' : best.name;
  return `accuracy ${(100 * report.agent.accuracy).toFixed(1)}% vs best baseline ${name} ${(100 * best.accuracy).toFixed(1)}% (${report.protocol.description})`;
}

export interface RunInputs {
  settings: ExtensionSettings;
  agentDir: string;
  logs: FoundLog[];
  /** How each log of the run is read: CSV columns, OCEL object type. */
  read: LogReading;
}

/**
 * Everything a run needs before it starts, asked in order and stopping quietly when the person
 * cancels: trust, no other run, a folder, an agent (fine-tune), logs, the CSV columns, the OCEL object type.
 */
export async function chooseInputs(deps: TrainDeps, kind: RunKind, options: { quiet?: boolean; onlyLogs?: string[] } = {}): Promise<RunInputs | undefined> {
  const verb = VERBS[kind];
  if (!(await requireTrust(verb))) return undefined;
  if (deps.session.running) {
    if (!options.quiet) void vscode.window.showInformationMessage('Process Agent: a training run is already going.', OPEN_DASHBOARD).then((c) => c && vscode.commands.executeCommand(COMMANDS.openDashboard));
    return undefined;
  }
  const settings = deps.settings();
  const agentDir = agentDirOf(settings);
  if (!agentDir) {
    void vscode.window.showErrorMessage('Process Agent: open a folder first; the agent is saved inside the workspace.');
    return undefined;
  }
  if (kind === 'fine-tune' && !deps.store.exists()) {
    const train = 'Train Agent';
    if ((await vscode.window.showWarningMessage('Process Agent: there is no agent to fine-tune yet. Train one first.', train)) === train) await vscode.commands.executeCommand(COMMANDS.train);
    return undefined;
  }
  const all = await deps.logs.list(true);
  if (all.length === 0) {
    const open = 'Open Settings';
    const choice = await vscode.window.showWarningMessage(`Process Agent: no event logs found matching "${settings.logsInclude}".`, open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'processAgent.logs');
    return undefined;
  }
  const previous = kind === 'fine-tune' ? await changedSinceLastRun(deps, all) : deps.state.get<string[]>(LAST_LOGS_KEY, []);
  const chosen = options.onlyLogs ? all.filter((l) => options.onlyLogs!.includes(l.rel)) : await pickLogs(all, previous, `Process Agent: ${verb} on…`);
  if (!chosen || chosen.length === 0) return undefined;
  await deps.state.update(LAST_LOGS_KEY, chosen.map((l) => l.rel));
  // A quiet run (auto fine-tune) starts without anyone at the keyboard: it never pops a question up.
  const read = await askReading(deps, chosen, !options.quiet);
  if (read === null) return undefined;
  return { settings, agentDir, logs: chosen, read };
}

/** Runs a training/fine-tune in the worker; returns undefined when it did not start or was cancelled. */
export async function runTraining(deps: TrainDeps, kind: Exclude<RunKind, 'search'>, options: { quiet?: boolean; onlyLogs?: string[] } = {}): Promise<RunOutcome | undefined> {
  const verb = VERBS[kind];
  const inputs = await chooseInputs(deps, kind, options);
  if (!inputs) return undefined;
  const { settings, agentDir, logs: chosen, read } = inputs;
  const config = trainConfig(trainOverrides(settings));
  deps.output.info(`${verb} on ${chosen.map((l) => l.rel).join(', ')} → ${agentDir} (${JSON.stringify(config)})`);
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Process Agent: ${verb.toLowerCase()}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => deps.session.stop());
        let shown = 0;
        const sub = deps.session.onProgress(({ progress: p }) => {
          const done = p.totalSteps > 0 ? Math.min(100, (100 * p.step) / p.totalSteps) : 0;
          progress.report({ message: describeProgress(p), increment: Math.max(0, done - shown) });
          shown = Math.max(shown, done);
        });
        try {
          return await deps.session.run(kind, {
            logs: chosen.map((l) => l.uri.fsPath),
            agentDir,
            config,
            fineTune: kind === 'fine-tune',
            ...(Object.keys(read).length > 0 ? { read } : {}),
          });
        } finally {
          sub.dispose();
        }
      },
    );
    deps.store.invalidate();
    if (outcome.result.cancelled) {
      deps.output.info(`${verb} cancelled after ${outcome.result.epochsRun} epochs; the previous agent is unchanged.`);
      if (!options.quiet) void vscode.window.showInformationMessage(`Process Agent: ${verb.toLowerCase()} cancelled; the previous agent is unchanged.`);
      return undefined;
    }
    const line = outcome.report
      ? summaryLine(outcome.report)
      : `best validation accuracy ${(100 * outcome.result.bestValidationAccuracy).toFixed(1)}% (no held-out test cases, so no baseline comparison)`;
    const features = outcome.result.features?.used.length ? `; input features ${outcome.result.features.used.join(' + ')}` : '';
    deps.output.info(`${verb} done in ${outcome.result.seconds.toFixed(1)} s on ${outcome.result.device}: ${line}${features}`);
    void vscode.window.showInformationMessage(`Process Agent: agent ${kind === 'fine-tune' ? 'fine-tuned' : 'trained'}: ${line}.`, OPEN_DASHBOARD).then((c) => c && vscode.commands.executeCommand(COMMANDS.openDashboard));
    return outcome;
  } catch (e) {
    deps.output.error(`${verb} failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Process Agent: ${verb.toLowerCase()} failed: ${describeError(e)}`);
    return undefined;
  }
}
