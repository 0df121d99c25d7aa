import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { renderSamples } from '../../src/core/sim/samples';

test('samples/ holds exactly what scripts/make-samples.ts generates', () => {
  for (const [name, text] of Object.entries(renderSamples())) {
    assert.equal(readFileSync(`samples/${name}`, 'utf8'), text, `samples/${name} is stale: run npx tsx scripts/make-samples.ts`);
  }
});

test('the sample log is small enough to ship and big enough to learn from', () => {
  assert.ok(statSync('samples/loan-sample.csv').size < 300_000);
  const rows = readFileSync('samples/loan-sample.csv', 'utf8').trim().split('\n');
  const cases = new Set(rows.slice(1).map((r) => r.split(',')[0]));
  assert.ok(cases.size >= 500 && cases.size <= 800, `${cases.size} cases`);
});

test('every step of samples/loan.pspec is an activity of the sample log', () => {
  const activities = new Set(readFileSync('samples/loan-sample.csv', 'utf8').trim().split('\n').slice(1).map((r) => r.split(',')[1]));
  const steps = readFileSync('samples/loan.pspec', 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  assert.ok(steps.length >= 8);
  for (const s of steps) assert.ok(activities.has(s), `"${s}" is not in the log`);
});
