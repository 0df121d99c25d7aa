/**
 * How well the next step after each activity can be predicted, measured on held-out cases.
 * For every held-out position (a step, or the case's end) the predictor names its most likely
 * next step with a confidence; when that confidence is ≥ τ the prediction counts for the link
 * "previous step → named step", and it is correct when that step did come next. Two predictors:
 * the trained agent (per prefix, so it sees the whole case so far), or, with no agent, the
 * log's transition probabilities P(next | previous) fitted on the other cases.
 */
import type { ProcessAgent } from '../agent/processAgent';
import { argmax } from '../train/predictor';
import type { Case } from '../log/types';
import { encodeLog } from './encode';
import type { FeatureColumns } from '../tokenize/featureColumns';
import { END_OF_CASE } from '../data/prefixes';

export interface Link {
  from: string;
  to: string;
  /** Held-out positions after `from` where `to` was predicted with confidence ≥ τ. */
  confident: number;
  /** Of those, the ones where `to` did come next. */
  correct: number;
}

export interface LinkStats {
  /** Held-out positions right after each activity (its next step or the case's end). */
  after: Map<string, number>;
  /** Key `from \0 to`. */
  links: Map<string, Link>;
}

function record(stats: LinkStats, from: string, predicted: string | undefined, confidence: number, actual: string, tau: number): void {
  stats.after.set(from, (stats.after.get(from) ?? 0) + 1);
  if (predicted === undefined || confidence < tau) return;
  const key = `${from}\u0000${predicted}`;
  let l = stats.links.get(key);
  if (!l) stats.links.set(key, (l = { from, to: predicted, confident: 0, correct: 0 }));
  l.confident++;
  if (predicted === actual) l.correct++;
}

/** Cases scored per inference round: bounds memory ([positions][candidates] Float64) and lets a signal stop it. */
const CHUNK = 256;

export async function agentLinkStats(agent: ProcessAgent, heldOut: readonly Case[], tau: number, signal?: AbortSignal): Promise<LinkStats> {
  const stats: LinkStats = { after: new Map(), links: new Map() };
  const labels = agent.predictor.labels;
  // A case fits one forward pass when BOS + its steps fit the context. A longer case scores its
  // first (context − 1) positions in one pass and only the rest prefix by prefix (each cut to
  // the context, as Predictor does): a 175-step BPIC case takes 112 rows instead of 176.
  const fits = Math.max(1, agent.model.context - 1);
  for (let s = 0; s < heldOut.length; s += CHUNK) {
    signal?.throwIfAborted();
    const chunk = heldOut.slice(s, s + CHUNK);
    const traces = chunk.map((c) => c.events.map((e) => e.activity));
    const heads = traces.map((t) => (t.length > fits ? t.slice(0, fits) : t));
    const headFeatures = agent.features.columns(chunk); // a case's features may run past its head: only the head's are read
    // dists[i][k]: log-probabilities of each label after the first k steps of case i, k = 0..heads[i].length.
    const dists = await agent.predictor.caseDistributions(heads, headFeatures);
    const tailPrefixes: string[][] = [];
    const tailFeatures: (FeatureColumns | undefined)[] = [];
    traces.forEach((t, i) => {
      for (let k = heads[i].length + 1; k <= t.length; k++) {
        tailPrefixes.push(t.slice(0, k));
        tailFeatures.push(headFeatures?.slice(0, k, i));
      }
    });
    const tails = tailPrefixes.length > 0 ? await agent.predictor.distributions(tailPrefixes, headFeatures ? tailFeatures : undefined) : [];
    let next = 0;
    traces.forEach((t, i) => {
      for (let k = 1; k <= t.length; k++) {
        const d = k <= heads[i].length ? dists[i][k] : tails[next++];
        const top = argmax(d);
        record(stats, t[k - 1], labels[top], Math.exp(d[top]), k < t.length ? t[k] : END_OF_CASE, tau);
      }
    });
  }
  return stats;
}

/**
 * P(next | previous) fitted on cases [0, fitCases), scored on cases [scoreFrom, n), on the
 * encoded log (integer ids; END = N): a 5M-event log takes no string work per event.
 */
export function transitionLinkStats(cases: readonly Case[], fitCases: number, scoreFrom: number, tau: number): LinkStats {
  const { names, offsets, acts } = encodeLog(cases);
  const N = names.length;
  const W = N + 1;
  const END = N;
  // Transition counts [from, to] (dense while small, else a Map) and their row totals [from].
  const dense = W * W <= 1 << 22 ? new Int32Array(W * W) : undefined;
  const sparse = new Map<number, number>();
  const total = new Int32Array(N);
  for (let c = 0; c < fitCases; c++) {
    for (let k = offsets[c] + 1; k <= offsets[c + 1]; k++) {
      const from = acts[k - 1];
      const key = from * W + (k < offsets[c + 1] ? acts[k] : END);
      if (dense) dense[key]++;
      else sparse.set(key, (sparse.get(key) ?? 0) + 1);
      total[from]++;
    }
  }
  // The most likely next step of each activity (ties: the smaller label) and its probability.
  const topTo = new Int32Array(N).fill(-1);
  const topP = new Float64Array(N);
  const label = (id: number): string => (id === END ? END_OF_CASE : names[id]);
  const consider = (from: number, to: number, n: number): void => {
    const best = topTo[from];
    const bestN = best < 0 ? 0 : topP[from];
    if (best < 0 || n > bestN || (n === bestN && label(to) < label(best))) {
      topTo[from] = to;
      topP[from] = n;
    }
  };
  if (dense) {
    for (let from = 0; from < N; from++) for (let to = 0; to < W; to++) if (dense[from * W + to] > 0) consider(from, to, dense[from * W + to]);
  } else for (const [key, n] of sparse) consider(Math.floor(key / W), key % W, n);
  for (let a = 0; a < N; a++) if (total[a] > 0) topP[a] /= total[a];

  const after = new Int32Array(N);
  const confident = new Int32Array(N);
  const correct = new Int32Array(N);
  for (let c = scoreFrom; c < cases.length; c++) {
    for (let k = offsets[c] + 1; k <= offsets[c + 1]; k++) {
      const from = acts[k - 1];
      after[from]++;
      if (topTo[from] < 0 || topP[from] < tau) continue;
      confident[from]++;
      if ((k < offsets[c + 1] ? acts[k] : END) === topTo[from]) correct[from]++;
    }
  }
  const stats: LinkStats = { after: new Map(), links: new Map() };
  for (let a = 0; a < N; a++) {
    if (after[a] > 0) stats.after.set(names[a], after[a]);
    if (confident[a] > 0) {
      const to = label(topTo[a]);
      stats.links.set(`${names[a]}\u0000${to}`, { from: names[a], to, confident: confident[a], correct: correct[a] });
    }
  }
  return stats;
}
