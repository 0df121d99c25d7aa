/**
 * Shutdown and reload: SIGTERM lets an in-flight request finish and exits 0; a new agent in the
 * folder (SIGHUP, or the file watch) is picked up while requests keep flowing, none failing.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { get, post, rawRequest, startService, statusOf, trainTinyAgent, type Service } from './serveHarness';
import { loadAgent } from '../../src/core/agent/loadAgent';

const dir = tempDir('pa-serve-life-');
const agentA = join(dir, 'a');
const agentB = join(dir, 'b');

before(() => {
  trainTinyAgent(join(dir, 'a.csv'), agentA, 9, 3);
  trainTinyAgent(join(dir, 'b.csv'), agentB, 21, 1);
});

/** Copies agent `from`'s files into `to` the way a trainer writes: temp file, then rename. */
function installAgent(from: string, to: string): void {
  for (const f of ['eval.json', 'agent.ckpt']) {
    copyFileSync(join(from, f), join(to, `${f}.tmp`));
    renameSync(join(to, `${f}.tmp`), join(to, f));
  }
}

async function expectedFor(agentDir: string, prefix: string[]): Promise<{ next: unknown; suffix: string[] }> {
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    return { next: (await agent.predictNext(prefix, 5)).next.map((n) => n.activity), suffix: (await agent.predictSuffix(prefix, 3, 50)).steps };
  } finally {
    await agent.dispose();
  }
}

/**
 * Sends requests from 8 concurrent loops until `stop()`; returns the statuses and model versions
 * it saw, with each answer's ranking, to check that none failed across a reload.
 */
function load(url: string): { count: () => number; stop: () => Promise<{ statuses: number[]; byVersion: Map<string, string> }> } {
  let running = true;
  const statuses: number[] = [];
  const byVersion = new Map<string, string>();
  const loops = Array.from({ length: 8 }, async () => {
    while (running) {
      const r = await post(`${url}/v1/predict`, { events: [{ activity: 'Register' }, { activity: 'Check A' }] });
      statuses.push(r.status);
      byVersion.set(r.headers.get('x-model-version') ?? '?', JSON.stringify({ next: r.json.next?.map((n: { activity: string }) => n.activity), suffix: r.json.suffix }));
    }
  });
  return {
    count: () => statuses.length,
    async stop() {
      running = false;
      await Promise.all(loops);
      return { statuses, byVersion };
    },
  };
}

/**
 * Waits until `count` log lines match `pattern` (one per worker: each worker has its own holder
 * and file watch, and `/v1/model` answers from whichever worker took the connection).
 */
