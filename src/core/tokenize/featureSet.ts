/**
 * Which optional input features an agent reads, fitted on its training events, and their ids:
 * `resource` (who did the step, vocabulary from training) and `gap` (time since the previous
 * step, log-spaced buckets). The model sees them as extra embedding rows at the same positions
 * as the activity tokens (model/config.ts `features`); id 0 always means "none", which is what
 * the editor gives, since a spec file has no resources or times.
 */
import type { LogEvent } from '../log/types';
import { FEATURE_NONE, ResourceVocab, TIME_BUCKETS, timeBucket, type ResourceVocabJSON } from './features';
import { FeatureColumns } from './featureColumns';
import type { Tokenizer } from './tokenizer';

/** One optional model input beside the activity tokens (model/config.ts `features`). */
export interface FeatureInput {
  /** Names the graph input `feature_<name>` and the table `fe.<name>`; [a-z0-9_]+. */
  name: string;
  /** Rows of the table: distinct ids, including 0 = none. */
  size: number;
}

export type FeatureKind = 'resource' | 'gap';

export interface FeatureSetJSON {
  kind: 'features';
  version: 1;
  use: FeatureKind[];
  resources?: ResourceVocabJSON;
}

type EventsOf = { events: readonly LogEvent[] };

export class FeatureSet {
  private constructor(
    readonly use: readonly FeatureKind[],
    private readonly resources: ResourceVocab,
  ) {}

  static none(): FeatureSet {
    return new FeatureSet([], new ResourceVocab([]));
  }

  /**
   * The features the training cases can support: a resource on at least half of the events
   * with at least two distinct values, and timestamps whose gaps fall in more than one bucket.
   * A feature that is constant carries nothing and would only cost parameters.
   */
  static available(cases: readonly EventsOf[]): FeatureKind[] {
    let events = 0;
    let withResource = 0;
    const resources = new Set<string>();
    const buckets = new Set<number>();
    for (const c of cases) {
      c.events.forEach((e, i) => {
        events++;
        if (e.resource) {
          withResource++;
          if (resources.size < 2) resources.add(e.resource);
        }
        if (i > 0 && buckets.size < 2) {
          const b = timeBucket(e.time - c.events[i - 1].time);
          if (b !== 0) buckets.add(b);
        }
      });
    }
    const out: FeatureKind[] = [];
    if (withResource * 2 >= events && resources.size >= 2) out.push('resource');
    if (buckets.size >= 2) out.push('gap');
    return out;
  }

  static fit(cases: readonly EventsOf[], use: readonly FeatureKind[]): FeatureSet {
    return new FeatureSet([...use], use.includes('resource') ? ResourceVocab.fit(cases) : new ResourceVocab([]));
  }

  static fromJSON(json: FeatureSetJSON | undefined): FeatureSet {
    if (json === undefined) return FeatureSet.none();
    if (json.kind !== 'features' || json.version !== 1 || !Array.isArray(json.use)) throw new Error('feature set JSON has the wrong kind or version');
    return new FeatureSet(json.use, json.resources ? ResourceVocab.fromJSON(json.resources) : new ResourceVocab([]));
  }

  get count(): number {
    return this.use.length;
  }

  /** The model's feature inputs (config.ts), table sizes included. */
  inputs(): FeatureInput[] {
    return this.use.map((k) => (k === 'resource' ? { name: 'resource', size: this.resources.size } : { name: 'gap', size: TIME_BUCKETS }));
  }

  /** The ids of one case's events ([F][events], a set of one); undefined when the set is empty. */
  perEvent(c: EventsOf): FeatureColumns | undefined {
    return this.columns([c]);
  }

  /** The ids of every event of `cases` ([F][events of all cases], case i = cases[i]); undefined when the set is empty. */
  columns(cases: readonly EventsOf[]): FeatureColumns | undefined {
    if (this.use.length === 0) return undefined;
    const kinds = this.use;
    return FeatureColumns.build(kinds.length, cases.map((c) => c.events.length), (k, c, i) => {
      const events = cases[c].events;
      if (kinds[k] === 'resource') return this.resources.id(events[i].resource);
      return i === 0 ? FEATURE_NONE : timeBucket(events[i].time - events[i - 1].time);
    });
  }

  /** Fine-tuning: unseen resources get new ids (appended); returns how many were added. */
  grow(cases: readonly EventsOf[]): number {
    return this.use.includes('resource') ? this.resources.grow(cases).length : 0;
  }

  toJSON(): FeatureSetJSON {
    return { kind: 'features', version: 1, use: [...this.use], ...(this.use.includes('resource') ? { resources: this.resources.toJSON() } : {}) };
  }

  describe(): string {
    return this.use.length === 0 ? 'none' : this.use.map((k) => (k === 'resource' ? `resource (${this.resources.size - 2} known)` : 'time since previous step')).join(', ');
  }
}

/**
 * Per-event features spread over a case's tokens as `tokenizer.encodeCase` spells it ([F][tokens],
 * a set of one); BOS, EOS and delimiter-only positions get 0. `prefixOnly` drops the EOS position,
 * matching `encodePrefix`. `perEvent` is one case's ids ([F][activities.length]).
 */
export function tokenFeatures(tokenizer: Tokenizer, activities: readonly string[], perEvent: FeatureColumns, prefixOnly = false): FeatureColumns {
  return alignCases(tokenizer, [activities], perEvent, prefixOnly);
}

/** `tokenFeatures` for every case at once: case c of `perEvent` belongs to cases[c]; the result is [F][tokens of all cases]. */
export function alignCases(tokenizer: Tokenizer, cases: readonly (readonly string[])[], perEvent: FeatureColumns, prefixOnly = false): FeatureColumns {
  if (perEvent.caseCount !== cases.length) throw new Error(`alignCases: features for ${perEvent.caseCount} cases, given ${cases.length}`);
  const events = cases.map((c) => {
    const { event } = tokenizer.encodeAligned(c);
    return prefixOnly ? event.slice(0, -1) : event;
  });
  const src = perEvent.columns;
  const offsets = perEvent.offsets;
  // A case's features may run past its activities (a prefix of a longer case): only the first n count.
  return FeatureColumns.build(perEvent.width, events.map((e) => e.length), (k, c, t) => {
    const e = events[c][t];
    return e >= 0 && e < Math.min(cases[c].length, offsets[c + 1] - offsets[c]) ? src[k][offsets[c] + e] : FEATURE_NONE;
  });
}
