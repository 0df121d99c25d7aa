/**
 * The agent folder changes as a whole: a save killed (SIGKILL) at every file boundary leaves
 * exactly the old agent or exactly the new one, read through the usual names; the next save
 * removes the leftovers. Starting points: an empty folder, a folder in the old plain-file layout
 * (as written before generations), and one already in generations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { cleanAgentDir, GENERATION_FILES, saveAgentGeneration } from '../../src/core/train/agentGeneration';
import { agentPaths, writeJson } from '../../src/core/train/agentDir';
import { writeFileAtomic } from '../../src/core/model/checkpoint';
import { NEW_AGENT, NEW_HISTORY_LINE, OLD_AGENT } from './agentGenerationData';
import { tempDir } from '../tempDir';

// On tmpfs when there is one: the saves fsync, and a SIGKILL test needs no disk durability.
const root = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/pa-generation-') : tempDir('pa-generation-');
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
// Bundled once to plain JS: a child per boundary under tsx costs ~1 s each on the 2-core CI machine.
const child = join(root, 'child.cjs');
buildSync({ entryPoints: [join(process.cwd(), 'test', 'train', 'agentGenerationChild.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: child, logLevel: 'error' });

type Snapshot = Record<string, string | null>;
/** What a reader sees through the agent folder's names (null: absent). */
function snapshot(dir: string): Snapshot {
  const out: Snapshot = {};
  for (const n of GENERATION_FILES) out[n] = existsSync(join(dir, n)) ? readFileSync(join(dir, n), 'utf8') : null;
  return out;
}
function expected(files: Partial<Record<string, string>>, history?: string): Snapshot {
  const out: Snapshot = {};
  for (const n of GENERATION_FILES) out[n] = files[n] ?? null;
  if (history !== undefined) out['history.jsonl'] = history;
  return out;
}

type Start = 'empty' | 'old-layout' | 'generations';
function prepare(dir: string, start: Start): Snapshot {
  mkdirSync(dir, { recursive: true });
  if (start === 'empty') return expected({});
  if (start === 'old-layout') {
    // Exactly what trainer.ts wrote before generations: plain files, each renamed into place.
    for (const [n, v] of Object.entries(OLD_AGENT)) writeFileAtomic(join(dir, n), v!);
  } else {
    const { 'history.jsonl': h, ...rest } = OLD_AGENT;
    saveAgentGeneration(dir, rest, h!.trim());
  }
  return snapshot(dir);
}

function runChild(dir: string, crashAt: string) {
  return spawnSync(process.execPath, [child, dir], { encoding: 'utf8', env: { ...process.env, PROCESS_AGENT_TEST_CRASH_AT: crashAt }, timeout: 60_000 });
}

for (const start of ['empty', 'old-layout', 'generations'] as const) {
  test(`a save killed at any file boundary leaves the old agent or the new one (start: ${start})`, () => {
    const listDir = join(root, `${start}-list`);
    const old = prepare(listDir, start);
    const listed = runChild(listDir, 'list');
    assert.equal(listed.status, 0, listed.stderr);
    const boundaries = listed.stderr.split('\n').filter((l) => l.startsWith('agent-boundary '));
    assert.ok(boundaries.length >= 6, `only ${boundaries.length} boundaries:\n${listed.stderr}`);
    const oldHistory = old['history.jsonl'] ?? '';
    const fresh = expected(NEW_AGENT, oldHistory + NEW_HISTORY_LINE + '\n');
    assert.deepEqual(snapshot(listDir), fresh, 'an uninterrupted save gives the new agent');
    let sawOld = 0;
    let sawNew = 0;
    for (let n = 1; n <= boundaries.length; n++) {
      const dir = join(root, `${start}-${n}`);
      assert.deepEqual(prepare(dir, start), old);
      const r = runChild(dir, String(n));
      assert.equal(r.signal, 'SIGKILL', `boundary ${n} (${boundaries[n - 1]}) did not kill: ${r.stderr}`);
      const seen = snapshot(dir);
      const isOld = JSON.stringify(seen) === JSON.stringify(old);
      const isNew = JSON.stringify(seen) === JSON.stringify(fresh);
      assert.ok(isOld || isNew, `after a kill at ${boundaries[n - 1]} the folder mixes agents: ${JSON.stringify(seen).slice(0, 400)}`);
      if (isOld) sawOld++;
      else sawNew++;
      // The next start cleans up: no temporaries, at most the current generation, same agent.
      cleanAgentDir(dir);
      const left = readdirSync(dir);
      assert.deepEqual(left.filter((f) => f.endsWith('.tmp')), [], `temporaries left after ${boundaries[n - 1]}`);
      assert.ok(left.filter((f) => f.startsWith('gen.')).length <= 1, `several generations left after ${boundaries[n - 1]}: ${left.join(' ')}`);
      assert.deepEqual(snapshot(dir), isOld ? old : fresh);
      // And a later save still works from whatever was left.
      saveAgentGeneration(dir, NEW_AGENT, NEW_HISTORY_LINE);
      assert.deepEqual(snapshot(dir)['agent.ckpt'], NEW_AGENT['agent.ckpt']);
    }
    assert.ok(sawOld > 0 && sawNew > 0, `every kill gave the same agent (old ${sawOld}, new ${sawNew}): the boundaries do not straddle the switch`);
  });
}

test('eval.json rewritten after a save stays inside the current generation', () => {
  const dir = join(root, 'eval-write');
  saveAgentGeneration(dir, { 'agent.ckpt': 'w', 'config.json': '{}' }, '{}');
  writeJson(agentPaths(dir).evalReport, { agent: { accuracy: 1 } });
  assert.ok(readdirSync(dir).every((f) => !f.endsWith('.tmp')));
  saveAgentGeneration(dir, { 'agent.ckpt': 'w2', 'config.json': '{}' }, '{}');
  // The new generation has no report: the old agent's report must not survive beside it.
  assert.equal(existsSync(agentPaths(dir).evalReport), false);
  assert.equal(readFileSync(agentPaths(dir).history, 'utf8').trim().split('\n').length, 2);
});

test('stale temporaries of a dead process are removed; a live process keeps its own', () => {
  const dir = join(root, 'stale');
  mkdirSync(dir);
  writeFileSync(join(dir, '.agent.ckpt.999999.abc.tmp'), Buffer.alloc(1 << 20));
  mkdirSync(join(dir, 'gen.zz.999999'));
  writeFileSync(join(dir, `.eval.json.${process.ppid}.abc.tmp`), 'in flight');
  const removed = cleanAgentDir(dir);
  assert.deepEqual(removed.sort(), ['.agent.ckpt.999999.abc.tmp', 'gen.zz.999999']);
  assert.ok(existsSync(join(dir, `.eval.json.${process.ppid}.abc.tmp`)));
});
