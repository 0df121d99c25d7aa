/**
 * The time-field seam: with heads plugged in, concurrent requests share one batched call, events
 * reach the heads with their timestamps, and a case the heads leave out answers null. (The real
 * heads behind it: endpoints.test.ts against `predict`, trunkShare.test.ts in-process.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeFieldSource, NO_TIMES } from '../../src/core/serve/timeFields';
import type { TimedEvent } from '../../src/core/agent/timeInputs';
import type { ProcessAgent } from '../../src/core/agent/processAgent';

test('time fields: one batched call for concurrent requests, timestamps and resources passed on, null without events', async () => {
  const calls: (readonly (readonly TimedEvent[])[])[] = [];
  const heads = {
    has: () => true,
    batch: async (_agent: ProcessAgent, cases: readonly (readonly TimedEvent[])[]) => {
      calls.push(cases);
      return cases.map((c) => (c.length === 0 ? undefined : { nextEventInMs: c.length * 1000 + (c[c.length - 1].time ?? 0), nextEvent: { p10Ms: 1, p90Ms: 2 }, remainingTime: { expectedMs: 3, p10Ms: 1, p90Ms: 9 } }));
    },
  };
  const source = new TimeFieldSource({} as ProcessAgent, heads);
  const [a, b, c] = await Promise.all([
    source.forCases([[{ activity: 'A' }]]),
    source.forCases([[{ activity: 'A', resource: 'ann' }, { activity: 'B', timestamp: 5 }], []]),
    source.forCases([[{ activity: 'A' }, { activity: 'B' }, { activity: 'C' }]]),
  ]);
  assert.equal(calls.length, 1, 'three concurrent requests, one call');
  assert.deepEqual(calls[0][1], [{ activity: 'A', resource: 'ann' }, { activity: 'B', time: 5 }]);
  assert.equal(a[0].nextEventInMs, 1000);
  assert.equal(b[0].nextEventInMs, 2005);
  assert.deepEqual(b[1], NO_TIMES);
  assert.deepEqual(c[0].remainingTime, { expectedMs: 3, p10Ms: 1, p90Ms: 9 });
  assert.deepEqual(await new TimeFieldSource({} as ProcessAgent).forCases([[{ activity: 'A' }]]), [NO_TIMES], 'no heads wired: null');
});
