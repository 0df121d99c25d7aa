/**
 * Incremental decoding (model/kvDecoder.ts) against the uncached inference graph, both run for
 * real in onnxruntime: random weights (large enough that the distributions are far from
 * uniform), random prefixes of different lengths decoded together, steps across the T buckets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InferenceEngine } from '../../src/core/model/engine';
import { KVDecoder, type DecodeState } from '../../src/core/model/kvDecoder';
import { paramLayout } from '../../src/core/model/params';
import type { ModelConfig } from '../../src/core/model/config';
import { Rng } from '../../src/core/train/rng';
import { bucketLengths } from '../../src/core/train/batching';

function randomTheta(cfg: ModelConfig, rng: Rng): Float32Array {
  return Float32Array.from({ length: paramLayout(cfg).total }, () => 2 * rng.next() - 1);
}

/** The uncached answer: the whole context through the 'positions' graph, one row per context; `features[i]`: context i's ids ([F][its length]). */
async function uncached(engine: InferenceEngine, cfg: ModelConfig, contexts: readonly number[][], features?: readonly (readonly number[][])[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const [i, c] of contexts.entries()) {
    const T = cfg.context;
    const tokens = new Int32Array(T);
    tokens.set(c);
    const feats = features?.[i].map((ids) => {
      const a = new Int32Array(T);
      a.set(ids.slice(0, c.length));
      return a;
    });
    const lp = await engine.logProbs(tokens, 1, T, Int32Array.of(c.length - 1), feats);
    out.push(lp.slice());
  }
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const configs: ModelConfig[] = [
  { vocabSize: 11, context: 20, dModel: 16, nLayers: 2, nHeads: 2, dFF: 32, tiedHead: true },
  { vocabSize: 9, context: 12, dModel: 12, nLayers: 1, nHeads: 3, dFF: 24, tiedHead: false, features: [{ name: 'weekday', size: 8 }] },
];

for (const cfg of configs) {
  test(`cached steps equal full passes on random prefixes (${cfg.nLayers} layers, ${cfg.nHeads} heads${cfg.features ? ', with a feature input' : ''})`, async () => {
    const rng = new Rng(7);
    const theta = randomTheta(cfg, rng);
    const engine = InferenceEngine.create(cfg, theta, { device: 'cpu', threads: 1 });
    const decoder = new KVDecoder(cfg, () => theta, { device: 'cpu', threads: 1, lengths: bucketLengths(cfg.context) });
    try {
      // 13 sequences of full length; each starts from a random prefill length and is then stepped
      // one token at a time, all rows of a step together, until it fills the context.
      const seqs = Array.from({ length: 13 }, () => [1, ...Array.from({ length: cfg.context - 1 }, () => 4 + rng.int(cfg.vocabSize - 4))]);
      const starts = seqs.map((_, i) => 1 + (i % 9));
      // With a feature input, every token but BOS gets a random id (rows 0 and 1 none: "none" and
      // given ids run together), in the prefill and in every step.
      const F = cfg.features?.length ?? 0;
      const ids = seqs.map((s, i) => Array.from({ length: F }, (_, k) => s.map((_, t) => (t === 0 || i < 2 ? 0 : rng.int(cfg.features![k].size)))));
      const given = F > 0 ? ids : undefined;
      const pre = await decoder.prefill(
        seqs.map((s, i) => s.slice(0, starts[i])),
        given?.map((f, i) => (i === 0 ? undefined : f.map((col) => Int32Array.from(col.slice(0, starts[i]))))),
      );
      const want = await uncached(engine, cfg, seqs.map((s, i) => s.slice(0, starts[i])), given);
      pre.logp.forEach((lp, i) => assert.ok(maxDiff(lp, want[i]) < 1e-5, `prefill of ${starts[i]} tokens equals the uncached graph`));
      let live: { seq: number; state: DecodeState }[] = pre.states.map((state, seq) => ({ seq, state }));
      let stepped = 0;
      let worst = 0;
      while (live.length > 0) {
        live = live.filter((r) => decoder.canExtend(r.state));
        if (live.length === 0) break;
        const { logp, states } = await decoder.step(live.map((r) => ({ state: r.state, token: seqs[r.seq][r.state.length], features: given?.[r.seq].map((col) => col[r.state.length]) })));
        const expect = await uncached(engine, cfg, live.map((r) => seqs[r.seq].slice(0, r.state.length + 1)), given && live.map((r) => given[r.seq]));
        logp.forEach((lp, j) => {
          const d = maxDiff(lp, expect[j]);
          worst = Math.max(worst, d);
          assert.ok(d < 1e-5, `sequence ${live[j].seq} after ${live[j].state.length + 1} tokens: cached and uncached differ by ${d}`);
        });
        stepped += live.length;
        live = live.map((r, j) => ({ seq: r.seq, state: states[j] }));
        assert.ok(live.every((r, j) => r.state.length === states[j].length));
      }
      assert.ok(stepped > 50, `${stepped} cached steps checked`);
      // The distributions are far from uniform, so agreement is not trivial.
      const spread = Math.max(...want[0]) - Math.min(...want[0]);
      assert.ok(spread > 1, `log-probabilities spread ${spread}`);
      assert.ok(worst >= 0);
    } finally {
      await decoder.dispose();
      await engine.dispose();
    }
  });
}

test('a step past the context is refused with a clear error', async () => {
  const cfg = configs[0];
  const theta = randomTheta(cfg, new Rng(1));
  const decoder = new KVDecoder(cfg, () => theta, { device: 'cpu', threads: 1, lengths: bucketLengths(cfg.context) });
  try {
    const { states } = await decoder.prefill([Array.from({ length: cfg.context }, (_, i) => (i === 0 ? 1 : 5))]);
    assert.equal(decoder.canExtend(states[0]), false);
    await assert.rejects(decoder.step([{ state: states[0], token: 5 }]), /no room for one more/);
    await assert.rejects(decoder.prefill([[]]), /context of 0 tokens/);
  } finally {
    await decoder.dispose();
  }
});

test('a step whose past buffers held longer rows before (reused at the same shape) still equals the full pass', async () => {
  const cfg = configs[0];
  const rng = new Rng(11);
  const theta = randomTheta(cfg, rng);
  const engine = InferenceEngine.create(cfg, theta, { device: 'cpu', threads: 1 });
  const decoder = new KVDecoder(cfg, () => theta, { device: 'cpu', threads: 1, lengths: bucketLengths(cfg.context) });
  try {
    const random = (n: number) => [1, ...Array.from({ length: n - 1 }, () => 4 + rng.int(cfg.vocabSize - 4))];
    // Two rows of 7 tokens fill the [2, ·, 8] past nearly full; then two rows of 1 and 2 tokens run
    // at the same shape, over what the first step left there (beyond their own tokens).
    for (const lengths of [[7, 7], [1, 2]]) {
      const contexts = lengths.map(random);
      const pre = await decoder.prefill(contexts);
      const next = contexts.map(() => 4 + rng.int(cfg.vocabSize - 4));
      const { logp } = await decoder.step(pre.states.map((state, i) => ({ state, token: next[i] })));
      const want = await uncached(engine, cfg, contexts.map((c, i) => [...c, next[i]]));
      logp.forEach((lp, i) => assert.ok(maxDiff(lp, want[i]) < 1e-5, `${lengths[i]} tokens then one step: differs by ${maxDiff(lp, want[i])}`));
    }
  } finally {
    await decoder.dispose();
    await engine.dispose();
  }
});
