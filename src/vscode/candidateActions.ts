/**
 * What the Process Map panel's candidate buttons do: "Open as spec" opens the run as an
 * untitled pspec document beside the panel; "Export BPMN" asks where, then writes BPMN 2.0 XML
 * (a sub-process of service tasks). The text itself comes from src/core/insight/export.ts.
 */
import * as vscode from 'vscode';
import { candidateToBpmn, candidateToPspec } from '../core/insight/export';
import type { AutomationCandidate } from '../core/insight/types';
import { bpmnFileName } from './mapModel';

export async function openCandidateAsSpec(c: AutomationCandidate): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'processspec', content: candidateToPspec(c) });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return doc;
}

/** Returns the file written, or undefined when the person cancelled the save dialog. */
export async function exportCandidateBpmn(c: AutomationCandidate): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = bpmnFileName(c);
  const target = await vscode.window.showSaveDialog({
    title: 'Export automation candidate as BPMN',
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { 'BPMN 2.0': ['bpmn'] },
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  const xml = await candidateToBpmn(c);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(xml));
  const open = 'Open';
  void vscode.window.showInformationMessage(`Process Agent: exported ${c.steps.length} steps to ${vscode.workspace.asRelativePath(target)}.`, open).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
  });
  return target;
}
