import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync} from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTraining } from '../../src/core/agent/workerClient';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import type { TrainProgress } from '../../src/core/train/types';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-worker-');
const log = join(dir, 'log.csv');
writeFixtureLog(log, { cases: 200, seed: 5 });
const config = trainConfig({ preset: 'tiny', epochs: 3, batchSize: 8, device: 'cpu', threads: 1 });

test('training in the worker never stalls the main event loop', async (t) => {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const progress: TrainProgress[] = [];
  const handle = startTraining({ logs: [log], agentDir: join(dir, 'a'), config, fineTune: false }, (e) => e.type === 'progress' && progress.push(e.progress));
  // Measure only while the worker trains: from its first progress event to its result.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => progress.length > 0 && (clearInterval(poll), resolve()), 5);
  });
  histogram.enable();
  const { result, report } = await handle.done;
  histogram.disable();
  const maxMs = histogram.max / 1e6;
  t.diagnostic(`main-thread event-loop delay during training: max ${maxMs.toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms, mean ${(histogram.mean / 1e6).toFixed(2)} ms`);
  assert.equal(result.cancelled, false);
  assert.ok(report && report.agent.prefixes > 0);
  assert.ok(progress.some((p) => p.validation), 'validation progress crossed the boundary');
  // ~10 ms is the design goal (measured: p99 8–16 ms, max 25–80 ms on two cores shared by six
  // busy processes); the bounds are generous so a loaded CI machine does not fail the test.
  assert.ok(maxMs < 250, `event loop stalled for ${maxMs.toFixed(1)} ms`);
  assert.ok(histogram.percentile(99) / 1e6 < 50, `p99 event-loop delay ${(histogram.percentile(99) / 1e6).toFixed(1)} ms`);
  assert.ok(existsSync(agentPaths(join(dir, 'a')).checkpoint));
});

test('pause holds training, resume continues, cancel stops without writing', async () => {
  const agentDir = join(dir, 'b');
  const steps: number[] = [];
  const handle = startTraining({ logs: [log], agentDir, config: { ...config, epochs: 50 }, fineTune: false }, (e) => e.type === 'progress' && e.progress.phase === 'training' && steps.push(e.progress.step));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => steps.length > 0 && (clearInterval(poll), resolve()), 5);
  });
  handle.pause();
  await new Promise((r) => setTimeout(r, 300)); // let an in-flight step and its event land
  const atPause = steps.length;
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(steps.length, atPause, 'no steps while paused');
  handle.resume();
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => steps.length > atPause && (clearInterval(poll), resolve()), 5);
  });
  handle.cancel();
  const { result } = await handle.done;
  assert.equal(result.cancelled, true);
  assert.equal(existsSync(agentPaths(agentDir).checkpoint), false, 'a cancelled first run writes no agent');
});
