/**
 * The extension as a new user meets it, in real VS Code (code-server 4.139 / VS Code 1.139),
 * installed from the packaged VSIX. Steps run in order and share one server and one window.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeSession, openSession, withFailureShot, type Session } from './lib/suite';

const EXTENSION_ID = 'process-agent.process-agent';

describe('Process Agent in VS Code', { timeout: 15 * 60_000 }, () => {
  let s: Session | undefined;
  const step = (name: string, fn: (s: Session) => Promise<void>) =>
    it(name, () => {
      assert.ok(s, 'the session did not start');
      return withFailureShot(s.wb, name, () => fn(s!));
    });

  before(async () => {
    s = await openSession('ui', {
      settings: {
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
    });
  });
  after(() => closeSession(s));

  step('shows the Process Agent container in the activity bar and activates on opening it', async ({ wb, server }) => {
    const item = wb.activityBarItem('Process Agent');
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    await wb.screenshot('01-workbench');
    await item.click();
    await wb.page.locator('.part.sidebar .composite.title').filter({ hasText: /Process Agent/ }).waitFor({ timeout: 30_000 });
    const activated = () => server.extensionHostLogs().some((l) => l.text.includes(`_doActivateExtension ${EXTENSION_ID}`));
    for (const deadline = Date.now() + 30_000; !activated() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 500));
    assert.ok(activated(), 'the extension host log shows no activation of the extension');
  });
});
