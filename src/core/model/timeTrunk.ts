/**
 * End-to-end time training: a copy of the trunk θ and the time head φ learn together from the
 * pinball loss on every position of a batch of cases, so the trunk's state comes to carry what
 * predicts *when* and not only *what*. The next-activity trunk is left as it was (the copy is
 * saved beside it), so next-activity accuracy cannot move.
 *
 *   tokens [B, T], feature_<name> [B, T] → hidden [B, T, d]
 *   concat(hidden, x [B, T, X]) [B, T, D] → head → [B·T, 2·Q]; y [B, T, 2], w [B, T]
 *   step  θ, m, v [N], φ, mh, vh [Nh], step [], lr [], lrHead [] → loss [], θ′, m′, v′, φ′, mh′, vh′
 *
 * Every op here (Gather, LayerNorm, MatMul, GELU, Concat, Relu, …) already has its gradient rule
 * and float64 check beside it; buildTimeLossAndGradient is the whole-graph float64 check.
 */
import { GraphBuilder } from '../onnx/builder';
import { gradients } from '../onnx/autodiff';
import { FloatType, GraphIR, Value } from '../onnx/ir';
import { concat, concatRaw, reshape, reshapeRaw, zeros } from '../onnx/ops';
import { ModelConfig } from './config';
import { gptHidden } from './gpt';
import { featureInputValues, thetaViews } from './graphs';
import { paramLayout } from './params';
import { adamw, AdamWOptions, DEFAULT_BETAS } from './adamw';
import { pinballLoss, TIME_TARGETS, timeHeadForward, timeHeadLayout, type TimeHeadShape } from './timeHead';

interface TimeBatch {
  tokens: Value;
  features: Value[];
  /** Head inputs besides the hidden state, per position: [B, T, X]. */
  x: Value;
  /** Scaled targets [B, T, 2]. */
  y: Value;
  /** Row weights [B, T] (0 at unscored positions; fitTimeTrunk.ts sets their scale). */
  w: Value;
}

function timeBatch(b: GraphBuilder, cfg: ModelConfig, s: TimeHeadShape, dtype: FloatType, B: number, T: number): TimeBatch {
  return {
    tokens: b.input('tokens', 'int32', [B, T]),
    features: featureInputValues(b, cfg, [B, T]),
    x: b.input('x', dtype, [B, T, s.inputs - cfg.dModel]),
    y: b.input('y', dtype, [B, T, TIME_TARGETS.length]),
    w: b.input('w', dtype, [B, T]),
  };
}

/** Flat gradient of `grads` laid out like `layout` (zeros for the unused wpe rows). */
function flatGrad(b: GraphBuilder, layout: ReturnType<typeof paramLayout>, grads: Value[], dtype: FloatType): Value {
  const pieces: Value[] = [];
  layout.specs.forEach((s, i) => {
    const g = grads[i];
    const n = g.shape.reduce((a, c) => a * c, 1);
    pieces.push(reshapeRaw(b, g, [n]));
    if (s.size > n) pieces.push(zeros(b, dtype, [s.size - n]));
  });
  return concatRaw(b, pieces, 0);
}

/** Loss and the flat gradients dL/dθ [N], dL/dφ [Nh]. */
export function timeLossAndGradient(b: GraphBuilder, cfg: ModelConfig, s: TimeHeadShape, theta: Value, phi: Value, batch: TimeBatch): { loss: Value; gTheta: Value; gPhi: Value } {
  const [B, T] = batch.tokens.shape;
  const layout = paramLayout(cfg);
  const headLayout = timeHeadLayout(s);
  const P = thetaViews(b, layout, theta, T);
  const H = thetaViews(b, headLayout, phi, 0);
  const hidden = gptHidden(b, cfg, P, batch.tokens, undefined, batch.features); // [B, T, d]
  const x = reshape(b, concat(b, [hidden, batch.x], 2), [B * T, s.inputs]); // [B·T, D]
  const pred = timeHeadForward(b, H, x); // [B·T, 2·Q]
  const loss = pinballLoss(b, pred, reshape(b, batch.y, [B * T, TIME_TARGETS.length]), reshape(b, batch.w, [B * T]));
  const trunkParams = layout.specs.map((p) => P.get(p.name)!);
  const headParams = headLayout.specs.map((p) => H.get(p.name)!);
  const grads = gradients(b, loss, [...trunkParams, ...headParams]);
  return {
    loss,
    gTheta: flatGrad(b, layout, grads.slice(0, trunkParams.length), batch.x.dtype as FloatType),
    gPhi: flatGrad(b, headLayout, grads.slice(trunkParams.length), batch.x.dtype as FloatType),
  };
}

/** One AdamW update of θ (rate lr) and φ (rate lrHead), each with its own clip. */
export function buildTimeTrainStep(cfg: ModelConfig, s: TimeHeadShape, B: number, T: number, o: Pick<AdamWOptions, 'weightDecay' | 'gradClip'>): GraphIR {
  const b = new GraphBuilder('time_trunk_step');
  const N = paramLayout(cfg).total;
  const Nh = timeHeadLayout(s).total;
  const theta = b.input('theta', 'float32', [N]);
  const m = b.input('m', 'float32', [N]);
  const v = b.input('v', 'float32', [N]);
  const phi = b.input('phi', 'float32', [Nh]);
  const mh = b.input('mh', 'float32', [Nh]);
  const vh = b.input('vh', 'float32', [Nh]);
  const step = b.input('step', 'float32', []);
  const lr = b.input('lr', 'float32', []);
  const lrHead = b.input('lr_head', 'float32', []);
  const batch = timeBatch(b, cfg, s, 'float32', B, T);
  const { loss, gTheta, gPhi } = timeLossAndGradient(b, cfg, s, theta, phi, batch);
  const betas = { ...DEFAULT_BETAS, beta2: 0.999, ...o };
  const rt = adamw(b, theta, m, v, gTheta, step, lr, { ...betas, decayed: paramLayout(cfg).decayed });
  const rh = adamw(b, phi, mh, vh, gPhi, step, lrHead, { ...betas, decayed: timeHeadLayout(s).decayed });
  b.output(loss, 'loss');
  for (const [name, val] of [['theta_out', rt.theta], ['m_out', rt.m], ['v_out', rt.v], ['phi_out', rh.theta], ['mh_out', rh.m], ['vh_out', rh.v]] as const) b.output(val, name);
  return b.build();
}

/** float64 loss and both flat gradients, for the whole-graph finite-difference check. */
export function buildTimeLossAndGradient(cfg: ModelConfig, s: TimeHeadShape, B: number, T: number): GraphIR {
  const b = new GraphBuilder('time_trunk_grad');
  const theta = b.input('theta', 'float64', [paramLayout(cfg).total]);
  const phi = b.input('phi', 'float64', [timeHeadLayout(s).total]);
  const { loss, gTheta, gPhi } = timeLossAndGradient(b, cfg, s, theta, phi, timeBatch(b, cfg, s, 'float64', B, T));
  b.output(loss, 'loss');
  b.output(gTheta, 'grad_theta');
  b.output(gPhi, 'grad_phi');
  return b.build();
}
