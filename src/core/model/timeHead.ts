/**
 * The time heads: a small MLP on the trunk's final hidden state (plus a few time inputs) that
 * predicts quantiles of two scaled times, the time to the next event and the remaining time.
 *
 *   x [B, D] (D = dModel + time inputs) → GELU(x·w1 + b1) [B, H] → ·w2 + b2 → [B, 2·Q]
 *   read as [B, 2, Q]: target j ∈ {next event, remaining}, quantile q ∈ `quantiles`.
 *
 * Trained with the pinball loss, which the time to an event needs: its distribution is skewed
 * and multi-modal, the p50 minimises absolute error (the MAE the papers report) in any monotone
 * scale, and p10/p90 give the interval. The graphs:
 *   trunk hidden  θ [N], tokens [B, T], feature_<name> [B, T] → hidden [B, T, d]
 *   head train    φ, m, v [Nh], step [], lr [], x [B, D], y [B, 2], w [B] → loss [], φ′, m′, v′
 *   head infer    φ [Nh], x [B, D] → quantiles [B, 2·Q]
 */
import { GraphBuilder } from '../onnx/builder';
import { gradients } from '../onnx/autodiff';
import { GraphIR, Value } from '../onnx/ir';
import { add, concatRaw, matmul, mul, neg, reduceSum, reshape, reshapeRaw, sub } from '../onnx/ops';
import { gelu, relu } from '../onnx/nn';
import { ModelConfig } from './config';
import { gptHidden } from './gpt';
import { featureInputValues, thetaViews } from './graphs';
import { ParamLayout, ParamSpec, paramLayout } from './params';
import { thetaValue } from './thetaInput';
import { adamw, AdamWOptions, DEFAULT_BETAS } from './adamw';
import { mulberry32 } from '../mulberry32';

/** The quantiles every head predicts, in output order. */
export const TIME_QUANTILES = [0.1, 0.5, 0.9] as const;
/** Targets, in output order. */
export const TIME_TARGETS = ['nextEvent', 'remaining'] as const;

export interface TimeHeadShape {
  /** Input width D: dModel + time inputs. */
  inputs: number;
  /** MLP width H. */
  hidden: number;
}

export function timeHeadLayout(s: TimeHeadShape): ParamLayout {
  const O = TIME_TARGETS.length * TIME_QUANTILES.length;
  const raw: Omit<ParamSpec, 'offset' | 'size'>[] = [
    { name: 'w1', shape: [s.inputs, s.hidden], decay: true, init: { kind: 'normal', std: Math.sqrt(1 / s.inputs) } },
    { name: 'w2', shape: [s.hidden, O], decay: true, init: { kind: 'normal', std: 0.01 } },
    { name: 'b1', shape: [s.hidden], decay: false, init: { kind: 'const', value: 0 } },
    { name: 'b2', shape: [O], decay: false, init: { kind: 'const', value: 0 } },
  ];
  let offset = 0;
  const specs = raw.map((p) => {
    const size = p.shape.reduce((a, c) => a * c, 1);
    const spec = { ...p, offset, size };
    offset += size;
    return spec;
  });
  return { specs, byName: new Map(specs.map((p) => [p.name, p])), total: offset, decayed: specs.filter((p) => p.decay).reduce((a, p) => a + p.size, 0) };
}

/** Initial φ: scaled normal matrices (Box-Muller on a seeded stream), zero biases. */
export function initTimeHead(s: TimeHeadShape, seed: number): Float32Array {
  const layout = timeHeadLayout(s);
  const phi = new Float32Array(layout.total);
  const rand = mulberry32(seed);
  for (const p of layout.specs) {
    if (p.init.kind !== 'normal') continue;
    for (let i = 0; i < p.size; i++) phi[p.offset + i] = p.init.std * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  }
  return phi;
}

/** x [B, D] → quantiles [B, 2·Q]. */
export function timeHeadForward(b: GraphBuilder, P: ReadonlyMap<string, Value>, x: Value): Value {
  const h = gelu(b, add(b, matmul(b, x, P.get('w1')!), P.get('b1')!)); // [B, H]
  return add(b, matmul(b, h, P.get('w2')!), P.get('b2')!); // [B, 2·Q]
}

