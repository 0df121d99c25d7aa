/**
 * The real service on a free port, every endpoint called, answers checked against
 * `process-agent predict --json` on the same tiny agent.
 */
import { SERVED_TIME_TOLERANCE } from '../../src/core/serve/rowDecoder';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { cli, get, post, startService, trainTinyAgent, type Answer, type Service } from './serveHarness';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { fixtureCases } from '../train/fixtureLog';

const dir = tempDir('pa-serve-');
const agentDir = join(dir, 'agent');
let service: Service;

before(async () => {
  trainTinyAgent(join(dir, 'log.csv'), agentDir, 9);
  service = await startService('--agent', agentDir);
});
after(async () => {
  assert.equal(await service.stop(), 0, service.stderr());
});

/** Same ranking, same suffix, probabilities equal to float32-run precision (batches of other sizes may round differently). */
function assertSameAnswer(served: Pick<Answer, 'next' | 'suffix' | 'suffixLogProb'>, expected: { next: { activity: string; probability: number }[]; suffix: { steps: string[]; logProb: number } }, what: string): void {
  assert.deepEqual(served.next.map((n) => n.activity), expected.next.map((n) => n.activity), `${what}: next`);
  served.next.forEach((n, i) => assert.ok(Math.abs(n.probability - expected.next[i].probability) < 1e-5, `${what}: p(${n.activity}) ${n.probability} vs ${expected.next[i].probability}`));
  assert.deepEqual(served.suffix, expected.suffix.steps, `${what}: suffix`);
  assert.ok(Math.abs(served.suffixLogProb - expected.suffix.logProb) < 1e-4, `${what}: suffix log-probability`);
}

