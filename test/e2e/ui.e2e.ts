/**
 * The extension as a new user meets it, in real VS Code (code-server 4.139 / VS Code 1.139),
 * installed from the packaged VSIX into a fresh server, with a workspace holding the project's
 * sample log and spec files. Steps run in order and share one server and one window; the
 * extension's own CLI is the oracle for every number and prediction the editor shows.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliEval, cliPredict, type CliEval } from './lib/cli';
import { closeSession, openSession, withFailureShot, type Session } from './lib/suite';
import { extensionHostErrors } from './lib/hostLog';

const EXTENSION_ID = 'process-agent.process-agent';
/** Small and quick: the point is the editor, not the model (the trainer has its own benchmarks). */
const TRAIN_SETTINGS = { 'processAgent.preset': 'tiny', 'processAgent.epochs': 4 };
/** Steps of the sample process (samples/loan.pspec uses the same names). */
const PREFIX = ['Submit online application', 'Check completeness'];

describe('Process Agent in VS Code, as a new user', { timeout: 20 * 60_000 }, () => {
  let s: Session | undefined;
  let agentDir = '';
  /** The CLI's evaluation of the agent the first run saved. */
  let trainedEval: CliEval | undefined;

  /** One scenario step; on failure a screenshot named after it is saved. */
  const step = (name: string, fn: (s: Session) => Promise<void>) =>
    it(name, () => {
      assert.ok(s, 'the session did not start');
      return withFailureShot(s.wb, name, () => fn(s!));
    });

  before(async () => {
    s = await openSession('ui', {
      settings: {
        ...TRAIN_SETTINGS,
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        // Word suggestions would take the Enter meant for a new line while the test types steps.
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.wordBasedSuggestions': 'off',
        'markdown.editor.filePaste.enabled': 'never',
      },
    });
    agentDir = path.join(s.ws.dir, '.process-agent');
  });
  after(() => closeSession(s));

  step('1. shows the Process Agent container and activates when it is opened', async ({ wb, server }) => {
    const item = wb.activityBarItem('Process Agent');
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    await wb.screenshot('01-workbench');
    await wb.showContainer('Process Agent');
    await waitFor(() => server.extensionHostLogs().some((l) => l.text.includes(`_doActivateExtension ${EXTENSION_ID}`)), 60_000, 'activation in the extension host log');
    const dash = wb.webview();
    await dash.locator('#eval-empty').waitFor({ timeout: 60_000 });
    // The sample log was found and summarised before any training.
    await dash.locator('#logs-list li.log').filter({ hasText: /loan-sample\.csv/ }).filter({ hasText: /cases/ }).waitFor({ timeout: 60_000 });
  });

  step('2. trains from the command palette and ends with the accuracy beside a baseline', async ({ wb }) => {
    await wb.runCommand('Process Agent: Train Agent');
    await wb.waitForToast(/Process Agent: training/, 60_000);
    const done = await wb.waitForToast(/agent trained/, 10 * 60_000);
    await wb.screenshot('03-training-finished');
    const m = /accuracy (\d+(?:\.\d+)?)% vs best baseline ([\w-]+) (\d+(?:\.\d+)?)%/.exec(done);
    assert.ok(m, `the final message names no accuracy and baseline: "${done}"`);
    const cli = cliEval(s!.ws.log, agentDir);
    trainedEval = cli;
    assert.equal(m[1], (100 * cli.accuracy).toFixed(1), 'final message accuracy differs from the CLI eval of the saved agent');
    const best = Math.max(...Object.values(cli.baselines).map((b) => b.accuracy));
    assert.equal(m[3], (100 * best).toFixed(1), 'final message baseline differs from the best baseline of the CLI eval');
    await wb.statusBarItem(/Agent epoch|Process Agent: starting/).waitFor({ state: 'detached', timeout: 30_000 });
  });

  step('3. the dashboard shows the loss curve and the evaluation the CLI computes', async ({ wb }) => {
    await wb.showContainer('Process Agent');
    const dash = wb.webview();
    const loss = dash.locator('#loss-chart');
    await waitFor(async () => Number(await loss.getAttribute('data-points')) > 0, 30_000, 'points on the loss chart');
    const cli = cliEval(s!.ws.log, agentDir);
    const protocol = await dash.locator('#eval-protocol').innerText({ timeout: 30_000 });
    assert.ok(protocol.includes(cli.protocol.description), `protocol "${protocol}" does not state "${cli.protocol.description}"`);
    const value = async (id: string) => Number(await dash.locator(`#${id}`).getAttribute('data-value'));
    assert.ok(Math.abs((await value('eval-agent-accuracy')) - cli.accuracy) < 1e-9, 'agent accuracy differs from the CLI');
    assert.ok(Math.abs((await value('eval-agent-top3')) - cli.top3) < 1e-9, 'agent top-3 differs from the CLI');
    for (const b of ['last1', 'ngram', 'prefix']) {
      assert.ok(Math.abs((await value(`eval-${b}-accuracy`)) - cli.baselines[b].accuracy) < 1e-9, `${b} baseline differs from the CLI`);
    }
    // The trust line: what is served, as the CLI says.
    const servedLine = await dash.locator('#trust-served').innerText({ timeout: 30_000 });
    const servedWant = cli.served.kind === 'agent' ? 'Serving the agent' : `Serving ${cli.served.name}`;
    assert.ok(servedLine.startsWith(servedWant), `trust line "${servedLine}" does not start "${servedWant}"`);
    // For the screenshot only. The panel re-renders when a late update reaches it (seen once in
    // CI: "Element is not attached to the DOM" mid-scroll, after every check above passed), so
    // the scroll is retried on the re-rendered element.
    await waitFor(async () => dash.locator('#eval-protocol').scrollIntoViewIfNeeded({ timeout: 2_000 }).then(() => true, () => false), 10_000, 'the protocol line scrolled into view');
    await wb.screenshot('04-dashboard-after-training');
  });

  step('4. in a .pspec file: ghost text completes the step the CLI predicts from the first keystrokes, Tab accepts it, the hover shows the next-step distribution', async ({ wb }) => {
    await wb.openFile('loan.pspec');
    // Typed at once after opening: VS Code creates an editor's inline-completion controller
    // lazily, and before FirstEditTrigger (src/vscode/firstEditTrigger.ts) such steps got no
    // ghost text until the next edit.
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type(PREFIX[0]);
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type(PREFIX[1]);
    await wb.page.keyboard.press('Enter');
    const expected = cliPredict(agentDir, PREFIX).next[0].activity;
    const ghost = await wb.readGhostText(30_000).catch(async (e: Error) => {
      throw new Error(`${e.message}\nlines: ${JSON.stringify(await wb.editorLines())}`);
    });
    assert.equal(ghost.trim(), expected);
    await wb.screenshot('05-ghost-text-pspec');
    await wb.page.keyboard.press('Tab');
    await waitFor(async () => (await wb.editorLines()).some((l) => l.trim() === expected), 10_000, `"${expected}" in the editor after Tab`);
    await wb.ghostText().first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    // The hover on a step lists the agent's next steps, most likely first, as the CLI ranks them.
    const hover = await wb.hoverText(PREFIX[0], /next step/, 60_000);
    const firstRow = /next step\s+probability\s*\n([^\t\n]+)\t/.exec(hover)?.[1]?.trim();
    assert.equal(firstRow, cliPredict(agentDir, PREFIX.slice(0, 1)).next[0].activity, `hover: ${hover}`);
    await wb.page.mouse.move(0, 0);
    await wb.page.keyboard.press('Escape');
  });

  step('5. completes the next step in a Markdown step list too', async ({ wb }) => {
    await wb.openFile('loan.process.md');
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type(`1. ${PREFIX[0]}`);
    await wb.page.keyboard.press('Enter');
    const expected = cliPredict(agentDir, PREFIX.slice(0, 1)).next[0].activity;
    const ghost = (await wb.readGhostText(30_000)).trim();
    assert.ok(ghost.endsWith(expected), `ghost text "${ghost}" does not end with the CLI's "${expected}"`);
    await wb.screenshot('06-ghost-text-markdown');
    await wb.page.keyboard.press('Tab');
    await waitFor(async () => (await wb.editorLines()).some((l) => /^\s*(?:\d+[.)]|[-*+])\s+/.test(l) && l.trim().endsWith(expected)), 10_000, `a list item "${expected}" after Tab`);
  });

  step('6. a cancelled run clears the status bar and keeps the previous agent', async ({ wb }) => {
    const ckpt = path.join(agentDir, 'agent.ckpt');
    const before = hash(ckpt);
    // A long run so that there is time to watch it and cancel halfway.
    const vsDir = path.join(s!.ws.dir, '.vscode');
    mkdirSync(vsDir, { recursive: true });
    writeFileSync(path.join(vsDir, 'settings.json'), JSON.stringify({ 'processAgent.epochs': 400, 'processAgent.patience': 400 }));
    // The dashboard's settings section follows the configuration: once it shows 400 epochs, so will the run.
    await wb.showContainer('Process Agent');
    const dash = wb.webview();
    await waitFor(async () => (await dash.locator('#setting-epochs').getAttribute('value')) === '400', 30_000, 'the dashboard to show 400 epochs');
    await wb.runCommand('Process Agent: Train Agent');
    const status = wb.statusBarItem(/Agent epoch/);
    await status.waitFor({ state: 'visible', timeout: 120_000 });
    // Both together: until the new run's state arrives the view may still show the last run's curve.
    await waitFor(
      async () => /epoch \d+\/400/.test(await dash.locator('#training-status').innerText()) && Number(await dash.locator('#loss-chart').getAttribute('data-points')) > 3,
      120_000,
      'live points of the new run while training',
    );
    await wb.screenshot('02-dashboard-during-training');

    const progress = wb.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: /Process Agent: training/ });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await wb.waitForToast(/training cancelled; the previous agent is unchanged/, 60_000);
    await status.waitFor({ state: 'detached', timeout: 30_000 });
    await wb.screenshot('07-cancelled');
    assert.equal(hash(ckpt), before, 'the cancelled run changed the saved agent');

    // The previous agent still loads: the dashboard shows it and the CLI evaluates it as before.
    await waitFor(async () => /Agent ready/.test(await dash.locator('#training-status').innerText()), 30_000, '"Agent ready" in the dashboard');
    const cli = cliEval(s!.ws.log, agentDir);
    assert.ok(trainedEval, 'no trained agent to compare with');
    assert.equal(cli.accuracy, trainedEval.accuracy, 'the agent after the cancelled run scores differently');
    assert.ok(Math.abs(Number(await dash.locator('#eval-agent-accuracy').getAttribute('data-value')) - cli.accuracy) < 1e-9);
  });

  step('7. no error notification and no uncaught error of the extension', async ({ wb, server }) => {
    const errors = (await wb.allNotifications()).filter((n) => n.error).map((n) => n.text);
    assert.deepEqual(errors, [], 'error notifications were shown');
    assert.deepEqual(extensionHostErrors(server, EXTENSION_ID), [], 'the extension host logged errors of the extension');
    assert.deepEqual(wb.pageErrors, [], 'the workbench page threw');
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function hash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
