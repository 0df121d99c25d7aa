/**
 * What `bench:train` measures the engine on, shared by the bench (torch and the MatMul ceiling,
 * in its own process) and engineSteps.ts (the engine, in a process started the way the product's
 * training process is: core/trainingProcessEnv.ts).
 */
import type { ModelConfig } from '../../src/core/model/config';
import type { EngineBatch } from '../../src/core/model/engine';

export interface BenchConfig {
  name: string;
  vocab: number;
  T: number;
  d: number;
  layers: number;
  heads: number;
  batch: number;
}

export const CONFIGS: readonly BenchConfig[] = [
  { name: 'A', vocab: 64, T: 64, d: 128, layers: 2, heads: 4, batch: 32 },
  { name: 'B', vocab: 512, T: 128, d: 256, layers: 4, heads: 4, batch: 32 },
  { name: 'C', vocab: 4096, T: 256, d: 384, layers: 6, heads: 6, batch: 16 },
];
export const LR = 1e-3;

export function modelConfig(c: BenchConfig): ModelConfig {
  return { vocabSize: c.vocab, context: c.T, dModel: c.d, nLayers: c.layers, nHeads: c.heads, dFF: 4 * c.d, tiedHead: false };
}

export function randomBatch(c: BenchConfig, seed: number): EngineBatch {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) % c.vocab;
  const n = c.batch * c.T;
  return { B: c.batch, T: c.T, inputs: Int32Array.from({ length: n }, next), targets: Int32Array.from({ length: n }, next), mask: new Float32Array(n).fill(1) };
}

export interface Timing {
  medianMs: number;
  /** Fastest run: the least disturbed by other work on a shared machine. */
  bestMs: number;
}

/** Times `fn` for at least `seconds` (and `minRuns` runs) after `warmup` calls. */
export async function timeIt(fn: () => Promise<unknown>, seconds: number, warmup = 2, minRuns = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const t0 = performance.now();
  const times: number[] = [];
  while (times.length < minRuns || performance.now() - t0 < seconds * 1000) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return { bestMs: times[0], medianMs: times[Math.floor(times.length / 2)] };
}
