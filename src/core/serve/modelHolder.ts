/**
 * The agent the service answers with, and its replacement. A request takes the current Served
 * model and holds it until it has answered; a reload (SIGHUP or a change in the agent folder)
 * loads the new agent completely, warms it up, and only then swaps it in. The old one keeps
 * answering the requests that took it and is disposed when the last of them is done, so a reload
 * drops no request. A folder that does not load (half-copied, corrupt) leaves the old model
 * serving and says why.
 */
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { loadAgent, type LoadAgentOptions } from '../agent/loadAgent';
import type { ProcessAgent } from '../agent/processAgent';
import { checkpointDigest } from '../model/checkpoint';
import { agentPaths } from '../train/agentDir';
import { Batcher, type BatcherOptions } from './batcher';
import { RowDecoder } from './rowDecoder';
import { modelInfo, type ModelInfo } from './modelInfo';
import { TimeFieldSource } from './timeFields';
import { compileServingGraphs, warmAnswerPath } from './warmUp';

export class Served {
  readonly known: ReadonlySet<string>;
  readonly candidates: number;
  readonly times: TimeFieldSource;
  private users = 0;
  private retired = false;

  constructor(
    readonly agent: ProcessAgent,
    readonly batcher: Batcher,
    public info: ModelInfo,
  ) {
    this.known = new Set(agent.activities);
    this.candidates = agent.predictor.labels.length;
    this.times = new TimeFieldSource(agent);
  }

  acquire(): this {
    this.users++;
    return this;
  }

  release(): void {
    this.users--;
    if (this.retired && this.users === 0) this.dispose();
  }

  /** No new requests take it; disposed once the ones holding it are done. */
  retire(): void {
    this.retired = true;
    if (this.users === 0) this.dispose();
  }

  private dispose(): void {
    void this.batcher.dispose();
    void this.agent.dispose();
  }
}

export interface HolderOptions {
  load: LoadAgentOptions;
  batch: BatcherOptions;
  /** Floats of case decode caches kept across requests (rowDecoder.ts; 0: none; default 8M). */
  stateFloats?: number;
  /** Watch the folder for a new agent (as well as SIGHUP). */
  watch: boolean;
  log: (message: string) => void;
}

/**
 * The folder's checkpoint digest now, to tell whether a reload has anything new to load. The
 * version a model is served under is the digest of the bytes it was decoded from (loadAgent), not
 * this: the file may be replaced between the two reads.
 */
function checkpointVersion(dir: string): string {
  const file = agentPaths(dir).checkpoint;
  if (!existsSync(file)) return 'none';
  try {
    return checkpointDigest(readFileSync(file));
  } catch {
    return 'unreadable'; // replaced or removed under us: loading says why
  }
}

/**
 * Names whose change means a new agent: `current` is the generation switch (train/agentGeneration.ts:
 * a save renames a new `current` link into place, and agent.ckpt is a link through it); the plain
 * files are what a folder from before generations, or a hand copy, changes.
 */
const WATCHED = new Set(['current', 'agent.ckpt', 'eval.json']);

export class ModelHolder {
  private served: Served;
  private reloading?: Promise<boolean>;
  private again = false;
  private watchers: FSWatcher[] = [];
  private folderWatcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;
  reloads = 0;

  private constructor(
    readonly dir: string,
    served: Served,
    private readonly options: HolderOptions,
  ) {
    this.served = served;
  }

  static async open(dir: string, options: HolderOptions): Promise<ModelHolder> {
    const holder = new ModelHolder(resolve(dir), await ModelHolder.load(resolve(dir), options), options);
    if (options.watch) holder.watch();
    return holder;
  }

  private static async load(dir: string, options: HolderOptions): Promise<Served> {
    const agent = await loadAgent(dir, options.load);
    const version = agent.checkpointVersion!; // loadAgent always sets it
    const decoder = RowDecoder.create(agent, { ...options.load, stateFloats: options.stateFloats });
    const batcher = new Batcher(agent.predictor, options.batch, decoder);
    try {
      const t0 = Date.now();
      await compileServingGraphs(agent, decoder);
      options.log(`compiled the serving graphs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      // Warm-up: compile the plain one-row and beam graphs (warmAnswerPath below runs the batcher's).
      await agent.predictSuffix([], 3, 2);
      const served = new Served(agent, batcher, modelInfo(dir, agent, version, new Date()));
      const t1 = Date.now();
      await warmAnswerPath(served);
      options.log(`ran the answer path on synthetic cases in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      return served;
    } catch (e) {
      await batcher.dispose();
      await agent.dispose();
      throw e;
    }
  }

  get current(): Served {
    return this.served;
  }

  /**
   * Loads the folder's agent if its checkpoint changed (and re-reads eval.json either way).
   * Resolves true when a new model is now serving. Concurrent calls coalesce into one more run.
   */
  reload(): Promise<boolean> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = this.reloadOnce().finally(() => {
      this.reloading = undefined;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  private async reloadOnce(): Promise<boolean> {
    try {
      const old = this.served;
      if (checkpointVersion(this.dir) === old.info.version) {
        old.info = modelInfo(this.dir, old.agent, old.info.version, new Date(old.info.loadedAt));
        return false;
      }
      const next = await ModelHolder.load(this.dir, this.options);
      this.served = next;
      old.retire();
      this.reloads++;
      this.options.log(`loaded agent ${next.info.version} (was ${old.info.version})`);
      return true;
    } catch (e) {
      this.options.log(`kept agent ${this.served.info.version}: the folder's agent did not load (${(e as Error).message})`);
      return false;
    }
  }

  /**
   * Watches the folder (a new generation, or agent.ckpt or eval.json replaced) and its parent (the folder itself
   * replaced by a rename, as an atomic agent write does). Bursts are debounced into one reload,
   * which first re-arms the folder watch: after a replace the old watcher follows the old inode.
   */
  private watch(): void {
    const schedule = (): void => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.folderWatcher?.close();
        this.folderWatcher = this.watchFolder(schedule);
        void this.reload();
      }, 300);
    };
    const name = basename(this.dir);
    try {
      const parent = watch(dirname(this.dir), (_e, f) => f === name && schedule());
      parent.on('error', () => undefined);
      this.watchers.push(parent);
    } catch {
      // the parent may not be watchable (permissions); the folder watch and SIGHUP remain
    }
    this.folderWatcher = this.watchFolder(schedule);
  }

  private watchFolder(schedule: () => void): FSWatcher | undefined {
    try {
      const w = watch(this.dir, (_e, f) => f !== null && WATCHED.has(f) && schedule());
      w.on('error', () => undefined);
      return w;
    } catch {
      return undefined; // the folder is gone for the moment; the parent watch sees it come back
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
    this.folderWatcher?.close();
    await this.reloading;
    this.served.retire();
  }
}
