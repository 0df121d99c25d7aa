/**
 * Activity tokenizer: one token per activity label. Ids 0..3 are PAD, BOS, EOS, UNK; activity i
 * (in `activities` order) is id 4 + i. Fitting sorts labels so the same training cases always give
 * the same ids; growing appends, so a fine-tuned model keeps every existing embedding row.
 */
import { END_OF_CASE } from '../data/prefixes';
import { OTHER_ACTIVITY } from './other';
import { BOS, EOS, UNK, type ActivityTokenizerJSON, type AlignedEncoding, type Candidate, type GrowResult, type Tokenizer } from './tokenizer';

const FIRST_ACTIVITY_ID = 4;

export class ActivityTokenizer implements Tokenizer {
  readonly kind = 'activity' as const;
  private readonly labels: string[];
  private readonly idOf = new Map<string, number>();

  constructor(activities: readonly string[]) {
    this.labels = [];
    for (const a of activities) this.add(a);
  }

  /** Fits on training cases only: every distinct label, sorted by code unit for stable ids. */
  static fit(cases: readonly (readonly string[])[]): ActivityTokenizer {
    const seen = new Set<string>();
    for (const c of cases) for (const a of c) seen.add(a);
    return new ActivityTokenizer([...seen].sort(compareCodeUnits));
  }

  static fromJSON(json: ActivityTokenizerJSON): ActivityTokenizer {
    if (json.kind !== 'activity' || json.version !== 1 || !Array.isArray(json.activities)) {
      throw new Error('activity tokenizer JSON has the wrong kind or version; retrain the agent with this version');
    }
    return new ActivityTokenizer(json.activities);
  }

  get vocabSize(): number {
    return FIRST_ACTIVITY_ID + this.labels.length;
  }

  get activities(): readonly string[] {
    return this.labels;
  }

  /** The id of one activity, or UNK. */
  idOfActivity(activity: string): number {
    // A capped vocabulary (train/vocabCap.ts) reads every activity it lacks as the one it folded them into.
    return this.idOf.get(activity) ?? this.idOf.get(OTHER_ACTIVITY) ?? UNK;
  }

  encodeCase(activities: readonly string[]): number[] {
    return [...this.encodePrefix(activities), EOS];
  }

  encodeAligned(activities: readonly string[]): AlignedEncoding {
    return { ids: this.encodeCase(activities), event: [-1, ...activities.map((_, i) => i), activities.length] };
  }

  encodePrefix(activities: readonly string[]): number[] {
    return [BOS, ...activities.map((a) => this.idOfActivity(a))];
  }

  unknown(activities: readonly string[]): string[] {
    return activities.filter((a) => !this.idOf.has(a));
  }

  candidates(): Candidate[] {
    return [...this.labels.map((label, i) => ({ label, tokens: [FIRST_ACTIVITY_ID + i] })), { label: END_OF_CASE, tokens: [EOS] }];
  }

  grow(cases: readonly (readonly string[])[]): GrowResult {
    const fresh = new Set<string>();
    for (const c of cases) for (const a of c) if (!this.idOf.has(a)) fresh.add(a);
    const newActivities = [...fresh].sort(compareCodeUnits);
    const newIds = newActivities.map((a) => this.add(a));
    return { newIds, newActivities };
  }

  toJSON(): ActivityTokenizerJSON {
    return { kind: 'activity', version: 1, activities: [...this.labels] };
  }

  private add(activity: string): number {
    const existing = this.idOf.get(activity);
    if (existing !== undefined) return existing;
    const id = FIRST_ACTIVITY_ID + this.labels.length;
    this.labels.push(activity);
    this.idOf.set(activity, id);
    return id;
  }
}

/** Plain code-unit order: deterministic across locales, unlike localeCompare. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
