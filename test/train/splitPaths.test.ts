import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { loadSplit, readingFor } from '../../src/core/train/logInput';
import { defaultProtocol } from '../../src/core/eval/protocol';
import { writeFixtureLog } from './fixtureLog';
import { tempDir } from '../tempDir';

test('split.json names its logs by absolute path, so eval finds them from any working folder', async () => {
  const dir = tempDir('pa-split-');
  const log = join(dir, 'log.csv');
  writeFixtureLog(log, { cases: 30, seed: 2 });
  const typed = relative(process.cwd(), log);
  assert.ok(!isAbsolute(typed));
  const split = await loadSplit([typed], defaultProtocol());
  assert.deepEqual(split.saved.logs, [log]);
});

test('each log can have its own reading (CSV columns, OCEL object type) in one run, saved with the split', async () => {
  const dir = tempDir('pa-split-');
  // Two exports of one process whose columns no name detection could map: each needs its own mapping.
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  writeFileSync(a, 'ticket,step,when\n1,Open,2024-01-01 10:00\n1,Close,2024-01-01 11:00\n');
  writeFileSync(b, 'when;who;what\n2024-02-01 09:00;7;Open\n2024-02-01 09:30;7;Escalate\n2024-02-01 12:00;7;Close\n');
  const reading = {
    byLog: {
      [a]: { columns: { caseId: 'ticket', activity: 'step', time: 'when' } },
      [relative(process.cwd(), b)]: { columns: { caseId: 'who', activity: 'what', time: 'when' } },
    },
  };
  // A relative key does not name b: its absolute path does.
  await assert.rejects(loadSplit([a, b], defaultProtocol(), reading), /b\.csv/);
  reading.byLog[b] = reading.byLog[relative(process.cwd(), b)];
  const split = await loadSplit([a, b], defaultProtocol(), reading);
  const all = [...split.train, ...split.test].sort((x, y) => x.id.localeCompare(y.id));
  assert.deepEqual(all.map((c) => [c.id, c.events.map((e) => e.activity)]), [
    [`${a}#1`, ['Open', 'Close']],
    [`${b}#7`, ['Open', 'Escalate', 'Close']],
  ]);
  assert.deepEqual(split.saved.read, reading, 'eval rebuilds the split with the same per-log reading');
  assert.deepEqual(readingFor(reading, relative(process.cwd(), a)), { columns: { caseId: 'ticket', activity: 'step', time: 'when' } });
});
