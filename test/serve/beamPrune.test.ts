/**
 * The served beam search's early stop (serve/beamPrune.ts) against the full search it replaces:
 * on random next-step distributions (peaked and flat, with an end-of-case label), CaseJob's
 * answer — steps and log-probability — equals ProcessAgent.predictSuffix's loop run to the
 * end, and it asks for fewer contexts. No model: the distributions are a seeded function of
 * the context, so both searches see the same ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaseJob } from '../../src/core/serve/caseJob';
import { decided, pruneBehindEnded } from '../../src/core/serve/beamPrune';
import { topK } from '../../src/core/agent/processAgent';
import { END_OF_CASE } from '../../src/core/agent/types';
import { mulberry32 } from '../../src/core/mulberry32';

const LABELS = ['a', 'b', 'c', 'd', END_OF_CASE];

/** A normalised log-distribution over LABELS, fixed by the context and the seed; `sharp` peaks it. */
function dist(context: readonly string[], seed: number, sharp: number): Float64Array {
  let h = seed;
  for (const a of context) h = (Math.imul(h ^ a.charCodeAt(0), 0x9e3779b1) + context.length) | 0;
  const rand = mulberry32(h);
  const x = LABELS.map(() => sharp * rand());
  x[LABELS.length - 1] += 0.15 * context.length; // longer contexts end more often
  const m = Math.max(...x);
  const z = Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
  return Float64Array.from(x, (v) => v - z);
}

/** ProcessAgent.predictSuffix's loop, unpruned, counting the contexts it asks for. */
function fullSearch(prefix: readonly string[], d: (c: readonly string[]) => Float64Array, beam: number, maxSteps: number): { steps: string[]; logProb: number; rows: number } {
  let beams = [{ steps: [] as string[], logProb: 0, ended: false }];
  let rows = 0;
  for (let depth = 0; depth < maxSteps && beams.some((b) => !b.ended); depth++) {
    const open = beams.filter((b) => !b.ended);
    const next = beams.filter((b) => b.ended);
    for (const b of open) {
      rows++;
      for (const { activity, probability } of topK(d([...prefix, ...b.steps]), LABELS, beam)) {
        const logProb = b.logProb + Math.log(probability);
        next.push(activity === END_OF_CASE ? { steps: b.steps, logProb, ended: true } : { steps: [...b.steps, activity], logProb, ended: false });
      }
    }
    beams = next.sort((a, b) => b.logProb - a.logProb).slice(0, beam);
  }
  const best = beams.find((b) => b.ended) ?? beams[0];
  return { steps: best.steps, logProb: best.logProb, rows };
}

test('the pruned beam search answers exactly as the full one, with fewer rows', () => {
  let full = 0;
  let pruned = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const sharp = [0.5, 2, 6][seed % 3];
    const beam = 1 + (seed % 4);
    const maxSteps = seed % 5 === 0 ? 3 : 30;
    const prefix = LABELS.slice(0, seed % 4);
    const d = (c: readonly string[]) => dist(c, seed, sharp);
    const want = fullSearch(prefix, d, beam, maxSteps);
    const job = new CaseJob(prefix, { k: 3, beam, maxSteps }, LABELS);
    let rounds = 0;
    while (!job.done) {
      const wants = job.wants();
      pruned += wants.length;
      job.feed(wants.map((w) => d(w.context)));
      assert.ok(++rounds <= maxSteps + 1, `seed ${seed}: the job does not end`);
    }
    full += want.rows; // CaseJob's first row (the case itself) is also the first beam round's
    assert.deepEqual(job.done.suffix, want.steps, `seed ${seed}: steps`);
    assert.equal(job.done.suffixLogProb, want.logProb, `seed ${seed}: log-probability`);
  }
  assert.ok(pruned < 0.9 * full, `pruned search asked ${pruned} rows, the full one ${full}`);
});

test('pruneBehindEnded keeps everything up to the first ended beam and the ended ones after it', () => {
  const b = (logProb: number, ended: boolean) => ({ logProb, ended });
  const beams = [b(-1, false), b(-2, true), b(-3, false), b(-4, true)];
  assert.deepEqual(pruneBehindEnded(beams), [b(-1, false), b(-2, true), b(-4, true)]);
  assert.deepEqual(pruneBehindEnded([b(-1, false), b(-2, false)]), [b(-1, false), b(-2, false)]);
  assert.equal(decided(beams), false);
  assert.equal(decided([b(-1, true), b(-2, false)]), true);
  assert.equal(decided([]), false);
});
