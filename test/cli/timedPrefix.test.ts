/**
 * `predict`'s events file: activities, timestamps and resources read as the log readers would give
 * them, and a bad event refused with the file and the event's number.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDir';
import { parseStep, readEventsFile } from '../../src/cli/timedPrefix';

const dir = tempDir('pa-timed-prefix-');

function file(name: string, content: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

test('an events file gives activities, times and resources; a bad one names the file and event', () => {
  const f = file('ok.json', { events: [{ activity: ' Register ', resource: 'ann' }, { activity: 'Check', timestamp: '2024-03-01T10:00:00Z', resource: '' }, { activity: 'Review', time: 1_700_000_000_000, resource: null }] });
  assert.deepEqual(readEventsFile(f), [
    { activity: 'Register', resource: 'ann' },
    { activity: 'Check', time: Date.UTC(2024, 2, 1, 10) },
    { activity: 'Review', time: 1_700_000_000_000 },
  ]);
  assert.throws(() => readEventsFile(file('bad-resource.json', [{ activity: 'A' }, { activity: 'B', resource: 7 }])), /bad-resource\.json: event 2 has a "resource" that is not a string: 7/);
  assert.throws(() => readEventsFile(file('bad-time.json', [{ activity: 'A', timestamp: 'soon' }])), /bad-time\.json: event 1 has a timestamp that is not a date/);
  assert.throws(() => readEventsFile(file('broken.json', '[{"activity": ')), /broken\.json: cannot read a JSON file of events/);
  assert.deepEqual(parseStep('Check credit@2024-03-01T10:00Z'), { activity: 'Check credit', time: Date.UTC(2024, 2, 1, 10) });
  assert.deepEqual(parseStep('me@home'), { activity: 'me@home' }, 'a part after @ that is no date stays in the activity');
});
