import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateLog, type SimEvent } from '../../src/core/sim/simulate';
import { loanModel } from '../../src/core/sim/loan';
import { activitiesOf, seq, step, xor } from '../../src/core/sim/model';
import { CSV_HEADER, eventsToCsv } from '../../src/core/sim/csv';

const options = { cases: 300, seed: 7, start: Date.UTC(2025, 0, 1), meanArrivalMinutes: 120 };

function byCase(events: readonly SimEvent[]): Map<string, SimEvent[]> {
  const m = new Map<string, SimEvent[]>();
  for (const e of events) m.set(e.caseId, [...(m.get(e.caseId) ?? []), e]);
  return m;
}

test('the same seed gives the same log; another seed another', () => {
  const a = eventsToCsv(simulateLog(loanModel, options));
  assert.equal(eventsToCsv(simulateLog(loanModel, options)), a);
  assert.notEqual(eventsToCsv(simulateLog(loanModel, { ...options, seed: 8 })), a);
});

test('events are time-ordered, every case is there, only model activities occur', () => {
  const events = simulateLog(loanModel, options);
  for (let i = 1; i < events.length; i++) assert.ok(events[i].time >= events[i - 1].time);
  const cases = byCase(events);
  assert.equal(cases.size, 300);
  const known = new Set(activitiesOf(loanModel));
  assert.ok(events.every((e) => known.has(e.activity) && e.resource.length > 0));
  for (const evs of cases.values()) assert.match(evs[0].activity, /^Submit /);
});

test('AND-split branches interleave in both orders', () => {
  let incomeFirst = 0;
  let creditFirst = 0;
  for (const evs of byCase(simulateLog(loanModel, options)).values()) {
    const acts = evs.map((e) => e.activity);
    const i = acts.indexOf('Verify income');
    const c = acts.indexOf('Check credit history');
    if (i < 0 || c < 0) continue;
    if (i < c) incomeFirst++;
    else creditFirst++;
  }
  assert.ok(incomeFirst > 20 && creditFirst > 20, `income first ${incomeFirst}, credit first ${creditFirst}`);
});

test('the rework loop repeats the check after missing documents arrive', () => {
  let reworked = 0;
  for (const evs of byCase(simulateLog(loanModel, options)).values()) {
    const acts = evs.map((e) => e.activity);
    const checks = acts.filter((a) => a === 'Check completeness').length;
    const requests = acts.filter((a) => a === 'Request missing documents').length;
    assert.equal(checks, requests + 1);
    if (requests > 0) {
      reworked++;
      const r = acts.indexOf('Request missing documents');
      assert.deepEqual(acts.slice(r, r + 3), ['Request missing documents', 'Receive documents', 'Check completeness']);
    }
  }
  assert.ok(reworked > 30, `${reworked} reworked cases`);
});

test('a choice depends on a hidden attribute revealed many steps earlier', () => {
  const rate = (channel: string): number => {
    const cases = [...byCase(simulateLog(loanModel, { ...options, cases: 600 })).values()].map((e) => e.map((x) => x.activity));
    const withChannel = cases.filter((c) => c[0] === channel);
    return withChannel.filter((c) => c.includes('Appraise collateral')).length / withChannel.length;
  };
  const branch = rate('Submit application at branch');
  const online = rate('Submit online application');
  assert.ok(branch > 0.55 && online < 0.25, `collateral appraised: branch ${branch}, online ${online}`);
});

test('timestamps follow the step durations: days for a document round trip, seconds-level stamps', () => {
  const events = simulateLog(loanModel, options);
  assert.ok(events.every((e) => e.time % 1000 === 0));
  const gaps: number[] = [];
  for (const evs of byCase(events).values()) {
    evs.forEach((e, i) => {
      if (e.activity === 'Receive documents') gaps.push(e.time - evs[i - 1].time);
    });
  }
  const median = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  assert.ok(median > 12 * 3600_000 && median < 6 * 86400_000, `median document wait ${median / 3600_000} h`);
});

test('CSV output quotes values that need it', () => {
  const model = seq(step('Say "hi", then go', ['R,1'], 5));
  const csv = eventsToCsv(simulateLog(model, { ...options, cases: 1 }));
  const [header, row] = csv.trim().split('\n');
  assert.equal(header, CSV_HEADER);
  assert.match(row, /^case-1,"Say ""hi"", then go","R,1",\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});

test('a choice with no positive weight is a clear error', () => {
  assert.throws(() => simulateLog(xor([0, step('x', ['r'], 1)]), { ...options, cases: 1 }), /no branch with positive weight/);
});
