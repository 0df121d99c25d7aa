import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADER_VERSION, loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../src/core/model/checkpoint';
import { tempDir } from '../tempDir';

function sample(n = 37): Checkpoint {
  const f = (k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 1e-3 * k);
  return {
    header: {
      headerVersion: HEADER_VERSION,
      model: { vocabSize: 6, context: 8, dModel: 16, nLayers: 1, nHeads: 2, dFF: 64, tiedHead: true },
      tokenizer: { kind: 'activity', version: 1, activities: ['a', 'b'] },
      step: 42,
      rng: [1, 2, 3, 4],
      paramCount: n,
      meta: { note: 'ü' },
    },
    theta: f(1),
    m: f(2),
    v: f(3),
  };
}

const dir = tempDir('pa-ckpt-');

test('checkpoint round trip keeps header, θ, m, v bit for bit', () => {
  const file = join(dir, 'a.ckpt');
  const ck = sample();
  saveCheckpoint(file, ck);
  const back = loadCheckpoint(file);
  assert.deepEqual(back.header, ck.header);
  assert.deepEqual(back.theta, ck.theta);
  assert.deepEqual(back.m, ck.m);
  assert.deepEqual(back.v, ck.v);
  // atomic write leaves no temporary files behind
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
});

test('checkpoint without moments round-trips', () => {
  const file = join(dir, 'b.ckpt');
  const { m: _m, v: _v, ...ck } = sample(5);
  saveCheckpoint(file, ck);
  const back = loadCheckpoint(file);
  assert.equal(back.m, undefined);
  assert.deepEqual(back.theta, ck.theta);
});

test('one corrupted byte is refused with a clear message', () => {
  const file = join(dir, 'c.ckpt');
  saveCheckpoint(file, sample());
  const buf = readFileSync(file);
  buf[buf.length - 20] ^= 0x40; // inside v
  writeFileSync(file, buf);
  assert.throws(() => loadCheckpoint(file), /c\.ckpt: is corrupt \(checksum mismatch\)/);
});

test('a foreign file is refused', () => {
  const file = join(dir, 'd.ckpt');
  writeFileSync(file, 'case,activity\n1,a\n'.repeat(10));
  assert.throws(() => loadCheckpoint(file), /is not a Process Agent checkpoint/);
});

test('a truncated file is refused', () => {
  const file = join(dir, 'e.ckpt');
  saveCheckpoint(file, sample());
  const buf = readFileSync(file);
  writeFileSync(file, buf.subarray(0, buf.length - 9));
  assert.throws(() => loadCheckpoint(file), /is truncated/);
  writeFileSync(file, buf.subarray(0, 12));
  assert.throws(() => loadCheckpoint(file), /is truncated/);
});

test('a missing file says to train first', () => {
  assert.throws(() => loadCheckpoint(join(dir, 'nope.ckpt')), /does not exist; train an agent first/);
});
