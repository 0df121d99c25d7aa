import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processMap } from '../../src/core/insight/processMap';
import { END_NODE, START_NODE } from '../../src/core/insight/types';
import type { Case } from '../../src/core/log/types';
import { log, MIN } from './logs';

const abc = log({
  c1: [['A', 0], ['B', 10], ['C', 30]],
  c2: [['A', 0], ['B', 20], ['C', 50]],
  c3: [['A', 0], ['C', 5]],
});

const edge = (m: ReturnType<typeof processMap>, from: string, to: string) => m.edges.find((e) => e.from === from && e.to === to);

test('the map counts events and cases per activity and waits per transition', () => {
  const m = processMap(abc);
  assert.deepEqual(
    m.nodes.map((n) => [n.id, n.events, n.cases]),
    [[START_NODE, 3, 3], ['A', 3, 3], ['C', 3, 3], ['B', 2, 2], [END_NODE, 3, 3]],
  );
  assert.deepEqual(edge(m, 'A', 'B'), { from: 'A', to: 'B', count: 2, cases: 2, medianWaitMs: 15 * MIN, p90WaitMs: 19 * MIN });
  assert.deepEqual(edge(m, 'B', 'C'), { from: 'B', to: 'C', count: 2, cases: 2, medianWaitMs: 25 * MIN, p90WaitMs: 29 * MIN });
  assert.equal(edge(m, 'A', 'C')?.medianWaitMs, 5 * MIN);
  assert.equal(edge(m, START_NODE, 'A')?.cases, 3);
  assert.equal(edge(m, 'C', END_NODE)?.count, 3);
  assert.equal(m.edges.length, 5);
  assert.equal(m.totalCases, 3);
  assert.equal(m.totalEvents, 8);
});

test('self-loops and loops are edges; cases count once per edge', () => {
  const m = processMap(log({ c: [['A', 0], ['A', 1], ['B', 2], ['A', 3], ['B', 4], ['C', 5]] }));
  assert.deepEqual([edge(m, 'A', 'A')?.count, edge(m, 'A', 'B')?.count, edge(m, 'A', 'B')?.cases, edge(m, 'B', 'A')?.count], [1, 2, 1, 1]);
  assert.equal(m.nodes.find((n) => n.id === 'A')?.events, 3);
});

test('the activities slider keeps the most frequent share and reconnects the kept steps', () => {
  const m = processMap(abc, { activities: 2 / 3 });
  assert.deepEqual(m.nodes.map((n) => n.id).sort(), [END_NODE, START_NODE, 'A', 'C'].sort());
  // Without B, every case goes A → C: the waits are those from A to C.
  assert.deepEqual(edge(m, 'A', 'C'), { from: 'A', to: 'C', count: 3, cases: 3, medianWaitMs: 30 * MIN, p90WaitMs: 46 * MIN });
  // At 0 % the most frequent activity still shows.
  assert.equal(processMap(abc, { activities: 0 }).nodes.length, 3);
});

test('the paths slider drops rare edges but every kept activity stays connected to start and end', () => {
  const cases: Case[] = [];
  // X is rare and only reachable by rare edges: the repair must keep a way in and out.
  for (let i = 0; i < 20; i++) cases.push(...log({ [`m${i}`]: [['A', 0], ['B', 1], ['C', 2]] }));
  cases.push(...log({ r1: [['A', 0], ['X', 1], ['C', 2]], r2: [['B', 0], ['C', 1]] }));
  for (const paths of [0, 0.3, 0.6]) {
    const m = processMap(cases, { paths });
    const ids = m.nodes.map((n) => n.id);
    assert.ok(ids.includes('X'), 'X is kept (activities slider at 100 %)');
    const reach = (from: string, forward: boolean): Set<string> => {
      const seen = new Set([from]);
      const stack = [from];
      while (stack.length) {
        const n = stack.pop()!;
        for (const e of m.edges) {
          const [a, b] = forward ? [e.from, e.to] : [e.to, e.from];
          if (a === n && !seen.has(b)) (seen.add(b), stack.push(b));
        }
      }
      return seen;
    };
    const fromStart = reach(START_NODE, true);
    const toEnd = reach(END_NODE, false);
    for (const id of ids) assert.ok(fromStart.has(id) && toEnd.has(id), `${id} connected at paths=${paths}`);
  }
  assert.ok(processMap(cases, { paths: 0 }).edges.length < processMap(cases).edges.length);
  assert.ok(!edge(processMap(cases, { paths: 0 }), START_NODE, 'B'), 'the rare start → B edge is dropped at 0 %');
});

test('median service time comes from lifecycle start/complete pairs', () => {
  // Classifier "name": both events are "Work"; overlapping instances pair first in, first out.
  const byName: Case[] = [
    { id: 'a', events: [{ activity: 'Work', time: 0, lifecycle: 'start' }, { activity: 'Work', time: 4 * MIN, lifecycle: 'complete' }] },
    { id: 'b', events: [{ activity: 'Work', time: 0, lifecycle: 'start' }, { activity: 'Work', time: 1 * MIN, lifecycle: 'start' }, { activity: 'Work', time: 9 * MIN, lifecycle: 'complete' }, { activity: 'Work', time: 10 * MIN, lifecycle: 'complete' }] },
  ];
  // durations 4, 9, 9 → median 9
  assert.equal(processMap(byName).nodes.find((n) => n.id === 'Work')?.medianServiceMs, 9 * MIN);
  // Classifier "name+lifecycle": both labels get the pair's time.
  const byLabel: Case[] = [{ id: 'b', events: [{ activity: 'Work+start', time: 0, lifecycle: 'start' }, { activity: 'Work+complete', time: 8 * MIN, lifecycle: 'complete' }] }];
  const m = processMap(byLabel);
  assert.equal(m.nodes.find((n) => n.id === 'Work+start')?.medianServiceMs, 8 * MIN);
  assert.equal(m.nodes.find((n) => n.id === 'Work+complete')?.medianServiceMs, 8 * MIN);
  assert.equal(processMap(abc).nodes.find((n) => n.id === 'A')?.medianServiceMs, undefined);
});

test('a single-event case, equal timestamps and untimed events', () => {
  const m = processMap(log({ one: [['X', 7]], same: [['X', 1], ['Y', 1]] }));
  assert.equal(edge(m, START_NODE, 'X')?.cases, 2);
  assert.equal(edge(m, 'X', END_NODE)?.cases, 1);
  assert.equal(edge(m, 'X', 'Y')?.medianWaitMs, 0);
  const untimed = processMap([{ id: 'u', events: [{ activity: 'P', time: NaN }, { activity: 'Q', time: NaN }] }]);
  assert.deepEqual([edge(untimed, 'P', 'Q')?.medianWaitMs, edge(untimed, 'P', 'Q')?.count], [0, 1]);
});

test('hostile input: an empty log, a bad slider, 10,000 activities', () => {
  assert.deepEqual(processMap([]), { nodes: [], edges: [], totalCases: 0, totalEvents: 0 });
  assert.throws(() => processMap(abc, { paths: 1.5 }), /paths kept must be a share from 0 to 1, got 1.5/);
  assert.throws(() => processMap(abc, { activities: NaN }), /activities kept/);
  const many: Case[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `c${i}`, events: [{ activity: `A${i}`, time: i }, { activity: 'Z', time: i + 1 }] }));
  const m = processMap(many);
  assert.equal(m.nodes.length, 10_003);
  assert.equal(m.edges.length, 20_001);
  const small = processMap(many, { activities: 0.001, paths: 0 });
  assert.equal(small.nodes.length, 12); // Z, the ten A's kept (ties by label), start, end
});