async function waitForLines(service: Service, pattern: RegExp, count: number): Promise<string[]> {
  const lines = () => service.stderr().split('\n').filter((l) => pattern.test(l));
  for (let i = 0; i < 600 && lines().length < count; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(lines().length >= count, `${count} lines matching ${pattern} expected:\n${service.stderr()}`);
  return lines();
}

async function waitForVersion(url: string, notVersion: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const v = (await get(`${url}/v1/model`)).json.version as string;
    if (v !== notVersion) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the service never picked up the new agent');
}

test('SIGHUP reloads a new agent in the folder without a failed request', async () => {
  const live = join(dir, 'live-hup');
  const { cpSync } = await import('node:fs');
  cpSync(agentA, live, { recursive: true });
  const service = await startService('--agent', live, '--no-watch');
  try {
    const before = (await get(`${service.url}/v1/model`)).json.version as string;
    const traffic = load(service.url);
    await new Promise((r) => setTimeout(r, 300));
    installAgent(agentB, live);
    await new Promise((r) => setTimeout(r, 500));
    // --no-watch: only the signal reloads.
    assert.equal((await get(`${service.url}/v1/model`)).json.version, before, 'reloaded without being asked');
    service.child.kill('SIGHUP');
    const after = await waitForVersion(service.url, before);
    // Let requests run on the new model too (however slow a loaded machine makes them).
    const seen = traffic.count();
    while (traffic.count() < seen + 16) await new Promise((r) => setTimeout(r, 20));
    const { statuses, byVersion } = await traffic.stop();
    assert.deepEqual([...new Set(statuses)], [200], 'every request answered 200');
    assert.deepEqual([...byVersion.keys()].sort(), [before, after].sort(), 'answers came from both models');
    assert.equal(byVersion.get(before), JSON.stringify(await expectedFor(agentA, ['Register', 'Check A'])));
    assert.equal(byVersion.get(after), JSON.stringify(await expectedFor(agentB, ['Register', 'Check A'])));
    assert.match(service.stderr(), /loaded agent/);
  } finally {
    assert.equal(await service.stop(), 0);
  }
});

test('the file watch picks up a new agent; a broken one leaves the old serving', async () => {
  const live = join(dir, 'live-watch');
  const { cpSync, writeFileSync } = await import('node:fs');
  cpSync(agentA, live, { recursive: true });
  const service = await startService('--agent', live);
  try {
    const before = (await get(`${service.url}/v1/model`)).json.version as string;
    const traffic = load(service.url);
    installAgent(agentB, live);
    const after = await waitForVersion(service.url, before);
    // Every worker, not only the one that answered, has loaded it before the next change.
    const loaded = await waitForLines(service, /loaded agent/, service.workers);
    assert.ok(loaded.every((l) => l.includes(`loaded agent ${after} (was ${before})`)), loaded.join('\n'));
    // A corrupt checkpoint: each worker says why and keeps the model it has.
    writeFileSync(join(live, 'agent.ckpt.tmp'), 'not a checkpoint');
    renameSync(join(live, 'agent.ckpt.tmp'), join(live, 'agent.ckpt'));
    const kept = await waitForLines(service, /kept agent/, service.workers);
    assert.ok(kept.every((l) => l.includes(`kept agent ${after}:`)), kept.join('\n'));
    const { statuses } = await traffic.stop();
    assert.deepEqual([...new Set(statuses)], [200]);
    assert.equal((await get(`${service.url}/v1/model`)).json.version, after);
  } finally {
    assert.equal(await service.stop(), 0);
  }
});

test('a real `train --out` into the served folder (a new generation) is picked up by the watch', async () => {
  const live = join(dir, 'live-train');
  trainTinyAgent(join(dir, 'c.csv'), live, 5, 1);
  const service = await startService('--agent', live);
  try {
    const before = (await get(`${service.url}/v1/model`)).json.version;
    const traffic = load(service.url);
    trainTinyAgent(join(dir, 'd.csv'), live, 33, 2);
    const after = await waitForVersion(service.url, before);
    const { statuses } = await traffic.stop();
    assert.deepEqual([...new Set(statuses)], [200]);
    assert.notEqual(after, before);
  } finally {
    assert.equal(await service.stop(), 0);
  }
});

test('SIGTERM: an in-flight request still gets its answer, new connections are refused, exit 0', async () => {
  const service = await startService('--agent', agentA);
  const body = JSON.stringify({ events: [{ activity: 'Register' }] });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  // Headers and half the body now, the rest after SIGTERM: the request is in flight across it.
  const answer = rawRequest(service.port, `POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, async (send) => {
    await send(body.slice(0, 10));
    await gate;
    await send(body.slice(10));
  });
  await new Promise((r) => setTimeout(r, 300));
  service.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  await assert.rejects(fetch(`${service.url}/healthz`), 'a new connection after SIGTERM is refused');
  release();
  const response = await answer;
  assert.equal(statusOf(response), 200, response);
  assert.match(response, /Connection: close/i);
  assert.ok(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)).next.length > 0);
  assert.equal(await service.exited, 0, service.stderr());
  assert.match(service.stderr(), /SIGTERM: finishing in-flight requests/);
});
