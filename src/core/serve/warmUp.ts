/**
 * Compiles every graph shape the service will run before it answers (and, on a reload, before
 * the new agent is swapped in). Serving runs come in many shapes (model/decodeBuckets.ts: batch
 * sizes 1–64 by a few prefill lengths, the time trunk's and heads' sizes), and onnxruntime
 * compiles a session in tens of milliseconds on the service's one thread: compiled on first use,
 * they landed inside requests under load (bench:serve, profiled: a sixth of the service's time
 * in the first seconds went to compiling). Takes a few seconds once, at start.
 */
import type { ProcessAgent } from '../agent/processAgent';
import type { RowDecoder } from './rowDecoder';

export async function compileServingGraphs(agent: ProcessAgent, decoder: RowDecoder): Promise<void> {
  await decoder.compileAll();
  await agent.timeModel?.compileAll();
}
