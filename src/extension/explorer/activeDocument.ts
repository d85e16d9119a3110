/**
 * The document the explorer and the live view show: the file of the active text editor, or the notebook
 * of the active notebook editor (or of the focused cell). When focus moves to something that is not a
 * document (the attention panel, the output), the last document stays until it is closed.
 */
import * as vscode from 'vscode';
import { languageOf, notebookOf } from '../sources';

/** What the explorer shows: a document (file or notebook), or why there is none. */
export type Shown =
  | { readonly kind: 'document'; readonly uri: vscode.Uri; readonly notebook: boolean }
  | { readonly kind: 'unsupported'; readonly languageId: string }
  | { readonly kind: 'none' };

export class ActiveDocument implements vscode.Disposable {
  private current: Shown = { kind: 'none' };
  private readonly emitter = new vscode.EventEmitter<Shown>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when the shown document changes. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d.uri)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.closed(nb.uri)),
      vscode.workspace.onDidOpenNotebookDocument(() => this.update()),
    );
    this.update();
  }

  get shown(): Shown {
    return this.current;
  }

  /** The shown document or notebook, if any. */
  get uri(): vscode.Uri | undefined {
    return this.current.kind === 'document' ? this.current.uri : undefined;
  }

  private update(): void {
    const next = fromEditors();
    if (next === undefined) return; // focus left the editors: keep showing the last document
    this.set(next);
  }

  private closed(uri: vscode.Uri): void {
    if (this.current.kind === 'document' && this.current.uri.toString() === uri.toString()) this.set(fromEditors() ?? { kind: 'none' });
  }

  private set(next: Shown): void {
    if (same(next, this.current)) return;
    this.current = next;
    this.emitter.fire(next);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** What the active editors show; undefined when no document editor is active (keep the previous one). */
function fromEditors(): Shown | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== 'output') {
    const doc = editor.document;
    const nb = notebookOf(doc);
    if (nb) return { kind: 'document', uri: nb.uri, notebook: true };
    if (languageOf(doc)) return { kind: 'document', uri: doc.uri, notebook: false };
    return { kind: 'unsupported', languageId: doc.languageId };
  }
  const nbEditor = vscode.window.activeNotebookEditor;
  if (nbEditor) return { kind: 'document', uri: nbEditor.notebook.uri, notebook: true };
  return undefined;
}

function same(a: Shown, b: Shown): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'document' && b.kind === 'document') return a.uri.toString() === b.uri.toString();
  if (a.kind === 'unsupported' && b.kind === 'unsupported') return a.languageId === b.languageId;
  return true;
}
