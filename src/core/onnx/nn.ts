/**
 * Neural-network ops with their gradient rules side by side: Softmax, LogSoftmax,
 * LayerNormalization, tanh-GELU, embedding Gather, GatherElements and the fused log-softmax pick (for the loss).
 */
import { GraphBuilder, ShapeError } from './builder';
import { attr, Value, isFloat, sameShape, shapeStr, sizeOf } from './ir';
import { cast, mul, raw, reduceMean, reduceSum, reshape, sub, zeros } from './ops';

function check(ok: boolean, b: GraphBuilder, op: string, msg: string): void {
  if (!ok) throw new ShapeError(`${b.name}: ${op}: ${msg}`);
}

/** Softmax over the last axis. */
export function softmax(b: GraphBuilder, x: Value): Value {
  const y = b.emit('Softmax', [x], [x], { axis: attr.i(-1) })[0];
  // dx = y ⊙ (dy − Σ_j dy_j y_j)
  b.record([x], [y], ([dy]) => [mul(b, y, sub(b, dy!, reduceSum(b, mul(b, dy!, y), [-1], true)))]);
  return y;
}

/** LogSoftmax over the last axis. */
export function logSoftmax(b: GraphBuilder, x: Value): Value {
  const y = b.emit('LogSoftmax', [x], [x], { axis: attr.i(-1) })[0];
  // dx = dy − softmax(x) · Σ_j dy_j
  b.record([x], [y], ([dy]) => [sub(b, dy!, mul(b, raw(b, 'Exp', [y]), reduceSum(b, dy!, [-1], true)))]);
  return y;
}

/**
 * LayerNormalization over the last axis. float32 uses the fused opset-17 op (stash_type=1: float32
 * statistics). The CPU EP has no kernel for float64 statistics (stash_type=11), and stash_type=1 on a
 * float64 input would silently round μ and σ⁻¹ to float32, so float64 graphs (the gradient checks)
 * compute the same three outputs with primitive ops. The gradient rule is shared.
 */
export function layerNorm(b: GraphBuilder, x: Value, gain: Value, bias: Value, eps = 1e-5): Value {
  const d = x.shape[x.shape.length - 1];
  check(sameShape(gain.shape, [d]) && sameShape(bias.shape, [d]), b, 'LayerNormalization', `gain/bias must be [${d}]`);
  check(isFloat(x.dtype), b, 'LayerNormalization', 'needs a float input');
  const stat = { dtype: x.dtype, shape: [...x.shape.slice(0, -1), 1] };
  let y: Value, mean: Value, invStd: Value;
  if (x.dtype === 'float32') {
    [y, mean, invStd] = b.emit('LayerNormalization', [x, gain, bias], [x, stat, stat], {
      axis: attr.i(-1),
      epsilon: attr.f(eps),
      stash_type: attr.i(1),
    });
  } else {
    const rm = (v: Value): Value => b.emit('ReduceMean', [v], [stat], { axes: attr.ints([-1]), keepdims: attr.i(1) })[0];
    mean = rm(x);
    const centered = raw(b, 'Sub', [x, mean]);
    const variance = rm(raw(b, 'Mul', [centered, centered]));
    invStd = raw(b, 'Reciprocal', [raw(b, 'Sqrt', [raw(b, 'Add', [variance, b.scalar(eps, x.dtype)])])]);
    y = raw(b, 'Add', [raw(b, 'Mul', [raw(b, 'Mul', [centered, invStd]), gain]), bias]);
  }
  b.record([x, gain, bias], [y], ([dy], need) => {
    // x̂ = (x − μ)·σ⁻¹ ; dx = σ⁻¹ (g·dy − mean(g·dy) − x̂ · mean(g·dy ⊙ x̂))
    const xhat = mul(b, sub(b, x, mean), invStd);
    const lead = [...x.shape.keys()].slice(0, -1);
    let dx: Value | undefined;
    if (need[0]) {
      const gdy = mul(b, dy!, gain);
      const inner = sub(b, sub(b, gdy, reduceMean(b, gdy, [-1], true)), mul(b, xhat, reduceMean(b, mul(b, gdy, xhat), [-1], true)));
      dx = mul(b, inner, invStd);
    }
    const dGain = need[1] ? reduceSum(b, mul(b, dy!, xhat), lead, false) : undefined;
    const dBias = need[2] ? reduceSum(b, dy!, lead, false) : undefined;
    return [dx, dGain, dBias];
  });
  return y;
}

const GELU_K = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

/**
 * GELU, tanh approximation: y = ½x(1 + tanh(k(x + c·x³))) = x·σ(z) with z = 2k·x(1 + c·x²)
 * (½(1 + tanh u) = σ(2u)). Written with Sigmoid because the CPU EP has no float64 Erf, and in
 * this form forward and backward together take 12 elementwise passes instead of ~19.
 * Recorded as one step with a closed-form derivative.
 */
