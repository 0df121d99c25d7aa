/**
 * One code-server (VS Code 1.139 in a browser) on a free 127.0.0.1 port, with fresh user data,
 * extensions and XDG folders in a temporary directory, so nothing carries over between runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEntry, node24, repoRoot, resultsDir } from './paths';
import { freePort, GroupProcess } from './processGroup';

export interface CodeServerOptions {
  /** Names the temp folder and the results subfolder, e.g. "ui" or "host". */
  name: string;
  /** A .vsix to install before the server starts. */
  vsix?: string;
  /** User settings written to settings.json before start. */
  settings?: Record<string, unknown>;
  /** Starts VS Code with the smoke-test driver, needed for the in-host test runner (it also hides toasts). */
  smokeTestDriver?: boolean;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
}

/** Settings that keep a fresh VS Code quiet and deterministic. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.inlineSuggest.enabled': true,
  'files.autoSave': 'off',
};

export class CodeServer {
  private constructor(
    readonly name: string,
    readonly port: number,
    readonly root: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    private readonly proc: GroupProcess,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The workbench URL that opens `folder` (a path on this machine) as the workspace. */
  folderUrl(folder: string, query: Record<string, string> = {}): string {
    const q = new URLSearchParams({ folder, ...query });
    return `${this.url}/?${q.toString()}`;
  }

  /** A vscode-remote URI for a local path, as the web client's payload expects. */
  remoteUri(p: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${path.resolve(p)}`;
  }

  static async start(opts: CodeServerOptions): Promise<CodeServer> {
    const root = mkdtempSync(path.join(os.tmpdir(), `pa-e2e-${opts.name}-`));
    const userDataDir = path.join(root, 'user-data');
    const extensionsDir = path.join(root, 'extensions');
    const env = serverEnv(root, opts.env);
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));
    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    if (opts.vsix) {
      const r = spawnSync(node24, [codeServerEntry, ...common, '--install-extension', opts.vsix], { env, cwd: root, encoding: 'utf8', timeout: 120_000 });
      if (r.status !== 0 || !/successfully installed/.test(r.stdout)) {
        throw new Error(`installing ${opts.vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      }
    }

    const port = await freePort();
    const args = [
      codeServerEntry,
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--reconnection-grace-time', '5',
      ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ];
    const proc = GroupProcess.start(node24, args, { env, cwd: root, logFile: path.join(root, 'code-server.log') });
    const server = new CodeServer(opts.name, port, root, userDataDir, extensionsDir, proc);
    try {
      await server.waitHealthy(90_000);
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.proc.running) throw new Error(`code-server exited (${this.proc.exitCode}) before it was healthy:\n${this.serverLog()}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server on port ${this.port} not healthy after ${timeoutMs} ms:\n${this.serverLog()}`);
  }

  serverLog(): string {
    const f = path.join(this.root, 'code-server.log');
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  }

  /** Every extension host log the server wrote (one per window/reload). */
  extensionHostLogs(): { file: string; text: string }[] {
    return this.logsWhere((_path, name) => /exthost.*\.log$/.test(name));
  }

  /** Output channel logs the extension wrote (e.g. "Process Agent"), by file name. */
  outputChannelLogs(): { file: string; text: string }[] {
    return this.logsWhere((p, name) => name.endsWith('.log') && /output_/.test(p));
  }

  /** The files under the user-data logs folder that `keep(path, name)` accepts, with their text. */
  private logsWhere(keep: (p: string, name: string) => boolean): { file: string; text: string }[] {
    const out: { file: string; text: string }[] = [];
    const walk = (dir: string): void => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (keep(p, e.name)) out.push({ file: p, text: readFileSync(p, 'utf8') });
      }
    };
    walk(path.join(this.userDataDir, 'logs'));
    return out;
  }

  /** Stops the server's whole process group, keeps its logs under test-results/e2e/<name>/, removes the temp folder. */
  async stop(): Promise<void> {
    await this.proc.stop();
    const keep = path.join(resultsDir, `logs-${this.name}`);
    rmSync(keep, { recursive: true, force: true });
    mkdirSync(keep, { recursive: true });
    cpSync(path.join(this.root, 'code-server.log'), path.join(keep, 'code-server.log'), { force: true });
    if (existsSync(path.join(this.userDataDir, 'logs'))) cpSync(path.join(this.userDataDir, 'logs'), path.join(keep, 'vscode'), { recursive: true });
    if (!process.env.E2E_KEEP_TEMP) rmSync(this.root, { recursive: true, force: true });
  }
}

function serverEnv(root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A parent VS Code or npm must not leak its own IPC hooks or node options into the server.
    if (k.startsWith('VSCODE_') || k.startsWith('npm_') || k === 'NODE_OPTIONS' || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  for (const d of ['config', 'data', 'cache', 'state', 'runtime']) mkdirSync(path.join(root, 'xdg', d), { recursive: true, mode: 0o700 });
  Object.assign(env, {
    XDG_CONFIG_HOME: path.join(root, 'xdg/config'),
    XDG_DATA_HOME: path.join(root, 'xdg/data'),
    XDG_CACHE_HOME: path.join(root, 'xdg/cache'),
    XDG_STATE_HOME: path.join(root, 'xdg/state'),
    XDG_RUNTIME_DIR: path.join(root, 'xdg/runtime'),
    // The server needs Node 24 first on PATH for anything it spawns by name.
    PATH: `${path.dirname(node24)}:${process.env.PATH ?? ''}`,
    // Keeps the unit-test-only skip of onnxruntime's CUDA download consistent.
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    E2E_REPO_ROOT: repoRoot,
    ...extra,
  });
  return env;
}
