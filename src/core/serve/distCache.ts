/**
 * A bounded LRU of next-activity distributions by context, for one loaded model (a reload starts
 * an empty one). Beam search asks for the same contexts again and again (every case that reached
 * "Register → Check" asks what follows it), and an answer is a pure function of the context and
 * the weights, so a hit gives exactly what a run would. Bounded by floats held, not entries, since
 * a distribution is [labels] doubles.
 */
export class DistCache {
  private readonly map = new Map<string, Float64Array>();
  private held = 0;
  hits = 0;
  misses = 0;

  /** `maxFloats` 0 disables the cache. */
  constructor(private readonly maxFloats: number) {}

  get(key: string): Float64Array | undefined {
    const d = this.map.get(key);
    if (d === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: Map iteration order is insertion order, so the first key is the least recent.
    this.map.delete(key);
    this.map.set(key, d);
    return d;
  }

  set(key: string, d: Float64Array): void {
    if (this.maxFloats < d.length || this.map.has(key)) return;
    this.map.set(key, d);
    this.held += d.length;
    while (this.held > this.maxFloats) {
      const [oldest, od] = this.map.entries().next().value as [string, Float64Array];
      this.map.delete(oldest);
      this.held -= od.length;
    }
  }

  get size(): number {
    return this.map.size;
  }
}
