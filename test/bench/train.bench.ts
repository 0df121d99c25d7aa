/**
 * `npm run bench:train`: training throughput of this engine beside PyTorch at its best on the same
 * CPU, in the same run (issue 15). Three configs span the fixed-cost-bound and the MatMul-bound
 * regimes; each is untied head, pre-LN, GELU MLP ×4, AdamW lr 1e-3 wd 0.01, clip 1, dropout 0,
 * random tokens:
 *
 *   A  vocab 64,   T 64,  d 128, 2 layers, 4 heads, batch 32   (0.42 M parameters)
 *   B  vocab 512,  T 128, d 256, 4 layers, 4 heads, batch 32   (3.45 M)
 *   C  vocab 4096, T 256, d 384, 6 layers, 6 heads, batch 16   (13.9 M)
 *
 * The reference is test/bench/torch_ref.py on Debian's /usr/bin/python3 with python3-torch, run
 * twice per config:
 *   - tuned, as a PyTorch user would tune it with environment alone: the OpenMP OpenBLAS first on
 *     LD_LIBRARY_PATH (libopenblas0-openmp), OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (the
 *     inherited Haswell value picks a slow kernel), ATEN_CPU_CAPABILITY=avx512 where the CPU has
 *     it, glibc malloc thresholds high so freed tensors are reused, OMP_NUM_THREADS = threads;
 *   - as installed: the inherited environment.
 * Each run prints the BLAS library it mapped and ATen's kernel level, so the table says what was
 * compared. The MatMul ceiling is ORT's own MatMul at 2048³, best of several runs.
 *
 * Figures are tokens/s of the median step (the best step in brackets). Read the ratios: the
 * machine is shared and its absolute speed moves with the load.
 *
 * Options (env): BENCH_CONFIGS=A,B,C  BENCH_SECONDS=8  BENCH_THREADS=0 (physical cores)
 *   BENCH_SPIN_US=50: also time the engine with idle intra-op threads spinning up to 50 µs before
 *   they sleep (TrainEngineOptions.spinUs), as an extra row per config against the same torch runs.
 *   BENCH_DEFAULT_MALLOC=1: also time the engine with the inherited glibc malloc settings (an extra
 *   row), to show what the training process's allocator settings are worth.
 *
 * The engine runs in a child process started as the product starts its training process
 * (src/core/trainingProcessEnv.ts: glibc's malloc thresholds high, like torch's tuned run), so the
 * engine row is what `Train Agent` gets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder } from '../../src/core/onnx/builder';
import { matmul } from '../../src/core/onnx/ops';
import { serializeModel } from '../../src/core/onnx/serialize';
import { createSession, physicalCores } from '../../src/core/runtime';
import { trainingProcessEnv } from '../../src/core/trainingProcessEnv';
import { CONFIGS, LR, timeIt, type BenchConfig, type Timing } from './engineTiming';

const wanted = (process.env.BENCH_CONFIGS ?? 'A,B,C').split(',');
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const threads = Number(process.env.BENCH_THREADS ?? 0) || physicalCores();
const spinUs = Number(process.env.BENCH_SPIN_US ?? 0);
const defaultMalloc = process.env.BENCH_DEFAULT_MALLOC === '1';
const PYTHON = '/usr/bin/python3'; // Debian's, where python3-torch lives (not pyenv's)
const OPENMP_BLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-openmp';

/** GFLOP/s of one 2048³ fp32 MatMul through onnxruntime, best run: what this CPU's BLAS path can do. */
async function matmulCeiling(): Promise<number> {
  const n = 2048;
  const b = new GraphBuilder('matmul_ceiling');
  const x = b.input('x', 'float32', [n, n]);
  const w = b.input('w', 'float32', [n, n]);
  b.output(matmul(b, x, w), 'y');
  const session = await createSession(serializeModel(b.build()), { device: 'cpu', threads, purpose: 'train' });
  const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const feeds = { x: { data, dims: [n, n] }, w: { data, dims: [n, n] } };
  const r = await timeIt(() => session.run(feeds), seconds, 1, 5);
  await session.dispose();
  return (2 * n * n * n) / (r.bestMs / 1000) / 1e9;
}

/**
 * The engine's steps of one config, timed in a child process started with `env`: the product's
 * training process environment (core/trainingProcessEnv.ts), or the inherited one for comparison.
 */
