/** Compiled sessions keyed by graph shape, created on first use and disposed together. */
import { serializeModel } from '../onnx/serialize';
import { GraphIR } from '../onnx/ir';
import { createSession, Device, ResolvedDevice, Session } from '../runtime';

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
  get(key: string, build: () => GraphIR): Promise<Session> {
    let s = this.sessions.get(key);
    if (!s) {
      s = createSession(serializeModel(build()), { device: this.device, threads: this.threads, purpose: this.purpose, log: this.log, profilePrefix: this.profilePrefix, spinUs: this.spinUs }).then((session) => {
        this.device = session.device; // after one fallback, later graphs go straight to the CPU
        this.resolved = session.device;
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

