/**
 * The GPT forward pass on the graph builder: token + learned position embeddings, pre-LayerNorm
 * blocks (causal multi-head attention, tanh-GELU MLP), final LayerNorm, tied or untied head.
 * Parameters come in as Values (views of θ in training graphs, initializers in an export).
 */
import { GraphBuilder } from '../onnx/builder';
import { Value, attr } from '../onnx/ir';
import { add, matmul, mul, reshape, split, transpose } from '../onnx/ops';
import { causalAttention } from '../onnx/attention';
import { gather, gelu, layerNorm } from '../onnx/nn';
import { ModelConfig } from './config';

export type ParamValues = ReadonlyMap<string, Value>;

/** Dropout in the training graph: one scaled keep-mask [B, T, d] per site (see dropout.ts). */
export interface DropoutSpec {
  masks: readonly Value[];
}

function dropout(b: GraphBuilder, x: Value, spec: DropoutSpec | undefined, site: number): Value {
  return spec ? mul(b, x, spec.masks[site]) : x;
}

/** Additive causal mask [T, T]: 0 on and below the diagonal, −1e9 above. */
function causalMask(b: GraphBuilder, T: number, dtype: 'float32' | 'float64'): Value {
  const m = dtype === 'float32' ? new Float32Array(T * T) : new Float64Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -1e9;
  return b.constant(m, dtype, [T, T], 'causal_mask');
}

/**
 * Activation layout: 'batch' is [B, T, d] (inference, decoding, export); 'time' is [T, B, d] (the
 * training graphs). In 'time', each head's [T, B, H, dh] → [B, H, T, dh] move is the permutation
 * [1, 2, 0, 3], which onnxruntime folds into the attention MatMuls (FusedMatMul transBatch) instead
 * of copying: 3 fewer Transpose passes per layer forward, more in the backward (issue 15).
 */
export type Layout = 'batch' | 'time';

function attention(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, l: number, x: Value, drop: DropoutSpec | undefined, kv: Value[] | undefined, layout: Layout): Value {
  const [n0, n1, d] = x.shape; // [B, T, d] or [T, B, d]
  const [B, T] = layout === 'batch' ? [n0, n1] : [n1, n0];
  const H = cfg.nHeads;
  const dh = d / H;
  const p = (n: string) => P.get(`h.${l}.attn.${n}`)!;
  const qkv = add(b, matmul(b, x, p('qkv.w')), p('qkv.b')); // [n0, n1, 3d]
  let q0: Value, k0: Value, v0: Value; // [B, H, T, dh] each
  if (layout === 'batch') {
    // One transpose to [3, B, H, T, dh], then a split along the outermost axis (contiguous copies).
    const heads = transpose(b, reshape(b, qkv, [B, T, 3, H, dh]), [2, 0, 3, 1, 4]);
    [q0, k0, v0] = split(b, heads, 0, [1, 1, 1]).map((t) => reshape(b, t, [B, H, T, dh]));
  } else {
    const parts = split(b, reshape(b, qkv, [T, B, 3, H, dh]), 2, [1, 1, 1]);
    [q0, k0, v0] = parts.map((t) => transpose(b, reshape(b, t, [T, B, H, dh]), [1, 2, 0, 3]));
  }
  kv?.push(k0, v0); // [B, H, T, dh] each: what incremental decoding keeps (decodeGraphs.ts)
  const y = causalAttention(b, q0, k0, v0, causalMask(b, T, x.dtype as 'float32' | 'float64'), 1 / Math.sqrt(dh)); // [B, H, T, dh]
  const merged = reshape(b, transpose(b, y, layout === 'batch' ? [0, 2, 1, 3] : [2, 0, 1, 3]), [n0, n1, d]);
  return dropout(b, add(b, matmul(b, merged, p('proj.w')), p('proj.b')), drop, 2 * l + 1);
}

