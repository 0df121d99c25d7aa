// The `stats` subcommand end to end, through the real CLI entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'stats', ...args], { cwd: ROOT, encoding: 'utf8' });

test('stats --json prints one object with cases, events, activities and the read report', () => {
  const r = cli('test/fixtures/log/features.xes', '--json', '--classifier', 'name+lifecycle');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.cases, 2);
  assert.equal(out.events, 4);
  assert.equal(out.activities, 4);
  assert.equal(out.report.format, 'xes');
  assert.deepEqual(out.traceLength.histogram, [{ length: 1, count: 1 }, { length: 3, count: 1 }]);
});

test('stats on a bad file: one sentence naming the file, exit code 1, no stack trace', () => {
  const r = cli('test/fixtures/log/does-not-exist.csv');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does-not-exist\.csv: file not found/);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  const bad = cli('x.csv', '--classifier', 'bogus');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--classifier must be/);
  const workers = cli('x.xes', '--xes-workers', 'two');
  assert.equal(workers.status, 2);
  assert.match(workers.stderr, /--xes-workers must be a whole number/);
});
