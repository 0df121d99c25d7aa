/** The time heads' rules (ReLU, pinball loss, the head MLP) against float64 central finite differences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradCheck } from './gradcheck';
import * as nn from '../../src/core/onnx/nn';
import { pinballTerms, timeHeadForward } from '../../src/core/model/timeHead';

const TOL = 1e-6;
// Values kept away from ReLU's kink at 0, where the two one-sided differences disagree.
const offKink = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => (((i * 7919 + seed * 104729) % 97) / 97 - 0.5) * 2 + (i % 2 === 0 ? 0.05 : -0.05));

test('relu', async () => {
  const err = await gradCheck([{ name: 'a', shape: [3, 4], values: offKink(12, 1) }], (b, [x]) => nn.relu(b, x));
  assert.ok(err < TOL, `relu: relative error ${err}`);
});

test('pinball loss: gradient with respect to predictions and targets', async () => {
  const B = 4;
  const err = await gradCheck(
    [
      { name: 'pred', shape: [B, 6], values: offKink(B * 6, 2) },
      { name: 'y', shape: [B, 2], values: offKink(B * 2, 3).map((v) => v * 3) },
    ],
    // gradCheck weighs every term with its own random factor, which covers the row weights of pinballLoss too.
    (b, [pred, y]) => pinballTerms(b, pred, y),
  );
  assert.ok(err < TOL, `pinball: relative error ${err}`);
});

test('the time head: MLP forward into the pinball loss, every weight', async () => {
  const [B, D, H] = [5, 4, 3];
  const err = await gradCheck(
    [
      { name: 'w1', shape: [D, H] },
      { name: 'w2', shape: [H, 6] },
      { name: 'b1', shape: [H] },
      { name: 'b2', shape: [6] },
      { name: 'x', shape: [B, D] },
      { name: 'y', shape: [B, 2], values: Float64Array.from({ length: B * 2 }, (_, i) => 3 * Math.sin(i + 1)) },
    ],
    (b, [w1, w2, b1, b2, x, y]) => pinballTerms(b, timeHeadForward(b, new Map([['w1', w1], ['w2', w2], ['b1', b1], ['b2', b2]]), x), y),
  );
  assert.ok(err < TOL, `time head: relative error ${err}`);
});
