/**
 * Hostile inputs, small ones (smallCases.ts), run through the built CLI as a user would: each
 * asserts the exit code, ONE line of message naming the file (and the line where there is one),
 * and the peak memory of the process. Four run at a time: each is a separate process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { escapeControl } from '../../src/cli/terminal';
import { cliJs, runCli, type CliRun } from './runCli';
import { SMALL_CASES, type HostileCase } from './smallCases';
import { tempDir } from '../tempDir';

/** No small input may cost more than this (a bare CLI start is ~60 MiB; train's worker loads onnxruntime). */
const PEAK_MIB = 400;

test(`${SMALL_CASES.length} small hostile inputs: exit code, one clear line naming the file, bounded memory`, { skip: existsSync(cliJs) ? false : 'dist/cli.js missing: run `npm run build` (npm test does)' }, async () => {
  assert.ok(SMALL_CASES.length >= 40, `only ${SMALL_CASES.length} cases`);
  const root = tempDir('pa-hostile-');
  const results: { c: HostileCase; made: ReturnType<HostileCase['make']>; run: CliRun }[] = [];
  const queue = SMALL_CASES.map((c, i) => ({ c, i }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const dir = join(root, String(next.i));
      const { mkdirSync } = await import('node:fs');
      mkdirSync(dir);
      const made = next.c.make(dir);
      const run = await runCli(made.args, { cwd: dir, rssFile: join(dir, '.rss'), timeoutMs: 60_000 });
      results.push({ c: next.c, made, run });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const failures: string[] = [];
  for (const { c, made, run } of results) {
    const problems: string[] = [];
    if (run.signal) problems.push(`killed by ${run.signal} (a hang?)`);
    if (run.code !== c.code) problems.push(`exit ${run.code}, expected ${c.code}`);
    const text = c.code === 0 ? run.stdout + run.stderr : run.stderr;
    if (!c.says.test(text)) problems.push(`output does not match ${c.says}`);
    if (c.code !== 0) {
      const lines = run.stderr.trim().split('\n');
      if (lines.length !== 1) problems.push(`${lines.length} lines of message, expected one`);
      if (/\n\s+at /.test(run.stderr)) problems.push('a stack trace');
      if (made.file && !run.stderr.includes(escapeControl(made.file))) problems.push(`the message does not name ${made.file}`);
      if (made.line !== undefined && made.file && !run.stderr.includes(`${escapeControl(made.file)}:${made.line}`)) problems.push(`the message does not name line ${made.line}`);
    }
    if (/\u001b/.test(run.stdout + run.stderr)) problems.push('a raw escape character reached the terminal');
    if (!(run.peakMiB < PEAK_MIB)) problems.push(`peak memory ${run.peakMiB.toFixed(0)} MiB (limit ${PEAK_MIB})`);
    if (problems.length > 0) failures.push(`${c.name}: ${problems.join('; ')}\n    stderr: ${run.stderr.trim().slice(0, 300)}\n    stdout: ${run.stdout.trim().slice(0, 200)}`);
  }
  const peak = Math.max(...results.map((r) => r.run.peakMiB));
  const slow = [...results].sort((a, b) => b.run.seconds - a.run.seconds).slice(0, 3).map((r) => `${r.c.name} ${r.run.seconds.toFixed(1)} s`);
  console.log(`hostile small: slowest ${slow.join(', ')}`);
  console.log(`hostile small: ${results.length} inputs, worst peak RSS ${peak.toFixed(0)} MiB, slowest ${Math.max(...results.map((r) => r.run.seconds)).toFixed(1)} s`);
  assert.deepEqual(failures, []);
});
