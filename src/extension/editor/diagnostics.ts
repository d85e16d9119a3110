/**
 * Diagnostics for what cannot work (a ragged literal, `Q @ K` with mismatched inner dimensions), from the
 * document index, with a quick fix where one is obvious (transposing an operand). Fixes are workspace edits:
 * undoable, and only applied when the user picks them.
 */
import * as vscode from 'vscode';
import { problemCode } from '../../core/parse/problem';
import type { Problem, ProblemFix } from '../../core/parse/types';
import type { IndexEntry } from '../index/indexService';

const SOURCE = 'Attention Explorer';

const toRange = (r: Problem['range']): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export class ShapeDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('attention-explorer');
  /** The fix of each diagnostic, by document and diagnostic. */
  private readonly fixes = new WeakMap<vscode.Diagnostic, ProblemFix>();

  /** Publishes the problems of an index (one diagnostic list per document or cell). */
  update(entry: IndexEntry): void {
    entry.documents.forEach((uri, source) => {
      const list = entry.extraction.problems.filter((p) => p.source === source).map((p) => {
        const d = new vscode.Diagnostic(toRange(p.focus ?? p.range), p.message, vscode.DiagnosticSeverity.Error);
        d.source = SOURCE;
        d.code = problemCode(p);
        if (p.fix) this.fixes.set(d, p.fix);
        return d;
      });
      this.collection.set(uri, list);
    });
  }

  /** Forgets the diagnostics of closed documents. */
  clear(uris: readonly vscode.Uri[]): void {
    for (const u of uris) this.collection.delete(u);
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const fix = this.fixes.get(d);
      if (!fix || d.source !== SOURCE) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, toRange(fix.range), fix.newText);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
