/**
 * XES traces are cases even when several share one `concept:name` (exports that name traces by
 * process or variant): the second trace named "A" becomes case "A#2", and the reader warns once
 * with the count, instead of silently merging millions of traces into a handful of cases.
 */
export class TraceIds {
  private readonly seen = new Map<string, number>();
  private duplicates = 0;
  private example: string | undefined;

  /** The case id for a trace named `id`, called once per trace (at its first event). */
  begin(id: string): string {
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    if (n === 1) return id;
    this.duplicates++;
    this.example ??= id;
    return `${id}#${n}`;
  }

  note(): string | undefined {
    if (this.duplicates === 0) return undefined;
    return `${this.duplicates} trace${this.duplicates === 1 ? '' : 's'} share a concept:name with an earlier trace (e.g. ${JSON.stringify(this.example)}); each is kept as its own case, numbered "${this.example}#2", "#3", …`;
  }
}
