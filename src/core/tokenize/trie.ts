/**
 * Exact activity scoring without free decoding. Every candidate (a known activity, or END) is
 * a short token sequence; candidates sharing a first token share a trie node, so the model is
 * asked once per (context, trie node) instead of once per (context, candidate, position).
 *
 *   log P(candidate | prefix) = Σ_j log P(tokens[j] | prefix, tokens[0..j))
 *
 * Each internal node needs the distribution after `context + path(node)`; all of those queries
 * are known up front, so they go to the model in batches of at most `maxBatch`.
 */
import type { Candidate } from './tokenizer';

/** Log-probability of every vocabulary token after each context: result[i] is [vocabSize]. */
export type LogProbsFn = (contexts: number[][]) => Promise<Float32Array[]>;

export interface TrieNode {
  /** Token path from the root (empty at the root). */
  path: number[];
  children: Map<number, TrieNode>;
  /** Candidates whose token sequence ends exactly here. */
  ends: number[];
}

export class CandidateTrie {
  readonly labels: readonly string[];
  /** Nodes that have children, root first: each needs one model query per context. */
  readonly queryNodes: readonly TrieNode[];
  private readonly root: TrieNode = { path: [], children: new Map(), ends: [] };

  constructor(candidates: readonly Candidate[]) {
    this.labels = candidates.map((c) => c.label);
    candidates.forEach((c, index) => {
      if (c.tokens.length === 0) throw new Error(`candidate "${c.label}" has no tokens; every candidate needs at least one`);
      let node = this.root;
      for (const t of c.tokens) {
        let next = node.children.get(t);
        if (!next) {
          next = { path: [...node.path, t], children: new Map(), ends: [] };
          node.children.set(t, next);
        }
        node = next;
      }
      node.ends.push(index);
    });
    const internal: TrieNode[] = [];
    const walk = (n: TrieNode): void => {
      if (n.children.size > 0) internal.push(n);
      for (const child of n.children.values()) walk(child);
    };
    walk(this.root);
    this.queryNodes = internal;
  }

  /**
   * Total log-probability of every candidate after each context.
   * Returns one Float64Array per context, indexed like `labels`.
   */
  async score(contexts: readonly number[][], logProbs: LogProbsFn, maxBatch = 256): Promise<Float64Array[]> {
    const nodeIndex = new Map<TrieNode, number>(this.queryNodes.map((n, i) => [n, i]));
    const queries: number[][] = [];
    for (const ctx of contexts) for (const node of this.queryNodes) queries.push([...ctx, ...node.path]);
    const dists: Float32Array[] = [];
    for (let start = 0; start < queries.length; start += maxBatch) {
      const batch = queries.slice(start, start + maxBatch);
      const out = await logProbs(batch);
      if (out.length !== batch.length) throw new Error(`logProbs returned ${out.length} rows for ${batch.length} contexts`);
      dists.push(...out);
    }
    return contexts.map((_, c) => {
      const totals = new Float64Array(this.labels.length);
      const base = c * this.queryNodes.length;
      // Depth-first: `acc` is the log-prob of the path so far; a child adds its own token's log-prob.
      const visit = (node: TrieNode, acc: number): void => {
        for (const i of node.ends) totals[i] = acc;
        if (node.children.size === 0) return;
        const dist = dists[base + nodeIndex.get(node)!];
        for (const [token, child] of node.children) {
          if (token >= dist.length) throw new Error(`token ${token} is outside the ${dist.length}-entry log-prob row`);
          visit(child, acc + dist[token]);
        }
      };
      visit(this.root, 0);
      return totals;
    });
  }
}

export interface RankedCandidate {
  label: string;
  logProb: number;
  /** Normalised over the candidates, so the list sums to 1 even if the model leaks mass elsewhere. */
  probability: number;
}

/** Candidates best first; equal log-probs keep candidate order, so ties break deterministically. */
export function rankCandidates(labels: readonly string[], logProbs: Float64Array): RankedCandidate[] {
  let max = -Infinity;
  for (const lp of logProbs) max = Math.max(max, lp);
  let sum = 0;
  for (const lp of logProbs) sum += Math.exp(lp - max);
  return labels
    .map((label, i) => ({ label, logProb: logProbs[i], probability: Math.exp(logProbs[i] - max) / sum, i }))
    .sort((a, b) => b.logProb - a.logProb || a.i - b.i)
    .map(({ label, logProb, probability }) => ({ label, logProb, probability }));
}
