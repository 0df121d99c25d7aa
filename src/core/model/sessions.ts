/** Compiled sessions keyed by graph shape, created on first use and disposed together. */
import { serializeModel } from '../onnx/serialize';
import { GraphIR } from '../onnx/ir';
import { createSession, Device, ResolvedDevice, Session, type Tensor } from '../runtime';

/** Runs of each shape a service compiles ahead (SessionCache.get says why; measured, a shape settles by its third run). */
export const WARM_RUNS = 2;

/** Zeros of every graph input's shape (undefined where an input's type cannot be fed from here). */
function zeroFeeds(ir: GraphIR): Record<string, Tensor> | undefined {
  const feeds: Record<string, Tensor> = {};
  for (const v of ir.inputs) {
    const n = v.shape.reduce((a, c) => a * c, 1);
    const data = v.dtype === 'float32' ? new Float32Array(n) : v.dtype === 'float64' ? new Float64Array(n) : v.dtype === 'int32' ? new Int32Array(n) : v.dtype === 'int64' ? new BigInt64Array(n) : undefined;
    if (!data) return undefined;
    feeds[v.name] = { data, dims: v.shape };
  }
  return feeds;
}

/** One session per distinct graph key, compiled on first use. */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<Session>>();
  /** Device of the most recently created session; undefined until one exists. */
  resolved?: ResolvedDevice;
  constructor(
    private device: Device,
    private readonly threads: number,
    private readonly purpose: 'train' | 'inference',
    private readonly log?: (m: string) => void,
    /** Profile every session into `<prefix>_<time>.json` (scripts/profile-train.ts); off when absent. */
    private readonly profilePrefix?: string,
    /** Bounded spinning of idle intra-op threads (SessionOptions.spinUs); 0 = off. */
    private readonly spinUs = 0,
  ) {}
  /**
   * The session for `key`, compiled from `build()` on first use. `warmRuns`: on that first use,
   * also run it that many times on zeros of its inputs' shapes, because onnxruntime plans a
   * shape's memory and grows its arena over its first runs (measured, a [16, 16] prefill: 14.8,
   * 3.6, 3.7, then 1.0 ms), which a service must not leave to its first requests.
   */
  get(key: string, build: () => GraphIR, warmRuns = 0): Promise<Session> {
    let s = this.sessions.get(key);
    if (!s) {
      const ir = build();
      s = createSession(serializeModel(ir), { device: this.device, threads: this.threads, purpose: this.purpose, log: this.log, profilePrefix: this.profilePrefix, spinUs: this.spinUs }).then(async (session) => {
        this.device = session.device; // after one fallback, later graphs go straight to the CPU
        this.resolved = session.device;
        const feeds = warmRuns > 0 ? zeroFeeds(ir) : undefined;
        for (let i = 0; feeds && i < warmRuns; i++) await session.run(feeds);
        return session;
      });
      this.sessions.set(key, s);
    }
    return s;
  }
  /** Ends profiling on every session created so far; returns the profile files written. */
  async endProfiling(): Promise<string[]> {
    const files: string[] = [];
    for (const s of this.sessions.values()) {
      const file = (await s).endProfiling();
      if (file) files.push(file);
    }
    return files;
  }
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).dispose();
  }
}

