/**
 * For a bench that trains in its own process (bench:accuracy calls trainAgent directly): reruns
 * this process with the environment the product's training process gets
 * (src/core/trainingProcessEnv.ts; glibc reads its malloc settings only at start-up), so the
 * bench's training times are the product's. Returns false in the rerun (go on), true in the
 * parent (which then only waits for the rerun's exit code).
 */
import { spawnSync } from 'node:child_process';
import { TRAINING_ALLOCATOR_ENV, trainingProcessEnv } from '../../src/core/trainingProcessEnv';

export function rerunInTrainingEnv(): boolean {
  if (Object.keys(TRAINING_ALLOCATOR_ENV).every((k) => process.env[k] !== undefined)) return false;
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: trainingProcessEnv(process.env) });
  process.exitCode = r.status ?? 1;
  return true;
}
