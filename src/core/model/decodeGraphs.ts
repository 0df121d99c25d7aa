/**
 * Incremental-decoding graphs (a KV cache), so a beam-search step costs one position, not the
 * whole prefix again:
 *   prefill  θ, tokens [B, T], positions [B] int32, features [B, T]
 *            → rows [B, V + d]: log-probabilities (row b after tokens[b, positions[b]], as the
 *              'positions' inference graph) then the trunk's hidden state there;
 *              k_l, v_l [B, H, T, dh] per layer l (keys and values of every input position)
 *   step     θ, tokens [B, 1], positions [B] int32 (where the new token sits), mask [B, P + 1]
 *            (additive: 0 where a key counts, −1e9 where it is padding; the last key is the new token),
 *            past_k_l, past_v_l [B, H, P, dh], features [B, 1]
 *            → rows [B, V + d + 2L·d]: log-probabilities, hidden state, then k_0, v_0, k_1, …
 *              (the new token's keys and values, [H, dh] each)
 * Outputs are packed into one tensor where that costs no copy worth the name: onnxruntime-node
 * spends ~4.5 µs on each output tensor of a run (measured: 1 input, 7 outputs 53.8 µs a run
 * against 27.2 µs with 1 output), and a tiny model's step is ~120 µs in all. The prefill's keys
 * and values stay separate: packing them would copy B·T·2L·d floats a run.
 * Rows of one step may have different past lengths: row b's real keys are the first n_b of P,
 * the rest masked. The new token's key goes last (index P) rather than at n_b: attention is a
 * sum over keys, so where a key sits does not matter once the mask says which ones count.
 * The prefill's ops are gpt.ts's own (gptHidden with a kv sink), so its log_probs are the
 * uncached graph's; a step differs from a full pass in float summation order and in its GELU
 * (onnxruntime's FastGelu, the same tanh formula in one node: stepMlp).
 */
import { GraphBuilder } from '../onnx/builder';
import { attr, type Value } from '../onnx/ir';
import { add, concat, concatRaw, matmul, reshape, scale, split, transposeLast2 } from '../onnx/ops';
import { gather, layerNorm, softmax } from '../onnx/nn';
import type { GraphIR } from '../onnx/ir';
import type { ModelConfig } from './config';
import { gptHidden, gptLogits, type ParamValues } from './gpt';
import { featureInputValues, thetaViews } from './graphs';
import { paramLayout } from './params';
import { thetaValue } from './thetaInput';

function logProbs(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, h: Value): Value {
  return b.emit('LogSoftmax', [gptLogits(b, cfg, P, h)], [{ dtype: h.dtype, shape: [...h.shape.slice(0, -1), cfg.vocabSize] }], { axis: attr.i(-1) })[0];
}

/** Column offsets in a run's `rows` output (file comment): log-probabilities, hidden state, then (step) k_0, v_0, k_1, …. */
export function rowLayout(cfg: ModelConfig): { V: number; d: number; hiddenAt: number; kvAt: (s: number) => number; prefillWidth: number; stepWidth: number } {
  const V = cfg.vocabSize;
  const d = cfg.dModel;
  return { V, d, hiddenAt: V, kvAt: (s) => V + d + s * d, prefillWidth: V + d, stepWidth: V + d + 2 * cfg.nLayers * d };
}

/** The 'positions' inference graph (graphs.ts inferenceGraph) that also returns every layer's K and V. */
export function buildPrefill(cfg: ModelConfig, B: number, T: number, weights?: Float32Array): GraphIR {
  const b = new GraphBuilder('prefill');
  const theta = thetaValue(b, cfg, weights);
  const P = thetaViews(b, paramLayout(cfg), theta, T);
  const tokens = b.input('tokens', 'int32', [B, T]);
  const kv: Value[] = [];
  const hidden = gptHidden(b, cfg, P, tokens, undefined, featureInputValues(b, cfg, [B, T]), kv); // [B, T, d]
  const positions = b.input('positions', 'int32', [B]);
  const rowStart = b.constant(Int32Array.from({ length: B }, (_, i) => i * T), 'int32', [B], 'row_start');
  const flat = b.emit('Add', [positions, rowStart], [{ dtype: 'int32', shape: [B] }])[0]; // [B] indices into [B·T]
  const rows = reshape(b, hidden, [B * T, cfg.dModel]);
  const h = b.emit('Gather', [rows, flat], [{ dtype: hidden.dtype, shape: [B, cfg.dModel] }], { axis: attr.i(0) })[0];
  // h [B, d], the trunk's state after each context: what time heads on this trunk read, so the
  // service need not run the trunk a second time for a case's time fields. The same ops as the
  // time trunk's own pass (timeHead.ts buildTrunkHidden), so the same values bit for bit (a
  // step's differs in summation order: serve/rowDecoder.ts).
  b.output(concatRaw(b, [logProbs(b, cfg, P, h), h], 1), 'rows'); // [B, V + d]
  for (let l = 0; l < cfg.nLayers; l++) {
    b.output(kv[2 * l], `k_${l}`);
    b.output(kv[2 * l + 1], `v_${l}`);
  }
  return b.build();
}

