/** The extension's own CLI (dist/cli.js) as the oracle for what the editor must show. */
import { execFileSync } from 'node:child_process';
import { cliPath } from './paths';

function cliJson<T>(args: string[]): T {
  const out = execFileSync(process.execPath, [cliPath, ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return JSON.parse(out) as T;
}

export interface CliEval {
  accuracy: number;
  top3: number;
  protocol: { description: string; split: { kind: string; testFraction: number } };
  baselines: Record<string, { accuracy: number; top3: number }>;
}

/** `process-agent eval <log> --agent <dir> --json`. */
export function cliEval(log: string, agentDir: string): CliEval {
  return cliJson<CliEval>(['eval', log, '--agent', agentDir]);
}

export interface CliPredict {
  next: { activity: string; probability: number }[];
  unknownSteps: string[];
}

/** `process-agent predict --agent <dir> --json <steps...>`. */
export function cliPredict(agentDir: string, steps: string[]): CliPredict {
  return cliJson<CliPredict>(['predict', '--agent', agentDir, ...steps]);
}
