import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BpeTokenizer, EOS } from '../../src/core/tokenize';
import { CandidateTrie, rankCandidates, type LogProbsFn } from '../../src/core/tokenize/trie';
import { END_OF_CASE } from '../../src/core/agent/types';

/**
 * A deterministic "model": the log-prob of token t after a context depends on the context's
 * length and last token, normalised over the vocabulary, so every expected total can be
 * recomputed by hand below.
 */
function fakeModel(vocab: number, calls: number[][][]): LogProbsFn {
  return async (contexts) => {
    calls.push(contexts.map((c) => [...c]));
    return contexts.map((ctx) => fakeRow(ctx, vocab));
  };
}
function fakeRow(ctx: readonly number[], vocab: number): Float32Array {
  const logits = Array.from({ length: vocab }, (_, t) => Math.sin(1 + t * 7 + ctx.length * 3 + (ctx.at(-1) ?? 0) * 11));
  const z = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
  return Float32Array.from(logits, (l) => l - z);
}
function bruteForce(ctx: readonly number[], tokens: readonly number[], vocab: number): number {
  let total = 0;
  for (let j = 0; j < tokens.length; j++) total += fakeRow([...ctx, ...tokens.slice(0, j)], vocab)[tokens[j]];
  return total;
}

test('hand-built trie: shared prefixes are queried once and totals are exact', async () => {
  const cands = [
    { label: 'ab', tokens: [5, 6] },
    { label: 'ac', tokens: [5, 7] },
    { label: 'a', tokens: [5] },
    { label: 'd', tokens: [8, 9, 4] },
    { label: END_OF_CASE, tokens: [EOS] },
  ];
  const trie = new CandidateTrie(cands);
  // internal nodes: root, [5], [8], [8,9]
  assert.equal(trie.queryNodes.length, 4);
  const calls: number[][][] = [];
  const ctxs = [[1, 5], [1]];
  const scores = await trie.score(ctxs, fakeModel(10, calls), 3);
  assert.deepEqual(calls.map((b) => b.length), [3, 3, 2]);
  assert.equal(calls.flat().length, 8);
  for (let c = 0; c < ctxs.length; c++) {
    cands.forEach((cand, i) => assert.ok(Math.abs(scores[c][i] - bruteForce(ctxs[c], cand.tokens, 10)) < 1e-5, `${cand.label} in context ${c}`));
  }
});

test('BPE candidates: the exact sequence log-prob picks the activity, never free decoding', async () => {
  const t = BpeTokenizer.fit([['Submit application', 'Check documents', 'Check income', 'Approve']]);
  const cands = t.candidates();
  const trie = new CandidateTrie(cands);
  const ctx = t.encodePrefix(['Submit application']);
  const [scores] = await trie.score([ctx], fakeModel(t.vocabSize, []));
  cands.forEach((cand, i) => assert.ok(Math.abs(scores[i] - bruteForce(ctx, cand.tokens, t.vocabSize)) < 1e-5));
  const ranked = rankCandidates(trie.labels, scores);
  const best = cands.map((c, i) => ({ c, s: scores[i] })).sort((a, b) => b.s - a.s)[0];
  assert.equal(ranked[0].label, best.c.label);
  assert.ok(Math.abs(ranked.reduce((s, r) => s + r.probability, 0) - 1) < 1e-9);
});

test('rankCandidates breaks ties by candidate order', () => {
  const r = rankCandidates(['x', 'y', 'z'], Float64Array.from([-1, -0.5, -0.5]));
  assert.deepEqual(r.map((c) => c.label), ['y', 'z', 'x']);
  assert.ok(Math.abs(r[0].probability - r[1].probability) < 1e-12);
});

test('a model returning the wrong number of rows is reported, not ignored', async () => {
  const trie = new CandidateTrie([{ label: 'a', tokens: [4] }]);
  await assert.rejects(trie.score([[1]], async () => []), /returned 0 rows for 1 contexts/);
  assert.throws(() => new CandidateTrie([{ label: 'empty', tokens: [] }]), /no tokens/);
});
