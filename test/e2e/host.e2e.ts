/**
 * Runs the mocha tests in host/ inside VS Code's extension host: a second code-server started with
 * the smoke-test driver (which also hides toasts, so the UI checks use their own server), the
 * repository as the extension under development, and the bundled tests as extensionTestsPath.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext } from './lib/browser';
import { CodeServer } from './lib/codeServer';
import { assertToolsInstalled, repoRoot } from './lib/paths';
import { makeWorkspace, type Workspace } from './lib/workspace';

const hostBundle = path.join(repoRoot, 'out/e2e-host/index.js');

interface HostResult {
  title?: string;
  state?: 'passed' | 'failed' | 'pending';
  error?: string;
  summary?: boolean;
  passes?: number;
  failures?: number;
}

describe('in-host tests (mocha inside the extension host)', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let ws: Workspace | undefined;
  let results: HostResult[] = [];
  let exitCode: number | undefined;
  let resultsDir: string | undefined;

  before(async () => {
    assertToolsInstalled();
    assert.ok(existsSync(hostBundle), `${hostBundle} is missing (scripts/e2e-run.mjs bundles it)`);
    ws = makeWorkspace('host');
    // Outside the workspace, so the tests' own output does not show up in it.
    resultsDir = mkdtempSync(path.join(os.tmpdir(), 'pa-host-results-'));
    const resultsFile = path.join(resultsDir, 'results.jsonl');
    server = await CodeServer.start({
      name: 'host',
      smokeTestDriver: true,
      env: { E2E_HOST_RESULTS: resultsFile, E2E_LOG: ws.log },
      settings: { 'git.enabled': false, 'processAgent.preset': 'tiny', 'processAgent.epochs': 3 },
    });
    browser = await launchBrowser();
    const page = await (await newContext(browser)).newPage();
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(hostBundle)],
    ]);
    await page.goto(server.folderUrl(ws.dir, { payload }), { waitUntil: 'domcontentloaded' });
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 6 * 60_000).unref());
    const outcome = await Promise.race([exited, timeout]);
    exitCode = outcome === 'timeout' ? undefined : outcome;
    if (existsSync(resultsFile)) {
      results = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HostResult);
    }
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    ws?.dispose();
    if (resultsDir) rmSync(resultsDir, { recursive: true, force: true });
  });

  it('finishes and reports an exit code through the smoke-test driver', () => {
    assert.notEqual(exitCode, undefined, 'the extension host never called codeAutomationExit');
    const summary = results.find((r) => r.summary);
    assert.ok(summary, `no mocha summary in the results:\n${JSON.stringify(results, null, 2)}`);
    assert.ok((summary.passes ?? 0) + (summary.failures ?? 0) > 0, 'mocha ran no test inside the host');
  });

  it('every in-host test passed', () => {
    const tests = results.filter((r) => !r.summary);
    for (const t of tests) console.log(`  [host] ${t.state === 'passed' ? 'ok' : t.state} - ${t.title}${t.error ? `\n${t.error}` : ''}`);
    const failed = tests.filter((t) => t.state === 'failed');
    assert.deepEqual(failed.map((t) => t.title), [], failed.map((t) => t.error).join('\n\n'));
    assert.equal(exitCode, 0);
  });
});
