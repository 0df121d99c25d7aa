/**
 * The compiled graphs, each with static shapes:
 *   train step    θ, m, v [N], step [], lr [], tokens/targets [B, T] int32, mask [B, T],
 *                 feature_<name> [B, T] int32 (one per cfg.features entry),
 *                 dropout_mask_k [B, T, d] (k < 1 + 2L, only with dropout)
 *                 → loss [], θ′, m′, v′ [N], gradNorm []
 *   train loop    the same K times in one ONNX Loop: tokens/targets/mask/features [K, B, T], lr [K], masks [K, B, T, d]
 *                 → θ′, m′, v′, step′, losses [K], gradNorms [K]
 *   eval loss     θ, tokens, targets, mask → loss [], lossSum [], count []
 *   inference     θ, tokens [B, T], features [B, T], positions [B] int32 → logProbs [B, V]   (or all: [B, T, V])
 *   loss + grad   (float64 gradient checks) θ, tokens, targets, mask → loss [], grad [N]
 */
import { GraphBuilder } from '../onnx/builder';
import { gradients } from '../onnx/autodiff';
import { FloatType, GraphIR, Value, attr } from '../onnx/ir';
import { concatRaw, mul, neg, raw, reduceSum, reshape, reshapeRaw, sliceVec, zeros } from '../onnx/ops';
import { logSoftmaxPick } from '../onnx/nn';
import { ModelConfig, featureInputs } from './config';
import { DropoutSpec, ParamValues, gptHidden, gptHiddenTimeMajor, gptLogits, swapLead } from './gpt';
import { ParamLayout, paramLayout } from './params';
import { AdamWOptions, adamw } from './adamw';
import { dropoutSites } from './dropout';

/** Views of θ as named tensors; `wpe` is cut to the first T rows. */
export function thetaViews(b: GraphBuilder, layout: ParamLayout, theta: Value, T: number): Map<string, Value> {
  return b.scope('param', () => {
    const out = new Map<string, Value>();
    for (const s of layout.specs) {
      const shape = s.name === 'wpe' ? [T, s.shape[1]] : s.shape;
      const size = shape.reduce((a, c) => a * c, 1);
      out.set(s.name, reshapeRaw(b, sliceVec(b, theta, s.offset, size), shape));
    }
    return out;
  });
}

/** Mean masked next-token NLL. logits [B, T, V], targets [B, T] int32, mask [B, T] float. */
export function maskedLoss(b: GraphBuilder, logits: Value, targets: Value, mask: Value): { loss: Value; sum: Value; count: Value } {
  return b.scope('loss', () => {
    const [B, T, V] = logits.shape;
    // LogSoftmax + GatherElements: the CUDA EP has no SoftmaxCrossEntropyLoss, and OneHot would
    // wrap a negative ignore index onto a real class; masked rows simply weigh 0.
    const picked = reshape(b, logSoftmaxPick(b, reshape(b, logits, [B * T, V]), reshapeRaw(b, targets, [B * T, 1])), [B * T]);
    const flatMask = reshapeRaw(b, mask, [B * T]);
    const sum = neg(b, reduceSum(b, mul(b, picked, flatMask), [0], false));
    const count = b.emit('ReduceSum', [flatMask, b.int64s([0])], [{ dtype: mask.dtype, shape: [] }], { keepdims: attr.i(0) })[0];
    const inv = raw(b, 'Reciprocal', [raw(b, 'Max', [count, b.scalar(1, mask.dtype)])]);
    return { loss: mul(b, sum, inv), sum, count };
  });
}

/**
 * The training and validation loss in the 'time' layout (gpt.ts): logits [T, B, V] against the
 * targets and mask swapped to [T, B]. The same rows as the [B, T] loss, summed in another order.
 */
function timeMajorLoss(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, batch: BatchInputs, drop?: DropoutSpec) {
  const logits = gptLogits(b, cfg, P, gptHiddenTimeMajor(b, cfg, P, batch.tokens, drop, batch.features)); // [T, B, V]
  return maskedLoss(b, logits, swapLead(b, batch.targets), swapLead(b, batch.mask));
}

interface BatchInputs {
  tokens: Value;
  targets: Value;
  mask: Value;
  /** One id tensor per cfg.features entry, shaped like tokens. */
  features: Value[];
}

/** The graph inputs `feature_<name>`, each int32 of `shape` ([B, T], or [K, B, T] in the Loop). */
export function featureInputValues(b: GraphBuilder, cfg: ModelConfig, shape: number[]): Value[] {
  return featureInputs(cfg).map((f) => b.input(`feature_${f.name}`, 'int32', shape));
}

