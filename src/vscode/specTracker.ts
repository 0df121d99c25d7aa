/**
 * Which spec the Process Map panel lays over the log: the spec document last active in a text
 * editor (the panel itself takes focus, so "active" means "last active before it"), or else a
 * visible one. It fires when that spec changes, is edited (debounced) or is closed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { formatOfDocument } from './specDocuments';

const EDIT_DEBOUNCE_MS = 400;

export class SpecTracker extends Disposable {
  private doc: vscode.TextDocument | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.doc = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].map((e) => e?.document).find((d) => d && formatOfDocument(d));
    this.register(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && formatOfDocument(e.document) && e.document !== this.doc) {
          this.doc = e.document;
          this.changed.fire();
        }
      }),
    );
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.doc) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.changed.fire(), EDIT_DEBOUNCE_MS);
      }),
    );
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d !== this.doc) return;
        this.doc = vscode.window.visibleTextEditors.map((e) => e.document).find((x) => x !== d && formatOfDocument(x));
        this.changed.fire();
      }),
    );
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  /** The tracked spec's name, format and text, or undefined when no spec is open. */
  current(): { name: string; format: NonNullable<ReturnType<typeof formatOfDocument>>; text: string } | undefined {
    const d = this.doc;
    const format = d && !d.isClosed ? formatOfDocument(d) : undefined;
    if (!d || !format) return undefined;
    const name = d.isUntitled ? d.uri.path : path.basename(d.fileName);
    return { name, format, text: d.getText() };
  }
}
