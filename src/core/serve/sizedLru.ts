/**
 * A least-recently-used map bounded by the total size of what it holds (floats, say), not by its
 * number of entries: entries differ in size (a distribution is [labels] doubles, a decode state
 * grows with its context). One per loaded model; a reload starts an empty one.
 */
export class SizedLru<V> {
  private readonly map = new Map<string, V>();
  private held = 0;
  hits = 0;
  misses = 0;

  /** `maxSize` 0 disables the cache. */
  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (v: V) => number,
  ) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: Map iteration order is insertion order, so the first key is the least recent.
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, v: V): void {
    const size = this.sizeOf(v);
    if (this.maxSize < size || this.map.has(key)) return;
    this.map.set(key, v);
    this.held += size;
    while (this.held > this.maxSize) {
      const [oldest, ov] = this.map.entries().next().value as [string, V];
      this.map.delete(oldest);
      this.held -= this.sizeOf(ov);
    }
  }

  get size(): number {
    return this.map.size;
  }
}
