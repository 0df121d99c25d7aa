/** Bearer tokens: refused when missing or wrong, and a non-loopback bind without one is refused. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { cli, get, post, startService, trainTinyAgent, type Service } from './serveHarness';

const dir = tempDir('pa-serve-token-');
const agentDir = join(dir, 'agent');
const tokenFile = join(dir, 'token');
const TOKEN = 'c0ffee'.repeat(8);
let service: Service;

before(async () => {
  trainTinyAgent(join(dir, 'log.csv'), agentDir, 9, 1);
  writeFileSync(tokenFile, `${TOKEN}\n`);
  service = await startService('--agent', agentDir, '--token-file', tokenFile);
});
after(async () => {
  assert.equal(await service.stop(), 0, service.stderr());
});

test('with a token set, a missing or wrong token gets 401 on every guarded route', async () => {
  const body = { events: [{ activity: 'Register' }] };
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${TOKEN}` }, { authorization: TOKEN }] as Record<string, string>[]) {
    const p = await post(`${service.url}/v1/predict`, body, headers);
    assert.equal(p.status, 401, JSON.stringify(headers));
    assert.match(p.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await post(`${service.url}/v1/predict/batch`, { cases: [body] }, headers)).status, 401);
    assert.equal((await get(`${service.url}/v1/model`, headers)).status, 401);
  }
});

test('the right token is accepted; /healthz and /openapi.json need none', async () => {
  const auth = { authorization: `Bearer ${TOKEN}` };
  assert.equal((await post(`${service.url}/v1/predict`, { events: [{ activity: 'Register' }] }, auth)).status, 200);
  assert.equal((await get(`${service.url}/v1/model`, auth)).status, 200);
  assert.equal((await get(`${service.url}/healthz`)).status, 200);
  assert.equal((await get(`${service.url}/openapi.json`)).status, 200);
});

test('a non-loopback host without a token is refused before anything listens; weak tokens too', () => {
  const r = cli('serve', '--agent', agentDir, '--host', '0.0.0.0', '--port', '0');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0.*--token-file/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const weak = join(dir, 'weak');
  writeFileSync(weak, 'short\n');
  const w = cli('serve', '--agent', agentDir, '--token-file', weak, '--port', '0');
  assert.notEqual(w.code, 0);
  assert.match(w.stderr, /at least 16 characters/);
  const missing = cli('serve', '--agent', join(dir, 'nowhere'), '--port', '0');
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /holds no trained agent/);
});
