/**
 * `npm run gpu-check`: is the CUDA execution provider usable, which provider ran each op of a
 * train step, and how long a step takes (small preset, B=32, T=64).
 *
 * CUDA is opt-in: onnxruntime-node ships the CPU provider only. To add CUDA 12 (needs the CUDA 12
 * runtime and cuDNN 9 libraries on the library path):
 *   ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetConfig } from '../src/core/model/config';
import { buildTrainStep } from '../src/core/model/graphs';
import { initParams, paramLayout } from '../src/core/model/params';
import { DEFAULT_BETAS } from '../src/core/model/adamw';
import { dropoutFeeds } from '../src/core/model/dropout';
import { serializeModel } from '../src/core/onnx/serialize';
import { createSession, physicalCores, Tensor } from '../src/core/runtime';

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string; provider?: string };
}

async function main(): Promise<void> {
  const B = 32;
  const T = 64;
  const cfg = presetConfig(process.env.GPU_CHECK_PRESET ?? 'small', 64, T);
  const layout = paramLayout(cfg);
  const graph = buildTrainStep(cfg, { ...DEFAULT_BETAS, weightDecay: 0.01, gradClip: 1, decayed: layout.decayed, B, T, dropout: true });
  const dir = mkdtempSync(join(tmpdir(), 'pa-gpu-check-'));
  const notes: string[] = [];
  const session = await createSession(serializeModel(graph), {
    device: 'cuda',
    purpose: 'train',
    threads: physicalCores(),
    profilePrefix: join(dir, 'profile'),
    log: (m) => notes.push(m),
  });
  console.log(`execution provider: ${session.device.toUpperCase()}`);
  if (session.device === 'cpu') console.log(`CUDA is absent: ${session.fallbackReason ?? 'unknown reason'}`);

  const N = layout.total;
  let theta: Float32Array = initParams(cfg, 1);
  let m: Float32Array = new Float32Array(N);
  let v: Float32Array = new Float32Array(N);
  const tokens = Int32Array.from({ length: B * T }, (_, i) => (i * 7) % 64);
  const targets = Int32Array.from(tokens, (x) => (x + 1) % 64);
  const mask = new Float32Array(B * T).fill(1);
  const times: number[] = [];
  let loss = NaN;
  for (let step = 1; step <= 12; step++) {
    const feeds: Record<string, Tensor> = {
      theta: { data: theta, dims: [N] },
      m: { data: m, dims: [N] },
      v: { data: v, dims: [N] },
      step: { data: Float32Array.of(step), dims: [] },
      lr: { data: Float32Array.of(1e-3), dims: [] },
      tokens: { data: tokens, dims: [B, T] },
      targets: { data: targets, dims: [B, T] },
      mask: { data: mask, dims: [B, T] },
      ...dropoutFeeds(cfg, B, T, 0.1, 1, step),
    };
    const t0 = performance.now();
    const out = await session.run(feeds);
    times.push(performance.now() - t0);
    theta = out.theta_out.data as Float32Array;
    m = out.m_out.data as Float32Array;
    v = out.v_out.data as Float32Array;
    loss = (out.loss.data as Float32Array)[0];
  }
  const steady = times.slice(2).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)];
  console.log(`train step (${cfg.preset}, N=${N}, B=${B}, T=${T}): median ${median.toFixed(1)} ms, best ${steady[0].toFixed(1)} ms, ${Math.round((B * T * 1000) / median)} tokens/s; final loss ${loss.toFixed(3)}`);

  const file = session.endProfiling();
  await session.dispose();
  if (file) {
    const events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[];
    const byProvider = new Map<string, Map<string, number>>();
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const provider = e.args?.provider ?? '?';
      const ops = byProvider.get(provider) ?? new Map<string, number>();
      ops.set(e.args?.op_name ?? '?', (ops.get(e.args?.op_name ?? '?') ?? 0) + 1);
      byProvider.set(provider, ops);
    }
    console.log('ops per execution provider (kernel launches over the profiled steps):');
    for (const [provider, ops] of byProvider) {
      const list = [...ops].sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op}×${n}`);
      console.log(`  ${provider}: ${list.join(', ')}`);
    }
  }
  for (const n of notes) console.log(`note: ${n}`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
