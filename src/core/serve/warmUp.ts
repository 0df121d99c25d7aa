/**
 * Readies a loaded agent before the service answers with it (at start, and on a reload before
 * the swap):
 * - compileServingGraphs compiles every graph shape the service will run, and runs each a couple
 *   of times (model/sessions.ts: onnxruntime settles a shape over its first runs). Serving runs
 *   come in many shapes (model/decodeBuckets.ts: batch sizes 1–64 by a few prefill lengths, the
 *   time trunk's and heads' sizes), and compiled on first use they landed inside requests under
 *   load (bench:serve, profiled: a sixth of the service's time in the first seconds).
 * - warmAnswerPath sends synthetic cases through the whole answer path (batcher, decoder, time
 *   fields), so its JavaScript is compiled by V8 before real requests arrive. Measured on a fresh
 *   service at 1,000 requests/s (one worker, tiny agent, paced): without it the first two
 *   seconds' requests waited 300–400 ms (p50) while cold code fell behind the rate, the rest
 *   2–8 ms.
 */
import type { ProcessAgent } from '../agent/processAgent';
import { mulberry32 } from '../mulberry32';
import type { Served } from './modelHolder';
import { predictCases } from './predict';
import type { RowDecoder } from './rowDecoder';
import { DEFAULT_OPTIONS, type PredictCase } from './types';

export async function compileServingGraphs(agent: ProcessAgent, decoder: RowDecoder): Promise<void> {
  await decoder.compileAll();
  await agent.timeModel?.compileAll();
}

/**
 * Synthetic cases, `inFlight` at a time, until `cases` are answered or `budgetMs` has passed (a
 * larger model answers fewer in the time; its requests spend less of theirs in JavaScript):
 * random activities of the agent, half of them timed an hour apart. Measured as above, the
 * first half second at 1,000/s after 512 cases: p50 68–182 ms; after 2,048: 27–32 ms, then
 * 2–5 ms. 2,048 tiny-agent cases took 1.2 s on one core.
 */
export async function warmAnswerPath(served: Served, cases = 2048, inFlight = 32, budgetMs = 1500): Promise<void> {
  const activities = served.agent.activities;
  if (activities.length === 0) return;
  const rand = mulberry32(1);
  const start = Date.UTC(2026, 0, 5, 9);
  const synthetic = (timed: boolean): PredictCase => ({
    events: Array.from({ length: Math.floor(rand() * 8) }, (_, i) => {
      const activity = activities[Math.floor(rand() * activities.length)];
      return timed ? { activity, timestamp: start + i * 3_600_000 } : { activity };
    }),
  });
  const t0 = Date.now();
  for (let sent = 0; sent < cases && Date.now() - t0 < budgetMs; sent += inFlight) {
    await Promise.all(Array.from({ length: inFlight }, (_, j) => predictCases(served, [synthetic(j % 2 === 0)], DEFAULT_OPTIONS)));
  }
}
