/** Runs the built CLI on one hostile input: exit code, stdout, stderr, and peak RSS (MiB). */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const cliJs = join(process.cwd(), 'dist', 'cli.js');
const probe = join(process.cwd(), 'test', 'hostile', 'rssProbe.cjs');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the CLI process, MiB (NaN when it died before exiting normally). */
  peakMiB: number;
  seconds: number;
}

export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; rssFile: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const started = performance.now();
  rmSync(opts.rssFile, { force: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', probe, cliJs, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env, PA_RSS_OUT: opts.rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const peakMiB = existsSync(opts.rssFile) ? Number(readFileSync(opts.rssFile, 'utf8')) / 1024 : NaN;
      resolve({ code, signal, stdout, stderr, peakMiB, seconds: (performance.now() - started) / 1000 });
    });
  });
}
