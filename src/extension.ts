// First, before anything can load onnxruntime: see core/noTelemetry.ts.
import './core/noTelemetry';
import * as vscode from 'vscode';
import { AgentStore } from './vscode/agentStore';
import { AutoFineTune } from './vscode/autoFineTune';
import { registerCommands } from './vscode/commands';
import { CsvMappings } from './vscode/csvMapping';
import { OcelObjectTypes } from './vscode/ocelObjectType';
import { Dashboard } from './vscode/dashboardSource';
import { FirstEditTrigger } from './vscode/firstEditTrigger';
import { StepHints } from './vscode/hints';
import { StepHoverProvider } from './vscode/hover';
import { StepCompletionProvider } from './vscode/inlineCompletion';
import { createOutput } from './vscode/output';
import { agentDirOf, readSettings, SECTION, type ExtensionSettings } from './vscode/settings';
import { ProcessMapPanel } from './vscode/processMapPanel';
import { SidebarView } from './vscode/sidebarView';
import { searchHyperparameters } from './vscode/searchFlow';
import { SPEC_SELECTOR } from './vscode/specDocuments';
import { TrainingStatusBar } from './vscode/statusBar';
import { TrainingSession } from './vscode/trainingSession';
import type { TrainDeps } from './vscode/trainFlow';
import { WorkspaceLogs } from './vscode/workspaceLogs';

/** Wiring only: each feature lives in src/vscode/ and calls into src/core/. */
export function activate(context: vscode.ExtensionContext): void {
  const output = createOutput();
  let settings: ExtensionSettings = readSettings();
  const current = () => settings;
  // The editor's agent runs on the CPU: small models answer in milliseconds there, and the
  // extension host should not hold a GPU context. Training honours the device setting.
  // onnxruntime (native) loads on first use, not at activation: if it cannot load, the commands
  // still register and the error is reported where the agent is needed.
  const load = async (dir: string) => (require('./core/agent/loadAgent') as typeof import('./core/agent/loadAgent')).loadAgent(dir, { device: 'cpu', threads: Math.min(2, settings.threads || 2), log: (m) => output.info(m) });
  const store = new AgentStore(agentDirOf(settings), load, output);
  const session = new TrainingSession((level, message) => (level === 'warn' ? output.warn(message) : output.info(message)));
  const logs = new WorkspaceLogs(settings, new CsvMappings(context.workspaceState), new OcelObjectTypes(context.workspaceState));
  const deps: TrainDeps = { settings: current, logs, store, session, output, state: context.workspaceState };
  const dashboard = new Dashboard(deps);
  const sidebar = new SidebarView(context.extensionUri, dashboard, session, output);
  const hints = new StepHints(store, current);
  const processMap = new ProcessMapPanel(context.extensionUri, deps);

  context.subscriptions.push(
    output, store, session, logs, sidebar, hints, processMap,
    new TrainingStatusBar(session),
    new AutoFineTune(deps),
    registerCommands(deps, sidebar, () => searchHyperparameters(deps), (log) => processMap.show(log)),
    vscode.languages.registerInlineCompletionItemProvider(SPEC_SELECTOR, new StepCompletionProvider(store, current, output)),
    new FirstEditTrigger(current),
    vscode.languages.registerHoverProvider(SPEC_SELECTOR, new StepHoverProvider(store)),
    store.onDidChange(() => sidebar.refresh()),
    logs.onDidChange(() => sidebar.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => sidebar.refresh()),
    // One rebuild path for configuration: a fresh snapshot, then everything that depends on it.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      settings = readSettings();
      store.setFolder(agentDirOf(settings));
      logs.reconfigure(settings);
      hints.refreshAll();
      sidebar.refresh();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'processAgent.training', false);
}

export function deactivate(): void {}
