import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { CHECKPOINT_MAGIC } from '../../src/core/model/checkpoint';
import { presetConfig } from '../../src/core/model/config';
import { paramLayout } from '../../src/core/model/params';
import { agentPaths } from '../../src/core/train/agentDir';
import { tempDir } from '../tempDir';

// Agent folders written by earlier builds: the checkpoint is built byte by byte here, as those
// builds wrote it, so the typed writer of this build cannot fill in what they lacked.
const dir = tempDir('pa-old-agent-');
const activities = ['Submit', 'Review', 'Approve'];

/** A checkpoint file as the layout in model/checkpoint.ts describes it, with any header JSON. */
function rawCheckpoint(header: Record<string, unknown>, theta: Float32Array, formatVersion = 1): Buffer {
  const json = Buffer.from(JSON.stringify({ ...header, moments: false }), 'utf8');
  const padded = Math.ceil(json.length / 4) * 4;
  const buf = Buffer.alloc(16 + padded + theta.byteLength + 4);
  buf.write(CHECKPOINT_MAGIC, 0, 'latin1');
  buf.writeUInt32LE(formatVersion, 8);
  buf.writeUInt32LE(json.length, 12);
  json.copy(buf, 16);
  Buffer.from(theta.buffer, theta.byteOffset, theta.byteLength).copy(buf, 16 + padded);
  const end = 16 + padded + theta.byteLength;
  buf.writeUInt32LE(crc32(buf.subarray(0, end)), end);
  return buf;
}

function oldFolder(name: string, header: (base: Record<string, unknown>) => Record<string, unknown>, formatVersion = 1): string {
  const agentDir = join(dir, name);
  mkdirSync(agentDir, { recursive: true });
  const model = presetConfig('tiny', 4 + activities.length + 1, 16);
  const theta = new Float32Array(paramLayout(model).total).map((_, i) => Math.sin(i) * 0.02);
  // Version-1 header: the fields of this build's header, without `headerVersion`.
  const base = { model, tokenizer: { kind: 'activity', version: 1, activities }, step: 10, rng: [1, 2, 3, 4], paramCount: theta.length, meta: { trainConfig: { preset: 'tiny' } } };
  writeFileSync(agentPaths(agentDir).checkpoint, rawCheckpoint(header(base), theta, formatVersion));
  return agentDir;
}

test('an agent folder with a version-1 header (no headerVersion) still loads and predicts', async () => {
  const agentDir = oldFolder('v1', (h) => h);
  const agent = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    assert.deepEqual(agent.activities, activities);
    const p = await agent.predictNext(['Submit'], 3);
    assert.equal(p.next.length, 3);
    assert.ok(p.next.every((s) => s.probability >= 0 && s.probability <= 1));
  } finally {
    await agent.dispose();
  }
});

test('an agent folder from an older build that lacks header fields gets one "retrain" message naming the file', async () => {
  const agentDir = oldFolder('no-rng', ({ rng: _rng, ...h }) => h);
  await assert.rejects(loadAgent(agentDir, { device: 'cpu', threads: 1 }), (e: Error) => {
    assert.match(e.message, /agent\.ckpt: has no RNG state .*retrain the agent/);
    return true;
  });
  const noTokenizerVersion = oldFolder('tok-v0', (h) => ({ ...h, tokenizer: { kind: 'activity', activities } }));
  await assert.rejects(loadAgent(noTokenizerVersion, { device: 'cpu', threads: 1 }), /agent\.ckpt: has no tokenizer of a known kind and version; retrain/);
  const future = oldFolder('v9', (h) => ({ ...h, headerVersion: 9 }));
  await assert.rejects(loadAgent(future, { device: 'cpu', threads: 1 }), /has header version 9, this build reads 1 to 2; retrain/);
  const oldLayout = oldFolder('format-0', (h) => h, 0);
  await assert.rejects(loadAgent(oldLayout, { device: 'cpu', threads: 1 }), /checkpoint format version 0.*retrain/);
});
