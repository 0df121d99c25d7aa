/**
 * `serve --workers N`: N real service processes behind one port. The primary's children are read
 * from /proc (Linux, where the service is tested), so the tests see the processes, not a log line.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { cli, post, startService, trainTinyAgent } from './serveHarness';

const dir = tempDir('pa-serve-workers-');
const agentDir = join(dir, 'agent');

before(() => {
  trainTinyAgent(join(dir, 'log.csv'), agentDir, 13, 2);
});

/** Live (not zombie) processes whose parent is `pid`. */
function children(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const prefix = { events: [{ activity: 'Register' }, { activity: 'Check A' }] };

test('--workers 2 answers from two processes; a killed worker is replaced while requests keep being answered; SIGTERM stops them all', async () => {
  const service = await startService('--agent', agentDir, '--workers', '2', '--no-watch');
  const pid = service.child.pid!;
  try {
    const workers = children(pid);
    assert.equal(workers.length, 2, `the primary has two workers (${workers.join(', ')})`);
    const first = await post(`${service.url}/v1/predict`, prefix);
    assert.equal(first.status, 200);
    // Concurrent requests are spread over both workers and answer the same.
    const answers = await Promise.all(Array.from({ length: 32 }, () => post(`${service.url}/v1/predict`, prefix)));
    for (const a of answers) {
      assert.equal(a.status, 200);
      assert.deepEqual(a.json.suffix, first.json.suffix);
      assert.deepEqual(a.json.next.map((n) => n.activity), first.json.next.map((n) => n.activity));
      // A row batched with others may round differently from one run alone (float32 sums).
      a.json.next.forEach((n, i) => assert.ok(Math.abs(n.probability - first.json.next[i].probability) < 1e-5));
    }
    process.kill(workers[0], 'SIGKILL');
    await until('the dead worker is replaced', () => /a worker died \(SIGKILL\); starting a new one/.test(service.stderr()) && children(pid).length === 2);
    assert.ok(!children(pid).includes(workers[0]));
    for (let i = 0; i < 8; i++) assert.equal((await post(`${service.url}/v1/predict`, prefix)).status, 200);
  } finally {
    assert.equal(await service.stop(), 0, service.stderr());
  }
  assert.deepEqual(children(pid), [], 'no worker outlives the primary');
  assert.equal((service.stderr().match(/SIGTERM: finishing in-flight requests/g) ?? []).length, 1, 'the stop is said once');
});

test('a worker that cannot start stops the service with its error; bad --workers is refused', () => {
  const missing = cli('serve', '--agent', join(dir, 'nothing-here'), '--port', '0', '--workers', '2');
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /holds no trained agent/);
  for (const bad of ['0', 'two', '1.5', '65']) {
    const r = cli('serve', '--agent', agentDir, '--port', '0', '--workers', bad);
    assert.equal(r.code, 1, `--workers ${bad}: ${r.stderr}`);
    assert.match(r.stderr, /--workers must be auto or a whole number from 1 to 64/);
  }
});
