/**
 * The "Agent" webview view in the Process Agent sidebar. It draws nothing itself: on `ready`
 * (first load, or reload after being hidden, since retainContextWhenHidden is off) it sends
 * the full state, and while training it forwards progress in small batches. Every incoming
 * message passes the one runtime guard before anything acts on it.
 */
import * as vscode from 'vscode';
import type { CurvePoint, DashboardState, HostToWebview, WebviewToHost } from '../protocol';
import type { TrainProgress } from '../core/train/types';
import { dashboardHtml } from './dashboardHtml';
import { webviewRoots } from './webviewHtml';
import { Disposable } from './disposable';
import type { Output } from './output';
import type { TrainingSession } from './trainingSession';
import { parseWebviewMessage } from './webviewGuard';

export const DASHBOARD_VIEW_ID = 'processAgent.dashboard';

/** What the view needs from the rest of the extension. */
export interface DashboardSource {
  state(): Promise<DashboardState>;
  /** Acts on a validated message other than `ready`. */
  handle(message: Exclude<WebviewToHost, { type: 'ready' }>): Promise<void>;
}

/** Progress is batched to at most this many messages a second. */
const PROGRESS_INTERVAL_MS = 150;

export class SidebarView extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private pending: { progress?: TrainProgress; train: CurvePoint[]; validation: CurvePoint[] } = { train: [], validation: [] };
  private flushTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: DashboardSource,
    session: TrainingSession,
    private readonly output: Output,
  ) {
    super();
    this.register(vscode.window.registerWebviewViewProvider(DASHBOARD_VIEW_ID, this));
    this.register(
      session.onProgress(({ progress, point, validation }) => {
        this.pending.progress = progress;
        if (point) this.pending.train.push(point);
        if (validation) this.pending.validation.push(validation);
        this.flushTimer ??= setTimeout(() => this.flush(), PROGRESS_INTERVAL_MS);
      }),
    );
    this.register(session.onDidChangeState(() => this.refresh()));
    this.register({ dispose: () => [this.flushTimer, this.refreshTimer].forEach((t) => t && clearTimeout(t)) });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    view.webview.html = dashboardHtml(view.webview, this.extensionUri);
    const sub = view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    view.onDidDispose(() => {
      sub.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.output.warn(`dashboard sent an unexpected message; ignored: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      if (message.type === 'ready') await this.sendState();
      else await this.source.handle(message);
    } catch (e) {
      this.output.error(`dashboard action "${message.type}" failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Re-sends the full state soon (several changes in a row collapse into one). */
  refresh(): void {
    if (!this.view) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.sendState(), 50);
  }

  /** Shows the view (the Open Dashboard command). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${DASHBOARD_VIEW_ID}.focus`);
  }

  private async sendState(): Promise<void> {
    if (!this.view) return;
    this.pending = { train: [], validation: [] };
    await this.post({ type: 'state', state: await this.source.state() });
  }

  private flush(): void {
    this.flushTimer = undefined;
    const { progress, train, validation } = this.pending;
    this.pending = { train: [], validation: [] };
    if (progress) void this.post({ type: 'progress', progress, train, validation });
  }

  private async post(message: HostToWebview): Promise<void> {
    await this.view?.webview.postMessage(message);
  }
}