/**
 * gpt.ts's mlp for the step's [B, d] rows, with onnxruntime's FastGelu (com.microsoft, CPU
 * kernel; the tanh GELU nn.gelu computes, ½x(1 + tanh(√(2/π)(x + 0.044715x³)))) taking the fc
 * bias too: one node where nn.gelu's differentiable form is six. Inference only (no gradient
 * rule), float32 (FastGelu's CPU kernel).
 */
function stepMlp(b: GraphBuilder, P: ParamValues, l: number, x: Value): Value {
  const p = (n: string) => P.get(`h.${l}.mlp.${n}`)!;
  const pre = matmul(b, x, p('fc.w')); // [B, dFF]
  const hidden = b.emit('FastGelu', [pre, p('fc.b')], [pre], {}, 'com.microsoft')[0];
  return add(b, matmul(b, hidden, p('proj.w')), p('proj.b'));
}

/** One new token per row against cached keys and values: see the file comment for the feeds. */
export function buildDecodeStep(cfg: ModelConfig, B: number, past: number, weights?: Float32Array): GraphIR {
  const b = new GraphBuilder('decode_step');
  const d = cfg.dModel;
  const H = cfg.nHeads;
  const dh = d / H;
  const theta = thetaValue(b, cfg, weights);
  const P = thetaViews(b, paramLayout(cfg), theta, cfg.context); // the whole position table
  const tokens = b.input('tokens', 'int32', [B, 1]);
  const positions = b.input('positions', 'int32', [B]);
  const mask = reshape(b, b.input('mask', 'float32', [B, past + 1]), [B, 1, 1, past + 1]);
  const features = featureInputValues(b, cfg, [B, 1]);
  const pastKV = Array.from({ length: cfg.nLayers }, (_, l) => [b.input(`past_k_${l}`, 'float32', [B, H, past, dh]), b.input(`past_v_${l}`, 'float32', [B, H, past, dh])]);
  // The step runs on [B, d] rows, not [B, 1, d]: a 2-D MatMul + Add is one Gemm, where a 3-D one
  // makes onnxruntime wrap each Gemm in two Reshapes, and a tiny model's step is mostly fixed
  // costs: ~0.7 µs a node, ~4.5 µs an output (file comment), little compute.
  const ids = (v: Value) => reshape(b, v, [B]);
  let x = add(b, gather(b, P.get('wte')!, ids(tokens)), gather(b, P.get('wpe')!, positions)); // [B, d]
  const newKV: Value[] = []; // k_0, v_0, k_1, … [B, d] each: columns (H, dh)
  (cfg.features ?? []).forEach((f, i) => (x = add(b, x, gather(b, P.get(`fe.${f.name}`)!, ids(features[i])))));
  for (let l = 0; l < cfg.nLayers; l++) {
    const p = (n: string) => P.get(`h.${l}.${n}`)!;
    const ln1 = layerNorm(b, x, p('ln1.g'), p('ln1.b'));
    const qkv = add(b, matmul(b, ln1, p('attn.qkv.w')), p('attn.qkv.b')); // [B, 3d], columns (3, H, dh)
    // Each third is [B, d] with columns (H, dh), which is [B, H, 1, dh] in memory: no transpose.
    const [qRows, kRows, vRows] = split(b, qkv, 1, [d, d, d]);
    newKV.push(kRows, vRows);
    const [q0, k, v] = [qRows, kRows, vRows].map((t) => reshape(b, t, [B, H, 1, dh]));
    const q = scale(b, q0, 1 / Math.sqrt(dh));
    const keys = concat(b, [pastKV[l][0], k], 2); // [B, H, P + 1, dh]
    const values = concat(b, [pastKV[l][1], v], 2);
    const scores = add(b, matmul(b, q, transposeLast2(b, keys)), mask); // [B, H, 1, P + 1]
    const y = matmul(b, softmax(b, scores), values); // [B, H, 1, dh]
    const merged = reshape(b, y, [B, d]); // [B, H, 1, dh] is [B, (H, dh)] in memory
    const afterAttn = add(b, x, add(b, matmul(b, merged, p('attn.proj.w')), p('attn.proj.b')));
    x = add(b, afterAttn, stepMlp(b, P, l, layerNorm(b, afterAttn, p('ln2.g'), p('ln2.b'))));
  }
  const hidden = layerNorm(b, x, P.get('lnf.g')!, P.get('lnf.b')!); // [B, d], as the prefill's
  b.output(concatRaw(b, [logProbs(b, cfg, P, hidden), hidden, ...newKV], 1), 'rows'); // [B, V + d + 2L·d]
  return b.build();
}
