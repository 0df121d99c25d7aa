/**
 * What the time heads read besides the trunk's hidden state, and what they predict, for the
 * prefix of the first k events of a case. Times are UTC milliseconds (NaN when unknown).
 *
 * Inputs (TIME_INPUTS wide): known flag, log1p(hours since case start), log1p(hours since the
 * previous event), log(k), hour of day as sin/cos, weekday one-hot (7). Without timestamps
 * (a spec file in the editor) every input but log(k) is 0 and the flag says so; training blanks
 * a share of rows the same way so those predictions stay sensible.
 *
 * Targets: log1p(hours) of the time to the next event and of the remaining time, each
 * standardised with the training rows' mean and deviation.
 */

export const TIME_INPUTS = 13;
/**
 * Inputs that are standardised with the training rows' statistics: the continuous ones
 * (elapsed, gap, log k, hour sin/cos). The known flag and the weekday one-hots stay 0/1: a
 * column that is constant in training (no Sunday events, every row timed) would otherwise be
 * divided by a near-zero deviation and blow up on the first test row that differs.
 */
export const STANDARDISED_INPUTS: readonly number[] = [1, 2, 3, 4, 5];
const HOUR = 3_600_000;
export const DAY_MS = 86_400_000;

/** One event as the time predictions take it. */
export interface TimedEvent {
  activity: string;
  /** UTC milliseconds; absent or NaN when unknown. */
  time?: number;
  /** Who did it, where known (an input feature of agents trained on resources). */
  resource?: string;
}

function known(t: number | undefined): t is number {
  return t !== undefined && Number.isFinite(t);
}

/** Time inputs of the prefix of k ≥ 1 events, written into `out` at `at`. */
export function writeTimeInputs(times: readonly (number | undefined)[], k: number, out: Float32Array, at: number, blank = false): void {
  out.fill(0, at, at + TIME_INPUTS);
  out[at + 3] = Math.log(k);
  const last = times[k - 1];
  const first = times[0];
  if (blank || !known(last) || !known(first)) return;
  const prev = k >= 2 ? times[k - 2] : last;
  out[at] = 1;
  out[at + 1] = Math.log1p(Math.max(0, last - first) / HOUR);
  out[at + 2] = known(prev) ? Math.log1p(Math.max(0, last - prev) / HOUR) : 0;
  const d = new Date(last);
  const hour = (d.getUTCHours() + d.getUTCMinutes() / 60) / 24;
  out[at + 4] = Math.sin(2 * Math.PI * hour);
  out[at + 5] = Math.cos(2 * Math.PI * hour);
  out[at + 6 + d.getUTCDay()] = 1;
}

/**
 * The scale the heads learn a target in: 'log1p-hours' (a geometric fit: every case weighs alike
 * whatever its length) or 'hours' (linear: the pinball loss then is the MAE the papers report, so
 * long cases weigh what they weigh in the metric).
 */
export type TargetScale = 'log1p-hours' | 'hours';

function toScale(ms: number, scale: TargetScale): number {
  const hours = Math.max(0, ms) / HOUR;
  return scale === 'hours' ? hours : Math.log1p(hours);
}

/** Both targets for the prefix of k events of a case with `times` (n events, k < n), in `scale`. */
export function rawTargets(times: readonly number[], k: number, scale: TargetScale = 'log1p-hours'): [number, number] {
  const now = times[k - 1];
  return [toScale(times[k] - now, scale), toScale(times[times.length - 1] - now, scale)];
}

/** Inverse of the target scale → milliseconds (never negative). */
export function targetToMs(v: number, scale: TargetScale = 'log1p-hours'): number {
  return Math.max(0, scale === 'hours' ? v : Math.expm1(v)) * HOUR;
}

/** True when every event of the case has a timestamp: only such cases train or score the time heads. */
export function fullyTimed(times: readonly number[]): boolean {
  return times.every(Number.isFinite);
}
