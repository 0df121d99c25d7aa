/**
 * Turns a next-token model into next-activity distributions. A candidate is a known activity or
 * END; its log-probability is the exact sum over its tokens (one token in activity mode, a trie
 * walk in BPE mode). Distributions are renormalised over the candidates, so probability the
 * model puts on PAD/BOS/UNK is not lost to the user.
 */
import { CandidateTrie } from '../tokenize/trie';
import type { Tokenizer } from '../tokenize/tokenizer';
import type { SequenceModel } from './sequenceModel';
import { bucketFor, bucketLengths } from './batching';
import { tokenFeatures } from '../tokenize/featureSet';
import type { FeatureColumns } from '../tokenize/featureColumns';

/** Rows per inference call: large enough to amortise a run, small enough for memory. */
const INFER_ROWS = 64;

function renormalise(logp: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of logp) if (x > max) max = x;
  let sum = 0;
  for (const x of logp) sum += Math.exp(x - max);
  const lse = max + Math.log(sum);
  return logp.map((x) => x - lse);
}

export class Predictor {
  /** Candidate labels: activities in vocabulary order, END_OF_CASE last. */
  readonly labels: readonly string[];
  private readonly trie: CandidateTrie;
  /** Activity mode: the single token of each candidate. */
  private readonly singleTokens?: number[];

  constructor(readonly model: SequenceModel, readonly tokenizer: Tokenizer) {
    const candidates = tokenizer.candidates();
    this.labels = candidates.map((c) => c.label);
    this.trie = new CandidateTrie(candidates);
    if (candidates.every((c) => c.tokens.length === 1)) this.singleTokens = candidates.map((c) => c.tokens[0]);
  }

  /** True when every candidate is one token (activity mode): a whole case scores in one pass. */
  get onePassPerCase(): boolean {
    return this.singleTokens !== undefined;
  }

  /** Token-aligned features of a prefix ([F][context tokens]), when the model reads features and they are known. */
  private prefixFeatures(prefix: readonly string[], perEvent: FeatureColumns | undefined): FeatureColumns | undefined {
    return perEvent && this.model.featureCount > 0 ? tokenFeatures(this.tokenizer, prefix, perEvent, true) : undefined;
  }

  /**
   * Normalised log-probability of every candidate after each prefix (activity labels).
   * `features[i]` ([F][prefix length]) are prefix i's per-event features, if known; a model that
   * reads features treats missing ones as "none".
   */
  async distributions(prefixes: readonly (readonly string[])[], features?: readonly (FeatureColumns | undefined)[]): Promise<Float64Array[]> {
    const contexts = prefixes.map((p) => this.tokenizer.encodePrefix(p));
    const contextFeatures = prefixes.map((p, i) => this.prefixFeatures(p, features?.[i]));
    const out: Float64Array[] = [];
    for (let i = 0; i < contexts.length; i += INFER_ROWS) {
      const chunk = contexts.slice(i, i + INFER_ROWS);
      if (this.singleTokens) {
        const tokens = this.singleTokens;
        const rows = await this.model.nextLogProbs(chunk, contextFeatures.slice(i, i + INFER_ROWS));
        for (const row of rows) out.push(renormalise(Float64Array.from(tokens, (t) => row[t])));
      } else {
        const scored = await this.trie.score(chunk, (ctxs) => this.model.nextLogProbs(ctxs), INFER_ROWS);
        for (const s of scored) out.push(renormalise(s));
      }
    }
    return out;
  }

  /**
   * For each case, the distribution after every prefix of length k = 0..n (k = n predicts END).
   * In activity mode a case that fits the context takes one forward pass for all its prefixes.
   * `features` are the cases' per-event features (case c = cases[c]; a case's may run past its
   * n activities, only the first n are read), if known.
   */
  async caseDistributions(cases: readonly (readonly string[])[], features?: FeatureColumns): Promise<Float64Array[][]> {
    const result: Float64Array[][] = cases.map(() => []);
    const viaPrefixes: number[] = [];
    const byBucket = new Map<number, number[]>();
    const buckets = bucketLengths(this.model.context);
    cases.forEach((c, i) => {
      const inputLength = c.length + 1; // BOS + every activity
      if (!this.singleTokens || inputLength > this.model.context) viaPrefixes.push(i);
      else {
        const T = bucketFor(inputLength, buckets);
        let list = byBucket.get(T);
        if (!list) byBucket.set(T, (list = []));
        list.push(i);
      }
    });
    if (this.singleTokens) {
      const tokens = this.singleTokens;
      const V = this.model.vocabSize;
      for (const [T, ids] of byBucket) {
        for (let s = 0; s < ids.length; s += INFER_ROWS) {
          const chunk = ids.slice(s, s + INFER_ROWS);
          const B = chunk.length;
          const inputs = new Int32Array(B * T);
          const F = features ? this.model.featureCount : 0;
          const feats = F > 0 ? Array.from({ length: F }, () => new Int32Array(B * T)) : undefined; // [F][B, T]
          chunk.forEach((ci, b) => {
            inputs.set(this.tokenizer.encodePrefix(cases[ci]), b * T);
            this.prefixFeatures(cases[ci], features?.caseAt(ci))?.copyInto(feats!, b * T);
          });
          const logp = await this.model.allLogProbs(inputs, B, T, feats);
          chunk.forEach((ci, b) => {
            for (let k = 0; k <= cases[ci].length; k++) {
              const base = (b * T + k) * V;
              result[ci].push(renormalise(Float64Array.from(tokens, (t) => logp[base + t])));
            }
          });
        }
      }
    }
    const prefixes: string[][] = [];
    const prefixFeatures: (FeatureColumns | undefined)[] = [];
    const owners: number[] = [];
    for (const ci of viaPrefixes) for (let k = 0; k <= cases[ci].length; k++) {
      prefixes.push(cases[ci].slice(0, k) as string[]);
      prefixFeatures.push(features?.slice(0, k, ci));
      owners.push(ci);
    }
    const dists = await this.distributions(prefixes, prefixFeatures);
    dists.forEach((d, j) => result[owners[j]].push(d));
    return result;
  }
}

/** Index of the largest entry. */
export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
