/**
 * The extension's Search Hyperparameters path below the UI: the worker runs the core search,
 * streams each trial, and answers with the winner, which is saved as the agent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSearch } from '../../src/core/agent/workerClient';
import { trainConfig } from '../../src/core/train/defaults';
import { agentPaths } from '../../src/core/train/agentDir';
import type { SearchTrial } from '../../src/protocol';

test('search in the worker: trials stream in, the winner is saved as the agent', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-search-worker-'));
  try {
    const rows: SearchTrial[] = [];
    const handle = startSearch(
      { logs: [resolve('test/fixtures/vscode/loan-60.csv')], agentDir: dir, base: trainConfig({ preset: 'tiny', epochs: 1, threads: 1, device: 'cpu' }), trials: 2 },
      (e) => e.type === 'trial' && rows.push(e.row),
    );
    const found = await handle.done;
    assert.equal(rows.length, 2);
    assert.deepEqual(found.table, rows);
    assert.ok(found.bestValidationAccuracy > 0 && found.bestValidationAccuracy === Math.max(...rows.map((r) => r.validationAccuracy)));
    assert.ok(found.report && found.report.agent.accuracy > 0);
    assert.ok(existsSync(agentPaths(dir).checkpoint) && existsSync(agentPaths(dir).searchTable));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
