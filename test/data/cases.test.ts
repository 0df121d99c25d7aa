import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaseBuilder, normaliseLabel, caseSpan } from '../../src/core/log/cases';
import { computeStats } from '../../src/core/data/stats';

test('labels: trimmed, inner whitespace folded', () => {
  assert.equal(normaliseLabel('  Check \t  ticket\n'), 'Check ticket');
  assert.equal(normaliseLabel('A\u00a0B'), 'A B');
  assert.equal(normaliseLabel('plain'), 'plain');
});

test('cases keep first-appearance order and sort stably by time (file order on ties)', () => {
  const b = new CaseBuilder();
  b.add('2', 'x', 5);
  b.add('1', 'c', 30);
  b.add('1', 'a', 10);
  b.add('1', 'b1', 20);
  b.add('1', 'b2', 20);
  b.add('1', 'b0', 20);
  const { cases } = b.finish();
  assert.deepEqual(cases.map((c) => c.id), ['2', '1']);
  assert.deepEqual(cases[1].events.map((e) => e.activity), ['a', 'b1', 'b2', 'b0', 'c']);
  assert.deepEqual(caseSpan(cases[1]), { start: 10, end: 30 });
});

test('a case with an untimed event stays in file order, with a warning', () => {
  const b = new CaseBuilder();
  b.add('1', 'late', 20);
  b.add('1', 'untimed', NaN);
  b.add('1', 'early', 10);
  const { cases, warnings } = b.finish();
  assert.deepEqual(cases[0].events.map((e) => e.activity), ['late', 'untimed', 'early']);
  assert.deepEqual(warnings, ['1 case has events without a timestamp; kept in file order']);
});

test('stats: counts, variants, trace lengths, histogram and time span', () => {
  const b = new CaseBuilder();
  for (const [id, acts] of [['1', 'abc'], ['2', 'abc'], ['3', 'ab'], ['4', 'abcdd']] as const) {
    [...acts].forEach((a, i) => b.add(id, a, Date.UTC(2024, 0, Number(id), i)));
  }
  const s = computeStats(b.finish().cases);
  assert.deepEqual([s.cases, s.events, s.activities, s.variants], [4, 13, 4, 3]);
  assert.deepEqual(s.traceLength, { min: 2, median: 3, mean: 13 / 4, max: 5, histogram: [{ length: 2, count: 1 }, { length: 3, count: 2 }, { length: 5, count: 1 }] });
  assert.equal(s.timeSpan?.start, '2024-01-01T00:00:00.000Z');
  assert.equal(s.timeSpan?.end, '2024-01-04T04:00:00.000Z');
  assert.deepEqual(s.activityCounts[0], { activity: 'a', count: 4 });
});
