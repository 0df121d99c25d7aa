/**
 * How well the next step after each activity can be predicted, measured on held-out cases.
 * For every held-out position (a step, or the case's end) the predictor names its most likely
 * next step with a confidence; when that confidence is ≥ τ the prediction counts for the link
 * "previous step → named step", and it is correct when that step did come next. Two predictors:
 * the trained agent (per prefix, so it sees the whole case so far), or, with no agent, the
 * log's transition probabilities P(next | previous) fitted on the other cases.
 */
import type { ProcessAgent } from '../agent/processAgent';
import { argmax } from '../agent/predictor';
import type { Case } from '../log/types';
import type { CaseFeatures } from '../tokenize/featureSet';
import { END_OF_CASE } from '../agent/types';

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
    const features = agent.features.count > 0 ? chunk.map((c) => agent.features.perEvent(c)) : undefined;
    const heads = traces.map((t) => (t.length > fits ? t.slice(0, fits) : t));
    const headFeatures = features?.map((f, i) => f?.map((x) => x.slice(0, heads[i].length)));
    // dists[i][k]: log-probabilities of each label after the first k steps of case i, k = 0..heads[i].length.
    const dists = await agent.predictor.caseDistributions(heads, headFeatures);
    const tailPrefixes: string[][] = [];
    const tailFeatures: (CaseFeatures | undefined)[] = [];
    traces.forEach((t, i) => {
      for (let k = heads[i].length + 1; k <= t.length; k++) {
        tailPrefixes.push(t.slice(0, k));
        tailFeatures.push(features?.[i]?.map((x) => x.slice(0, k)));
      }
    });
    const tails = tailPrefixes.length > 0 ? await agent.predictor.distributions(tailPrefixes, features ? tailFeatures : undefined) : [];
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

/** P(next | previous) fitted on `fit`, scored on `heldOut`. */
export function transitionLinkStats(fit: readonly Case[], heldOut: readonly Case[], tau: number): LinkStats {
  const counts = new Map<string, Map<string, number>>();
  for (const c of fit) {
    const ev = c.events;
    for (let k = 1; k <= ev.length; k++) {
      const from = ev[k - 1].activity;
      const to = k < ev.length ? ev[k].activity : END_OF_CASE;
      let m = counts.get(from);
      if (!m) counts.set(from, (m = new Map()));
      m.set(to, (m.get(to) ?? 0) + 1);
    }
  }
  // The most likely next step after each activity, with its probability (ties: first by label).
  const top = new Map<string, { to: string; p: number }>();
  for (const [from, m] of counts) {
    let total = 0;
    let best: string | undefined;
    for (const [to, n] of m) {
      total += n;
      if (best === undefined || n > m.get(best)! || (n === m.get(best)! && to < best)) best = to;
    }
    top.set(from, { to: best!, p: m.get(best!)! / total });
  }
  const stats: LinkStats = { after: new Map(), links: new Map() };
  for (const c of heldOut) {
    const ev = c.events;
    for (let k = 1; k <= ev.length; k++) {
      const from = ev[k - 1].activity;
      const t = top.get(from);
      record(stats, from, t?.to, t?.p ?? 0, k < ev.length ? ev[k].activity : END_OF_CASE, tau);
    }
  }
  return stats;
}
