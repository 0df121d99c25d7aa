/**
 * The loaded agent, cached. Editor features ask for it on every keystroke, so it is loaded
 * once and kept until the agent folder changes (a file watcher drops the cache); asking never
 * touches the disk while the cache holds. With no agent trained, `get()` answers undefined
 * quietly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Agent } from '../core/agent/types';
import { toLoadedAgent, type LoadedAgent } from './loadedAgent';
import { agentPaths } from '../core/train/agentDir';
import type { EvalReport } from '../core/eval/types';
import type { CurvePoint, RunSummary } from '../protocol';
import { lastCurves, parseHistory, runSummaries, type HistoryLine } from './runHistory';
export { bestBaseline } from './runHistory';
import { Disposable } from './disposable';
import type { Output } from './output';
import { describeError } from './output';

export type AgentLoader = (agentDir: string) => Promise<Agent>;
export type { LoadedAgent };

/**
 * Runs one prediction per inference bucket a spec is likely to need (short prefixes), so the
 * sessions are compiled before the first keystroke asks, not during it. Errors are ignored:
 * the real request reports them.
 */
async function warmUp(agent: Agent): Promise<void> {
  const a = agent.activities[0];
  if (a === undefined) return;
  for (const length of [0, 8, 16]) {
    try {
      await agent.predictNext(new Array<string>(length).fill(a), 1);
    } catch {
      return;
    }
  }
}

export class AgentStore extends Disposable {
  private loading: Promise<LoadedAgent | undefined> | undefined;
  private loaded: LoadedAgent | undefined;
  private lastError: string | undefined;
  /** Bumped by every invalidate, so a load that started before it cannot install a stale agent. */
  private generation = 0;
  private watcher: vscode.Disposable | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires after the agent folder changed on disk (trained, fine-tuned, reset). */
  readonly onDidChange = this.changed.event;

  constructor(
    private dir: string | undefined,
    private readonly load: AgentLoader,
    private readonly output: Output,
  ) {
    super();
    this.watch();
  }

  get folder(): string | undefined {
    return this.dir;
  }

  /** Points the store at another folder (settings changed). */
  setFolder(dir: string | undefined): void {
    if (dir === this.dir) return;
    this.dir = dir;
    this.watch();
    this.invalidate();
  }

  private watch(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (!this.dir) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.dir), '*'));
    // Only new weights make the loaded agent stale; a new report or history line only redraws.
    // A save switches generations by renaming the `current` link (core/train/agentGeneration.ts).
    const reloads = new Set([path.basename(agentPaths(this.dir ?? '').checkpoint), 'current']);
    const touched = (uri: vscode.Uri) => (reloads.has(path.basename(uri.fsPath)) ? this.invalidate() : this.changed.fire());
    this.watcher = vscode.Disposable.from(w, w.onDidChange(touched), w.onDidCreate(touched), w.onDidDelete(touched));
  }

  /** Forgets the cached agent; the next `get()` loads it again. */
  invalidate(): void {
    const old = this.loaded;
    this.generation++;
    this.loaded = undefined;
    this.loading = undefined;
    void old?.agent.dispose().catch(() => undefined);
    this.changed.fire();
  }

  exists(): boolean {
    return this.dir !== undefined && fs.existsSync(agentPaths(this.dir).checkpoint);
  }

  /** The agent, or undefined when none is trained (or it failed to load: said once in the output). */
  get(): Promise<LoadedAgent | undefined> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.loadNow();
    return this.loading;
  }

  private async loadNow(): Promise<LoadedAgent | undefined> {
    const dir = this.dir;
    const generation = this.generation;
    if (!dir || !this.exists()) return undefined;
    try {
      const agent = await this.load(dir);
      if (generation !== this.generation) {
        // The folder changed while loading (e.g. training saved again): use the newer load.
        await agent.dispose();
        return this.get();
      }
      this.loaded = toLoadedAgent(agent);
      void warmUp(agent);
      this.lastError = undefined;
      this.output.info(`agent loaded from ${dir} (${agent.activities.length} activities)`);
      return this.loaded;
    } catch (e) {
      const msg = describeError(e);
      if (msg !== this.lastError) this.output.warn(`agent in ${dir} could not be loaded: ${msg}`);
      this.lastError = msg;
      return undefined;
    }
  }

  /** The last evaluation report saved beside the agent. */
  report(): EvalReport | undefined {
    if (!this.dir) return undefined;
    try {
      return JSON.parse(fs.readFileSync(agentPaths(this.dir).evalReport, 'utf8')) as EvalReport;
    } catch {
      return undefined;
    }
  }

  /** Past runs, newest first, from the agent folder's history file. */
  history(): RunSummary[] {
    return this.dir ? runSummaries(this.readHistory(), this.dir) : [];
  }

  /** The newest run's baseline check (train/baselineGuard.ts), for the dashboard's trust lines. */
  lastBaselineCheck(): NonNullable<HistoryLine['result']>['baselineCheck'] {
    return this.readHistory().at(-1)?.result?.baselineCheck;
  }

  /** Per-epoch curves of the newest saved run, for a dashboard opened after a reload. */
  lastCurves(): { train: CurvePoint[]; validation: CurvePoint[] } | undefined {
    return lastCurves(this.readHistory());
  }

  private readHistory(): HistoryLine[] {
    if (!this.dir) return [];
    try {
      return parseHistory(fs.readFileSync(agentPaths(this.dir).history, 'utf8'));
    } catch {
      return [];
    }
  }

  override dispose(): void {
    this.watcher?.dispose();
    void this.loaded?.agent.dispose().catch(() => undefined);
    super.dispose();
  }
}
