/**
 * Fits the time heads on a trained trunk. The trunk stays frozen: its hidden state after each
 * prefix is computed once, and only the head MLP φ learns (AdamW on our own ONNX step graph,
 * pinball loss), so next-activity accuracy is exactly what it was without time heads. Epochs
 * are chosen by the validation cases' remaining-time MAE; the test cases are never seen.
 */
import type { Case } from '../log/types';
import { buildHeadTrainStep, initTimeHead, TIME_QUANTILES, TIME_TARGETS, type TimeHeadShape } from '../model/timeHead';
import { SessionCache } from '../model/sessions';
import type { Device } from '../runtime';
import type { FeatureSet } from '../tokenize/featureSet';
import type { Tokenizer } from '../tokenize/tokenizer';
import { mulberry32 } from '../mulberry32';
import { DAY_MS, STANDARDISED_INPUTS, TIME_INPUTS, fullyTimed, rawTargets, writeTimeInputs, type TargetScale } from './timeInputs';
import { decodeQuantiles, encodePhi, TimeRunner, type PrefixQuery, type TimeHeadJSON, type Trunk } from './timeModel';

export interface FitTimeHeadOptions {
  seed?: number;
  device?: Device;
  threads?: number;
  /** Head width H (default 64). */
  hidden?: number;
  maxEpochs?: number;
  patience?: number;
  learningRate?: number;
  /** Training rows are capped at this many prefixes (whole cases, latest kept), default 150,000. */
  maxRows?: number;
  /** Share of rows shown without times (default TIME_BLANK_RATE). */
  blankRate?: number;
  /** The scale the targets are learnt in (default DEFAULT_TARGET_SCALE). */
  targetScale?: TargetScale;
  signal?: AbortSignal;
  log?: (m: string) => void;
}

/** Share of training rows shown without their times each epoch (the editor asks without timestamps). */
export const TIME_BLANK_RATE = 0.15;
const B = 256;
/** See TargetScale; chosen by validation MAE across the PGTNet logs. */
export const DEFAULT_TARGET_SCALE: TargetScale = 'log1p-hours';

/** Every prefix k = 1..n−1 of the fully timed cases with ≥ 2 events. */
export function timedPrefixes(cases: readonly Case[], features?: FeatureSet, minPrefix = 1, maxPerCase = Infinity, scale: TargetScale = 'log1p-hours'): { queries: PrefixQuery[]; targets: [number, number][]; truthMs: [number, number][] } {
  const queries: PrefixQuery[] = [];
  const targets: [number, number][] = [];
  const truthMs: [number, number][] = [];
  for (const c of cases) {
    const times = c.events.map((e) => e.time);
    if (c.events.length < 2 || !fullyTimed(times)) continue;
    const activities = c.events.map((e) => e.activity);
    const perEvent = features && features.count > 0 ? features.perEvent(c) : undefined;
    for (let k = Math.max(1, minPrefix, c.events.length - maxPerCase); k < c.events.length; k++) {
      queries.push({ activities, times, k, features: perEvent });
      targets.push(rawTargets(times, k, scale));
      truthMs.push([times[k] - times[k - 1], times[times.length - 1] - times[k - 1]]);
    }
  }
  return { queries, targets, truthMs };
}

/**
 * A case longer than the context needs one trunk pass per prefix (its own window), so one
 * outlier case (a million events) would cost a million passes: each case lends at most this
 * many of its latest prefixes to the head's training rows.
 */
export const MAX_PREFIXES_PER_CASE = 2_000;

/**
 * `timedPrefixes` of the latest cases, at most `maxRows` of them (and MAX_PREFIXES_PER_CASE of any
 * one case): whole cases are dropped from the oldest on, so the head's inputs stay bounded on any log.
 */
export function latestPrefixes(cases: readonly Case[], features: FeatureSet | undefined, maxRows: number, scale: TargetScale = 'log1p-hours'): ReturnType<typeof timedPrefixes> {
  const rowsOf = (c: Case) => Math.min(MAX_PREFIXES_PER_CASE, Math.max(0, c.events.length - 1));
  const kept = [...cases];
  let total = kept.reduce((a, c) => a + rowsOf(c), 0);
  while (total > maxRows && kept.length > 1) total -= rowsOf(kept.shift()!); // keep the latest cases
  return timedPrefixes(kept, features, 1, MAX_PREFIXES_PER_CASE, scale);
}

