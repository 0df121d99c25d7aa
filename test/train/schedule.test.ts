import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRateAt } from '../../src/core/train/schedule';
import { Rng } from '../../src/core/train/rng';

test('warm-up rises linearly to the peak, then cosine decays to the floor', () => {
  const s = { peak: 1e-3, totalSteps: 100, warmup: 0.1, decay: 'cosine' as const, minRatio: 0.1 };
  assert.ok(Math.abs(learningRateAt(0, s) - 1e-4) < 1e-12);
  assert.ok(Math.abs(learningRateAt(9, s) - 1e-3) < 1e-12);
  assert.ok(Math.abs(learningRateAt(10, s) - 1e-3) < 1e-12);
  assert.ok(Math.abs(learningRateAt(55, s) - 0.55e-3) < 1e-9, 'half-way is the midpoint of peak and floor');
  assert.ok(Math.abs(learningRateAt(100, s) - 1e-4) < 1e-12);
  for (let i = 11; i <= 100; i++) assert.ok(learningRateAt(i, s) <= learningRateAt(i - 1, s));
});

test('linear and constant decay', () => {
  const lin = { peak: 2, totalSteps: 10, warmup: 0, decay: 'linear' as const, minRatio: 0 };
  assert.equal(learningRateAt(0, lin), 2);
  assert.ok(Math.abs(learningRateAt(5, lin) - 1) < 1e-12);
  assert.equal(learningRateAt(10, lin), 0);
  assert.equal(learningRateAt(7, { ...lin, decay: 'constant' }), 2);
});

test('rng is deterministic and resumable from its state', () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const seqA = [a.nextUint32(), a.nextUint32()];
  assert.deepEqual(seqA, [b.nextUint32(), b.nextUint32()]);
  const c = new Rng(a.state());
  assert.equal(c.next(), a.next());
  assert.notEqual(new Rng(8).nextUint32(), new Rng(7).nextUint32());
  const xs = Array.from({ length: 10000 }, () => a.next());
  const mean = xs.reduce((p, q) => p + q, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02);
  assert.deepEqual(new Rng(3).shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5]);
});