export function mlp(b: GraphBuilder, P: ParamValues, l: number, x: Value, drop: DropoutSpec | undefined): Value {
  const p = (n: string) => P.get(`h.${l}.mlp.${n}`)!;
  const hidden = gelu(b, add(b, matmul(b, x, p('fc.w')), p('fc.b'))); // [B, T, dFF]
  return dropout(b, add(b, matmul(b, hidden, p('proj.w')), p('proj.b')), drop, 2 * l + 2);
}

/**
 * tokens [B, T] int32 (and one [B, T] int32 id tensor per `cfg.features` entry, in order) →
 * final hidden states [B, T, d] (after the final LayerNorm). Each feature adds its own
 * embedding row to the token's, as the position embedding does. `kv`, when given, receives
 * each layer's keys and values [B, H, T, dh] (k then v, layer by layer) for a decode cache.
 */
export function gptHidden(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, tokens: Value, drop?: DropoutSpec, features: readonly Value[] = [], kv?: Value[]): Value {
  return hiddenStack(b, cfg, P, tokens, drop, features, kv, 'batch');
}

/** [B, T] → [T, B] with no gradient rule (ids, targets, masks: graph inputs). */
export function swapLead(b: GraphBuilder, x: Value): Value {
  const perm = [1, 0, ...[...x.shape.keys()].slice(2)];
  return b.emit('Transpose', [x], [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }], { perm: attr.ints(perm) })[0];
}

/**
 * The training graphs' forward in the 'time' layout: the same inputs as gptHidden ([B, T] ids,
 * dropout masks [B, T, d]) → final hidden states [T, B, d]. Row (t, b) equals gptHidden's (b, t).
 */
export function gptHiddenTimeMajor(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, tokens: Value, drop?: DropoutSpec, features: readonly Value[] = []): Value {
  const dropT = drop ? { masks: drop.masks.map((m) => swapLead(b, m)) } : undefined;
  return hiddenStack(b, cfg, P, swapLead(b, tokens), dropT, features.map((f) => swapLead(b, f)), undefined, 'time');
}

/** ids [n0, n1] in `layout` order → hidden [n0, n1, d]. */
function hiddenStack(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, tokens: Value, drop: DropoutSpec | undefined, features: readonly Value[], kv: Value[] | undefined, layout: Layout): Value {
  const T = tokens.shape[layout === 'batch' ? 1 : 0];
  const wpe = P.get('wpe')!;
  if (wpe.shape[0] !== T) throw new Error(`gptHidden: position table has ${wpe.shape[0]} rows for T=${T}`);
  const specs = cfg.features ?? [];
  if (features.length !== specs.length) throw new Error(`gptHidden: ${features.length} feature inputs for ${specs.length} features`);
  const pos = layout === 'batch' ? wpe : reshape(b, wpe, [T, 1, wpe.shape[1]]); // broadcast over B
  let embedded = add(b, gather(b, P.get('wte')!, tokens), pos); // [n0, n1, d]
  specs.forEach((f, i) => (embedded = add(b, embedded, gather(b, P.get(`fe.${f.name}`)!, features[i]))));
  let x = dropout(b, embedded, drop, 0); // [n0, n1, d]
  for (let l = 0; l < cfg.nLayers; l++) {
    x = b.scope(`h.${l}`, () => {
      const ln = (n: string, v: Value) => layerNorm(b, v, P.get(`h.${l}.${n}.g`)!, P.get(`h.${l}.${n}.b`)!);
      const afterAttn = add(b, x, b.scope('attn', () => attention(b, cfg, P, l, ln('ln1', x), drop, kv, layout)));
      return add(b, afterAttn, b.scope('mlp', () => mlp(b, P, l, ln('ln2', afterAttn), drop)));
    });
  }
  return layerNorm(b, x, P.get('lnf.g')!, P.get('lnf.b')!);
}

/** hidden [..., d] → logits [..., V]. */
export function gptLogits(b: GraphBuilder, cfg: ModelConfig, P: ParamValues, hidden: Value): Value {
  const head = cfg.tiedHead ? transpose(b, P.get('wte')!, [1, 0]) : P.get('head.w')!; // [d, V]
  return b.scope('head', () => matmul(b, hidden, head));
}
