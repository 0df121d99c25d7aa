/**
 * Optional per-event input features: who did the step (resource) and how long after the
 * previous step it happened (log-spaced buckets). Only the encoding lives here; the trainer
 * decides whether they raise validation accuracy enough to keep. Every feature id is aligned
 * with one event; tokens map to events through `AlignedEncoding.event` (-1 = BOS, n = EOS), and
 * the ids travel as FeatureColumns (featureColumns.ts).
 */
import type { LogEvent } from '../log/types';
import { compareCodeUnits } from './activity';

/** Feature id for BOS/EOS/padding positions, and for "no value". */
export const FEATURE_NONE = 0;
/** Resource id for a resource not seen in training. */
export const RESOURCE_UNKNOWN = 1;

export interface ResourceVocabJSON {
  kind: 'resource';
  version: 1;
  resources: string[];
}

/** Resource vocabulary fitted on training events: 0 = none, 1 = unknown, 2 + i = resources[i]. */
export class ResourceVocab {
  private readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();

  constructor(resources: readonly string[]) {
    for (const r of resources) this.add(r);
  }

  static fit(cases: readonly { events: readonly LogEvent[] }[]): ResourceVocab {
    const seen = new Set<string>();
    for (const c of cases) for (const e of c.events) if (e.resource) seen.add(e.resource);
    return new ResourceVocab([...seen].sort(compareCodeUnits));
  }

  static fromJSON(json: ResourceVocabJSON): ResourceVocab {
    if (json.kind !== 'resource' || json.version !== 1) throw new Error('resource vocabulary JSON has the wrong kind or version');
    return new ResourceVocab(json.resources);
  }

  get size(): number {
    return 2 + this.names.length;
  }

  id(resource: string | undefined): number {
    if (!resource) return FEATURE_NONE;
    return this.idOf.get(resource) ?? RESOURCE_UNKNOWN;
  }

  /** Fine-tuning: appends unseen resources; existing ids stay. Returns the new ids. */
  grow(cases: readonly { events: readonly LogEvent[] }[]): number[] {
    const fresh = new Set<string>();
    for (const c of cases) for (const e of c.events) if (e.resource && !this.idOf.has(e.resource)) fresh.add(e.resource);
    return [...fresh].sort(compareCodeUnits).map((r) => this.add(r));
  }

  toJSON(): ResourceVocabJSON {
    return { kind: 'resource', version: 1, resources: [...this.names] };
  }

  private add(r: string): number {
    const existing = this.idOf.get(r);
    if (existing !== undefined) return existing;
    const id = 2 + this.names.length;
    this.names.push(r);
    this.idOf.set(r, id);
    return id;
  }
}

/** Number of time buckets including FEATURE_NONE; bucket 1 is "same second", the last is "≥ ~97 days". */
export const TIME_BUCKETS = 25;

/**
 * Bucket of the gap since the previous event: 0 = none (first event, or a missing timestamp),
 * otherwise 1 + floor(log2(1 + seconds)), capped. Log spacing because gaps in a process span
 * seconds (automatic steps) to months (waiting on a customer), and the order of magnitude is
 * what predicts the next step. A negative gap (clock skew) counts as 0 seconds.
 */
export function timeBucket(gapMs: number): number {
  if (!Number.isFinite(gapMs)) return FEATURE_NONE;
  const seconds = Math.max(0, gapMs) / 1000;
  return Math.min(TIME_BUCKETS - 1, 1 + Math.floor(Math.log2(1 + seconds)));
}
