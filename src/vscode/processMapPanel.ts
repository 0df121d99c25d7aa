/**
 * The "Process Map" editor panel (one at a time): it reads the chosen log the way training
 * reads it (remembered CSV columns and OCEL object type, asked for where needed), keeps a
 * MapSession for it, answers `ready` with the full state, a slider move with a new layout only,
 * and the candidate buttons with an untitled pspec or a BPMN file. Insights (critical path,
 * variants, candidates) follow the map when they are computed; every incoming message passes
 * the one runtime guard first. After a window reload VS Code hands the panel back to the
 * serializer with what the page kept (log, sliders, mode, variant), and the panel reads that log again.
 */
import * as vscode from 'vscode';
import { readLog } from '../core/log/read';
import { computeInsights } from '../core/insight/insights';
import type { HostToMap, MapPanelMemory, MapPanelState, MapToHost } from '../protocol';
import { exportCandidateBpmn, openCandidateAsSpec } from './candidateActions';
import { Disposable } from './disposable';
import { formatOf, type FoundLog } from './logDiscovery';
import { DEFAULT_ABSTRACTION, specSteps, TOP_VARIANTS } from './mapModel';
import { MapSession } from './mapSession';
import { describeError } from './output';
import { processMapHtml } from './processMapHtml';
import { agentDirOf } from './settings';
import { SpecTracker } from './specTracker';
import { requireTrust, type TrainDeps } from './trainFlow';
import { logReadOptions } from './workspaceLogs';
import { parseMapMemory, parseMapMessage } from './webviewGuard';
import { webviewRoots } from './webviewHtml';

export const PROCESS_MAP_VIEW_TYPE = 'processAgent.processMap';

