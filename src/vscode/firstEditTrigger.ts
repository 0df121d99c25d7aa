/**
 * Ghost text from the very first keystrokes in a spec editor.
 *
 * VS Code creates an editor's inline-completions controller lazily ("eventually": when the
 * window is next idle, which on a busy machine is seconds after a file opens), and the
 * controller only reacts to edits made after it exists. So steps typed right after opening a
 * spec got no ghost text until the next edit: in code-server 1.139 on 2 cores, 3 of 3 runs
 * that typed within a second of opening, none after a 15 s wait; the provider was never
 * called. An explicit trigger (`editor.action.inlineSuggest.trigger`) creates the controller and
 * asks at the cursor, so it is sent once, on an editor's first edit; later edits reach the
 * controller by themselves.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { ExtensionSettings } from './settings';
import { formatOfDocument } from './specDocuments';

export class FirstEditTrigger extends Disposable {
  /** Editors already asked (one per tab shown; asking again would only repeat a fetch). */
  private readonly asked = new WeakSet<vscode.TextEditor>();

  constructor(private readonly settings: () => ExtensionSettings) {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document !== e.document || e.contentChanges.length === 0 || this.asked.has(editor)) return;
    const format = formatOfDocument(e.document);
    const s = this.settings();
    if (!format || !s.completionEnabled || !s.completionFormats[format]) return;
    // The person may have turned ghost text off for this language; an explicit trigger would override that.
    if (!vscode.workspace.getConfiguration('editor.inlineSuggest', e.document).get('enabled', true)) return;
    this.asked.add(editor);
    void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
  }
}
