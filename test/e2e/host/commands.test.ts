/** What the UI cannot see: the command registry after activation. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'process-agent.process-agent';

describe('activation', () => {
  it('activates and registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in the extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 9, `only ${contributed.length} commands contributed`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
