/**
 * Predict Next Steps on selected steps of a spec: the step picked in the real quick pick is
 * written after the selection as the file's own next line. Runs after persistence.test.ts,
 * which leaves a trained agent in .process-agent/.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

describe('Predict Next Steps', () => {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const file = path.join(root, 'predict.pspec');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(file, { force: true });
  });

  it('inserts the picked step after the selected ones, numbered like them', async () => {
    assert.ok(existsSync(path.join(root, '.process-agent', 'agent.ckpt')), 'an agent is trained (persistence.test.ts runs first)');
    const activities = (JSON.parse(readFileSync(path.join(root, '.process-agent', 'tokenizer.json'), 'utf8')) as { activities?: string[] }).activities;
    writeFileSync(file, '# loan\n1. Submit online application\n2. Check completeness\n# notes below stay\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    editor.selection = new vscode.Selection(1, 0, 2, editor.document.lineAt(2).text.length);
    const running = vscode.commands.executeCommand('processAgent.predict');
    // Accept the first item, the most likely next step, as Enter would.
    let lines = editor.document.getText().split('\n');
    for (let tries = 0; tries < 60 && lines.length === 5; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      lines = editor.document.getText().split('\n');
    }
    await running;
    assert.equal(lines.length, 6, `one line inserted: ${JSON.stringify(lines)}`);
    assert.deepEqual([lines[0], lines[1], lines[2], lines[4]], ['# loan', '1. Submit online application', '2. Check completeness', '# notes below stay']);
    const m = /^3\. (.+)$/.exec(lines[3]);
    assert.ok(m, `the new step continues the numbering: ${lines[3]}`);
    if (activities) assert.ok(activities.includes(m[1]), `"${m[1]}" is one of the agent's activities`);
  });
});
