/**
 * Core ops with their gradient rules side by side: elementwise arithmetic, shapes, MatMul,
 * reductions. Each differentiable op emits its ONNX node(s) and records a closure that emits the
 * backward nodes. Ops in the last section have no gradient rule: they are only used off the
 * gradient path (optimizer, masks, index arithmetic).
 */
import { GraphBuilder, ShapeError } from './builder';
import { attr, DType, Shape, Value, sameShape, shapeStr, sizeOf } from './ir';

function check(ok: boolean, b: GraphBuilder, op: string, msg: string): void {
  if (!ok) throw new ShapeError(`${b.name}: ${op}: ${msg}`);
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** numpy-style broadcast of two shapes. */
export function broadcastShape(b: GraphBuilder, op: string, x: Shape, y: Shape): Shape {
  const n = Math.max(x.length, y.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const dx = x[x.length - n + i] ?? 1;
    const dy = y[y.length - n + i] ?? 1;
    check(dx === dy || dx === 1 || dy === 1, b, op, `cannot broadcast ${shapeStr(x)} with ${shapeStr(y)}`);
    out.push(Math.max(dx, dy));
  }
  return out;
}

/** Sums a broadcast gradient `dy` back down to `shape`. */
export function unbroadcast(b: GraphBuilder, dy: Value, shape: Shape): Value {
  if (sameShape(dy.shape, shape)) return dy;
  const lead = dy.shape.length - shape.length;
  const axes: number[] = [];
  dy.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  return reshape(b, reduceSum(b, dy, axes, true), shape);
}

function binary(b: GraphBuilder, op: string, x: Value, y: Value): Value {
  check(x.dtype === y.dtype, b, op, `dtype ${x.dtype} vs ${y.dtype}`);
  const shape = broadcastShape(b, op, x.shape, y.shape);
  return b.emit(op, [x, y], [{ dtype: x.dtype, shape }])[0];
}

// ---------------------------------------------------------------- elementwise

export function add(b: GraphBuilder, x: Value, y: Value): Value {
  const z = binary(b, 'Add', x, y);
  b.record([x, y], [z], ([dz], need) => [
    need[0] ? unbroadcast(b, dz!, x.shape) : undefined,
    need[1] ? unbroadcast(b, dz!, y.shape) : undefined,
  ]);
  return z;
}

export function sub(b: GraphBuilder, x: Value, y: Value): Value {
  const z = binary(b, 'Sub', x, y);
  b.record([x, y], [z], ([dz], need) => [
    need[0] ? unbroadcast(b, dz!, x.shape) : undefined,
    need[1] ? unbroadcast(b, neg(b, dz!), y.shape) : undefined,
  ]);
  return z;
}

export function mul(b: GraphBuilder, x: Value, y: Value): Value {
  const z = binary(b, 'Mul', x, y);
  b.record([x, y], [z], ([dz], need) => [
    need[0] ? unbroadcast(b, mul(b, dz!, y), x.shape) : undefined,
    need[1] ? unbroadcast(b, mul(b, dz!, x), y.shape) : undefined,
  ]);
  return z;
}

export function neg(b: GraphBuilder, x: Value): Value {
  const z = b.emit('Neg', [x], [x])[0];
  b.record([x], [z], ([dz]) => [neg(b, dz!)]);
  return z;
}

export function tanh(b: GraphBuilder, x: Value): Value {
  const y = b.emit('Tanh', [x], [x])[0];
  // d tanh = 1 - y²
  b.record([x], [y], ([dy]) => [mul(b, dy!, sub(b, b.scalar(1, x.dtype), mul(b, y, y)))]);
  return y;
}

/** x · c for a constant number c. */
export function scale(b: GraphBuilder, x: Value, c: number): Value {
  return mul(b, x, b.scalar(c, x.dtype));
}

// ---------------------------------------------------------------- shapes

export function reshape(b: GraphBuilder, x: Value, shape: Shape): Value {
  check(sizeOf(shape) === sizeOf(x.shape), b, 'Reshape', `${shapeStr(x.shape)} → ${shapeStr(shape)}`);
  if (sameShape(x.shape, shape)) return x;
  const y = b.emit('Reshape', [x, b.int64s(shape)], [{ dtype: x.dtype, shape }])[0];
  b.record([x], [y], ([dy]) => [reshape(b, dy!, x.shape)]);
  return y;
}

export function transpose(b: GraphBuilder, x: Value, perm: readonly number[]): Value {
  check(perm.length === x.shape.length && [...perm].sort().every((p, i) => p === i), b, 'Transpose', `perm ${perm}`);
  const y = b.emit('Transpose', [x], [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }], { perm: attr.ints(perm) })[0];
  const inverse = perm.map((_, i) => perm.indexOf(i));
  b.record([x], [y], ([dy]) => [transpose(b, dy!, inverse)]);
  return y;
}

