/**
 * The only importer of onnxruntime-node. Owns session creation, the device table (cuda, cpu) with
 * fallback to the CPU (logging why), thread counts and spinning policy.
 *
 * CUDA is opt-in: onnxruntime-node ships the CPU EP only unless installed with
 *   ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js
 * (needs CUDA 12 and cuDNN 9 on the library path).
 */
// Before onnxruntime loads: see noTelemetry.ts.
import './noTelemetry';
import * as ort from 'onnxruntime-node';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cpus } from 'node:os';
import type { Device } from './device';

export type { Device };

// onnxruntime's own logger would print a red error line for a failed CUDA probe (a missing provider
// library is caught before asking, see cudaMissingReason; other failures, such as a missing CUDA
// runtime, still reach onnxruntime); failures arrive as exceptions, and the fallback reason is
// reported through SessionOptions.log.
ort.env.logLevel = 'fatal';
export type ResolvedDevice = 'cuda' | 'cpu';
export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array;

/** A tensor handed to or returned from a session: data plus its shape. */
export interface Tensor<D extends TensorData = TensorData> {
  data: D;
  dims: readonly number[];
}

export interface SessionOptions {
  device: Device;
  /** Intra-op threads; 0 or absent = physical cores. */
  threads?: number;
  purpose: 'train' | 'inference';
  /**
   * Let an idle intra-op thread spin this many µs before it sleeps (ORT's bounded spinning), so the
   * next op's work reaches it without a futex wake. 0 or absent: no spinning, the default for every
   * session: inference must leave the CPU idle between requests, and on the shared 2-core machine
   * unbounded spinning of training threads doubled the median step time (they fight the editor and
   * each other for cores).
   */
  spinUs?: number;
  /** Write an onnxruntime profile (JSON) with this file prefix; `endProfiling()` returns its path. */
  profilePrefix?: string;
  /** Receives the reason when CUDA was asked for but the CPU is used. */
  log?: (message: string) => void;
}

export interface Session {
  readonly device: ResolvedDevice;
  /** Why CUDA was not used, when it was asked for (device 'auto' or 'cuda'). */
  readonly fallbackReason?: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * Runs the graph. Outputs named in `into` are written into those preallocated buffers (no fresh
   * allocation per run, which for θ, m, v is tens of MB of page faults); the others are returned new.
   */
  run(feeds: Record<string, Tensor>, into?: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  endProfiling(): string | undefined;
  dispose(): Promise<void>;
}

/** Physical cores (hyper-threads share one core's FPUs, so more threads than this slow MatMuls down). */
export function physicalCores(): number {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    for (const block of info.split('\n\n')) {
      const phys = /physical id\s*:\s*(\d+)/.exec(block)?.[1];
      const core = /core id\s*:\s*(\d+)/.exec(block)?.[1];
      if (phys !== undefined && core !== undefined) cores.add(`${phys}:${core}`);
    }
    if (cores.size > 0) return cores.size;
  } catch {
    // not Linux: fall through
  }
  return Math.max(1, cpus().length);
}

function toOrt(t: Tensor): ort.Tensor {
  const type = t.data instanceof Float32Array ? 'float32' : t.data instanceof Float64Array ? 'float64' : t.data instanceof Int32Array ? 'int32' : 'int64';
  return new ort.Tensor(type, t.data, t.dims as number[]);
}

function fromOrt(t: ort.Tensor): Tensor {
  return { data: t.data as TensorData, dims: t.dims };
}

function baseOptions(opts: SessionOptions): ort.InferenceSession.SessionOptions {
  const threads = opts.threads && opts.threads > 0 ? opts.threads : physicalCores();
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    enableProfiling: opts.profilePrefix !== undefined,
    profileFilePrefix: opts.profilePrefix,
    extra: { session: { intra_op: spinning(opts.spinUs ?? 0) } },
  };
}

/** ORT's intra-op spin settings: off, or spinning for at most `us` µs before sleeping. */
function spinning(us: number): Record<string, string> {
  return us > 0 ? { allow_spinning: '1', spin_duration_us: String(Math.round(us)) } : { allow_spinning: '0' };
}

/** The fallback reason when onnxruntime-node was installed without its CUDA provider (the default). */
export const CUDA_NOT_INSTALLED = 'CUDA provider library not installed; see README to enable CUDA';

/** Where onnxruntime-node keeps its CUDA provider library: beside its native binding, once installed with CUDA. */
export function cudaProviderLibrary(): string {
  const name = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return join(dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch, name);
}

/**
 * Why CUDA cannot even be tried (its provider library is missing), else undefined. Checked before
 * asking onnxruntime, whose failed attempt to load the library prints a native error line.
 */
export function cudaMissingReason(library = cudaProviderLibrary()): string | undefined {
  return existsSync(library) ? undefined : CUDA_NOT_INSTALLED;
}

/**
 * Why CUDA failed in this process, once it did: later sessions (of any engine) go straight to the
 * CPU, with no second failed CUDA load and no second warning.
 */
let cudaFailure: string | undefined;

/** Creates a session on the requested device; 'auto' and 'cuda' fall back to the CPU with the reason logged. */
export async function createSession(model: Uint8Array, opts: SessionOptions): Promise<Session> {
  const base = baseOptions(opts);
  let fallbackReason: string | undefined;
  if (opts.device !== 'cpu') {
    if (cudaFailure !== undefined) fallbackReason = cudaFailure; // said once already
    else {
      fallbackReason = cudaMissingReason();
      if (fallbackReason === undefined) {
        try {
          const s = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cuda', 'cpu'] });
          return wrap(s, 'cuda', undefined, opts.profilePrefix);
        } catch (e) {
          fallbackReason = `CUDA execution provider unavailable: ${(e as Error).message.split('\n')[0]}`;
        }
      }
      cudaFailure = fallbackReason;
      opts.log?.(`${fallbackReason}; using the CPU`);
    }
  }
  const s = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] });
  return wrap(s, 'cpu', fallbackReason, opts.profilePrefix);
}

function wrap(s: ort.InferenceSession, device: ResolvedDevice, fallbackReason: string | undefined, profilePrefix?: string): Session {
  return {
    device,
    fallbackReason,
    inputNames: s.inputNames,
    outputNames: s.outputNames,
    async run(feeds, into) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [k, t] of Object.entries(feeds)) ortFeeds[k] = toOrt(t);
      let out: ort.InferenceSession.OnnxValueMapType;
      if (into) {
        const fetches: Record<string, ort.Tensor | null> = {};
        for (const name of s.outputNames) fetches[name] = into[name] ? toOrt(into[name]) : null;
        out = await s.run(ortFeeds, fetches);
      } else {
        out = await s.run(ortFeeds);
      }
      const res: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(out)) res[k] = into?.[k] ?? fromOrt(t);
      return res;
    },
    endProfiling() {
      // onnxruntime-node returns nothing; the file is `<prefix>_<timestamp>.json`: take the newest.
      s.endProfiling();
      if (!profilePrefix) return undefined;
      const dir = dirname(profilePrefix);
      const files = readdirSync(dir)
        .filter((f) => f.startsWith(basename(profilePrefix)) && f.endsWith('.json'))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      return files[0];
    },
    async dispose() {
      await s.release();
    },
  };
}
