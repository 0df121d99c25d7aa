/** The extension's own CLI (dist/cli.js) as the oracle for what the editor must show. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliPath } from './paths';

/**
 * Runs `fn` on a copy of the agent folder. The oracle must not touch what the editor watches:
 * `eval` rewrites eval.json, and the extension reloads its agent when that folder changes.
 */
function onCopy<T>(agentDir: string, fn: (dir: string) => T): T {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pa-oracle-'));
  try {
    const copy = path.join(tmp, 'agent');
    cpSync(agentDir, copy, { recursive: true });
    return fn(copy);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function cliJson<T>(args: string[]): T {
  const out = execFileSync(process.execPath, [cliPath, ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return JSON.parse(out) as T;
}

export interface CliEval {
  accuracy: number;
  top3: number;
  protocol: { description: string; split: { kind: string; testFraction: number } };
  baselines: Record<string, { accuracy: number; top3: number }>;
  served: { kind: 'agent' | 'baseline' | 'mix'; name: string; reason: string; z?: number };
  agentAlone: { accuracy: number };
}

/** `process-agent eval <log> --agent <dir> --json`. */
export function cliEval(log: string, agentDir: string): CliEval {
  return onCopy(agentDir, (dir) => cliJson<CliEval>(['eval', log, '--agent', dir]));
}

export interface CliPredict {
  next: { activity: string; probability: number }[];
  unknownSteps: string[];
}

/** `process-agent predict --agent <dir> --json <steps...>`. */
export function cliPredict(agentDir: string, steps: string[]): CliPredict {
  return onCopy(agentDir, (dir) => cliJson<CliPredict>(['predict', '--agent', dir, ...steps]));
}