function batchInputs(b: GraphBuilder, cfg: ModelConfig, dtype: FloatType, B: number, T: number): BatchInputs {
  return {
    tokens: b.input('tokens', 'int32', [B, T]),
    targets: b.input('targets', 'int32', [B, T]),
    mask: b.input('mask', dtype, [B, T]),
    features: featureInputValues(b, cfg, [B, T]),
  };
}

/** Forward, loss and the flat gradient d loss / d θ [N] (zeros for unused wpe rows). */
export function lossAndGradient(
  b: GraphBuilder,
  cfg: ModelConfig,
  theta: Value,
  batch: BatchInputs,
  drop?: DropoutSpec,
): { loss: Value; grad: Value } {
  const layout = paramLayout(cfg);
  const T = batch.tokens.shape[1];
  const P = thetaViews(b, layout, theta, T);
  const { loss } = timeMajorLoss(b, cfg, P, batch, drop);
  const grads = gradients(b, loss, layout.specs.map((s) => P.get(s.name)!));
  const pieces: Value[] = [];
  layout.specs.forEach((s, i) => {
    const g = grads[i];
    pieces.push(reshapeRaw(b, g, [g.shape.reduce((a, c) => a * c, 1)]));
    const unused = s.size - g.shape.reduce((a, c) => a * c, 1);
    if (unused > 0) pieces.push(zeros(b, theta.dtype, [unused]));
  });
  return { loss, grad: concatRaw(b, pieces, 0) };
}

export interface TrainGraphOptions extends AdamWOptions {
  B: number;
  T: number;
  /** With dropout, the graph takes inputs dropout_mask_0 … dropout_mask_{S−1}, each [B, T, d] ([K, B, T, d] in the Loop). */
  dropout: boolean;
}

function maskInputs(b: GraphBuilder, cfg: ModelConfig, dtype: FloatType, lead: number[]): Value[] {
  return Array.from({ length: dropoutSites(cfg) }, (_, k) => b.input(`dropout_mask_${k}`, dtype, [...lead, cfg.dModel]));
}

/** The optimizer state every training graph carries: θ, m, v [N] and the 1-based update number []. */
function optimizerState(b: GraphBuilder, N: number, prefix = ''): { theta: Value; m: Value; v: Value; step: Value } {
  return {
    theta: b.input(`${prefix}theta`, 'float32', [N]),
    m: b.input(`${prefix}m`, 'float32', [N]),
    v: b.input(`${prefix}v`, 'float32', [N]),
    step: b.input(`${prefix}step`, 'float32', []),
  };
}

/** Body shared by the single step and the Loop: returns loss, θ′, m′, v′, gradNorm. */
function trainStepBody(b: GraphBuilder, cfg: ModelConfig, o: TrainGraphOptions, s: { theta: Value; m: Value; v: Value; step: Value; lr: Value; masks?: Value[]; batch: BatchInputs }) {
  const drop = s.masks ? { masks: s.masks } : undefined;
  const { loss, grad } = lossAndGradient(b, cfg, s.theta, s.batch, drop);
  const out = adamw(b, s.theta, s.m, s.v, grad, s.step, s.lr, o);
  return { loss, ...out };
}

export function buildTrainStep(cfg: ModelConfig, o: TrainGraphOptions): GraphIR {
  const b = new GraphBuilder('train_step');
  const state = optimizerState(b, paramLayout(cfg).total);
  const lr = b.input('lr', 'float32', []);
  const batch = batchInputs(b, cfg, 'float32', o.B, o.T);
  const masks = o.dropout ? maskInputs(b, cfg, 'float32', [o.B, o.T]) : undefined;
  const r = trainStepBody(b, cfg, o, { ...state, lr, masks, batch });
  for (const [name, val] of [['loss', r.loss], ['theta_out', r.theta], ['m_out', r.m], ['v_out', r.v], ['grad_norm', r.gradNorm]] as const) {
    b.output(val, name);
  }
  return b.build();
}

