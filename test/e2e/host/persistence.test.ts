/**
 * What the UI cannot see: training through the command honours the settings, and the agent
 * lands on disk in the configured folder (.process-agent/ by default) in a form the CLI reads.
 * The server for these tests sets processAgent.preset = tiny and processAgent.epochs = 3.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const AGENT_FILES = ['agent.ckpt', 'config.json', 'tokenizer.json', 'eval.json'];

interface Outcome {
  result: { cancelled?: boolean; epochsRun: number };
  report?: { agent: { accuracy: number } };
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri.fsPath;
}

async function train(): Promise<Outcome> {
  const outcome = await vscode.commands.executeCommand<Outcome | undefined>('processAgent.train');
  assert.ok(outcome, 'Train Agent returned nothing: it did not run (see the Process Agent output channel)');
  assert.notEqual(outcome.result.cancelled, true);
  return outcome;
}

function assertAgentIn(dir: string): Record<string, unknown> {
  for (const f of AGENT_FILES) assert.ok(existsSync(path.join(dir, f)), `${f} missing in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
}

describe('training and persistence', () => {
  const config = () => vscode.workspace.getConfiguration('processAgent');

  after(async () => {
    await config().update('agentFolder', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('trains with the configured preset and epochs and saves the agent in .process-agent/', async () => {
    assert.equal(config().get('agentFolder'), '.process-agent');
    const outcome = await train();
    assert.ok(outcome.result.epochsRun <= 3, `ran ${outcome.result.epochsRun} epochs, the setting allows 3`);
    const saved = assertAgentIn(path.join(workspaceRoot(), '.process-agent'));
    assert.equal(saved.preset, 'tiny');
    assert.equal(saved.epochs, 3);
    const report = JSON.parse(readFileSync(path.join(workspaceRoot(), '.process-agent', 'eval.json'), 'utf8')) as { agent: { accuracy: number } };
    assert.equal(report.agent.accuracy, outcome.report?.agent.accuracy, 'eval.json differs from what the run reported');
  });

  it('saves to the folder named by processAgent.agentFolder', async () => {
    await config().update('agentFolder', 'agents/second', vscode.ConfigurationTarget.Workspace);
    assert.equal(config().get('agentFolder'), 'agents/second');
    await train();
    assertAgentIn(path.join(workspaceRoot(), 'agents/second'));
  });
});
