/**
 * Reverse-mode autodiff over the builder's tape. The rules live with the ops (ops.ts, nn.ts);
 * this walk only finds which steps lie between `wrt` and the loss, runs their rules in reverse,
 * and sums gradients that meet at one value.
 */
import { GraphBuilder, ShapeError } from './builder';
import { Value, sameShape, shapeStr } from './ir';
import { add } from './ops';

/** Emits the backward graph of scalar `loss` and returns d loss / d w for each w in `wrt`. */
export function gradients(b: GraphBuilder, loss: Value, wrt: readonly Value[], seed?: Value): Value[] {
  if (loss.shape.length !== 0 && !seed) throw new ShapeError(`gradients: loss must be a scalar, got ${shapeStr(loss.shape)}`);
  const tape = b.tape.slice(); // rules record new steps while they run; walk only the forward part
  const reaches = new Set(wrt.map((w) => w.id));
  for (const step of tape) {
    if (step.inputs.some((v) => reaches.has(v.id))) for (const o of step.outputs) reaches.add(o.id);
  }
  if (!reaches.has(loss.id)) throw new ShapeError('gradients: the loss does not depend on the requested values');

  const grads = new Map<number, Value>();
  grads.set(loss.id, seed ?? b.scalar(1, loss.dtype));
  const accumulate = (v: Value, g: Value): void => {
    if (!sameShape(v.shape, g.shape)) throw new ShapeError(`gradient of ${v.name}: shape ${shapeStr(g.shape)} ≠ ${shapeStr(v.shape)}`);
    const prev = grads.get(v.id);
    grads.set(v.id, prev ? add(b, prev, g) : g);
  };
  b.scope('grad', () => {
    for (let i = tape.length - 1; i >= 0; i--) {
      const step = tape[i];
      const dOuts = step.outputs.map((o) => grads.get(o.id));
      if (dOuts.every((g) => g === undefined)) continue;
      const needed = step.inputs.map((v) => reaches.has(v.id));
      if (!needed.some(Boolean)) continue;
      const dIns = step.grad(dOuts, needed);
      step.inputs.forEach((v, k) => {
        const g = dIns[k];
        if (needed[k] && g) accumulate(v, g);
      });
    }
  });
  return wrt.map((w) => {
    const g = grads.get(w.id);
    if (!g) throw new ShapeError(`gradients: no gradient reached ${w.name}`);
    return g;
  });
}
