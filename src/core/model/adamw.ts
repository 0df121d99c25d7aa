/**
 * AdamW with global-norm gradient clipping, as graph nodes on the flat vectors θ, m, v, g [N]
 * (PyTorch's formulation: decoupled decay θ ← θ(1 − lr·wd) on the decayed prefix θ[0, decayed),
 * then θ ← θ − lr · m̂ / (√v̂ + ε) with bias-corrected m̂, v̂).
 */
import { GraphBuilder } from '../onnx/builder';
import { Value } from '../onnx/ir';
import { concatRaw, raw, zeros } from '../onnx/ops';

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

/**
 * `step` is the 1-based number of this update (float scalar), `lr` a float scalar. Scalars are
 * folded first so that each [N] vector takes as few memory passes as possible:
 *   m′ = β₁m + (1−β₁)c·g          (c = the clip coefficient)
 *   v′ = β₂v + (1−β₂)c²·g²
 *   θ′ = θ(1 − lr·wd·[decayed]) − m′ / (√v′ · √(1/bc₂)·bc₁/lr + ε·bc₁/lr)
 */
export function adamw(b: GraphBuilder, theta: Value, m: Value, v: Value, g: Value, step: Value, lr: Value, o: AdamWOptions): AdamWOutputs {
  return b.scope('adamw', () => {
    const dt = theta.dtype;
    const c = (x: number) => b.scalar(x, dt);
    const op = (name: string, ...xs: Value[]) => raw(b, name, xs);
    const N = theta.shape[0];
    const sumSq = b.emit('ReduceSumSquare', [g], [{ dtype: dt, shape: [] }], { keepdims: { kind: 'int', v: 0 } })[0];
    const gradNorm = op('Sqrt', sumSq);
    // scalars
    const coef = o.gradClip > 0 ? op('Min', c(1), op('Div', c(o.gradClip), op('Add', gradNorm, c(1e-6)))) : c(1);
    const a1 = op('Mul', coef, c(1 - o.beta1));
    const a2 = op('Mul', op('Mul', coef, coef), c(1 - o.beta2));
    const bc1 = op('Sub', c(1), op('Pow', c(o.beta1), step));
    const bc2 = op('Sub', c(1), op('Pow', c(o.beta2), step));
    const inv = op('Div', bc1, lr); // 1 / step size
    const sqrtScale = op('Mul', op('Reciprocal', op('Sqrt', bc2)), inv);
    const epsScale = op('Mul', c(o.eps), inv);
    // [N] passes
    const m2 = op('Add', op('Mul', m, c(o.beta1)), op('Mul', g, a1));
    const v2 = op('Add', op('Mul', v, c(o.beta2)), op('Mul', op('Mul', g, g), a2));
    const denom = op('Add', op('Mul', op('Sqrt', v2), sqrtScale), epsScale);
    const update = op('Div', m2, denom);
    if (!(o.weightDecay > 0 && o.decayed > 0)) return { theta: op('Sub', theta, update), m: m2, v: v2, gradNorm };
    // θ′ = θ ⊙ f − update with f = 1 − lr·wd·[i < decayed]. The 0/1 mask [N] is constant-folded when the
    // session is created; this takes 3 [N] passes where Slice → Mul → Pad → Sub took 4 (issue 15:
    // Slice + Pad were 8.8 % of C's step).
    const ones = b.emit('Expand', [c(1), b.int64s([o.decayed])], [{ dtype: dt, shape: [o.decayed] }])[0];
    const mask = o.decayed === N ? ones : concatRaw(b, [ones, zeros(b, dt, [N - o.decayed])], 0);
    const keep = op('Sub', c(1), op('Mul', mask, op('Mul', lr, c(o.weightDecay))));
    const next = op('Sub', op('Mul', theta, keep), update);
    return { theta: next, m: m2, v: v2, gradNorm };
  });
}
