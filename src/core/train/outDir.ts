/**
 * Checks an agent folder (`--out`) before any log is read, so a bad one fails in a second with
 * one sentence instead of after training with a raw EEXIST or ENOTDIR. Nothing is created here.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { cleanAgentDir } from './agentGeneration';

export class AgentDirError extends Error {
  constructor(dir: string, problem: string) {
    super(`agent folder ${dir}: ${problem}; choose another folder with --out (or the processAgent.agentFolder setting)`);
    this.name = 'UserError';
  }
}

/** Kernel and device trees: writable-looking, never a place for files (mkdir there can loop). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return 'notdir' as const;
    throw e;
  }
}

/** Throws an AgentDirError when `dir` cannot hold an agent. */
export function checkAgentDir(dir: string): void {
  const abs = resolve(dir);
  let probe = abs;
  // Walk up to the nearest path that exists: it must be a folder we may write into.
  for (;;) {
    const st = statOrUndefined(probe);
    if (st === 'notdir') {
      probe = dirname(probe);
      continue;
    }
    if (st) {
      if (!st.isDirectory()) throw new AgentDirError(dir, probe === abs ? 'names a file, not a folder' : `lies under ${probe}, which is a file`);
      break;
    }
    const up = dirname(probe);
    if (up === probe) throw new AgentDirError(dir, 'has no existing parent folder');
    probe = up;
  }
  const real = realpathSync(probe);
  if (SPECIAL_ROOTS.some((r) => real === r || real.startsWith(r + sep))) throw new AgentDirError(dir, `lies in ${real.split(sep).slice(0, 2).join(sep)}, a system folder`);
  try {
    accessSync(probe, constants.W_OK | constants.X_OK);
  } catch {
    throw new AgentDirError(dir, `${probe} is not writable`);
  }
}

/** Checks `dir` and removes what a killed save left in it. */
export function prepareAgentDir(dir: string): void {
  checkAgentDir(dir);
  cleanAgentDir(dir);
}