/**
 * Weighted pinball loss: Σ_b w[b] Σ_j Σ_q ρ_q(y[b, j] − pred[b, j, q]), with
 * ρ_q(e) = q·e + relu(−e) (= max(q·e, (q − 1)·e)). pred [B, 2·Q], y [B, 2], w [B] (weights
 * sum to 1 over the real rows; padding rows weigh 0).
 */
export function pinballLoss(b: GraphBuilder, pred: Value, y: Value, w: Value): Value {
  const [B] = pred.shape;
  return reduceSum(b, mul(b, pinballTerms(b, pred, y), reshape(b, w, [B, 1, 1])), [0, 1, 2], false);
}

/** ρ_q(y[b, j] − pred[b, j, q]) for every row, target and quantile: [B, 2, Q]. */
export function pinballTerms(b: GraphBuilder, pred: Value, y: Value): Value {
  const [B] = pred.shape;
  const J = TIME_TARGETS.length;
  const Q = TIME_QUANTILES.length;
  const e = sub(b, reshape(b, y, [B, J, 1]), reshape(b, pred, [B, J, Q])); // [B, J, Q]
  const qs = pred.dtype === 'float64' ? Float64Array.from(TIME_QUANTILES) : Float32Array.from(TIME_QUANTILES);
  const qv = b.constant(qs, pred.dtype, [1, 1, Q], 'quantiles');
  return add(b, mul(b, e, qv), relu(b, neg(b, e))); // [B, J, Q]
}

/** Trunk θ → final hidden states at every position (no dropout). */
export function buildTrunkHidden(cfg: ModelConfig, B: number, T: number, weights?: Float32Array): GraphIR {
  const b = new GraphBuilder('trunk_hidden');
  const theta = thetaValue(b, cfg, weights); // θ fed, or baked in (thetaInput.ts)
  const tokens = b.input('tokens', 'int32', [B, T]);
  const P = thetaViews(b, paramLayout(cfg), theta, T);
  b.output(gptHidden(b, cfg, P, tokens, undefined, featureInputValues(b, cfg, [B, T])), 'hidden');
  return b.build();
}

/** Loss and flat gradient dL/dφ [Nh] (the float64 whole-head check uses this too). */
export function headLossAndGradient(b: GraphBuilder, s: TimeHeadShape, phi: Value, x: Value, y: Value, w: Value): { loss: Value; grad: Value } {
  const layout = timeHeadLayout(s);
  const P = thetaViews(b, layout, phi, 0);
  const loss = pinballLoss(b, timeHeadForward(b, P, x), y, w);
  const grads = gradients(b, loss, layout.specs.map((p) => P.get(p.name)!));
  return { loss, grad: concatRaw(b, grads.map((g) => reshapeRaw(b, g, [g.shape.reduce((a, c) => a * c, 1)])), 0) };
}

export function buildHeadTrainStep(s: TimeHeadShape, B: number, o: Pick<AdamWOptions, 'weightDecay' | 'gradClip'>): GraphIR {
  const b = new GraphBuilder('time_head_step');
  const layout = timeHeadLayout(s);
  const N = layout.total;
  const phi = b.input('phi', 'float32', [N]);
  const m = b.input('m', 'float32', [N]);
  const v = b.input('v', 'float32', [N]);
  const step = b.input('step', 'float32', []);
  const lr = b.input('lr', 'float32', []);
  const x = b.input('x', 'float32', [B, s.inputs]);
  const y = b.input('y', 'float32', [B, TIME_TARGETS.length]);
  const w = b.input('w', 'float32', [B]);
  const { loss, grad } = headLossAndGradient(b, s, phi, x, y, w);
  const r = adamw(b, phi, m, v, grad, step, lr, { ...DEFAULT_BETAS, beta2: 0.999, ...o, decayed: layout.decayed });
  b.output(loss, 'loss');
  b.output(r.theta, 'phi_out');
  b.output(r.m, 'm_out');
  b.output(r.v, 'v_out');
  return b.build();
}

export function buildHeadInference(s: TimeHeadShape, B: number): GraphIR {
  const b = new GraphBuilder('time_head');
  const phi = b.input('phi', 'float32', [timeHeadLayout(s).total]);
  const x = b.input('x', 'float32', [B, s.inputs]);
  b.output(timeHeadForward(b, thetaViews(b, timeHeadLayout(s), phi, 0), x), 'quantiles');
  return b.build();
}
