/**
 * BPE tokenizer: gpt-tokenizer's o200k_base, with the 200k vocabulary compacted to the pieces
 * seen in the training cases. Ids 0..4 are PAD, BOS, EOS, UNK, DELIM; o200k id bpeIds[i] is
 * compact id 5 + i. A case is BOS, (pieces of activity, DELIM)*, EOS, so each activity is
 * encoded on its own and its pieces never depend on its neighbours.
 */
import { END_OF_CASE } from '../data/prefixes';
import { compareCodeUnits } from './activity';
import { BOS, EOS, UNK, type AlignedEncoding, type BpeTokenizerJSON, type Candidate, type GrowResult, type Tokenizer } from './tokenizer';

/** Ends every activity, so "A" then "B" never reads as the activity "AB". */
export const DELIM = 4;
const FIRST_PIECE_ID = 5;

type O200k = typeof import('gpt-tokenizer/encoding/o200k_base');
let o200k: O200k | undefined;
/** Loaded on first use: the encoding tables take a moment, and activity mode never needs them. */
function o200kEncode(text: string): number[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  o200k ??= require('gpt-tokenizer/encoding/o200k_base') as O200k;
  return o200k.encode(text);
}

export class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe' as const;
  private readonly bpeIds: number[] = [];
  private readonly compactOf = new Map<number, number>();
  private readonly labels: string[] = [];
  private readonly known = new Set<string>();
  private readonly piecesOf = new Map<string, number[]>();

  constructor(bpeIds: readonly number[], activities: readonly string[]) {
    for (const id of bpeIds) this.addPiece(id);
    for (const a of activities) this.addActivity(a);
  }

  /** Fits on training cases only: their distinct activities and the o200k pieces that spell them. */
  static fit(cases: readonly (readonly string[])[]): BpeTokenizer {
    const t = new BpeTokenizer([], []);
    t.grow(cases);
    return t;
  }

  static fromJSON(json: BpeTokenizerJSON): BpeTokenizer {
    if (json.kind !== 'bpe' || json.version !== 1 || json.encoding !== 'o200k_base') {
      throw new Error('BPE tokenizer JSON has the wrong kind, version or encoding; retrain the agent with this version');
    }
    return new BpeTokenizer(json.bpeIds, json.activities);
  }

  get vocabSize(): number {
    return FIRST_PIECE_ID + this.bpeIds.length;
  }

  get activities(): readonly string[] {
    return this.labels;
  }

  /** Compact ids of one activity's pieces, then DELIM; unseen pieces become UNK. */
  activityTokens(activity: string): number[] {
    return [...this.pieces(activity).map((p) => this.compactOf.get(p) ?? UNK), DELIM];
  }

  encodeCase(activities: readonly string[]): number[] {
    return this.encodeAligned(activities).ids;
  }

  encodeAligned(activities: readonly string[]): AlignedEncoding {
    const ids = [BOS];
    const event = [-1];
    activities.forEach((a, i) => {
      for (const id of this.activityTokens(a)) {
        ids.push(id);
        event.push(i);
      }
    });
    ids.push(EOS);
    event.push(activities.length);
    return { ids, event };
  }

  encodePrefix(activities: readonly string[]): number[] {
    return [BOS, ...activities.flatMap((a) => this.activityTokens(a))];
  }

  unknown(activities: readonly string[]): string[] {
    return activities.filter((a) => !this.known.has(a));
  }

  candidates(): Candidate[] {
    return [...this.labels.map((label) => ({ label, tokens: this.activityTokens(label) })), { label: END_OF_CASE, tokens: [EOS] }];
  }

  grow(cases: readonly (readonly string[])[]): GrowResult {
    const fresh = new Set<string>();
    for (const c of cases) for (const a of c) if (!this.known.has(a)) fresh.add(a);
    const newActivities = [...fresh].sort(compareCodeUnits);
    const freshPieces = new Set<number>();
    for (const a of newActivities) for (const p of this.pieces(a)) if (!this.compactOf.has(p)) freshPieces.add(p);
    const newIds = [...freshPieces].sort((x, y) => x - y).map((p) => this.addPiece(p));
    for (const a of newActivities) this.addActivity(a);
    return { newIds, newActivities };
  }

  toJSON(): BpeTokenizerJSON {
    return { kind: 'bpe', version: 1, encoding: 'o200k_base', bpeIds: [...this.bpeIds], activities: [...this.labels] };
  }

  private pieces(activity: string): number[] {
    let p = this.piecesOf.get(activity);
    if (!p) {
      p = o200kEncode(activity);
      this.piecesOf.set(activity, p);
    }
    return p;
  }

  private addPiece(bpeId: number): number {
    const id = FIRST_PIECE_ID + this.bpeIds.length;
    this.bpeIds.push(bpeId);
    this.compactOf.set(bpeId, id);
    return id;
  }

  private addActivity(activity: string): void {
    if (this.known.has(activity)) return;
    this.known.add(activity);
    this.labels.push(activity);
  }
}
