/**
 * Interleaved timing of training-engine variants (issue 15). Each variant is an engine with its own
 * options; the variants take turns, a few steps each, so a shared machine's load falls on all of
 * them alike. Prints per variant the median, best and 10th-percentile step, and the process CPU
 * time per step (steadier than wall time under load, except for spinning, which burns CPU by design).
 *   node --import tsx scripts/train-options.ts A base: spin50:spinUs=50 thr1:threads=1 loop4:loop=4
 * Keys: threads (default 2), spinUs (default 0), loop (K updates per session.run via stepMany).
 * ROUNDS=8 PER=8 in the environment.
 */
import type { ModelConfig } from '../src/core/model/config';
import { TrainEngine, EngineBatch } from '../src/core/model/engine';

const CONFIGS: Record<string, { vocab: number; T: number; d: number; layers: number; heads: number; batch: number }> = {
  A: { vocab: 64, T: 64, d: 128, layers: 2, heads: 4, batch: 32 },
  B: { vocab: 512, T: 128, d: 256, layers: 4, heads: 4, batch: 32 },
  C: { vocab: 4096, T: 256, d: 384, layers: 6, heads: 6, batch: 16 },
};

interface Variant {
  name: string;
  eng: TrainEngine;
  K: number;
  times: number[];
  cpu: number[];
}

const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
const quantile = (a: number[], q: number): number => sorted(a)[Math.floor(a.length * q)];

async function main(): Promise<void> {
  const c = CONFIGS[process.argv[2] ?? 'A'];
  if (!c) throw new Error(`unknown config ${process.argv[2]} (A, B or C)`);
  const rounds = Number(process.env.ROUNDS ?? 8);
  const per = Number(process.env.PER ?? 8);
  const cfg: ModelConfig = { vocabSize: c.vocab, context: c.T, dModel: c.d, nLayers: c.layers, nHeads: c.heads, dFF: 4 * c.d, tiedHead: false };
  const n = c.batch * c.T;
  let s = 1;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) % c.vocab;
  const batches: EngineBatch[] = [0, 1, 2, 3].map(() => ({ B: c.batch, T: c.T, inputs: Int32Array.from({ length: n }, rnd), targets: Int32Array.from({ length: n }, rnd), mask: new Float32Array(n).fill(1) }));
  const pick = (i: number, K: number) => Array.from({ length: K }, (_, j) => batches[(i + j) % batches.length]);
  const variants: Variant[] = [];
  for (const spec of process.argv.slice(3)) {
    const [name, rest = ''] = spec.split(':');
    const o = Object.fromEntries(rest.split(',').filter(Boolean).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
    const eng = await TrainEngine.create(cfg, { batch: c.batch, device: 'cpu', threads: o.threads ?? 2, spinUs: o.spinUs ?? 0, seed: 1, weightDecay: 0.01, gradClip: 1, dropout: 0 });
    const K = o.loop ?? 1;
    if (K > 1) await eng.stepMany(pick(0, K), Array<number>(K).fill(1e-3)); // compiles the Loop graph
    variants.push({ name, eng, K, times: [], cpu: [] });
  }
  for (let r = 0; r <= rounds; r++) {
    for (const v of variants) {
      for (let i = 0; i < per; i += v.K) {
        const t = performance.now();
        const u = process.cpuUsage();
        if (v.K > 1) await v.eng.stepMany(pick(i, v.K), Array<number>(v.K).fill(1e-3));
        else await v.eng.step(batches[i % batches.length], 1e-3);
        const du = process.cpuUsage(u);
        if (r === 0) continue; // warm-up round
        v.times.push((performance.now() - t) / v.K);
        v.cpu.push((du.user + du.system) / 1000 / v.K);
      }
    }
  }
  const base = variants[0];
  for (const v of variants) {
    const med = quantile(v.times, 0.5);
    const line = [
      `${v.name.padEnd(10)} median ${med.toFixed(1)} ms/step (${((n / med) | 0)}k tok/s, x${(quantile(base.times, 0.5) / med).toFixed(3)} vs ${base.name})`,
      `best ${sorted(v.times)[0].toFixed(1)}  p10 ${quantile(v.times, 0.1).toFixed(1)} (x${(quantile(base.times, 0.1) / quantile(v.times, 0.1)).toFixed(3)})`,
      `cpu ${quantile(v.cpu, 0.5).toFixed(1)} ms/step (x${(quantile(base.cpu, 0.5) / quantile(v.cpu, 0.5)).toFixed(3)})`,
    ];
    console.log(line.join('  '));
    await v.eng.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
