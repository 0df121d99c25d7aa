/** Builds the dashboard's full state, and carries out what its buttons and fields ask for. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PRESETS } from '../core/model/config';
import type { DashboardState, WebviewToHost } from '../protocol';
import { trustOf } from './dashboardTrust';
import type { DashboardSource } from './sidebarView';
import { agentDirOf, dashboardSettings, SECTION } from './settings';
import type { TrainDeps } from './trainFlow';
import { COMMANDS } from './commandIds';

export class Dashboard implements DashboardSource {
  private notice: string | undefined;

  constructor(private readonly deps: TrainDeps) {}

  setNotice(notice: string | undefined): void {
    this.notice = notice;
  }

  async state(): Promise<DashboardState> {
    const { store, session, logs } = this.deps;
    const settings = this.deps.settings();
    const trusted = vscode.workspace.isTrusted;
    const dir = agentDirOf(settings);
    const loaded = store.exists() ? await store.get() : undefined;
    const { training, curves: live } = session.snapshot();
    const saved = !training.running && live.train.length === 0 && live.validation.length === 0 ? store.lastCurves() : undefined;
    const curves = saved ? { ...saved, unit: 'epoch' as const } : { ...live, unit: 'step' as const };
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return {
      trusted,
      logs: trusted ? await logs.summaries() : [],
      settings: dashboardSettings(settings),
      presets: Object.keys(PRESETS),
      training,
      curves,
      agent: { exists: store.exists(), folder: dir && root ? path.relative(root, dir) || '.' : settings.agentFolder, activities: loaded?.agent.activities.length ?? 0 },
      report: store.report(),
      trust: trustOf(store.report(), store.lastBaselineCheck()),
      history: store.history(),
      notice: trusted ? this.notice : 'Restricted Mode: Process Agent does not read logs or train here. Trust the workspace to enable training.',
    };
  }

  async handle(m: Exclude<WebviewToHost, { type: 'ready' }>): Promise<void> {
    switch (m.type) {
      case 'train':
        await vscode.commands.executeCommand(COMMANDS.train);
        return;
      case 'stop':
        await vscode.commands.executeCommand(COMMANDS.stop);
        return;
      case 'evaluate':
        await vscode.commands.executeCommand(COMMANDS.evaluate);
        return;
      case 'refreshLogs':
        await this.deps.logs.list(true);
        return;
      case 'setSetting': {
        // Written where the person works: the workspace when a folder is open, else the user settings.
        const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
        await vscode.workspace.getConfiguration(SECTION).update(m.key, m.value, target);
        return;
      }
      case 'showMap':
        // The path is checked against the listed logs by the panel, like openLog's.
        await vscode.commands.executeCommand(COMMANDS.showProcessMap, m.path);
        return;
      case 'openLog': {
        const found = (await this.deps.logs.list()).find((l) => l.rel === m.path);
        // Only a log we listed can be opened: the path comes from an untrusted frame.
        if (found) await vscode.commands.executeCommand('vscode.open', found.uri);
        return;
      }
      default: {
        const never: never = m;
        throw new Error(`unhandled dashboard message ${JSON.stringify(never)}`);
      }
    }
  }
}
