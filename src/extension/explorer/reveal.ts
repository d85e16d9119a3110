/** Selecting a range of a document (or of a notebook cell) in the editor, for the explorer's links. */
import * as vscode from 'vscode';
import type { SourceRange } from '../../core/range';

/**
 * Shows `document` (a file, or a notebook cell's text document: VS Code opens its notebook), selects
 * `range` and scrolls it into view. With `preserveFocus` the keyboard stays where it is (the tree).
 */
export async function revealRange(document: vscode.Uri, range: SourceRange, preserveFocus: boolean): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(document);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus });
  const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.selection = new vscode.Selection(r.start, r.end);
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
