import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAgent, type TrainOutcome } from '../../src/core/agent/trainer';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import { evaluateAgentDir } from '../../src/core/agent/evaluateDir';
import type { TrainProgress } from '../../src/core/train/types';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

const dir = tempDir('pa-trainer-');
const oldLog = join(dir, 'old.csv');
const oldTestLog = join(dir, 'old-test.csv');
const newLog = join(dir, 'new.csv');
const agentDir = join(dir, 'agent');
// Small model, small batch, enough epochs for the tiny model to learn the long-range choice.
const config = trainConfig({ preset: 'tiny', epochs: 20, batchSize: 16, patience: 20, device: 'cpu', threads: 1 });
let first: TrainOutcome;
const events: TrainProgress[] = [];

before(async () => {
  writeFixtureLog(oldLog, { cases: 240, seed: 1 });
  writeFixtureLog(oldTestLog, { cases: 80, seed: 2, firstCase: 10_000 });
  writeFixtureLog(newLog, { cases: 160, seed: 3, firstCase: 20_000, newVariant: 0.3 });
  first = await trainAgent({ logs: [oldLog], agentDir, config, fineTune: false }, { onEvent: (e) => e.type === 'progress' && events.push(e.progress) });
});

test('training beats last1 on a log whose choice depends on an earlier step', () => {
  const r = first.report!;
  assert.ok(r, 'an evaluation report is produced');
  assert.equal(r.protocol.split.kind, 'chronological');
  assert.ok(r.agent.prefixes > 100);
  assert.ok(r.agent.accuracy > r.baselines.last1.accuracy + 0.03, `agent ${r.agent.accuracy} vs last1 ${r.baselines.last1.accuracy}`);
  assert.ok(r.agent.accuracy >= r.baselines.ngram.accuracy - 0.02, `agent ${r.agent.accuracy} vs ngram ${r.baselines.ngram.accuracy}`);
});

test('where the agent wins on validation, the agent stays served, and the report says so with the agent alone beside it', () => {
  const r = first.report!;
  assert.equal(first.result.served?.kind, 'agent', JSON.stringify(first.result.served));
  assert.equal(r.served?.kind, 'agent');
  assert.equal(r.agentAlone?.accuracy, r.agent.accuracy);
  assert.equal(first.result.baselineCheck?.served, 'agent');
});

test('the agent folder holds checkpoint, config, tokenizer, split, report and history', () => {
  const p = agentPaths(agentDir);
  for (const f of [p.checkpoint, p.config, p.tokenizer, p.split, p.evalReport, p.history]) assert.ok(existsSync(f), f);
  assert.equal(JSON.parse(readFileSync(p.config, 'utf8')).preset, 'tiny');
  assert.equal(readFileSync(p.history, 'utf8').trim().split('\n').length, 1);
});

test('progress events carry steps, loss, lr, tokens/s, ETA and a validation per epoch', () => {
  const training = events.filter((e) => e.phase === 'training');
  assert.ok(training.length > 10);
  for (let i = 1; i < training.length; i++) assert.equal(training[i].step, training[i - 1].step + 1);
  assert.ok(training.every((e) => Number.isFinite(e.loss) && e.learningRate > 0 && e.tokensPerSecond > 0 && Number.isFinite(e.etaSeconds)));
  const validations = events.filter((e) => e.phase === 'validating' && e.validation);
  assert.equal(validations.length, first.result.epochsRun);
  assert.ok(validations.every((e) => e.validation && e.validation.accuracy >= 0 && e.validation.accuracy <= 1));
  assert.equal(events.at(-1)?.phase, 'done');
});

test('the refit on all training cases streams its steps as phase "refit", after training, continuing the step count', () => {
  const refit = events.filter((e) => e.phase === 'refit');
  assert.ok(refit.length > 0, 'refit is on by default, so refit steps are reported');
  const lastTraining = events.reduce((last, e, i) => (e.phase === 'training' || e.phase === 'validating' ? i : last), -1);
  const firstRefit = events.findIndex((e) => e.phase === 'refit');
  assert.ok(firstRefit > lastTraining, 'every refit event comes after the last training/validation event');
  assert.equal(refit[0].epoch, 1, 'the refit starts again from epoch 1');
  const lastTrainingStep = Math.max(...events.filter((e) => e.phase === 'training').map((e) => e.step));
  assert.equal(refit[0].step, lastTrainingStep + 1, 'the step count continues from where training stopped');
  for (let i = 1; i < refit.length; i++) assert.equal(refit[i].step, refit[i - 1].step + 1);
  assert.ok(refit.every((e) => Number.isFinite(e.loss) && e.learningRate > 0 && !e.validation));
  // history.jsonl records the refit's per-epoch losses beside the training epochs.
  const line = JSON.parse(readFileSync(agentPaths(agentDir).history, 'utf8').trim().split('\n')[0]) as { refitEpochs: number; refit: { epoch: number; loss: number }[] };
  assert.equal(line.refit.length, line.refitEpochs);
  assert.ok(line.refitEpochs > 0 && line.refit.every((e) => Number.isFinite(e.loss)));
});

test('a cancelled run leaves the previous agent on disk untouched', async () => {
  const before = readFileSync(agentPaths(agentDir).checkpoint);
  const controller = new AbortController();
  const out = await trainAgent(
    { logs: [newLog], agentDir, config, fineTune: false },
    { signal: controller.signal, onEvent: (e) => e.type === 'progress' && e.progress.step >= 3 && controller.abort() },
  );
  assert.equal(out.result.cancelled, true);
  assert.ok(readFileSync(agentPaths(agentDir).checkpoint).equals(before));
});

test('fine-tuning on new logs grows the vocabulary and keeps accuracy on old cases', async () => {
  const beforeReport = await evaluateAgentDir(agentDir, oldTestLog, { device: 'cpu' });
  const oldActivities = (JSON.parse(readFileSync(agentPaths(agentDir).tokenizer, 'utf8')) as { activities: string[] }).activities;
  const fineTuneEvents: TrainProgress[] = [];
  const out = await trainAgent({ logs: [newLog], agentDir, config: { ...config, epochs: 8, patience: 8, refit: false }, fineTune: true }, { onEvent: (e) => e.type === 'progress' && fineTuneEvents.push(e.progress) });
  assert.equal(out.result.cancelled, false);
  assert.ok(fineTuneEvents.some((e) => e.phase === 'training'));
  assert.equal(fineTuneEvents.filter((e) => e.phase === 'refit').length, 0, 'refit: false reports no refit phase');
  const tokenizer = JSON.parse(readFileSync(agentPaths(agentDir).tokenizer, 'utf8')) as { activities: string[] };
  assert.ok(tokenizer.activities.includes('Escalate') && tokenizer.activities.includes('Check C'), 'new activities joined the vocabulary');
  assert.deepEqual(tokenizer.activities.slice(0, oldActivities.length), oldActivities, 'existing ids keep their place');
  const afterReport = await evaluateAgentDir(agentDir, oldTestLog, { device: 'cpu' });
  assert.ok(
    afterReport.agent.accuracy >= beforeReport.agent.accuracy - 0.03,
    `old-case accuracy ${beforeReport.agent.accuracy.toFixed(3)} → ${afterReport.agent.accuracy.toFixed(3)}`,
  );
  // The new variant is learned: after "Check C" the agent expects "Review", after "Escalate" "Close".
  assert.ok(out.report && out.report.agent.accuracy > 0.7);
  assert.equal(readFileSync(agentPaths(agentDir).history, 'utf8').trim().split('\n').length, 2);
});