export class ProcessMapPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private session: MapSession | undefined;
  private loading: AbortController | undefined;
  private notice: string | undefined;
  private insightsTimer: NodeJS.Timeout | undefined;
  /** The latest slider request, so an older one still being answered stops early. */
  private latestSeq = -1;
  private readonly specs = this.register(new SpecTracker());
  /** What a panel restored after a reload showed, until its log is read again. */
  private memory: MapPanelMemory | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: TrainDeps,
  ) {
    super();
    this.register(this.specs.onDidChange(() => this.applySpec() && this.sendState()));
    // A newly trained agent gives validated confidences: recompute the candidates with it.
    this.register(deps.store.onDidChange(() => this.scheduleInsights()));
    this.register({ dispose: () => (clearTimeout(this.insightsTimer), this.loading?.abort(), this.panel?.dispose()) });
    this.register(vscode.window.registerWebviewPanelSerializer(PROCESS_MAP_VIEW_TYPE, { deserializeWebviewPanel: (panel, state) => this.restore(panel, state) }));
  }

  /** A panel VS Code brings back after a window reload, with the state its page kept (untrusted). */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.memory = parseMapMemory(state);
    this.adopt(panel);
    if (!vscode.workspace.isTrusted) {
      this.sendState();
      return;
    }
    const log = this.memory?.log === undefined ? undefined : (await this.deps.logs.list()).find((l) => l.rel === this.memory!.log);
    if (log) await this.load(log);
    else {
      this.notice = this.memory?.log ? `${this.memory.log} is no longer among the workspace's logs: choose one above.` : 'Choose a log above.';
      this.memory = undefined;
      this.sendState();
    }
  }

  /** Opens (or reveals) the panel on a log: a file (explorer menu), a listed path (sidebar), or the person's pick. */
  async show(target?: vscode.Uri | string): Promise<void> {
    if (!(await requireTrust('The Process Map'))) return;
    const log = await this.chooseLog(target);
    if (!log) return;
    this.reveal();
    if (this.session?.log !== log.rel || this.notice) await this.load(log);
    else this.sendState();
  }

  private async chooseLog(target: vscode.Uri | string | undefined): Promise<FoundLog | undefined> {
    const all = await this.deps.logs.list();
    if (target instanceof vscode.Uri) {
      const listed = all.find((l) => l.uri.fsPath === target.fsPath);
      if (listed) return listed;
      // A log outside the include globs, opened from the explorer: read it all the same.
      const stat = await vscode.workspace.fs.stat(target);
      return { uri: target, rel: vscode.workspace.asRelativePath(target, false), format: formatOf(target.path), bytes: stat.size };
    }
    if (typeof target === 'string') return all.find((l) => l.rel === target);
    if (this.session) return all.find((l) => l.rel === this.session!.log) ?? all[0];
    if (all.length <= 1) {
      if (all.length === 0) void vscode.window.showWarningMessage(`Process Agent: no event logs found matching "${this.deps.settings().logsInclude}".`);
      return all[0];
    }
    const pick = await vscode.window.showQuickPick(
      all.map((l) => ({ label: l.rel, description: `${l.format.toUpperCase()} · ${(l.bytes / 1024).toFixed(0)} KiB`, log: l })),
      { title: 'Process Agent: show the process map of…', ignoreFocusOut: true },
    );
    return pick?.log;
  }

  private reveal(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    this.adopt(vscode.window.createWebviewPanel(PROCESS_MAP_VIEW_TYPE, 'Process Map', vscode.ViewColumn.Active, {}));
  }

  /** Makes `panel` (new, or restored after a reload) this panel: options, page, message wiring. */
  private adopt(panel: vscode.WebviewPanel): void {
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activity.svg');
    panel.webview.html = processMapHtml(panel.webview, this.extensionUri);
    const sub = panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      sub.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.loading?.abort();
        this.session = undefined;
      }
    });
    this.panel = panel;
  }

  private async load(log: FoundLog): Promise<void> {
    this.loading?.abort();
    const abort = (this.loading = new AbortController());
    this.session = undefined;
    this.notice = `Reading ${log.rel}…`;
    this.sendState();
    try {
      const columns = await this.deps.logs.mappings.resolve(log, true);
      const objectType = columns === null ? null : await this.deps.logs.objectTypes.resolve(log, true);
      if (columns === null || objectType === null) {
        this.notice = `No map: choosing how to read ${log.rel} was cancelled.`;
        return;
      }
      const { cases } = await readLog(log.uri.fsPath, { ...logReadOptions(columns, objectType), signal: abort.signal });
      if (abort.signal.aborted) return;
      this.session = new MapSession(log.rel, cases);
      if (this.memory?.log === log.rel) this.session.restore(this.memory);
      this.memory = undefined;
      this.notice = cases.length === 0 ? `${log.rel} holds no cases.` : undefined;
      this.applySpec();
      void this.computeInsights(this.session, abort.signal);
    } catch (e) {
      if (!abort.signal.aborted) this.notice = `Could not read ${log.rel}: ${describeError(e)}`;
    } finally {
      if (!abort.signal.aborted) this.sendState();
    }
  }

  private scheduleInsights(): void {
    clearTimeout(this.insightsTimer);
    this.insightsTimer = setTimeout(() => {
      if (this.session && this.loading && !this.session.insightsPending) void this.computeInsights(this.session, this.loading.signal);
    }, 1000);
  }

  private async computeInsights(session: MapSession, signal: AbortSignal): Promise<void> {
    session.insightsPending = true;
    const agentDir = this.deps.store.exists() ? agentDirOf(this.deps.settings()) : undefined;
    try {
      const insights = await computeInsights(session.cases, { agentDir, topVariants: TOP_VARIANTS, signal });
      if (signal.aborted || this.session !== session) return;
      session.setInsights(insights);
    } catch (e) {
      session.insightsPending = false;
      if (signal.aborted) return;
      this.deps.output.error(`process insights for ${session.log} failed: ${describeError(e)}`);
      this.notice = `Insights failed: ${describeError(e)}`;
    }
    this.sendState();
  }

  /** Lays the tracked spec over the shown log; true when there is a session to redraw. */
  private applySpec(): boolean {
    if (!this.session) return false;
    const spec = this.specs.current();
    this.session.setSpec(spec && { name: spec.name, steps: specSteps(spec.text, spec.format, this.session.activities) });
    return true;
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseMapMessage(raw);
    if (!message) {
      this.deps.output.warn(`process map sent an unexpected message; ignored: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      await this.handle(message);
    } catch (e) {
      this.deps.output.error(`process map action "${message.type}" failed: ${describeError(e)}`);
      void vscode.window.showErrorMessage(`Process Agent: ${describeError(e)}`);
    }
  }

  private async handle(m: MapToHost): Promise<void> {
    const s = this.session;
    switch (m.type) {
      case 'ready':
        this.sendState();
        return;
      case 'setAbstraction': {
        if (!s) return;
        this.latestSeq = m.seq;
        s.setAbstraction(m.activities, m.paths);
        // The layout is most of a slider move's time: first redraw at the old positions when it can.
        const quick = s.hasLayout() ? undefined : s.quickLayout();
        if (quick) {
          await this.panel?.webview.postMessage({ type: 'layout', seq: m.seq, map: quick.map, hostMs: quick.hostMs, provisional: true } satisfies HostToMap);
          if (this.latestSeq !== m.seq || this.session !== s) return;
        }
        const { map, hostMs } = s.layout();
        this.post({ type: 'layout', seq: m.seq, map, hostMs: hostMs + (quick?.hostMs ?? 0) });
        return;
      }
      case 'setMode':
        if (s) s.mode = m.mode;
        return;
      case 'filterVariant':
        s?.setVariant(m.index ?? undefined);
        this.sendState();
        return;
      case 'openCandidateAsSpec':
      case 'exportCandidateBpmn': {
        const c = s?.candidate(m.index);
        if (!c) return;
        await (m.type === 'openCandidateAsSpec' ? openCandidateAsSpec(c) : exportCandidateBpmn(c));
        return;
      }
      case 'chooseLog':
        await this.show(m.path);
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled process map message ${JSON.stringify(never)}`);
      }
    }
  }

  private sendState(): void {
    if (!this.panel) return;
    void this.deps.logs.list().then((logs) => {
      const base = { trusted: vscode.workspace.isTrusted, logs: logs.map((l) => l.rel) };
      const state: MapPanelState = this.session ? { ...base, ...this.session.state() } : { ...base, ...(this.memory?.log ? { log: this.memory.log } : {}), abstraction: { ...(this.memory?.abstraction ?? DEFAULT_ABSTRACTION) }, mode: this.memory?.mode ?? 'frequency' };
      if (this.notice) state.notice = this.notice;
      this.post({ type: 'state', state });
    });
  }

  private post(message: HostToMap): void {
    void this.panel?.webview.postMessage(message);
  }
}
