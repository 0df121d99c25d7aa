import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressRenderer } from '../../src/cli/progressBar';
import type { TrainProgress } from '../../src/core/train/types';

/** A writable that records what was written and claims to be a terminal, so the redrawn bar is used. */
function fakeTty(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY: true, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const step = (phase: TrainProgress['phase'], epoch: number): TrainProgress => ({
  phase, step: 10, totalSteps: 20, epoch, epochs: 3, loss: 1.5, learningRate: 1e-3, tokensPerSecond: 100, etaSeconds: 5,
});

test('progress bar: refit steps are labelled as the refit, training steps are not', () => {
  const tty = fakeTty();
  const bar = progressRenderer(tty.stream);
  bar.update(step('training', 2));
  assert.match(tty.text(), /%  epoch 2\/3/);
  assert.doesNotMatch(tty.text(), /refit/);
  bar.update(step('refit', 1));
  assert.match(tty.text(), /%  refit epoch 1\/3/);
  bar.end();
});
