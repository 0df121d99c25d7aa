/**
 * Privacy, checked the way the README promises it: `train` and `predict` run as a user would run
 * them (the built CLI, a fresh HOME, no special environment: no ORT_DISABLE_TELEMETRY from outside)
 * under strace, which records every socket the process and its threads open. onnxruntime's
 * telemetry would show as files under ~/.cache/Microsoft and /tmp/mat-debug-<pid>.log, and (on
 * longer runs) as AF_INET sockets for DNS; the product itself must open none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFixtureLog } from '../train/fixtureLog';
import { tempDir } from '../tempDir';

const strace = ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p));
const cliJs = join(process.cwd(), 'dist', 'cli.js');

/** Runs the built CLI under strace with only PATH and HOME set; returns the exit code and the trace. */
function traced(home: string, traceFile: string, args: string[]): { code: number; stderr: string; trace: string } {
  const r = spawnSync(strace!, ['-f', '-qq', '-e', 'trace=execve,socket,connect', '-o', traceFile, process.execPath, cliJs, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
  });
  return { code: r.status ?? -1, stderr: r.stderr, trace: readFileSync(traceFile, 'utf8') };
}

/** Every file below `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1));
}

/** The pids strace saw (first field of each line), to find the /tmp/mat-debug-<pid>.log files they could leave. */
function pidsIn(trace: string): Set<string> {
  return new Set(trace.split('\n').map((l) => l.split(' ')[0]).filter((p) => /^\d+$/.test(p)));
}

test('train and predict open no network socket and leave no telemetry files', { skip: strace ? false : 'strace is not installed (.ci/run installs it)' }, () => {
  assert.ok(existsSync(cliJs), 'dist/cli.js missing: run `npm run build` first (npm test does)');
  const dir = tempDir('pa-privacy-');
  const home = join(dir, 'home');
  const log = join(dir, 'log.csv');
  const agent = join(home, 'agent');
  writeFixtureLog(log, { cases: 120, seed: 4 });

  const train = traced(home, join(dir, 'train.trace'), ['train', log, '--out', agent, '--epochs', '2', '--preset', 'tiny', '--device', 'cpu']);
  assert.equal(train.code, 0, train.stderr);
  const predict = traced(home, join(dir, 'predict.trace'), ['predict', '--agent', agent, 'Register']);
  assert.equal(predict.code, 0, predict.stderr);

  for (const [what, run] of [['train', train], ['predict', predict]] as const) {
    const inet = run.trace.split('\n').filter((l) => /AF_INET6?\b/.test(l));
    assert.deepEqual(inet, [], `${what} opened an internet socket`);
    // strace must have traced the process at all (its execve), or the empty list proves nothing.
    assert.match(run.trace, /execve\(/, `${what}: strace recorded nothing`);
  }
  assert.deepEqual(filesUnder(join(home, '.cache')), [], 'telemetry files under ~/.cache');
  const pids = new Set([...pidsIn(train.trace), ...pidsIn(predict.trace)]);
  const debugLogs = readdirSync(tmpdir()).filter((n) => /^mat-debug-(\d+)\.log$/.test(n) && pids.has(n.slice(10, -4)));
  assert.deepEqual(debugLogs, [], 'onnxruntime telemetry debug logs in the temp folder');
});

test('the opt-out reaches onnxruntime from a process that sets nothing itself', () => {
  // The control: the same check must be able to fail. Loading onnxruntime-node directly, without
  // the product's entry points, creates the telemetry folder; if it does not on this build, the
  // first test would be vacuous and this one says so.
  const dir = tempDir('pa-privacy-control-');
  const home = join(dir, 'home');
  const script = `const ort = require('onnxruntime-node'); ort.InferenceSession.create(new Uint8Array(0)).catch(() => {}).finally(() => setTimeout(() => {}, 200));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: home } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(filesUnder(join(home, '.cache')).some((f) => f.endsWith('deviceid')), 'bare onnxruntime-node no longer writes telemetry: the privacy test above would prove nothing');
});