export function gelu(b: GraphBuilder, x: Value): Value {
  const s = (v: number): Value => b.scalar(v, x.dtype);
  const x2 = raw(b, 'Mul', [x, x]);
  const z = raw(b, 'Mul', [x, raw(b, 'Add', [raw(b, 'Mul', [x2, s(2 * GELU_K * GELU_C)]), s(2 * GELU_K)])]);
  const sig = raw(b, 'Sigmoid', [z]);
  const y = raw(b, 'Mul', [x, sig]);
  b.record([x], [y], ([dy]) => {
    // y' = σ + x·σ(1−σ)·z' = σ + (y − y·σ)·2k(1 + 3c·x²)
    const dz = raw(b, 'Add', [raw(b, 'Mul', [x2, s(6 * GELU_K * GELU_C)]), s(2 * GELU_K)]);
    const slope = raw(b, 'Add', [sig, raw(b, 'Mul', [raw(b, 'Sub', [y, raw(b, 'Mul', [y, sig])]), dz])]);
    return [mul(b, dy!, slope)];
  });
  return y;
}

/** Embedding lookup: table [V, d], ids [...] (int32) → [..., d]. */
export function gather(b: GraphBuilder, table: Value, ids: Value): Value {
  check(table.shape.length === 2 && (ids.dtype === 'int32' || ids.dtype === 'int64'), b, 'Gather', 'table [V, d] and integer ids');
  const [V, d] = table.shape;
  const y = b.emit('Gather', [table, ids], [{ dtype: table.dtype, shape: [...ids.shape, d] }], { axis: attr.i(0) })[0];
  b.record([table, ids], [y], ([dy], need) => {
    if (!need[0]) return [undefined, undefined];
    // dTable[v] = Σ over positions with id v of dy: a ScatterND with reduction=add (opset 16+).
    const n = sizeOf(ids.shape);
    const idx = reshape(b, cast(b, ids, 'int64'), [n, 1]);
    const upd = reshape(b, dy!, [n, d]);
    const dTable = b.emit('ScatterND', [zeros(b, table.dtype, [V, d]), idx, upd], [table], { reduction: attr.s('add') })[0];
    return [dTable, undefined];
  });
  return y;
}

/**
 * Fused log-softmax and pick: x [N, V] (logits), idx [N, 1] → log softmax(x)[i, idx[i]] [N, 1].
 * One recorded step, so the backward is dx = dy ⊙ (onehot(idx) − softmax(x)): Exp of the saved
 * log-probabilities times −dy [N, 1], then dy added at the picked entries by a ScatterElements
 * (reduction add) that onnxruntime runs in place. That is 2 passes over [N, V] where the separate
 * LogSoftmax and GatherElements rules took 5 (a zero [N, V] scatter, ReduceSum, Exp, Mul, Sub);
 * at V = 4096 these passes were the largest elementwise nodes of a step (issue 15).
 */
export function logSoftmaxPick(b: GraphBuilder, x: Value, idx: Value): Value {
  check(x.shape.length === 2 && sameShape(idx.shape, [x.shape[0], 1]), b, 'logSoftmaxPick', `x ${shapeStr(x.shape)}, idx ${shapeStr(idx.shape)}`);
  const logp = b.emit('LogSoftmax', [x], [x], { axis: attr.i(-1) })[0];
  const y = b.emit('GatherElements', [logp, idx], [{ dtype: x.dtype, shape: idx.shape }], { axis: attr.i(1) })[0];
  b.record([x, idx], [y], ([dy]) => {
    const scaled = raw(b, 'Mul', [raw(b, 'Exp', [logp]), raw(b, 'Neg', [dy!])]); // −dy ⊙ softmax(x)  [N, V]
    return [b.emit('ScatterElements', [scaled, idx, dy!], [x], { axis: attr.i(1), reduction: attr.s('add') })[0], undefined];
  });
  return y;
}

/** y[i, 0] = x[i, idx[i, 0]] along the last axis: x [N, V], idx [N, 1] → [N, 1]. */
export function gatherElements(b: GraphBuilder, x: Value, idx: Value): Value {
  check(x.shape.length === 2 && sameShape(idx.shape, [x.shape[0], 1]), b, 'GatherElements', `x ${shapeStr(x.shape)}, idx ${shapeStr(idx.shape)}`);
  const y = b.emit('GatherElements', [x, idx], [{ dtype: x.dtype, shape: idx.shape }], { axis: attr.i(1) })[0];
  // One index per row, so a plain scatter (no reduction) puts dy back where it came from.
  b.record([x, idx], [y], ([dy]) => [
    b.emit('ScatterElements', [zeros(b, x.dtype, x.shape), idx, dy!], [x], { axis: attr.i(1) })[0],
    undefined,
  ]);
  return y;
}

/** ReLU: y = max(x, 0). The pinball loss of the time heads is built from it (model/timeHead.ts). */
export function relu(b: GraphBuilder, x: Value): Value {
  const y = b.emit('Relu', [x], [x])[0];
  // dx = dy ⊙ [x > 0] (the kink at 0 takes the left derivative 0)
  b.record([x], [y], ([dy]) => [mul(b, dy!, cast(b, raw(b, 'Greater', [x, b.scalar(0, x.dtype)], 'bool'), x.dtype))]);
  return y;
}
