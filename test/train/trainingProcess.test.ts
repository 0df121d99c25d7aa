/**
 * Training runs in its own process (core/trainingProcessEnv.ts says why): the process gets the
 * allocator settings and the telemetry opt-out, and a Ctrl-C at the terminal (SIGINT to the
 * whole process group) still cancels cleanly through the CLI instead of killing the worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { forkEntryProcess } from '../../src/core/entryProcess';
import { TRAINING_ALLOCATOR_ENV, trainingProcessEnv } from '../../src/core/trainingProcessEnv';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

const cliJs = join(process.cwd(), 'dist', 'cli.js');
const dir = tempDir('pa-training-process-');

test('the training environment adds the allocator settings and keeps what the user set', () => {
  const env = trainingProcessEnv({ PATH: '/bin', MALLOC_TRIM_THRESHOLD_: '123' });
  assert.equal(env.PATH, '/bin');
  assert.equal(env.MALLOC_MMAP_THRESHOLD_, TRAINING_ALLOCATOR_ENV.MALLOC_MMAP_THRESHOLD_);
  assert.equal(env.MALLOC_TRIM_THRESHOLD_, '123');
  assert.equal(env.ORT_DISABLE_TELEMETRY, '1');
});

test('a forked entry process runs with that environment', async () => {
  const child = forkEntryProcess('env child', join(dir, 'absent.js'), join(__dirname, 'envChild.ts'));
  const got = await new Promise<Record<string, unknown>>((res, rej) => {
    child.once('message', (m) => res(m as Record<string, unknown>));
    child.once('exit', (code) => rej(new Error(`env child exited with ${code} before answering`)));
  });
  assert.notEqual(got.pid, process.pid);
  assert.equal(got.mmap, process.env.MALLOC_MMAP_THRESHOLD_ ?? TRAINING_ALLOCATOR_ENV.MALLOC_MMAP_THRESHOLD_);
  assert.equal(got.trim, process.env.MALLOC_TRIM_THRESHOLD_ ?? TRAINING_ALLOCATOR_ENV.MALLOC_TRIM_THRESHOLD_);
  assert.equal(got.telemetry, '1');
});

test('Ctrl-C during `train` cancels: exit 130, the agent folder untouched, no worker left', { skip: existsSync(cliJs) ? false : 'dist/cli.js missing: run `npm run build`', timeout: 240_000 }, async () => {
  const log = join(dir, 'log.csv');
  writeFixtureLog(log, { cases: 200, seed: 3 });
  const out = join(dir, 'agent');
  // Its own process group, so the SIGINT below reaches the CLI and its worker as a terminal's would.
  const cli = spawn(process.execPath, [cliJs, 'train', log, '--out', out, '--epochs', '400', '--preset', 'tiny', '--device', 'cpu', '--threads', '1', '--features', 'off'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  cli.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((res) => cli.on('exit', (code) => res(code)));
  // Wait until the worker is training (its first log line or progress), then interrupt the group.
  let poll: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((res) => (poll = setInterval(() => stderr.length > 0 && res(), 100)))]);
  clearInterval(poll);
  process.kill(-cli.pid!, 'SIGINT');
  const code = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /cancelled; the agent in .* was left as it was/);
  assert.ok(!existsSync(join(out, 'agent.ckpt')), 'a cancelled first training wrote an agent');
  // The killed worker may take a moment to be reaped once its parent is gone.
  const groupAlive = () => {
    try {
      process.kill(-cli.pid!, 0);
      return true;
    } catch (e) {
      assert.equal((e as NodeJS.ErrnoException).code, 'ESRCH');
      return false;
    }
  };
  for (let i = 0; i < 50 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!groupAlive(), 'a process of the CLI group is still alive after it exited');
});