function meanStd(values: Float32Array, width: number, col: number, n: number): [number, number] {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i * width + col];
  const mean = s / Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i * width + col] - mean) ** 2;
  return [mean, Math.max(1e-3, Math.sqrt(v / Math.max(1, n)))];
}

/** Per target, the smallest widening of p10–p90 (grid 0.5…5) that covers 80% of the validation prefixes. */
export function calibrateIntervals(raw: Float32Array, truthMs: readonly [number, number][], scaling: { targetMean: number[]; targetStd: number[]; targetScale?: TargetScale }): number[] {
  const n = truthMs.length;
  return TIME_TARGETS.map((_, j) => {
    for (let k = 0.5; k <= 5; k += 0.05) {
      const pred = decodeQuantiles(raw, n, { ...scaling, intervalScale: j === 0 ? [k, 1] : [1, k] });
      let inside = 0;
      pred.forEach((p, i) => {
        const q = j === 0 ? p.nextEvent : p.remaining;
        if (truthMs[i][j] >= q[0] && truthMs[i][j] <= q[2]) inside++;
      });
      if (inside >= 0.8 * n) return Math.round(k * 100) / 100;
    }
    return 5;
  });
}

/** Undefined when the cases have too few timed prefixes to learn from (< 20). */
export async function fitTimeHead(trunk: Trunk, tokenizer: Tokenizer, features: FeatureSet, fit: readonly Case[], validation: readonly Case[], o: FitTimeHeadOptions = {}): Promise<TimeHeadJSON | undefined> {
  const maxRows = o.maxRows ?? 150_000;
  const targetScale = o.targetScale ?? DEFAULT_TARGET_SCALE;
  const train = latestPrefixes(fit, features, maxRows, targetScale);
  const val = latestPrefixes(validation, features, maxRows, targetScale);
  const n = train.queries.length;
  if (n < 20) return undefined;
  const runner = new TimeRunner(trunk, tokenizer, o.device, o.threads);
  const shape: TimeHeadShape = { inputs: runner.inputWidth, hidden: o.hidden ?? 64 };
  const D = shape.inputs;
  const sessions = new SessionCache(o.device ?? 'cpu', o.threads ?? 0, 'train');
  try {
    const hTrain = await runner.hidden(train.queries);
    o.signal?.throwIfAborted();
    const hVal = await runner.hidden(val.queries);
    // Scaling from the training rows only.
    const rawInputs = new Float32Array(n * TIME_INPUTS);
    train.queries.forEach((q, i) => writeTimeInputs(q.times, q.k, rawInputs, i * TIME_INPUTS));
    const stats = Array.from({ length: TIME_INPUTS }, (_, j): [number, number] => {
      if (!STANDARDISED_INPUTS.includes(j)) return [0, 1];
      const [mean, std] = meanStd(rawInputs, TIME_INPUTS, j, n);
      return [mean, Math.max(0.1, std)];
    });
    const inputMean = stats.map((s) => s[0]);
    const inputStd = stats.map((s) => s[1]);
    const y = Float32Array.from(train.targets.flat());
    const tStats = TIME_TARGETS.map((_, j) => meanStd(y, 2, j, n)).map(([m, sd]): [number, number] => [m, Math.max(0.1, sd)]);
    const targetMean = tStats.map((s) => s[0]);
    const targetStd = tStats.map((s) => s[1]);
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) y[i * 2 + j] = (y[i * 2 + j] - targetMean[j]) / targetStd[j];
    const xFull = runner.headInputs(hTrain, train.queries, inputMean, inputStd);
    const xBlank = runner.headInputs(hTrain, train.queries, inputMean, inputStd, () => true);
    const xVal = runner.headInputs(hVal, val.queries, inputMean, inputStd);

    const step = await sessions.get('step', () => buildHeadTrainStep(shape, B, { weightDecay: 1e-4, gradClip: 1 }));
    const rand = mulberry32(o.seed ?? 1);
    let phi: Float32Array = initTimeHead(shape, o.seed ?? 1);
    let m: Float32Array = new Float32Array(phi.length);
    let v: Float32Array = new Float32Array(phi.length);
    const peak = o.learningRate ?? 2e-3;
    const blankRate = o.blankRate ?? TIME_BLANK_RATE;
    // At least ~4,000 updates: a small log has few rows per epoch, and the head needs the steps.
    const maxEpochs = o.maxEpochs ?? Math.min(200, Math.max(10, Math.ceil(4000 / Math.ceil(n / B))));
    const totalSteps = maxEpochs * Math.ceil(n / B);
    const patience = o.patience ?? maxEpochs;
    const scaling = { targetMean, targetStd, targetScale };
    let best = { phi, mae: Infinity, epoch: 0 };
    let updates = 0;
    // Validation and the saved head use an average of φ over the last ~200 updates (bias-corrected):
    // single-step weights scatter the test MAE by ±0.5 d on helpdesk; the average does not.
    const ema = new Float32Array(phi.length);
    const emaBeta = 0.995;
    const order = Array.from({ length: n }, (_, i) => i);
    const xb = new Float32Array(B * D);
    const yb = new Float32Array(B * 2);
    const wb = new Float32Array(B);
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let at = 0; at < n; at += B) {
        o.signal?.throwIfAborted();
        const rows = Math.min(B, n - at);
        xb.fill(0);
        yb.fill(0);
        wb.fill(0);
        for (let r = 0; r < rows; r++) {
          const i = order[at + r];
          xb.set((rand() < blankRate ? xBlank : xFull).subarray(i * D, (i + 1) * D), r * D);
          yb[r * 2] = y[i * 2];
          yb[r * 2 + 1] = y[i * 2 + 1];
          wb[r] = 1 / (rows * TIME_QUANTILES.length);
        }
        updates++;
        const out = await step.run({
          phi: { data: phi, dims: [phi.length] },
          m: { data: m, dims: [m.length] },
          v: { data: v, dims: [v.length] },
          step: { data: Float32Array.of(updates), dims: [] },
          lr: { data: Float32Array.of(peak * 0.5 * (1 + Math.cos((Math.PI * (updates - 1)) / totalSteps))), dims: [] },
          x: { data: xb, dims: [B, D] },
          y: { data: yb, dims: [B, 2] },
          w: { data: wb, dims: [B] },
        });
        phi = out.phi_out.data as Float32Array;
        m = out.m_out.data as Float32Array;
        v = out.v_out.data as Float32Array;
        for (let i = 0; i < phi.length; i++) ema[i] += (1 - emaBeta) * (phi[i] - ema[i]);
      }
      const correction = 1 / (1 - emaBeta ** updates);
      const averaged = ema.map((x) => x * correction);
      if (val.queries.length === 0) {
        best = { phi: averaged, mae: NaN, epoch };
        continue;
      }
      const pred = decodeQuantiles(await runner.head(shape, averaged, xVal, val.queries.length), val.queries.length, scaling);
      let err = 0;
      pred.forEach((p, i) => (err += Math.abs(p.remaining[1] - val.truthMs[i][1])));
      const mae = err / pred.length / DAY_MS;
      if (mae < best.mae) best = { phi: averaged, mae, epoch };
      else if (epoch - best.epoch >= patience) break;
    }
    const intervalScale = val.queries.length >= 20 ? calibrateIntervals(await runner.head(shape, best.phi, xVal, val.queries.length), val.truthMs, scaling) : undefined;
    o.log?.(`time heads: ${n} training prefixes, best epoch ${best.epoch}${Number.isFinite(best.mae) ? `, validation remaining-time MAE ${best.mae.toFixed(2)} d` : ''}`);
    return {
      kind: 'time-head',
      version: 1,
      shape,
      inputMean,
      inputStd,
      targetMean,
      targetStd,
      targetScale,
      ...(intervalScale ? { intervalScale } : {}),
      phi: encodePhi(best.phi),
      fit: { rows: n, epochs: best.epoch, ...(Number.isFinite(best.mae) ? { validationMaeDays: best.mae } : {}) },
    };
  } finally {
    await sessions.dispose();
    await runner.dispose();
  }
}