/** Swaps the last two axes: [..., M, N] → [..., N, M]. */
export function transposeLast2(b: GraphBuilder, x: Value): Value {
  const r = x.shape.length;
  return transpose(b, x, [...Array(r - 2).keys(), r - 1, r - 2]);
}

/** Splits `x` along `axis` into pieces of the given sizes. */
export function split(b: GraphBuilder, x: Value, axis: number, sizes: readonly number[]): Value[] {
  const ax = normAxis(axis, x.shape.length);
  check(sizes.reduce((s, n) => s + n, 0) === x.shape[ax], b, 'Split', `sizes ${sizes} vs ${shapeStr(x.shape)}`);
  const outs = sizes.map((n) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === ax ? n : d)) }));
  const ys = b.emit('Split', [x, b.int64s(sizes)], outs, { axis: attr.i(ax) });
  b.record([x], ys, (dys) => [concat(b, dys.map((d, i) => d ?? zeros(b, ys[i].dtype, ys[i].shape)), ax)]);
  return ys;
}

// ---------------------------------------------------------------- linear algebra

/**
 * x [..., M, K] @ w [K, N] (weights broadcast over the batch), or batched x [..., M, K] @ y [..., K, N]
 * with identical batch dimensions.
 */
export function matmul(b: GraphBuilder, x: Value, w: Value): Value {
  const rx = x.shape.length;
  const rw = w.shape.length;
  check(x.dtype === w.dtype, b, 'MatMul', `dtype ${x.dtype} vs ${w.dtype}`);
  check(rx >= 2 && (rw === 2 || rw === rx), b, 'MatMul', `ranks ${shapeStr(x.shape)} @ ${shapeStr(w.shape)}`);
  const [K, N] = w.shape.slice(-2);
  check(x.shape[rx - 1] === K, b, 'MatMul', `inner dims ${shapeStr(x.shape)} @ ${shapeStr(w.shape)}`);
  if (rw === rx) check(sameShape(x.shape.slice(0, -2), w.shape.slice(0, -2)), b, 'MatMul', 'batch dims differ');
  const y = b.emit('MatMul', [x, w], [{ dtype: x.dtype, shape: [...x.shape.slice(0, -1), N] }])[0];
  b.record([x, w], [y], ([dy], need) => {
    // dx = dy @ wᵀ ; dw = xᵀ @ dy (summed over the batch when w is shared)
    const dx = need[0] ? matmul(b, dy!, transposeLast2(b, w)) : undefined;
    let dw: Value | undefined;
    if (need[1] && rw === 2) {
      const rows = sizeOf(x.shape) / K;
      const x2 = reshape(b, x, [rows, K]);
      const dy2 = reshape(b, dy!, [rows, N]);
      dw = b.emit('Gemm', [x2, dy2], [{ dtype: x.dtype, shape: [K, N] }], { transA: attr.i(1) })[0];
    } else if (need[1]) {
      dw = matmul(b, transposeLast2(b, x), dy!);
    }
    return [dx, dw];
  });
  return y;
}

// ---------------------------------------------------------------- reductions

export function reduceSum(b: GraphBuilder, x: Value, axes: readonly number[], keepdims: boolean): Value {
  const ax = axes.map((a) => normAxis(a, x.shape.length));
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const shape = keepdims ? kept : x.shape.filter((_, i) => !ax.includes(i));
  const y = b.emit('ReduceSum', [x, b.int64s(ax)], [{ dtype: x.dtype, shape }], { keepdims: attr.i(keepdims ? 1 : 0) })[0];
  b.record([x], [y], ([dy]) => [expand(b, reshape(b, dy!, kept), x.shape)]);
  return y;
}

