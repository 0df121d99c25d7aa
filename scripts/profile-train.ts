/**
 * Where a training step's time goes (issue 15): runs a few steps of one bench:train config with
 * onnxruntime's profiler on, then sums the kernel time of each op type and prints the shares, the
 * node count and the mean cost per node call. Run: `node --import tsx scripts/profile-train.ts A`
 * (A, B or C, as in test/bench/train.bench.ts; STEPS=10 THREADS=2 in the environment; BY_SCOPE=1
 * sums by the node name's first scope instead (param, h, grad, adamw, ...), BY_NODE=1 by node).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelConfig } from '../src/core/model/config';
import { TrainEngine } from '../src/core/model/engine';

const CONFIGS: Record<string, { vocab: number; T: number; d: number; layers: number; heads: number; batch: number }> = {
  A: { vocab: 64, T: 64, d: 128, layers: 2, heads: 4, batch: 32 },
  B: { vocab: 512, T: 128, d: 256, layers: 4, heads: 4, batch: 32 },
  C: { vocab: 4096, T: 256, d: 384, layers: 6, heads: 6, batch: 16 },
};

/** One record of onnxruntime's Chrome-trace profile. */
interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'A';
  const c = CONFIGS[name];
  if (!c) throw new Error(`unknown config ${name} (A, B or C)`);
  const steps = Number(process.env.STEPS ?? 10);
  const threads = Number(process.env.THREADS ?? 2);
  const cfg: ModelConfig = { vocabSize: c.vocab, context: c.T, dModel: c.d, nLayers: c.layers, nHeads: c.heads, dFF: 4 * c.d, tiedHead: false };
  const dir = mkdtempSync(join(tmpdir(), 'pa-profile-'));
  try {
    const eng = await TrainEngine.create(cfg, { batch: c.batch, device: 'cpu', threads, seed: 1, weightDecay: 0.01, gradClip: 1, dropout: 0, profilePrefix: join(dir, 'step') });
    const n = c.batch * c.T;
    const batch = { B: c.batch, T: c.T, inputs: new Int32Array(n).map((_, i) => (i * 7) % c.vocab), targets: new Int32Array(n).map((_, i) => (i * 11) % c.vocab), mask: new Float32Array(n).fill(1) };
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await eng.step(batch, 1e-3);
    const wallMs = (performance.now() - t0) / steps;
    const [file] = await eng.endProfiling();
    await eng.dispose();
    const events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[];
    const byOp = new Map<string, { us: number; calls: number }>();
    let runUs = 0;
    for (const e of events) {
      if (e.cat === 'Session' && e.name === 'model_run') runUs += e.dur;
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const op = process.env.BY_NODE ? `${e.name.replace(/_kernel_time$/, '')} ${e.args?.op_name}` : process.env.BY_SCOPE ? e.name.replace(/_kernel_time$/, '').split(/[./]/)[0] : e.args?.op_name ?? '?';
      const row = byOp.get(op) ?? { us: 0, calls: 0 };
      row.us += e.dur;
      row.calls += 1;
      byOp.set(op, row);
    }
    const kernelUs = [...byOp.values()].reduce((s, r) => s + r.us, 0);
    const runs = steps + 1; // the create() warm-up compiles only; each step is one run
    console.log(`config ${name}: ${eng.paramCount} params, ${threads} threads, ${steps} steps; wall ${wallMs.toFixed(1)} ms/step; model_run ${(runUs / 1000 / steps).toFixed(1)} ms/step; kernels ${(kernelUs / 1000 / steps).toFixed(1)} ms/step`);
    console.log(`nodes per step: ${Math.round([...byOp.values()].reduce((s, r) => s + r.calls, 0) / steps)} (runs counted: ${runs - 1})`);
    console.log('op type                   share   ms/step   calls/step   µs/call');
    for (const [op, r] of [...byOp.entries()].sort((a, b) => b[1].us - a[1].us)) {
      console.log(`${op.padEnd(24)} ${((100 * r.us) / kernelUs).toFixed(1).padStart(5)} %  ${(r.us / 1000 / steps).toFixed(2).padStart(8)}  ${(r.calls / steps).toFixed(0).padStart(10)}  ${(r.us / r.calls).toFixed(1).padStart(8)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
