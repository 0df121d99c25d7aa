/** Time baselines on hand-made logs whose answers are known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Case } from '../../src/core/log/types';
import { chooseTransitionSystem, fitMeanByLength, fitTransitionSystem, FIT_PREFIXES_PER_CASE, stateKey, timedCasePrefixes, WHOLE_PREFIX_CAP } from '../../src/core/eval/timeBaselines';
import { coverage, errorScores, maeByPrefixLength } from '../../src/core/eval/timeScore';

const H = 3_600_000;
const DAY = 24 * H;
/** A case from [activity, hours since case start] pairs, starting `startDay` days into 2024. */
function timed(id: string, startDay: number, steps: [string, number][]): Case {
  const t0 = Date.UTC(2024, 0, 1) + startDay * DAY;
  return { id, events: steps.map(([activity, h]) => ({ activity, time: t0 + h * H })) };
}

test('mean by prefix length: the mean remaining and next-event time of training prefixes of that length', () => {
  const train = [timed('a', 0, [['A', 0], ['B', 10], ['C', 30]]), timed('b', 1, [['A', 0], ['C', 2], ['D', 4]])];
  const f = fitMeanByLength(train);
  // k = 1: remaining (30 + 4) / 2 = 17 h, next (10 + 2) / 2 = 6 h; k = 2: remaining (20 + 2) / 2 = 11 h, next the same.
  assert.deepEqual(f(['X']).map((v) => v / H), [6, 17]);
  assert.deepEqual(f(['X', 'Y']).map((v) => v / H), [11, 11]);
  // A length never seen: the overall mean over all four training prefixes.
  assert.deepEqual(f(['X', 'Y', 'Z']).map((v) => v / H), [(6 + 11) / 2, (17 + 11) / 2]);
});

test('transition-system abstractions: sequence keeps order, set drops order and counts, bag keeps counts', () => {
  assert.notEqual(stateKey(['A', 'B'], 'sequence', 0), stateKey(['B', 'A'], 'sequence', 0));
  assert.equal(stateKey(['A', 'B'], 'set', 0), stateKey(['B', 'A'], 'set', 0));
  assert.equal(stateKey(['A', 'A', 'B'], 'set', 0), stateKey(['A', 'B'], 'set', 0));
  assert.notEqual(stateKey(['A', 'A', 'B'], 'bag', 0), stateKey(['A', 'B'], 'bag', 0));
  assert.equal(stateKey(['A', 'B', 'A'], 'bag', 0), stateKey(['A', 'A', 'B'], 'bag', 0));
  assert.equal(stateKey(['X', 'A', 'B'], 'sequence', 2), stateKey(['Y', 'A', 'B'], 'sequence', 2));
});

test('an annotated transition system predicts the mean time of its state, and falls back for unseen states', () => {
  // After "A", cases through B take 100 h more, cases through C take 1 h: the last activity decides.
  const train = [
    timed('1', 0, [['A', 0], ['B', 50], ['E', 150]]),
    timed('2', 1, [['A', 0], ['C', 0.5], ['E', 1.5]]),
    timed('3', 2, [['A', 0], ['B', 40], ['E', 140]]),
  ];
  const ts = fitTransitionSystem(train, 'sequence', 1);
  assert.equal(ts(['A', 'B'])[1] / H, 100);
  assert.equal(ts(['A', 'C'])[1] / H, 1);
  assert.equal(ts(['Q', 'C'])[1] / H, 1, 'horizon 1 only looks at the last activity');
  // "Z" is no state: the same-length mean, (100 + 1 + 100) / 3.
  assert.equal(ts(['A', 'Z'])[1] / H, 67);
});

test('the horizon is chosen on the latest training cases', () => {
  // The remaining time depends on the first activity (two steps back), so horizon 1 cannot tell; ∞ or ≥ 2 can.
  const cases: Case[] = [];
  for (let i = 0; i < 40; i++) {
    const slow = i % 2 === 0;
    cases.push(timed(`c${i}`, i, [[slow ? 'S' : 'F', 0], ['M', 1], ['N', 2], ['E', slow ? 200 : 3]]));
  }
  const chosen = chooseTransitionSystem(cases);
  assert.ok(chosen.horizon === 0 || chosen.horizon >= 3, `horizon ${chosen.horizon}`);
  assert.ok(chosen.validationMaeDays < 1e-9, `validation MAE ${chosen.validationMaeDays}`);
  assert.equal(chosen.predict(['S', 'M', 'N'])[1] / H, 198);
});

test('scores: micro-averaged MAE in days, median, coverage and MAE by prefix length', () => {
  const samples = [
    { k: 1, truth: 0, predicted: 2 * DAY, p10: 0, p90: 3 * DAY },
    { k: 1, truth: 4 * DAY, predicted: 0, p10: 0, p90: 3 * DAY },
    { k: 2, truth: 0, predicted: 0, p10: 0, p90: 1 },
  ];
  const s = errorScores(samples);
  assert.equal(s.maeDays, 2);
  assert.equal(s.medianAeDays, 2);
  assert.equal(coverage(samples), 2 / 3);
  assert.deepEqual(maeByPrefixLength(samples), [{ length: 1, maeDays: 3, count: 2 }, { length: 2, maeDays: 0, count: 1 }]);
});

test('a case longer than FIT_PREFIXES_PER_CASE is sampled evenly, and h = ∞ keys read the last WHOLE_PREFIX_CAP events', () => {
  // One case of 50,000 events: walking every prefix with a copy of each would be O(n²).
  const n = 50_000;
  const long: Case = { id: 'long', events: Array.from({ length: n }, (_, i) => ({ activity: `a${i % 7}`, time: Date.UTC(2024, 0, 1) + i * H })) };
  const ks = [...timedCasePrefixes([long], 1, FIT_PREFIXES_PER_CASE)].map((p) => p.k);
  assert.equal(ks.length, FIT_PREFIXES_PER_CASE);
  assert.equal(ks[0], 1);
  assert.ok(ks.every((k, i) => i === 0 || k > ks[i - 1]) && ks[ks.length - 1] < n);
  assert.equal([...timedCasePrefixes([long])].length, n - 1, 'without a cap every prefix is walked');
  const acts = long.events.map((e) => e.activity);
  assert.equal(stateKey(acts, 'sequence', 0), stateKey(acts.slice(-WHOLE_PREFIX_CAP), 'sequence', 0));
  // The fit finishes and still predicts that case's mean time for its states.
  const ts = chooseTransitionSystem([long, timed('s', 3000, [['A', 0], ['B', 1], ['C', 2]])]);
  assert.ok(Number.isFinite(ts.predict(acts.slice(0, 10))[1]));
});
