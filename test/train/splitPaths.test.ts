import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { loadSplit } from '../../src/core/train/logInput';
import { defaultProtocol } from '../../src/core/eval/protocol';
import { writeFixtureLog } from './fixtureLog';

test('split.json names its logs by absolute path, so eval finds them from any working folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-split-'));
  const log = join(dir, 'log.csv');
  writeFixtureLog(log, { cases: 30, seed: 2 });
  const typed = relative(process.cwd(), log);
  assert.ok(!isAbsolute(typed));
  const split = await loadSplit([typed], defaultProtocol());
  assert.deepEqual(split.saved.logs, [log]);
});
