import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAgent } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { loadAgent } from '../../src/core/agent/loadAgent';
import { capNewActivities, OTHER_ACTIVITY } from '../../src/core/train/vocabCap';
import type { Case } from '../../src/core/log/types';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-vocabcap-ft-');
const mk = (id: string, acts: string[]): Case => ({ id, events: acts.map((activity, i) => ({ activity, time: i })) });

test('capNewActivities keeps the agent\'s activities and lets only the most frequent new ones into the room left', () => {
  const train = [mk('1', ['a', 'n1', 'n1', 'n2', 'n3']), mk('2', ['b', 'n1', 'n2'])];
  const test = [mk('3', ['n3', 'a'])];
  // Known a, b; cap 4: room 2, one of them for OTHER, so only n1 (the most frequent new) stays.
  assert.deepEqual(capNewActivities(train, test, ['a', 'b'], 4), { distinct: 5, folded: 2, foldedEvents: 3 });
  assert.deepEqual(train[0].events.map((e) => e.activity), ['a', 'n1', 'n1', OTHER_ACTIVITY, OTHER_ACTIVITY]);
  assert.deepEqual(test[0].events.map((e) => e.activity), [OTHER_ACTIVITY, 'a']);
  // An agent that already has OTHER needs no slot for it; one under the cap folds nothing.
  const t2 = [mk('4', ['a', 'x', 'y', 'y'])];
  assert.equal(capNewActivities(t2, [], ['a', OTHER_ACTIVITY], 3).folded, 1);
  assert.deepEqual(t2[0].events.map((e) => e.activity), ['a', OTHER_ACTIVITY, 'y', 'y']);
  assert.equal(capNewActivities([mk('5', ['a', 'z'])], [], ['a'], 3).folded, 0);
});

/** Cases over `acts` (each case: start, two random steps, end), hourly so the chronological split works. */
function writeLog(file: string, acts: string[], cases: number, firstCase: number): void {
  const lines = ['case,activity,timestamp'];
  const t0 = Date.UTC(2024, 0, 1) + firstCase * 3_600_000;
  for (let c = 0; c < cases; c++) {
    const steps = ['Start', acts[c % acts.length], acts[(c * 7 + 3) % acts.length], 'End'];
    steps.forEach((a, j) => lines.push(`c${firstCase + c},${a},${new Date(t0 + c * 3_600_000 + j * 60_000).toISOString()}`));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

test('a fine-tune applies the vocabulary cap as a fresh train does: the vocabulary stays within it, and it says so', async () => {
  const first = join(dir, 'first.csv');
  const second = join(dir, 'second.csv');
  const agentDir = join(dir, 'agent');
  writeLog(first, ['A', 'B', 'C'], 60, 0);
  writeLog(second, Array.from({ length: 40 }, (_, i) => `New ${i}`), 120, 1000);
  const config = trainConfig({ preset: 'tiny', epochs: 1, batchSize: 16, device: 'cpu', threads: 1, maxActivities: 10, features: 'off' });
  await trainAgent({ logs: [first], agentDir, config, fineTune: false });
  const before = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  const old = [...before.activities];
  await before.dispose();
  assert.equal(old.length, 5);
  const warnings: string[] = [];
  await trainAgent({ logs: [second], agentDir, config, fineTune: true }, { onEvent: (e) => e.type === 'log' && e.level === 'warn' && warnings.push(e.message) });
  const after = await loadAgent(agentDir, { device: 'cpu', threads: 1 });
  try {
    assert.equal(after.activities.length, 10, after.activities.join(', '));
    assert.deepEqual(after.activities.slice(0, old.length), old, 'the agent keeps its activities, in order');
    assert.ok(after.activities.includes(OTHER_ACTIVITY));
    assert.ok(warnings.some((w) => /folded into one activity/.test(w) && /--max-activities/.test(w)), warnings.join(' | '));
  } finally {
    await after.dispose();
  }
});
