/**
 * The flat parameter buffer (llm.c style): every weight lives in one Float32Array θ, with named
 * views. Weight-decayed tensors come first, so the optimizer decays the prefix θ[0, decayed).
 *
 * Weight decay (decided here, as nanoGPT): every rank-2 tensor decays — token and position
 * embeddings and all linear-layer matrices (and the untied head); biases and LayerNorm gains and
 * biases do not.
 */
import { ModelConfig } from './config';
import { mulberry32Uint32 } from '../mulberry32';

export interface ParamSpec {
  /** Scoped name, e.g. `h.0.attn.qkv.w`. */
  name: string;
  shape: number[];
  offset: number;
  size: number;
  decay: boolean;
  init: { kind: 'normal'; std: number } | { kind: 'const'; value: number };
}

export interface ParamLayout {
  specs: ParamSpec[];
  byName: Map<string, ParamSpec>;
  total: number;
  /** θ[0, decayed) are the decayed tensors. */
  decayed: number;
}

export function paramLayout(cfg: ModelConfig): ParamLayout {
  const { vocabSize: V, context: T, dModel: d, dFF: f, nLayers: L } = cfg;
  const std = 0.02;
  const residualStd = 0.02 / Math.sqrt(2 * L); // GPT-2: scale projections into the residual stream
  const raw: Omit<ParamSpec, 'offset' | 'size'>[] = [];
  const matrix = (name: string, shape: number[], s = std) => raw.push({ name, shape, decay: true, init: { kind: 'normal', std: s } });
  const vector = (name: string, n: number, value: number) => raw.push({ name, shape: [n], decay: false, init: { kind: 'const', value } });
  matrix('wte', [V, d]);
  matrix('wpe', [T, d], 0.01);
  // Feature tables start small: an untrained feature should barely move the token embedding.
  for (const f of cfg.features ?? []) matrix(`fe.${f.name}`, [f.size, d], 0.01);
  for (let l = 0; l < L; l++) {
    vector(`h.${l}.ln1.g`, d, 1);
    vector(`h.${l}.ln1.b`, d, 0);
    matrix(`h.${l}.attn.qkv.w`, [d, 3 * d]);
    vector(`h.${l}.attn.qkv.b`, 3 * d, 0);
    matrix(`h.${l}.attn.proj.w`, [d, d], residualStd);
    vector(`h.${l}.attn.proj.b`, d, 0);
    vector(`h.${l}.ln2.g`, d, 1);
    vector(`h.${l}.ln2.b`, d, 0);
    matrix(`h.${l}.mlp.fc.w`, [d, f]);
    vector(`h.${l}.mlp.fc.b`, f, 0);
    matrix(`h.${l}.mlp.proj.w`, [f, d], residualStd);
    vector(`h.${l}.mlp.proj.b`, d, 0);
  }
  vector('lnf.g', d, 1);
  vector('lnf.b', d, 0);
  if (!cfg.tiedHead) matrix('head.w', [d, V]);

  const ordered = [...raw.filter((p) => p.decay), ...raw.filter((p) => !p.decay)];
  let offset = 0;
  const specs = ordered.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const spec = { ...p, offset, size };
    offset += size;
    return spec;
  });
  const decayed = specs.filter((s) => s.decay).reduce((n, s) => n + s.size, 0);
  return { specs, byName: new Map(specs.map((s) => [s.name, s])), total: offset, decayed };
}

export function paramCount(cfg: ModelConfig): number {
  return paramLayout(cfg).total;
}

/** Deterministic Gaussian stream (mulberry32 + Box–Muller). */
function gaussian(seed: number): () => number {
  const next = mulberry32Uint32(seed);
  // Centred in each of the 2³² cells, so never 0: Box–Muller takes its log.
  const uniform = () => (next() + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function fill(spec: ParamSpec, out: Float32Array, next: () => number): void {
  const view = out.subarray(spec.offset, spec.offset + spec.size);
  if (spec.init.kind === 'const') view.fill(spec.init.value);
  else for (let i = 0; i < view.length; i++) view[i] = next() * spec.init.std;
}

/** Fresh θ for `cfg`; the same seed gives the same weights. */
export function initParams(cfg: ModelConfig, seed: number): Float32Array {
  const layout = paramLayout(cfg);
  const theta = new Float32Array(layout.total);
  const next = gaussian(seed);
  for (const spec of layout.specs) fill(spec, theta, next);
  return theta;
}

/** The named tensor inside θ (a view, not a copy). */
export function paramView(cfg: ModelConfig, theta: Float32Array, name: string): Float32Array {
  const spec = paramLayout(cfg).byName.get(name);
  if (!spec) throw new Error(`no parameter named ${name}`);
  return theta.subarray(spec.offset, spec.offset + spec.size);
}

/**
 * Fine-tuning onto a larger vocabulary or larger feature tables: the same weights in the layout
 * of `next` (same architecture, tables with at least as many rows). Old rows are kept (old
 * columns for an untied head); new ones are initialised like fresh weights, or zeroed with
 * `fresh: 'zero'` (AdamW moments of the new rows).
 */
export function resizeParams(cfg: ModelConfig, theta: Float32Array, next: ModelConfig, seed: number, fresh: 'init' | 'zero' = 'init'): Float32Array {
  const oldLayout = paramLayout(cfg);
  const out = fresh === 'init' ? initParams(next, seed) : new Float32Array(paramLayout(next).total);
  for (const spec of paramLayout(next).specs) {
    const old = oldLayout.byName.get(spec.name);
    if (!old) continue; // a table the old model lacked (a feature added by fine-tuning) starts fresh
    if (old.shape.length !== spec.shape.length || old.shape.some((n, i) => i > 0 && spec.name !== 'head.w' && n !== spec.shape[i]) || old.size > spec.size) {
      throw new Error(`resizeParams: ${spec.name} cannot go from [${old.shape}] to [${spec.shape}]`);
    }
    const src = theta.subarray(old.offset, old.offset + old.size);
    const dst = out.subarray(spec.offset, spec.offset + spec.size);
    if (spec.name === 'head.w') {
      // [d, V]: copy the first V_old columns of each row.
      const [d, Vold] = old.shape;
      const Vnew = spec.shape[1];
      for (let r = 0; r < d; r++) dst.set(src.subarray(r * Vold, (r + 1) * Vold), r * Vnew);
    } else {
      dst.set(src); // [rows, d] row-major: the old rows are a prefix
    }
  }
  return out;
}

/** Fine-tuning onto a larger vocabulary: `resizeParams` with `newVocab` rows in `wte`. */
export function growVocab(cfg: ModelConfig, theta: Float32Array, newVocab: number, seed: number): { cfg: ModelConfig; theta: Float32Array } {
  if (newVocab < cfg.vocabSize) throw new Error(`growVocab: ${newVocab} is smaller than the current vocabulary ${cfg.vocabSize}`);
  const next = { ...cfg, vocabSize: newVocab };
  return { cfg: next, theta: resizeParams(cfg, theta, next, seed) };
}
