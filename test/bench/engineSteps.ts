/**
 * The engine's side of `bench:train`, as a child process the bench starts with the training
 * process's environment (or, for the comparison row, the inherited one): times training steps of
 * one config and prints `{ medianMs, bestMs, N }` as JSON on its last line.
 * Argument: JSON `{ name, threads, spinUs, seconds }`.
 */
import '../../src/core/noTelemetry';
import { TrainEngine } from '../../src/core/model/engine';
import { CONFIGS, LR, modelConfig, randomBatch, timeIt } from './engineTiming';

async function main(): Promise<void> {
  const { name, threads, spinUs, seconds } = JSON.parse(process.argv[2]) as { name: string; threads: number; spinUs: number; seconds: number };
  const c = CONFIGS.find((x) => x.name === name);
  if (!c) throw new Error(`unknown config ${name}`);
  const batches = [1, 2, 3, 4].map((s) => randomBatch(c, s));
  const eng = await TrainEngine.create(modelConfig(c), { batch: c.batch, device: 'cpu', threads, spinUs, seed: 1, weightDecay: 0.01, gradClip: 1, dropout: 0 });
  let i = 0;
  const t = await timeIt(() => eng.step(batches[i++ % 4], LR), seconds);
  await eng.dispose();
  console.log(JSON.stringify({ ...t, N: eng.paramCount }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