/** K train steps in one ONNX Loop; batches stacked [K, B, T]. */
export function buildTrainLoop(cfg: ModelConfig, o: TrainGraphOptions, K: number): GraphIR {
  const b = new GraphBuilder('train_loop');
  const N = paramLayout(cfg).total;
  const { theta, m, v, step } = optimizerState(b, N);
  const lrs = b.input('lr', 'float32', [K]);
  const all = {
    tokens: b.input('tokens', 'int32', [K, o.B, o.T]),
    targets: b.input('targets', 'int32', [K, o.B, o.T]),
    mask: b.input('mask', 'float32', [K, o.B, o.T]),
    features: featureInputValues(b, cfg, [K, o.B, o.T]),
  };
  const allMasks = o.dropout ? maskInputs(b, cfg, 'float32', [K, o.B, o.T]) : undefined;

  const body = new GraphBuilder('train_loop_body');
  const out = body.scope('body', () => {
    const iter = body.input('body.iter', 'int64', []);
    const cond = body.input('body.cond', 'bool', []);
    const s = optimizerState(body, N, 'body.');
    const pick = (x: Value) => body.emit('Gather', [x, iter], [{ dtype: x.dtype, shape: x.shape.slice(1) }], { axis: attr.i(0) })[0];
    const batch = { tokens: pick(all.tokens), targets: pick(all.targets), mask: pick(all.mask), features: all.features.map(pick) };
    const r = trainStepBody(body, cfg, o, { ...s, lr: pick(lrs), masks: allMasks?.map(pick), batch });
    const nextStep = raw(body, 'Add', [s.step, body.scalar(1, 'float32')]);
    const condOut = body.emit('Identity', [cond], [cond])[0];
    for (const x of [condOut, r.theta, r.m, r.v, nextStep, r.loss, r.gradNorm]) body.output(x);
    return r;
  });
  void out;
  const [thetaOut, mOut, vOut, stepOut, losses, norms] = b.emit(
    'Loop',
    [b.scalar(K, 'int64'), b.scalar(1, 'bool'), theta, m, v, step],
    [
      { dtype: 'float32', shape: [N] },
      { dtype: 'float32', shape: [N] },
      { dtype: 'float32', shape: [N] },
      { dtype: 'float32', shape: [] },
      { dtype: 'float32', shape: [K] },
      { dtype: 'float32', shape: [K] },
    ],
    { body: attr.graph(body.build()) },
  );
  for (const [name, val] of [['theta_out', thetaOut], ['m_out', mOut], ['v_out', vOut], ['step_out', stepOut], ['losses', losses], ['grad_norms', norms]] as const) {
    b.output(val, name);
  }
  return b.build();
}

/** Loss without an update (validation): loss [], lossSum [], count []. */
export function buildEvalLoss(cfg: ModelConfig, B: number, T: number): GraphIR {
  const b = new GraphBuilder('eval_loss');
  const theta = b.input('theta', 'float32', [paramLayout(cfg).total]);
  const batch = batchInputs(b, cfg, 'float32', B, T);
  const P = thetaViews(b, paramLayout(cfg), theta, T);
  const { loss, sum, count } = timeMajorLoss(b, cfg, P, batch);
  b.output(loss, 'loss');
  b.output(sum, 'loss_sum');
  b.output(count, 'count');
  return b.build();
}

/** float64 loss and flat gradient, for whole-model gradient checks. */
export function buildLossAndGradient(cfg: ModelConfig, B: number, T: number, dropout = false): GraphIR {
  const b = new GraphBuilder('loss_grad');
  const theta = b.input('theta', 'float64', [paramLayout(cfg).total]);
  const batch = batchInputs(b, cfg, 'float64', B, T);
  const { loss, grad } = lossAndGradient(b, cfg, theta, batch, dropout ? { masks: maskInputs(b, cfg, 'float64', [B, T]) } : undefined);
  b.output(loss, 'loss');
  b.output(grad, 'grad');
  return b.build();
}

/**
 * Log-probabilities. mode 'positions': tokens [B, T], positions [B] int32 → log_probs [B, V]
 * (row b's distribution after token positions[b]). mode 'all': tokens [B, T] → log_probs [B, T, V].
 * `P` defaults to views of a θ input; export.ts passes initializers instead.
 */
export function inferenceGraph(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, B: number, T: number, mode: 'positions' | 'all'): void {
  const tokens = b.input('tokens', 'int32', [B, T]);
  const hidden = gptHidden(b, cfg, P, tokens, undefined, featureInputValues(b, cfg, [B, T])); // [B, T, d]
  let h = hidden;
  if (mode === 'positions') {
    const positions = b.input('positions', 'int32', [B]);
    const rowStart = b.constant(Int32Array.from({ length: B }, (_, i) => i * T), 'int32', [B], 'row_start');
    const flat = raw(b, 'Add', [positions, rowStart]); // [B] indices into [B·T]
    const rows = reshapeRaw(b, hidden, [B * T, cfg.dModel]);
    h = b.emit('Gather', [rows, flat], [{ dtype: hidden.dtype, shape: [B, cfg.dModel] }], { axis: attr.i(0) })[0];
  }
  const logp = b.emit('LogSoftmax', [gptLogits(b, cfg, P, h)], [{ dtype: h.dtype, shape: [...h.shape.slice(0, -1), cfg.vocabSize] }], { axis: attr.i(-1) })[0];
  b.output(logp, 'log_probs');
}

export function buildInference(cfg: ModelConfig, B: number, T: number, mode: 'positions' | 'all'): GraphIR {
  const b = new GraphBuilder('inference');
  const theta = b.input('theta', 'float32', [paramLayout(cfg).total]);
  inferenceGraph(b, cfg, thetaViews(b, paramLayout(cfg), theta, T), B, T, mode);
  return b.build();
}
