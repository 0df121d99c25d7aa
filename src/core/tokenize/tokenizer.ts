/**
 * The one interface both tokenizers (activity-level and BPE) implement. A case is always
 * encoded as BOS, its activities, EOS; the model learns causal next-token prediction over it,
 * and the agent turns token log-probabilities back into activity probabilities through
 * `candidates()` (see trie.ts), so no caller ever decodes tokens freely.
 */

export type TokenizerKind = 'activity' | 'bpe';

/** Special token ids. Both tokenizers put them first, at these fixed ids. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const UNK = 3;

/** One scoring candidate: a known activity (or END) and the tokens that spell it after a prefix. */
export interface Candidate {
  /** An activity label, or END_OF_CASE for end of case. */
  label: string;
  /** Token ids that follow the prefix context when this candidate is next (BPE: its tokens + delimiter). */
  tokens: number[];
}

/** Token ids of a case plus, per token, the index of the event it came from (-1 = BOS, n = EOS). */
export interface AlignedEncoding {
  ids: number[];
  event: number[];
}

/** What `grow()` changed: the ids appended to the vocabulary and the activities that are new. */
export interface GrowResult {
  newIds: number[];
  newActivities: string[];
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** Number of token ids, specials included; the model's embedding has this many rows. */
  readonly vocabSize: number;
  /** Activities seen when fitting (and growing), in a stable order. */
  readonly activities: readonly string[];
  /** BOS, acts..., EOS. Unknown activities (or BPE pieces) map to UNK. */
  encodeCase(activities: readonly string[]): number[];
  /** Like encodeCase, also saying which event each token belongs to (for input features). */
  encodeAligned(activities: readonly string[]): AlignedEncoding;
  /** The context after which the next activity is predicted: encodeCase without EOS. */
  encodePrefix(activities: readonly string[]): number[];
  /** The activities of `activities` this tokenizer does not know. */
  unknown(activities: readonly string[]): string[];
  /** Every known activity plus END_OF_CASE, with the tokens that spell it after a prefix. */
  candidates(): Candidate[];
  /**
   * Fine-tuning: add what `cases` contain and this tokenizer lacks. Existing ids never change;
   * new ids are appended, so the caller can add embedding rows for exactly `newIds`.
   */
  grow(cases: readonly (readonly string[])[]): GrowResult;
  toJSON(): TokenizerJSON;
}

export interface ActivityTokenizerJSON {
  kind: 'activity';
  version: 1;
  /** Activity labels in id order; activity i has id 4 + i. */
  activities: string[];
}

export interface BpeTokenizerJSON {
  kind: 'bpe';
  version: 1;
  encoding: 'o200k_base';
  /** The o200k_base ids kept, in compact-id order; o200k id bpeIds[i] has compact id 5 + i. */
  bpeIds: number[];
  activities: string[];
}

export type TokenizerJSON = ActivityTokenizerJSON | BpeTokenizerJSON;
