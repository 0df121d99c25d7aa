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

/**
 * One scaled mask per site, each of `size` elements ([B, T, d] row-major). Each xorshift draw
 * gives four 8-bit uniforms, so p is rounded to a multiple of 1/256 (0.1 → 26/256 ≈ 0.102) and
 * the keep scale uses that rounded p, which keeps the expectation exact.
 */
export function dropoutMasks(cfg: ModelConfig, size: number, p: number, seed: number, step: number, reuse?: Float32Array[]): Float32Array[] {
  const threshold = Math.min(255, Math.round(p * 256));
  const keep = 1 / (1 - threshold / 256);
  const out: Float32Array[] = [];
  for (let site = 0; site < dropoutSites(cfg); site++) {
    // Refilling the caller's buffers avoids allocating (and page-faulting) megabytes per step.
    const mask = reuse?.[site]?.length === size ? reuse[site] : new Float32Array(size);
    let x = mix(seed, step, site);
    const whole = size - (size % 4);
    for (let i = 0; i < whole; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      mask[i] = (x & 255) >= threshold ? keep : 0;
      mask[i + 1] = ((x >>> 8) & 255) >= threshold ? keep : 0;
      mask[i + 2] = ((x >>> 16) & 255) >= threshold ? keep : 0;
      mask[i + 3] = x >>> 24 >= threshold ? keep : 0;
    }
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    for (let i = whole; i < size; i++) mask[i] = ((x >>> (8 * (i - whole))) & 255) >= threshold ? keep : 0;
    out.push(mask);
  }
  return out;
}

/**
 * The dropout inputs of a train-step graph built with `dropout: true` for a [B, T] batch
 * (empty when p = 0): `dropout_mask_k` [B, T, d] for each site k.
 */
export function dropoutFeeds(cfg: ModelConfig, B: number, T: number, p: number, seed: number, step: number, reuse?: Float32Array[]): Record<string, Tensor> {
  if (p <= 0) return {};
  const dims = [B, T, cfg.dModel];
  const masks = dropoutMasks(cfg, B * T * cfg.dModel, p, seed, step, reuse);
  if (reuse) masks.forEach((m, k) => (reuse[k] = m));
  return Object.fromEntries(masks.map((data, k) => [`dropout_mask_${k}`, { data, dims }]));
}
