/**
 * Child processes that own a whole process group, so that stopping one also stops everything
 * it started (code-server forks an extension host, file watchers, a pty host...).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import * as net from 'node:net';

const live = new Set<GroupProcess>();

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export class GroupProcess {
  private exited: Promise<number | null>;
  exitCode: number | null | undefined = undefined;

  private constructor(readonly child: ChildProcess, readonly logFile: string) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      this.exitCode = code;
      resolve(code);
    }));
  }

  /**
   * Starts `cmd` in a new session (setsid, via `detached`), its stdout and stderr appended to
   * `logFile`. The process group id is then the child's pid, which is what `stop()` kills.
   */
  static start(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): GroupProcess {
    const fd = openSync(opts.logFile, 'a');
    try {
      const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', fd, fd] });
      const gp = new GroupProcess(child, opts.logFile);
      live.add(gp);
      return gp;
    } finally {
      closeSync(fd);
    }
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader has exited. */
  async stop(graceMs = 5000): Promise<void> {
    live.delete(this);
    const pid = this.child.pid;
    if (pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'late') {
      signalGroup(pid, 'SIGKILL');
      await this.exited;
    }
    // Stragglers that ignored SIGTERM after the leader left still belong to the group.
    signalGroup(pid, 'SIGKILL');
  }
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Last line of defence: a test runner killed or crashing still takes its servers with it. */
function killAll(): void {
  for (const gp of live) if (gp.child.pid !== undefined) signalGroup(gp.child.pid, 'SIGKILL');
  live.clear();
}
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    killAll();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}
