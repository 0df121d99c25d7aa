/**
 * Dropout masks, drawn in TypeScript from (seed, update number, site) and fed to the training
 * graph as inputs: mask = keep / (1 − p), keep = [u ≥ p]. A pure function of its arguments, so the
 * same seed gives the same loss curve and a resumed run (same step count) draws the same masks.
 *
 * Why not in the graph: an integer hash of (seed, element index) needs ~8 int64 passes (with
 * divisions) per element per site, which cost more than the rest of the MLP on 2 cores; a JS
 * xorshift fills the same masks in a few milliseconds.
 */
import { ModelConfig } from './config';
import type { Tensor } from '../runtime';

/** Sites: after the embedding sum, after each attention projection and each MLP projection. */
export function dropoutSites(cfg: ModelConfig): number {
  return 1 + 2 * cfg.nLayers;
}

function mix(a: number, b: number, c: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca6b) ^ Math.imul(c | 0, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0 || 0x6d2b79f5; // xorshift state must not be 0
}

/** One scaled mask per site, each of `size` elements ([B, T, d] row-major). */
export function dropoutMasks(cfg: ModelConfig, size: number, p: number, seed: number, step: number): Float32Array[] {
  const keepScale = 1 / (1 - p);
  const threshold = Math.floor(p * 4294967296);
  const out: Float32Array[] = [];
  for (let site = 0; site < dropoutSites(cfg); site++) {
    const mask = new Float32Array(size);
    let x = mix(seed, step, site);
    for (let i = 0; i < size; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      mask[i] = x >>> 0 >= threshold ? keepScale : 0;
    }
    out.push(mask);
  }
  return out;
}

/**
 * The dropout inputs of a train-step graph built with `dropout: true` for a [B, T] batch
 * (empty when p = 0): `dropout_mask_k` [B, T, d] for each site k.
 */
export function dropoutFeeds(cfg: ModelConfig, B: number, T: number, p: number, seed: number, step: number): Record<string, Tensor> {
  if (p <= 0) return {};
  const dims = [B, T, cfg.dModel];
  const masks = dropoutMasks(cfg, B * T * cfg.dModel, p, seed, step);
  return Object.fromEntries(masks.map((data, k) => [`dropout_mask_${k}`, { data, dims }]));
}
