/**
 * Hostile and malformed requests: each gets a 4xx with a JSON message, and the service keeps
 * answering correctly afterwards.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { get, post, rawRequest, startService, statusOf, trainTinyAgent, type Service } from './serveHarness';

const dir = tempDir('pa-serve-hostile-');
const agentDir = join(dir, 'agent');
let service: Service;
let reference: unknown;

before(async () => {
  trainTinyAgent(join(dir, 'log.csv'), agentDir, 9);
  service = await startService('--agent', agentDir);
  reference = (await post(`${service.url}/v1/predict`, { events: [{ activity: 'Register' }] })).json;
});
after(async () => {
  assert.equal(await service.stop(), 0, service.stderr());
});

/** The service still answers, and answers the same. */
async function stillUp(): Promise<void> {
  assert.equal((await get(`${service.url}/healthz`)).status, 200);
  assert.deepEqual((await post(`${service.url}/v1/predict`, { events: [{ activity: 'Register' }] })).json, reference);
}

const MB = 1 << 20;

test('truncated and invalid JSON: 400 saying the body is not JSON', async () => {
  for (const body of ['{"events": [{"activity": "Reg', '', 'null', '{"events": [,]}', '\u0000\u0001', '{"events": []} trailing']) {
    const r = await post(`${service.url}/v1/predict`, body);
    assert.equal(r.status, 400, body);
    assert.equal(typeof r.json.error.message, 'string');
  }
  await stillUp();
});

test('wrong types and unknown fields: 400 naming the field', async () => {
  const cases: [unknown, RegExp][] = [
    [[], /the body must be an object/],
    [{ events: 'Register' }, /events must be an array/],
    [{ events: [{ activity: 7 }] }, /events\[0\]\.activity must be a non-empty string/],
    [{ events: [{ activity: '' }] }, /events\[0\]\.activity must be a non-empty string/],
    [{ events: ['Register'] }, /events\[0\] must be an object/],
    [{ events: [{ activity: 'Register', timestamp: 'yesterday' }] }, /events\[0\]\.timestamp must be/],
    [{ events: [{ activity: 'Register', timestamp: true }] }, /events\[0\]\.timestamp must be/],
    [{ events: [{ activity: 'Register', resource: 3 }] }, /events\[0\]\.resource must be a string/],
    [{ events: [{ activity: 'Register', colour: 'red' }] }, /unknown field "colour"/],
    [{ events: [], k: '3' }, /k must be an integer/],
    [{ events: [], k: 0 }, /k must be an integer from 1/],
    [{ events: [], beam: 1e9 }, /beam must be an integer/],
    [{ events: [], maxSteps: -1 }, /maxSteps must be an integer/],
    [{ events: Array.from({ length: 10_001 }, () => ({ activity: 'Register' })) }, /at most 10000/],
  ];
  for (const [body, message] of cases) {
    const r = await post(`${service.url}/v1/predict`, body);
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
    assert.match(r.json.error.message, message);
  }
  const batch: [unknown, RegExp][] = [
    [{ events: [] }, /unknown field "events"/],
    [{ cases: {} }, /cases must be an array/],
    [{ cases: [{ events: [{ activity: 'Register' }] }, { events: [{ activity: 1 }] }] }, /cases\[1\]\.events\[0\]\.activity/],
    [{ cases: Array.from({ length: 1001 }, () => ({ events: [] })) }, /at most 1000 per call/],
  ];
  for (const [body, message] of batch) {
    const r = await post(`${service.url}/v1/predict/batch`, body);
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, message);
  }
  await stillUp();
});

test('unknown activities: 422 naming the event and the activity', async () => {
  const r = await post(`${service.url}/v1/predict`, { events: [{ activity: 'Register' }, { activity: 'Teleport' }] });
  assert.equal(r.status, 422);
  assert.match(r.json.error.message, /events\[1\]\.activity "Teleport" is not an activity this agent knows/);
  const b = await post(`${service.url}/v1/predict/batch`, { cases: [{ events: [] }, { events: [{ activity: 'Teleport' }] }] });
  assert.equal(b.status, 422);
  assert.match(b.json.error.message, /cases\[1\]\.events\[0\]/);
  await stillUp();
});

test('deep nesting: 400, no stack overflow', async () => {
  const depth = 400_000; // ~0.8 MB, under the body limit, so it reaches the parser and validator
  for (const body of [`{"events": ${'['.repeat(depth)}${']'.repeat(depth)}}`, `{"events": [{"activity": ${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}}]}`]) {
    const r = await post(`${service.url}/v1/predict`, body);
    assert.equal(r.status, 400);
  }
  await stillUp();
});

test('a 100 MB body is refused with 413, declared or chunked, and the service stays up', async () => {
  const chunk = Buffer.alloc(MB, 0x20);
  // Declared: refused from the Content-Length alone.
  const declared = await rawRequest(
    service.port,
    `POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${100 * MB}\r\n\r\n`,
    async (send) => {
      for (let i = 0; i < 100 && (await send(chunk)); i++);
    },
  );
  assert.equal(statusOf(declared), 413, declared.slice(0, 200));
  assert.match(declared, /larger than 1048576 bytes/);
  // Chunked (no length): refused once the count passes the limit.
  const chunked = await rawRequest(service.port, `POST /v1/predict/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, async (send) => {
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    for (let i = 0; i < 100 && (await send(frame)); i++);
  });
  assert.equal(statusOf(chunked), 413, chunked.slice(0, 200));
  await stillUp();
});

test('a body that is not JSON by Content-Type: 415', async () => {
  const r = await fetch(`${service.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"events": []}' });
  assert.equal(r.status, 415);
  assert.match(((await r.json()) as { error: { message: string } }).error.message, /application\/json/);
  await stillUp();
});

test('a client that disconnects mid-body, and a garbage request line, do not hurt the service', async () => {
  await rawRequest(service.port, `POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events": [`, undefined, 300);
  const garbage = await rawRequest(service.port, 'BLAH\r\n\r\n');
  assert.equal(statusOf(garbage), 400);
  await stillUp();
});