test('GET /healthz answers ok', async () => {
  const r = await get(`${service.url}/healthz`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('POST /v1/predict equals predict --json for the same prefix (CLI, several prefixes and options)', async () => {
  const prefixes = [[], ['Register'], ['Register', 'Check A'], ['Register', 'Check B', 'Review', 'Review']];
  for (const p of prefixes) {
    const r = cli('predict', '--agent', agentDir, '--json', '--k', '3', '--beam', '2', ...p);
    assert.equal(r.code, 0, r.stderr);
    const expected = JSON.parse(r.stdout);
    const served = await post(`${service.url}/v1/predict`, { events: p.map((activity) => ({ activity })), k: 3, beam: 2 });
    assert.equal(served.status, 200, JSON.stringify(served.json));
    assertSameAnswer(served.json, expected, p.join(' → ') || '(empty)');
  }
  // Default options are predict's defaults (k 5, beam 3, 50 steps).
  const r = cli('predict', '--agent', agentDir, '--json', 'Register', 'Check A', 'Review');
  const served = await post(`${service.url}/v1/predict`, { events: [{ activity: 'Register' }, { activity: 'Check A', timestamp: '2024-03-01T10:00:00Z', resource: 'ann' }, { activity: 'Review', timestamp: 1709287200000 }] });
  assertSameAnswer(served.json, JSON.parse(r.stdout), 'defaults');
  assert.equal(served.json.next.length, 5);
});

test('the time fields equal predict --json\'s for the same events and timestamps; null for a case with no events', async () => {
  const model = await get(`${service.url}/v1/model`);
  assert.equal(model.json.timeHeads, true, 'the fixture log has timestamps, so train fits time heads');
  const stamps = ['2024-03-01T10:00:00.000Z', '2024-03-01T10:01:00.000Z'];
  for (const timed of [false, true]) {
    const steps = ['Register', 'Check A'];
    const r = cli('predict', '--agent', agentDir, '--json', ...steps.map((s, i) => (timed ? `${s}@${stamps[i]}` : s)));
    assert.equal(r.code, 0, r.stderr);
    const expected = JSON.parse(r.stdout);
    const served = await post(`${service.url}/v1/predict`, { events: steps.map((activity, i) => (timed ? { activity, timestamp: stamps[i] } : { activity })) });
    assert.equal(served.status, 200);
    assert.equal(typeof served.json.nextEventInMs, 'number');
    // Served times come from the decode cache's hidden states: equal to predict's up to float
    // summation order (SERVED_TIME_TOLERANCE, rowDecoder.ts).
    const close = (got: number, want: number): boolean => Math.abs(got - want) <= SERVED_TIME_TOLERANCE * Math.max(1, want);
    assert.ok(close(served.json.nextEventInMs as number, expected.nextEventInMs), `timed ${timed}: next event`);
    for (const key of ['expectedMs', 'p10Ms', 'p90Ms'] as const) {
      const got = (served.json.remainingTime as Record<string, number>)[key];
      assert.ok(close(got, expected.remainingTime[key]), `timed ${timed}: remaining ${key} ${got} vs ${expected.remainingTime[key]}`);
    }
    const interval = served.json.nextEvent as { p10Ms: number; p90Ms: number };
    assert.ok(close(interval.p10Ms, expected.nextEvent.p10Ms) && close(interval.p90Ms, expected.nextEvent.p90Ms), `timed ${timed}: next-event interval`);
  }
  const empty = await post(`${service.url}/v1/predict`, { events: [] });
  assert.equal(empty.json.nextEventInMs, null);
  assert.equal(empty.json.remainingTime, null);
});

test('POST /v1/predict/batch answers every case as /v1/predict does, in order, under concurrency', async () => {
  const cases = fixtureCases({ cases: 40, seed: 3 }).map((c, i) => c.slice(0, 1 + (i % c.length)));
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    const expected: { next: { activity: string; probability: number }[]; suffix: { steps: string[]; logProb: number } }[] = [];
    for (const c of cases) expected.push({ next: (await agent.predictNext(c, 5)).next, suffix: await agent.predictSuffix(c, 3, 50) });
    const body = { cases: cases.map((c) => ({ events: c.map((activity) => ({ activity })) })) };
    // Three batches and forty single calls at once: they share onnxruntime runs.
    const [b1, b2, b3, ...singles] = await Promise.all([
      post(`${service.url}/v1/predict/batch`, body),
      post(`${service.url}/v1/predict/batch`, body),
      post(`${service.url}/v1/predict/batch`, body),
      ...cases.map((c) => post(`${service.url}/v1/predict`, { events: c.map((activity) => ({ activity })) })),
    ]);
    for (const b of [b1, b2, b3]) {
      assert.equal(b.status, 200);
      assert.equal(b.json.results.length, cases.length);
      b.json.results.forEach((r: Answer, i: number) => assertSameAnswer(r, expected[i], `batch case ${i}`));
    }
    singles.forEach((s, i) => assertSameAnswer(s.json, expected[i], `single case ${i}`));
  } finally {
    await agent.dispose();
  }
});

test('GET /v1/model gives the vocabulary, the measured accuracy and its protocol', async () => {
  const r = await get(`${service.url}/v1/model`);
  assert.equal(r.status, 200);
  const report = JSON.parse(readFileSync(join(agentDir, 'eval.json'), 'utf8'));
  assert.deepEqual(r.json.activities, ['Approve', 'Check A', 'Check B', 'Close', 'Register', 'Reject', 'Review']);
  assert.equal(r.json.endOfCase, '[END]');
  assert.equal(r.json.accuracy.agent, report.agent.accuracy);
  assert.equal(r.json.accuracy.baselines.ngram, report.baselines.ngram.accuracy);
  assert.deepEqual(r.json.protocol, report.protocol);
  assert.match(r.json.version, /^[0-9a-f]{16}$/);
  assert.equal(r.headers.get('x-model-version'), r.json.version);
});

test('GET /openapi.json serves the document kept in the repo', async () => {
  const r = await get(`${service.url}/openapi.json`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, JSON.parse(readFileSync('src/core/serve/openapi.json', 'utf8')));
});

test('unknown routes are 404 and wrong methods 405, with JSON errors', async () => {
  const r = await get(`${service.url}/v2/predict`);
  assert.equal(r.status, 404);
  assert.match(r.json.error.message, /no route/);
  const m = await get(`${service.url}/v1/predict`);
  assert.equal(m.status, 405);
  assert.equal(m.headers.get('allow'), 'POST');
});
