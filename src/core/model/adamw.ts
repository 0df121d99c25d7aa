/**
 * AdamW with global-norm gradient clipping, as graph nodes on the flat vectors θ, m, v, g [N]
 * (PyTorch's formulation: decoupled decay θ ← θ(1 − lr·wd) on the decayed prefix θ[0, decayed),
 * then θ ← θ − lr · m̂ / (√v̂ + ε) with bias-corrected m̂, v̂).
 */
import { GraphBuilder } from '../onnx/builder';
import { Value } from '../onnx/ir';
import { raw, sliceVec } from '../onnx/ops';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Clip the global gradient norm to this; 0 disables clipping. */
  gradClip: number;
  /** Length of the decayed prefix of θ. */
  decayed: number;
}

export const DEFAULT_BETAS = { beta1: 0.9, beta2: 0.95, eps: 1e-8 };

export interface AdamWOutputs {
  theta: Value;
  m: Value;
  v: Value;
  /** Global gradient norm before clipping. */
  gradNorm: Value;
}

/** `step` is the 1-based number of this update (float scalar), `lr` a float scalar. */
export function adamw(b: GraphBuilder, theta: Value, m: Value, v: Value, g: Value, step: Value, lr: Value, o: AdamWOptions): AdamWOutputs {
  return b.scope('adamw', () => {
    const dt = theta.dtype;
    const c = (x: number) => b.scalar(x, dt);
    const N = theta.shape[0];
    const gradNorm = raw(b, 'Sqrt', [b.emit('ReduceSumSquare', [g], [{ dtype: dt, shape: [] }], { keepdims: { kind: 'int', v: 0 } })[0]]);
    let gc = g;
    if (o.gradClip > 0) {
      const coef = raw(b, 'Min', [c(1), raw(b, 'Div', [c(o.gradClip), raw(b, 'Add', [gradNorm, c(1e-6)])])]);
      gc = raw(b, 'Mul', [g, coef]);
    }
    const m2 = raw(b, 'Add', [raw(b, 'Mul', [m, c(o.beta1)]), raw(b, 'Mul', [gc, c(1 - o.beta1)])]);
    const v2 = raw(b, 'Add', [raw(b, 'Mul', [v, c(o.beta2)]), raw(b, 'Mul', [raw(b, 'Mul', [gc, gc]), c(1 - o.beta2)])]);
    const bc1 = raw(b, 'Sub', [c(1), raw(b, 'Pow', [c(o.beta1), step])]);
    const bc2 = raw(b, 'Sub', [c(1), raw(b, 'Pow', [c(o.beta2), step])]);
    const denom = raw(b, 'Add', [raw(b, 'Sqrt', [raw(b, 'Div', [v2, bc2])]), c(o.eps)]);
    const update = raw(b, 'Div', [raw(b, 'Div', [m2, bc1]), denom]);
    let next = raw(b, 'Sub', [theta, raw(b, 'Mul', [update, lr])]);
    if (o.weightDecay > 0 && o.decayed > 0) {
      const decayedPart = raw(b, 'Mul', [sliceVec(b, theta, 0, o.decayed), raw(b, 'Mul', [lr, c(o.weightDecay)])]);
      const decay =
        o.decayed === N ? decayedPart : b.emit('Pad', [decayedPart, b.int64s([0, N - o.decayed])], [{ dtype: dt, shape: [N] }])[0];
      next = raw(b, 'Sub', [next, decay]);
    }
    return { theta: next, m: m2, v: v2, gradNorm };
  });
}
