/**
 * Runs a process model (model.ts) with a seeded RNG into timestamped events. The same model,
 * seed and options always give the same log. Cases arrive as a Poisson process; each step
 * takes a log-normal time after the previous event of its branch; AND branches run from the
 * same moment and their events merge by time, which is what interleaving looks like in a log.
 */
import { Rng } from '../train/rng';
import type { Attributes, ProcessNode, Weight } from './model';

export interface SimEvent {
  caseId: string;
  activity: string;
  resource: string;
  /** UTC milliseconds. */
  time: number;
}

export interface SimulateOptions {
  cases: number;
  seed: number;
  /** UTC ms of the first possible arrival. */
  start: number;
  /** Mean minutes between case arrivals. */
  meanArrivalMinutes: number;
  /** Case ids are `${casePrefix}${n}`, n from 1, zero-padded to the width of `cases`. */
  casePrefix?: string;
}

const MINUTE = 60_000;

/** All events of all cases, sorted by time (stable: within a case, simulation order for ties). */
export function simulateLog(model: ProcessNode, options: SimulateOptions): SimEvent[] {
  const rng = new Rng(options.seed);
  const width = String(options.cases).length;
  const events: SimEvent[] = [];
  let arrival = options.start;
  for (let n = 1; n <= options.cases; n++) {
    arrival += -Math.log(1 - rng.next()) * options.meanArrivalMinutes * MINUTE;
    const caseId = `${options.casePrefix ?? 'case-'}${String(n).padStart(width, '0')}`;
    events.push(...simulateCase(model, rng, caseId, Math.round(arrival / 1000) * 1000));
  }
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.time - b.e.time || a.i - b.i)
    .map(({ e }) => e);
}

/** One case's events in time order, starting at `start`. */
export function simulateCase(model: ProcessNode, rng: Rng, caseId: string, start: number): SimEvent[] {
  const attrs: Record<string, string> = {};
  const out: SimEvent[] = [];
  run(model, start, { rng, attrs, caseId, out });
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map(({ e }) => e);
}

interface Ctx {
  rng: Rng;
  attrs: Record<string, string>;
  caseId: string;
  out: SimEvent[];
}

/** Simulates `node` from time `t`; returns when its last event happened. */
function run(node: ProcessNode, t: number, ctx: Ctx): number {
  switch (node.kind) {
    case 'step': {
      const pool = node.pickResource ? node.pickResource(ctx.attrs, node.resources) : node.resources;
      const resource = pool[ctx.rng.int(pool.length)];
      // Whole seconds: logs rarely carry more, and equal stamps then stay possible but rare.
      const minutes = node.medianMinutes * Math.exp(node.spread * gaussian(ctx.rng));
      const time = t + Math.max(1000, Math.round((minutes * MINUTE) / 1000) * 1000);
      ctx.out.push({ caseId: ctx.caseId, activity: node.activity, resource, time });
      return time;
    }
    case 'seq':
      return node.nodes.reduce((at, n) => run(n, at, ctx), t);
    case 'xor': {
      const i = pick(node.branches.map((b) => weightOf(b.weight, ctx.attrs)), ctx.rng);
      return run(node.branches[i].node, t, ctx);
    }
    case 'and':
      return Math.max(t, ...node.branches.map((b) => run(b, t, ctx)));
    case 'loop': {
      let at = run(node.body, t, ctx);
      for (let i = 0; i < node.max && ctx.rng.next() < weightOf(node.again, ctx.attrs); i++) {
        at = run(node.redo, at, ctx);
        at = run(node.body, at, ctx);
      }
      return at;
    }
    case 'draw': {
      const i = pick(node.values.map((v) => weightOf(v.weight, ctx.attrs)), ctx.rng);
      ctx.attrs[node.attribute] = node.values[i].value;
      return t;
    }
  }
}

function weightOf(w: Weight, attrs: Attributes): number {
  return typeof w === 'number' ? w : w(attrs);
}

/** Index drawn with probability proportional to `weights`. */
function pick(weights: readonly number[], rng: Rng): number {
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (!(total > 0)) throw new Error('a choice in the process model has no branch with positive weight');
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= Math.max(0, weights[i]);
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Standard normal draw (Box-Muller). */
function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
