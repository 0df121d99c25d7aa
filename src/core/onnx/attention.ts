/**
 * Causal scaled dot-product attention as one recorded step (issue 15): Y = softmax(q·kᵀ·c + M)·v
 * for q, k, v [..., T, dh] and an additive mask M [T, T]. Its backward uses the row identity
 * Σ_j dP_ij P_ij = Σ_c dY_ic Y_ic (since Y = P·v), so the softmax backward takes the row sums of
 * dY ⊙ Y over dh instead of dP ⊙ P over T: two [..., T, T] passes (a Mul and a ReduceSum) become
 * [..., T, dh] ones. At T = 256, dh = 64 that is a quarter of the memory traffic for that term.
 */
import { GraphBuilder, ShapeError } from './builder';
import { Value, attr, sameShape, shapeStr } from './ir';
import { raw } from './ops';

function mm(b: GraphBuilder, x: Value, y: Value): Value {
  return b.emit('MatMul', [x, y], [{ dtype: x.dtype, shape: [...x.shape.slice(0, -1), y.shape[y.shape.length - 1]] }])[0];
}

/** Swaps the last two axes (onnxruntime folds these into the MatMuls: FusedMatMul transA/transB). */
function tr(b: GraphBuilder, x: Value): Value {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return b.emit('Transpose', [x], [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }], { perm: attr.ints(perm) })[0];
}

/** q, k, v [..., T, dh], mask [T, T] (a constant) → y [..., T, dh]; `scale` multiplies q·kᵀ. */
export function causalAttention(b: GraphBuilder, q: Value, k: Value, v: Value, mask: Value, scale: number): Value {
  const T = q.shape[q.shape.length - 2];
  if (!sameShape(q.shape, k.shape) || !sameShape(q.shape, v.shape) || !sameShape(mask.shape, [T, T])) {
    throw new ShapeError(`${b.name}: causalAttention: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)}, mask ${shapeStr(mask.shape)}`);
  }
  const c = b.scalar(scale, q.dtype);
  const qs = raw(b, 'Mul', [q, c]); // [..., T, dh]
  const p = b.emit('Softmax', [raw(b, 'Add', [mm(b, qs, tr(b, k)), mask])], [{ dtype: q.dtype, shape: [...q.shape.slice(0, -1), T] }], { axis: attr.i(-1) })[0]; // [..., T, T]
  const y = mm(b, p, v); // [..., T, dh]
  b.record([q, k, v], [y], ([dy], need) => {
    const rowDot = b.emit('ReduceSum', [raw(b, 'Mul', [dy!, y]), b.int64s([-1])], [{ dtype: y.dtype, shape: [...y.shape.slice(0, -1), 1] }], { keepdims: attr.i(1) })[0]; // [..., T, 1]
    const ds = raw(b, 'Mul', [p, raw(b, 'Sub', [mm(b, dy!, tr(b, v)), rowDot])]); // dS = P ⊙ (dP − rowDot)  [..., T, T]
    return [
      need[0] ? raw(b, 'Mul', [mm(b, ds, k), c]) : undefined, // dq = c · dS·k
      need[1] ? mm(b, tr(b, ds), qs) : undefined, // dk = dSᵀ·(c·q)
      need[2] ? mm(b, tr(b, p), dy!) : undefined, // dv = Pᵀ·dY
    ];
  });
  return y;
}