/** Mean over the given axes, built from ReduceSum so the gradient rule stays in one place. */
export function reduceMean(b: GraphBuilder, x: Value, axes: readonly number[], keepdims: boolean): Value {
  const count = axes.reduce((n, a) => n * x.shape[normAxis(a, x.shape.length)], 1);
  return scale(b, reduceSum(b, x, axes, keepdims), 1 / count);
}

export function expand(b: GraphBuilder, x: Value, shape: Shape): Value {
  const out = broadcastShape(b, 'Expand', x.shape, shape);
  if (sameShape(out, x.shape)) return x;
  const y = b.emit('Expand', [x, b.int64s(shape)], [{ dtype: x.dtype, shape: out }])[0];
  b.record([x], [y], ([dy]) => [unbroadcast(b, dy!, x.shape)]);
  return y;
}

export function concat(b: GraphBuilder, xs: readonly Value[], axis: number): Value {
  const ax = normAxis(axis, xs[0].shape.length);
  const shape = xs[0].shape.map((d, i) => (i === ax ? xs.reduce((s, x) => s + x.shape[i], 0) : d));
  const y = b.emit('Concat', xs, [{ dtype: xs[0].dtype, shape }], { axis: attr.i(ax) })[0];
  b.record(xs, [y], ([dy]) => split(b, dy!, ax, xs.map((x) => x.shape[ax])));
  return y;
}

// ---------------------------------------------------------------- no gradient rule (off the gradient path)

export function zeros(b: GraphBuilder, dtype: DType, shape: Shape): Value {
  return b.emit('Expand', [b.scalar(0, dtype), b.int64s(shape)], [{ dtype, shape }])[0];
}

export function cast(b: GraphBuilder, x: Value, to: DType): Value {
  if (x.dtype === to) return x;
  const codes: Record<DType, number> = { float32: 1, float64: 11, int32: 6, int64: 7, bool: 9 };
  return b.emit('Cast', [x], [{ dtype: to, shape: x.shape }], { to: attr.i(codes[to]) })[0];
}

/** Elementwise op without a gradient rule: Div, Sqrt, Min, Max, Mod, Pow, Exp, Equal, Less, … */
export function raw(b: GraphBuilder, op: string, xs: readonly Value[], dtype?: DType): Value {
  const shape = xs.slice(1).reduce<Shape>((s, x) => broadcastShape(b, op, s, x.shape), xs[0].shape);
  return b.emit(op, xs, [{ dtype: dtype ?? xs[0].dtype, shape }])[0];
}

/** Slice along axis 0 of a vector: x[start, start+len). */
export function sliceVec(b: GraphBuilder, x: Value, start: number, len: number): Value {
  check(x.shape.length === 1 && start + len <= x.shape[0], b, 'Slice', `[${start}, ${start + len}) of ${shapeStr(x.shape)}`);
  return b.emit('Slice', [x, b.int64s([start]), b.int64s([start + len]), b.int64s([0])], [{ dtype: x.dtype, shape: [len] }])[0];
}

/** Plain Concat with no gradient (e.g. flattening parameter gradients). */
export function concatRaw(b: GraphBuilder, xs: readonly Value[], axis: number): Value {
  const shape = xs[0].shape.map((d, i) => (i === axis ? xs.reduce((s, x) => s + x.shape[i], 0) : d));
  return b.emit('Concat', xs, [{ dtype: xs[0].dtype, shape }], { axis: attr.i(axis) })[0];
}

export function reshapeRaw(b: GraphBuilder, x: Value, shape: Shape): Value {
  check(sizeOf(shape) === sizeOf(x.shape), b, 'Reshape', `${shapeStr(x.shape)} → ${shapeStr(shape)}`);
  if (sameShape(x.shape, shape)) return x;
  return b.emit('Reshape', [x, b.int64s(shape)], [{ dtype: x.dtype, shape }])[0];
}
