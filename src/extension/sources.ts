/**
 * What to compute on, from the editor the user is in: the selection (or the whole file) of a text editor,
 * or, in a notebook, the cells up to the focused one (the selection in that cell, or the whole notebook).
 */
import * as vscode from 'vscode';
import { languageForDocument, supportedLanguagesText } from '../core/parse/languages';
import type { LanguageId, SourceDocument, Target } from '../core/parse/types';

/** The sources of one computation and where their results point back to. */
export interface ComputeInput {
  /** The document or notebook the panel belongs to. */
  readonly uri: vscode.Uri;
  readonly title: string;
  readonly sources: readonly SourceDocument[];
  readonly target?: Target;
  /** The text document of each source (a notebook's cells), for revealing ranges. */
  readonly documents: readonly vscode.Uri[];
  /** The version of each source's text document when it was read (the panel follows edits by them). */
  readonly versions: readonly number[];
}

/** The language the parser should read a document as (by language id, else by file name). */
export function languageOf(doc: vscode.TextDocument): LanguageId | undefined {
  return languageForDocument(doc.languageId, doc.fileName);
}

/** The notebook that holds a cell's text document, if it is one. */
export function notebookOf(doc: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (doc.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === doc));
}

/** A notebook's cells as the parser's sources (code cells by their language, markdown cells as Markdown), with their documents and versions. */
export function notebookSourcesOf(nb: vscode.NotebookDocument): { sources: SourceDocument[]; documents: vscode.Uri[]; versions: number[] } {
  const cells = nb.getCells();
  return {
    versions: cells.map((c) => c.document.version),
    sources: cells.map((c) => ({
      text: c.document.getText(),
      language: c.kind === vscode.NotebookCellKind.Markup ? 'markdown' : (languageOf(c.document) ?? 'python'),
    })),
    documents: cells.map((c) => c.document.uri),
  };
}

function toTarget(source: number, sel: vscode.Selection | undefined): Target {
  if (!sel || sel.isEmpty) return { source };
  return { source, range: { start: { line: sel.start.line, character: sel.start.character }, end: { line: sel.end.line, character: sel.end.character } } };
}

/** The input for the active editor, or a message saying why there is none. */
export function inputFromActiveEditor(): ComputeInput | string {
  const editor = vscode.window.activeTextEditor;
  const nbEditor = vscode.window.activeNotebookEditor;
  if (editor) {
    const nb = notebookOf(editor.document);
    if (nb) return notebookInput(nb, editor.document, editor.selection);
    return textInput(editor.document, editor.selection);
  }
  if (nbEditor) return notebookInput(nbEditor.notebook, undefined, undefined);
  return NO_FILE_MESSAGE;
}

/** What to do when a command runs with no file open (the commands are always in the palette). */
export const NO_FILE_MESSAGE = `Open a file (${supportedLanguagesText()}) or a notebook, select the code that defines the matrices, and run the command again.`;

/** The input for a whole document or notebook by URI (used when a restored panel computes again). */
export function inputForUri(uri: vscode.Uri): ComputeInput | undefined {
  const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
  if (nb) return notebookInput(nb, undefined, undefined);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return doc ? textInputOrUndefined(doc) : undefined;
}

function textInputOrUndefined(doc: vscode.TextDocument): ComputeInput | undefined {
  const r = textInput(doc, undefined);
  return typeof r === 'string' ? undefined : r;
}

export function textInput(doc: vscode.TextDocument, sel: vscode.Selection | undefined): ComputeInput | string {
  const language = languageOf(doc);
  if (!language) {
    return `Attention Explorer does not read ${doc.languageId} files (supported: notebooks, ${supportedLanguagesText()}).`;
  }
  const name = doc.uri.path.split('/').pop() ?? doc.uri.toString();
  const target = toTarget(0, sel);
  return {
    uri: doc.uri,
    title: `${name}${target.range ? ` (lines ${target.range.start.line + 1}–${target.range.end.line + 1})` : ''}`,
    sources: [{ text: doc.getText(), language }],
    target,
    documents: [doc.uri],
    versions: [doc.version],
  };
}

function notebookInput(nb: vscode.NotebookDocument, cellDoc: vscode.TextDocument | undefined, sel: vscode.Selection | undefined): ComputeInput {
  const { sources, documents, versions } = notebookSourcesOf(nb);
  const name = nb.uri.path.split('/').pop() ?? 'notebook';
  const cellIndex = cellDoc ? nb.getCells().findIndex((c) => c.document === cellDoc) : -1;
  const target = cellIndex >= 0 && sel && !sel.isEmpty ? toTarget(cellIndex, sel) : undefined;
  return {
    uri: nb.uri,
    title: target ? `${name} (cell ${cellIndex + 1})` : name,
    sources,
    ...(target ? { target } : {}),
    documents,
    versions,
  };
}
