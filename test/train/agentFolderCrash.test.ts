/**
 * The agent folder through the real `train` (built CLI): a folder in the old plain-file layout
 * loads and predicts; a training SIGKILLed right after writing its new checkpoint leaves that
 * old agent, whole, loadable (the mixed agent of issue 16 was exactly this kill); a training
 * that finishes replaces it as a whole, history included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { GENERATION_FILES } from '../../src/core/train/agentGeneration';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

const cliJs = join(process.cwd(), 'dist', 'cli.js');
const dir = tempDir('pa-folder-crash-');

function train(log: string, out: string, env: NodeJS.ProcessEnv = {}, seed = '1') {
  return spawnSync(process.execPath, [cliJs, 'train', log, '--out', out, '--seed', seed, '--epochs', '1', '--preset', 'tiny', '--device', 'cpu', '--threads', '1', '--features', 'off'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 240_000 });
}

const files = (d: string) => Object.fromEntries(GENERATION_FILES.filter((n) => existsSync(join(d, n))).map((n) => [n, createHash('sha256').update(readFileSync(join(d, n))).digest('hex')]));

test('old-layout agent folders load; a train killed after its checkpoint keeps the old agent whole', { skip: existsSync(cliJs) ? false : 'dist/cli.js missing: run `npm run build`' }, async () => {
  const log = join(dir, 'log.csv');
  writeFixtureLog(log, { cases: 80, seed: 7 });
  const made = join(dir, 'made');
  const first = train(log, made);
  assert.equal(first.status, 0, first.stderr);
  // The old layout: the same files, plain, at the top of the folder (as trainer.ts wrote them before generations).
  const old = join(dir, 'old');
  mkdirSync(old);
  for (const n of GENERATION_FILES) if (existsSync(join(made, n))) copyFileSync(realpathSync(join(made, n)), join(old, n));
  const before = files(old);
  const agent = await loadAgent(old, { threads: 1 });
  assert.ok(agent.activities.length > 0);
  await agent.dispose();

  const killed = train(log, old, { PROCESS_AGENT_TEST_CRASH_AT: 'agent.ckpt written' });
  // Training runs in its own process (workerClient.ts): the hook kills that one, and the CLI says so.
  assert.notEqual(killed.status, 0);
  assert.match(killed.stderr, /training worker exited with signal SIGKILL/, `the hook did not fire: ${killed.stderr}`);
  assert.deepEqual(files(old), before, 'a kill after the new checkpoint changed what the folder reads as');
  const still = await loadAgent(old, { threads: 1 });
  await still.dispose();

  const done = train(log, old, {}, '2');
  assert.equal(done.status, 0, done.stderr);
  assert.notEqual(files(old)['agent.ckpt'], before['agent.ckpt']);
  assert.equal(readFileSync(join(old, 'history.jsonl'), 'utf8').trim().split('\n').length, 2, 'the old history plus this run');
  const left = readdirSync(old);
  assert.deepEqual(left.filter((f) => f.endsWith('.tmp')), []);
  assert.equal(left.filter((f) => f.startsWith('gen.')).length, 1, left.join(' '));
});
