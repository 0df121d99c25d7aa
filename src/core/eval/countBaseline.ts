/**
 * The baselines of baselines.ts as successor COUNTS that can be saved with an agent and served:
 * the same rankings (tested against baselines.ts), plus what serving needs and a ranking alone
 * lacks — a probability distribution and a confidence for each prefix.
 *
 * Contexts are keyed by activity indices: `S<i,j,…>` a suffix of the prefix (n-gram / last1),
 * `S` the global successor counts, `P<i,j,…>` an exact full prefix (prefix baseline). An
 * activity outside `labels` codes as -1, a key no training context has, so it never matches —
 * as baselines.ts's UNSEEN code.
 */
import { END_OF_CASE } from '../data/prefixes';
import { compareCodeUnits } from '../tokenize/activity';
import type { BaselineName } from './baselines';

export interface CountBaselineJSON {
  version: 1;
  name: BaselineName;
  withEnd: boolean;
  maxN: number;
  /** Successor labels and context activities by index (END_OF_CASE among them when withEnd). */
  labels: string[];
  /** Context key → flat [label index, count, label index, count, …]. */
  contexts: Record<string, number[]>;
}

/** What the longest matching context says after a prefix. */
export interface CountLookup {
  /** Full ranking, best first: matched context, then ever shorter ones, then global frequency. */
  ranked: string[];
  /** Successor counts of the longest matched context (the global counts when nothing longer matched). */
  counts: ReadonlyMap<string, number>;
  total: number;
}

/** Merged answers kept per CountBaseline before the cache starts over. */
const LOOKUP_CACHE_MAX = 200_000;

const isBaselineName = (x: unknown): x is BaselineName => x === 'last1' || x === 'ngram' || x === 'prefix';

export class CountBaseline {
  private readonly index: Map<string, number>;
  private readonly tables = new Map<string, Map<string, number>>();
  private readonly rankedCache = new Map<string, string[]>();
  private readonly lookupCache = new Map<string, CountLookup>();
  private readonly distributions = new WeakMap<CountLookup, { labels: readonly string[]; out: Float64Array }>();

  private constructor(readonly name: BaselineName, readonly withEnd: boolean, readonly maxN: number, readonly labels: readonly string[]) {
    this.index = new Map(labels.map((l, i) => [l, i]));
  }

  /** Fits on training traces; maxN is 1 for last1, else `maxN` (default 5, as baselines.ts). */
  static fit(train: readonly (readonly string[])[], name: BaselineName, options: { withEnd: boolean; maxN?: number }): CountBaseline {
    const labels: string[] = [];
    const seen = new Set<string>();
    for (const c of train) for (const a of c) if (!seen.has(a)) (seen.add(a), labels.push(a));
    if (options.withEnd && !seen.has(END_OF_CASE)) labels.push(END_OF_CASE);
    const maxN = name === 'last1' ? 1 : (options.maxN ?? 5);
    const b = new CountBaseline(name, options.withEnd, maxN, labels);
    for (const acts of train) {
      const ids = acts.map((a) => b.index.get(a)!);
      const visit = (k: number, next: string) => {
        b.add('S', next);
        for (let n = 1; n <= Math.min(maxN, k); n++) b.add('S' + ids.slice(k - n, k).join(','), next);
        if (name === 'prefix') b.add('P' + ids.slice(0, k).join(','), next);
      };
      for (let k = 1; k < acts.length; k++) visit(k, acts[k]);
      if (options.withEnd && acts.length > 0) visit(acts.length, END_OF_CASE);
    }
    return b;
  }

  static fromJSON(json: unknown): CountBaseline {
    const bad = () => new Error('the served baseline is unreadable; retrain the agent with this version');
    if (typeof json !== 'object' || json === null) throw bad();
    const j = json as Record<string, unknown>;
    if (j.version !== 1 || !isBaselineName(j.name) || typeof j.withEnd !== 'boolean' || typeof j.maxN !== 'number') throw bad();
    if (!Array.isArray(j.labels) || !j.labels.every((l): l is string => typeof l === 'string')) throw bad();
    if (typeof j.contexts !== 'object' || j.contexts === null) throw bad();
    const b = new CountBaseline(j.name, j.withEnd, j.maxN, j.labels);
    for (const [key, flat] of Object.entries(j.contexts as Record<string, unknown>)) {
      if (!Array.isArray(flat) || flat.length % 2 !== 0) throw bad();
      const m = new Map<string, number>();
      for (let i = 0; i < flat.length; i += 2) {
        const label = b.labels[flat[i] as number];
        const count = flat[i + 1];
        if (label === undefined || typeof count !== 'number' || !(count > 0)) throw bad();
        m.set(label, count);
      }
      b.tables.set(key, m);
    }
    return b;
  }

  toJSON(): CountBaselineJSON {
    const contexts: Record<string, number[]> = {};
    for (const [key, m] of this.tables) contexts[key] = [...m].flatMap(([label, count]) => [this.index.get(label)!, count]);
    return { version: 1, name: this.name, withEnd: this.withEnd, maxN: this.maxN, labels: [...this.labels], contexts };
  }

