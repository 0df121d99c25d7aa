/**
 * Coalesces calls of a batched function: items submitted while a call is in flight wait and go
 * together into the next one (one call at a time). The time heads use it, so concurrent requests
 * share one trunk-and-head run the way the batcher shares next-activity runs.
 */
export class Coalescer<I, O> {
  private waiting: { items: readonly I[]; resolve: (o: O[]) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly fn: (items: readonly I[]) => Promise<O[]>,
    private readonly maxItems = 1024,
  ) {}

  run(items: readonly I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.loop());
      }
    });
  }

  private async loop(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        let n = 0;
        let take = 0;
        while (take < this.waiting.length && (take === 0 || n + this.waiting[take].items.length <= this.maxItems)) n += this.waiting[take++].items.length;
        const group = this.waiting.splice(0, take);
        try {
          const out = await this.fn(group.flatMap((g) => g.items));
          let at = 0;
          for (const g of group) {
            g.resolve(out.slice(at, at + g.items.length));
            at += g.items.length;
          }
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