function engineSteps(c: BenchConfig, spin: number, env: NodeJS.ProcessEnv): { t: Timing; N: number } {
  const args = JSON.stringify({ name: c.name, threads, spinUs: spin, seconds });
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'engineSteps.ts'), args], { encoding: 'utf8', timeout: 900_000, env });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`engine steps of ${c.name} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  const { medianMs, bestMs, N } = JSON.parse(last) as Timing & { N: number };
  return { t: { medianMs, bestMs }, N };
}

/** The environment a PyTorch user would tune with: see the header. */
function tunedTorchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (existsSync(OPENMP_BLAS_DIR)) env.LD_LIBRARY_PATH = [OPENMP_BLAS_DIR, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  if (/\bavx512f\b/.test(readFileSync('/proc/cpuinfo', 'utf8'))) env.ATEN_CPU_CAPABILITY = 'avx512';
  env.MALLOC_MMAP_THRESHOLD_ = '4294967296';
  env.MALLOC_TRIM_THRESHOLD_ = '4294967296';
  env.OMP_NUM_THREADS = String(threads);
  return env;
}

interface TorchRun {
  timing?: Timing;
  /** What it ran on: the BLAS library mapped and ATen's kernel level. */
  what?: string;
  note?: string;
}

function torchReference(c: BenchConfig, env: NodeJS.ProcessEnv): TorchRun {
  const script = join(__dirname, 'torch_ref.py');
  if (!existsSync(PYTHON)) return { note: `${PYTHON} not found` };
  const args = { vocab: c.vocab, d: c.d, layers: c.layers, heads: c.heads, ff: 4 * c.d, B: c.batch, T: c.T, steps: 5, seconds, warmup: 2, threads, dropout: 0, tied: false, lr: LR };
  const r = spawnSync(PYTHON, [script, JSON.stringify(args)], { encoding: 'utf8', timeout: 900_000, env });
  if (r.status !== 0) return { note: (r.stderr || r.error?.message || 'failed').trim().split('\n').pop() };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { best_ms: number; median_ms: number; blas: string[]; cpu_capability: string };
  const blas = out.blas.find((p) => /openblas/.test(p) && /libopenblas/.test(p)) ?? out.blas[0] ?? 'no BLAS mapped';
  return { timing: { bestMs: out.best_ms, medianMs: out.median_ms }, what: `${blas.split('/').slice(-2).join('/')}, ATen ${out.cpu_capability}` };
}

const tokPerS = (tokens: number, ms: number): number => (tokens * 1000) / ms;
const k = (x: number): string => `${(x / 1000).toFixed(2)}k`;

async function main(): Promise<void> {
  console.log(`train bench (issue 15 configs): threads=${threads}, ≥${seconds}s per measurement; tokens/s of the median step [best step]`);
  let ceiling = await matmulCeiling();
  const header = ['config', 'params', 'engine', 'torch tuned', 'torch as installed', 'engine/tuned', 'engine/installed', 'GFLOP/s (6N)', 'ceiling share'];
  const rows: string[][] = [];
  const notes = new Set<string>();
  for (const c of CONFIGS.filter((x) => wanted.includes(x.name))) {
    const { t: engine, N } = engineSteps(c, 0, trainingProcessEnv(process.env));
    const spun = spinUs > 0 ? engineSteps(c, spinUs, trainingProcessEnv(process.env)).t : undefined;
    const plainMalloc = defaultMalloc ? engineSteps(c, 0, { ...process.env, ORT_DISABLE_TELEMETRY: '1' }).t : undefined;
    const tuned = torchReference(c, tunedTorchEnv());
    const installed = torchReference(c, process.env);
    ceiling = Math.max(ceiling, await matmulCeiling());
    const tokens = c.batch * c.T;
    const cell = (t?: Timing) => (t ? `${k(tokPerS(tokens, t.medianMs))} [${k(tokPerS(tokens, t.bestMs))}]` : 'skipped');
    const ratio = (e: Timing, t?: Timing) => (t ? `×${(t.medianMs / e.medianMs).toFixed(2)}` : '–');
    for (const [label, run] of [['tuned', tuned], ['as installed', installed]] as const) notes.add(`torch ${label}: ${run.what ?? run.note}`);
    for (const [name, e] of [[c.name, engine], [`${c.name} spin ${spinUs} µs`, spun], [`${c.name} inherited malloc`, plainMalloc]] as const) {
      if (!e) continue;
      const g = (tokPerS(tokens, e.medianMs) * 6 * N) / 1e9;
      rows.push([name, `${(N / 1e6).toFixed(2)} M`, cell(e), cell(tuned.timing), cell(installed.timing), ratio(e, tuned.timing), ratio(e, installed.timing), g.toFixed(0), `${((100 * g) / ceiling).toFixed(0)} %`]);
    }
  }
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => `| ${cells.map((x, j) => x.padEnd(widths[j])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(`MatMul ceiling (ORT MatMul 2048³ fp32, ${threads} threads, best run): ${ceiling.toFixed(0)} GFLOP/s`);
  for (const n of notes) console.log(n);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