  private add(key: string, next: string): void {
    let m = this.tables.get(key);
    if (!m) this.tables.set(key, (m = new Map()));
    m.set(next, (m.get(next) ?? 0) + 1);
  }

  /** Successors of one context, best first (count desc, then code-unit order, as baselines.ts). */
  private ranked(key: string): string[] | undefined {
    const cached = this.rankedCache.get(key);
    if (cached) return cached;
    const m = this.tables.get(key);
    if (!m) return undefined;
    const r = [...m.entries()].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0])).map(([a]) => a);
    this.rankedCache.set(key, r);
    return r;
  }

  /** The context keys to try after `prefix`, longest first (the global counts last). */
  private keys(prefix: readonly string[]): string[] {
    const ids = prefix.map((a) => this.index.get(a) ?? -1);
    const keys: string[] = [];
    if (this.name === 'prefix' && ids.length > 0) keys.push('P' + ids.join(','));
    for (let n = Math.min(this.maxN, ids.length); n >= 1; n--) keys.push('S' + ids.slice(ids.length - n).join(','));
    keys.push('S');
    return keys;
  }

  /** keys(prefix)[0] alone, from only the ids it needs (the service asks it for every row of every round). */
  private firstKey(prefix: readonly string[]): string {
    const from = this.name === 'prefix' ? 0 : Math.max(0, prefix.length - this.maxN);
    if (prefix.length === 0) return 'S';
    let key = this.name === 'prefix' ? 'P' : 'S';
    for (let i = from; i < prefix.length; i++) key += (i > from ? ',' : '') + (this.index.get(prefix[i]) ?? -1);
    return key;
  }

  lookup(prefix: readonly string[]): CountLookup {
    // The longest key (firstKey, keys()[0]) determines the whole back-off chain, so it keys the
    // merged answer (scoring asks the same contexts many times). Bounded: a service asks unseen
    // prefixes forever.
    const first = this.firstKey(prefix);
    const cached = this.lookupCache.get(first);
    if (cached) return cached;
    const keys = this.keys(prefix);
    if (this.lookupCache.size >= LOOKUP_CACHE_MAX) this.lookupCache.clear();
    const out: string[] = [];
    const seen = new Set<string>();
    let counts: ReadonlyMap<string, number> | undefined;
    for (const key of keys) {
      const r = this.ranked(key);
      if (!r) continue;
      counts ??= this.tables.get(key)!;
      for (const a of r) if (!seen.has(a)) (seen.add(a), out.push(a));
    }
    counts ??= new Map();
    let total = 0;
    for (const c of counts.values()) total += c;
    const found: CountLookup = { ranked: out, counts, total };
    this.lookupCache.set(first, found);
    return found;
  }

  /** The ranking (a copy: callers may reorder it; the lookup is cached). */
  rank(prefix: readonly string[]): string[] {
    return this.lookup(prefix).ranked.slice();
  }

  /**
   * How sure the matched context is: top count / (total + 1), so a context seen once says 0.5
   * and one seen 9 times with one successor says 0.9.
   */
  confidence(prefix: readonly string[]): number {
    const { ranked, counts, total } = this.lookup(prefix);
    return ranked.length === 0 ? 0 : (counts.get(ranked[0]) ?? 0) / (total + 1);
  }

  /**
   * Log-probabilities over `labels` after `prefix`, ordered exactly as `rank` (so its argmax is
   * the baseline's answer): the matched context's successors share total/(total+1) by their
   * counts; every other label shares the remaining 1/(total+1), harmonically by rank, so beam
   * search and hints never see a zero. Count ties are broken by rank with a 1e-12 nudge.
   */
  distribution(prefix: readonly string[], labels: readonly string[]): Float64Array {
    // A pure function of the (cached) lookup and the labels, and the service asks it for the
    // same contexts round after round: kept on the lookup, handed out as a copy.
    const found = this.lookup(prefix);
    const memo = this.distributions.get(found);
    if (memo && memo.labels === labels) return memo.out.slice();
    const out = this.computeDistribution(found, labels);
    this.distributions.set(found, { labels, out });
    return out.slice();
  }

  private computeDistribution({ ranked, counts, total }: CountLookup, labels: readonly string[]): Float64Array {
    const position = new Map(ranked.map((a, i) => [a, i]));
    const order = labels.map((l, i) => ({ l, i, pos: position.get(l) ?? ranked.length + i }));
    const rest = order.filter((o) => !counts.has(o.l)).sort((a, b) => a.pos - b.pos);
    const out = new Float64Array(labels.length);
    for (const o of order) if (counts.has(o.l)) out[o.i] = Math.log(counts.get(o.l)! / (total + 1));
    let harmonic = 0;
    for (let j = 0; j < rest.length; j++) harmonic += 1 / (j + 1);
    rest.forEach((o, j) => (out[o.i] = Math.log(1 / (total + 1) / (j + 1) / harmonic)));
    for (const o of order) out[o.i] -= 1e-12 * o.pos;
    return out;
  }
}
