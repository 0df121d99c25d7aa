import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync} from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTraining } from '../../src/core/agent/workerClient';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import { PAUSED_MESSAGE } from '../../src/core/train/pauseGate';
import type { TrainProgress } from '../../src/core/train/types';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-worker-');
const log = join(dir, 'log.csv');
writeFixtureLog(log, { cases: 200, seed: 5 });
const config = trainConfig({ preset: 'tiny', epochs: 3, batchSize: 8, device: 'cpu', threads: 1 });

test('training in the worker never stalls the main event loop', async (t) => {
  // Event-ordered: a main-thread ticker (a setTimeout(0) chain) and the worker's messages land in
  // one ordered log. If training held the main thread, no tick could fall between its messages.
  const order: ('tick' | 'message')[] = [];
  let ticking = true;
  const tick = () => {
    if (!ticking) return;
    order.push('tick');
    setTimeout(tick, 0);
  };
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const progress: TrainProgress[] = [];
  const handle = startTraining({ logs: [log], agentDir: join(dir, 'a'), config, fineTune: false }, (e) => {
    if (e.type === 'progress') progress.push(e.progress);
    if (progress.length > 0) order.push('message');
  });
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => progress.length > 0 && (clearInterval(poll), resolve()), 5);
  });
  histogram.enable();
  tick();
  const { result, report } = await handle.done;
  ticking = false;
  histogram.disable();
  // The magnitude is for the log only (it depends on the machine's load); the assertions count.
  t.diagnostic(`main-thread event-loop delay during training: max ${(histogram.max / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms`);
  assert.equal(result.cancelled, false);
  assert.ok(report && report.agent.prefixes > 0);
  assert.ok(progress.some((p) => p.validation), 'validation progress crossed the boundary');
  const messages = order.filter((o) => o === 'message').length;
  let gaps = 0;
  let gapsWithTick = 0;
  let sawTick = false;
  for (const o of order.slice(order.indexOf('message'))) {
    if (o === 'tick') sawTick = true;
    else {
      gaps++;
      if (sawTick) gapsWithTick++;
      sawTick = false;
    }
  }
  assert.ok(messages > 5, `${messages} messages`);
  // Under load two messages can land in one turn; a held main thread would tick in none of the gaps.
  assert.ok(gapsWithTick >= (gaps - 1) / 2, `the main thread ticked between only ${gapsWithTick} of ${gaps - 1} pairs of worker messages`);
  assert.ok(order.filter((o) => o === 'tick').length >= messages, 'the main thread turned at least once per worker message');
  assert.ok(existsSync(agentPaths(join(dir, 'a')).checkpoint));
});

test('pause holds training, resume continues, cancel stops without writing', async () => {
  // Event-ordered: the worker acknowledges a pause once its loop holds (after the step in flight
  // reported); no step may arrive between that acknowledgement and our resume.
  const agentDir = join(dir, 'b');
  const order: (number | 'paused' | 'resume')[] = [];
  const handle = startTraining({ logs: [log], agentDir, config: { ...config, epochs: 50 }, fineTune: false }, (e) => {
    if (e.type === 'progress' && e.progress.phase === 'training') order.push(e.progress.step);
    if (e.type === 'log' && e.message === PAUSED_MESSAGE) order.push('paused');
  });
  const until = (ok: () => boolean) => new Promise<void>((resolve) => {
    const poll = setInterval(() => ok() && (clearInterval(poll), resolve()), 5);
  });
  await until(() => order.length > 0);
  handle.pause();
  await until(() => order.includes('paused'));
  // While held, the worker still serves messages but runs no step; give a broken gate room to show it.
  await new Promise((r) => setTimeout(r, 500));
  order.push('resume');
  handle.resume();
  const resumedAt = order.length;
  await until(() => order.slice(resumedAt).some((o) => typeof o === 'number'));
  handle.cancel();
  const { result } = await handle.done;
  const p = order.indexOf('paused');
  const r = order.indexOf('resume');
  assert.deepEqual(order.slice(p + 1, r), [], 'no step between the pause acknowledgement and the resume');
  const before = order.slice(0, p).filter((o): o is number => typeof o === 'number');
  const after = order.slice(r).filter((o): o is number => typeof o === 'number');
  assert.ok(after[0] > before.at(-1)!, `steps continue after resume (${before.at(-1)} then ${after[0]})`);
  assert.equal(result.cancelled, true);
  assert.equal(existsSync(agentPaths(agentDir).checkpoint), false, 'a cancelled first run writes no agent');
});
