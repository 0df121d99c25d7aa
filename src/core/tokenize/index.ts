/** Building and restoring tokenizers by kind; the checkpoint stores `tokenizer.toJSON()`. */
import { ActivityTokenizer } from './activity';
import { BpeTokenizer } from './bpe';
import type { Tokenizer, TokenizerJSON, TokenizerKind } from './tokenizer';

export * from './tokenizer';
export { ActivityTokenizer } from './activity';
export { BpeTokenizer, DELIM } from './bpe';

/** Fits a tokenizer of `kind` on the training cases (activity label sequences) only. */
export function fitTokenizer(kind: TokenizerKind, trainCases: readonly (readonly string[])[]): Tokenizer {
  return kind === 'bpe' ? BpeTokenizer.fit(trainCases) : ActivityTokenizer.fit(trainCases);
}

/** Restores what `toJSON()` wrote; throws a clear error for JSON from another version or kind. */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (kind === 'activity') return ActivityTokenizer.fromJSON(json as TokenizerJSON & { kind: 'activity' });
  if (kind === 'bpe') return BpeTokenizer.fromJSON(json as TokenizerJSON & { kind: 'bpe' });
  throw new Error(`unknown tokenizer kind ${JSON.stringify(kind)} in the checkpoint; expected "activity" or "bpe"`);
}
