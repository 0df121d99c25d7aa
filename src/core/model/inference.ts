/** Log-probabilities from fixed weights, on graphs compiled per (B, T). */
import { ModelConfig, validateConfig } from './config';
import { buildInference } from './graphs';
import { paramLayout } from './params';
import { Device, ResolvedDevice } from '../runtime';
import { SessionCache } from './sessions';
import { EngineInputError } from './errors';
import { checkFeatures, featureFeeds } from './featureFeeds';

export interface InferenceEngineOptions {
  device: Device;
  threads: number;
  log?: (message: string) => void;
}

/**
 * Log-probabilities from fixed weights (spinning off: the CPU idles between requests).
 * Graphs are compiled per (B, T) on first use.
 */
export class InferenceEngine {
  private readonly sessions: SessionCache;
  private theta: Float32Array;

  private constructor(readonly cfg: ModelConfig, theta: Float32Array, opts: InferenceEngineOptions) {
    this.theta = theta;
    this.sessions = new SessionCache(opts.device, opts.threads, 'inference', opts.log);
  }

  static create(cfg: ModelConfig, theta: Float32Array, opts: InferenceEngineOptions): InferenceEngine {
    validateConfig(cfg);
    const N = paramLayout(cfg).total;
    if (theta.length !== N) throw new EngineInputError(`θ has ${theta.length} values; this config needs ${N}`);
    return new InferenceEngine(cfg, theta, opts);
  }

  /** Device the compiled graphs run on; undefined until the first query compiled one. */
  get device(): ResolvedDevice | undefined {
    return this.sessions.resolved;
  }

  /** Swap in new weights (same config) without recompiling. */
  setParams(theta: Float32Array): void {
    if (theta.length !== this.theta.length) throw new EngineInputError(`θ has ${theta.length} values; expected ${this.theta.length}`);
    this.theta = theta;
  }

  private check(tokens: Int32Array, B: number, T: number, features?: readonly Int32Array[]): void {
    checkFeatures(this.cfg, features, B * T);
    if (!(B >= 1) || !(T >= 1 && T <= this.cfg.context)) throw new EngineInputError(`need 1 ≤ T ≤ ${this.cfg.context}, got B=${B} T=${T}`);
    if (tokens.length !== B * T) throw new EngineInputError(`tokens must have B·T = ${B * T} entries`);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= this.cfg.vocabSize) throw new EngineInputError(`token id ${tokens[i]} is outside the vocabulary`);
    }
  }

  /**
   * tokens [B, T] row-major, positions [B] (0 ≤ p < T), features [B, T] each (default none) → [B, V] flattened: row b is the
   * log-distribution of the token after tokens[b, positions[b]].
   */
  async logProbs(tokens: Int32Array, B: number, T: number, positions: Int32Array, features?: readonly Int32Array[]): Promise<Float32Array> {
    this.check(tokens, B, T, features);
    if (positions.length !== B || positions.some((p) => p < 0 || p >= T)) throw new EngineInputError(`positions must be B=${B} values in 0..${T - 1}`);
    const s = await this.sessions.get(`pos:${B}:${T}`, () => buildInference(this.cfg, B, T, 'positions'));
    const out = await s.run({
      theta: { data: this.theta, dims: [this.theta.length] },
      tokens: { data: tokens, dims: [B, T] },
      positions: { data: positions, dims: [B] },
      ...featureFeeds(this.cfg, features, [B, T]),
    });
    return out.log_probs.data as Float32Array;
  }

  /** tokens [B, T] (and features [B, T] each, default none) → log-probabilities at every position, [B, T, V] flattened. */
  async allLogProbs(tokens: Int32Array, B: number, T: number, features?: readonly Int32Array[]): Promise<Float32Array> {
    this.check(tokens, B, T, features);
    const s = await this.sessions.get(`all:${B}:${T}`, () => buildInference(this.cfg, B, T, 'all'));
    const out = await s.run({ theta: { data: this.theta, dims: [this.theta.length] }, tokens: { data: tokens, dims: [B, T] }, ...featureFeeds(this.cfg, features, [B, T]) });
    return out.log_probs.data as Float32Array;
  }

  async dispose(): Promise<void> {
    await this.sessions.dispose();
  }
}
