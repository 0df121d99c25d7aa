import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestBaseline, lastCurves, parseHistory, runSummaries } from '../../src/vscode/runHistory';
import { trainConfig } from '../../src/core/train/defaults';
import type { EvalReport, Scores } from '../../src/core/eval/types';

const config = trainConfig({ preset: 'tiny', epochs: 3 });
const run1 = { at: '2026-11-28T10:00:00.000Z', fineTune: false, logs: ['/ws/logs/a.csv'], config, accuracy: 0.8, result: { epochsRun: 3, seconds: 12, device: 'cpu', cancelled: false }, epochs: [{ epoch: 1, loss: 2, validation: { loss: 1.5, accuracy: 0.7 } }, { epoch: 2, loss: 1, validation: { loss: 1.1, accuracy: 0.8 } }] };
const run2 = { ...run1, at: '2026-11-28T11:00:00.000Z', fineTune: true, logs: ['rel/b.xes.gz'], epochs: [{ epoch: 1, loss: 0.9 }] };

test('history: newest first, kinds, configs, workspace-relative logs; torn and foreign lines skipped', () => {
  const text = [JSON.stringify(run1), '[1,2]', JSON.stringify({ at: 'x' }), JSON.stringify(run2), '{"at":"2026-11-28T12:0'].join('\n');
  const lines = parseHistory(text);
  assert.equal(lines.length, 3);
  const runs = runSummaries(lines, '/ws/.process-agent');
  assert.deepEqual(runs.map((r) => [r.kind, r.at, r.logs[0]]), [
    ['fine-tune', run2.at, 'rel/b.xes.gz'],
    ['train', run1.at, 'logs/a.csv'],
  ]);
  assert.equal(runs[1].config.preset, 'tiny');
  assert.equal(runs[1].epochsRun, 3);
  assert.equal(runs[1].device, 'cpu');
  assert.equal(runs[1].features, undefined, 'runs from before input features say nothing about them');
});

test('history: the input features a run kept are listed; junk in the field is ignored', () => {
  const withFeatures = { ...run1, result: { ...run1.result, features: { used: ['gap', 7], tried: [] } } };
  assert.deepEqual(runSummaries(parseHistory(JSON.stringify(withFeatures)), '/ws/.process-agent')[0].features, ['gap']);
});

test('history: the newest run gives per-epoch curves; none when it recorded no epochs', () => {
  const curves = lastCurves(parseHistory(JSON.stringify(run1)))!;
  assert.deepEqual(curves.train.map((p) => [p.epoch, p.loss]), [[1, 2], [2, 1]]);
  assert.deepEqual(curves.validation.map((p) => [p.epoch, p.accuracy]), [[1, 0.7], [2, 0.8]]);
  assert.deepEqual(lastCurves(parseHistory(JSON.stringify(run2)))!.validation, []);
  assert.equal(lastCurves(parseHistory(JSON.stringify({ ...run1, epochs: [] }))), undefined);
  assert.equal(lastCurves([]), undefined);
});

test('history: refit epochs become refit points whose x continues after the last training epoch', () => {
  const withRefit = { ...run1, refitEpochs: 2, refit: [{ epoch: 1, loss: 2.5 }, { epoch: 2, loss: 1.2 }, { epoch: 3, loss: null }] };
  const curves = lastCurves(parseHistory(JSON.stringify(withRefit)))!;
  assert.deepEqual(curves.train.filter((p) => !p.refit).map((p) => [p.step, p.loss]), [[1, 2], [2, 1]]);
  assert.deepEqual(curves.train.filter((p) => p.refit).map((p) => [p.step, p.epoch, p.loss]), [[3, 1, 2.5], [4, 2, 1.2]]);
  assert.equal(curves.validation.length, 2, 'the refit has no validation points');
  assert.ok(lastCurves(parseHistory(JSON.stringify(run1)))!.train.every((p) => !p.refit), 'older lines without refit have none');
});

test('bestBaseline picks the most accurate baseline', () => {
  const s = (accuracy: number): Scores => ({ accuracy, top3: 0, prefixes: 1, byPrefixLength: [], perActivity: [] });
  const report = { baselines: { last1: s(0.7), ngram: s(0.83), prefix: s(0.8) } } as unknown as EvalReport;
  assert.deepEqual(bestBaseline(report), { name: 'ngram', accuracy: 0.83 });
});
