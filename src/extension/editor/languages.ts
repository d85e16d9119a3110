/** The documents the editor features (hovers, inlay hints, CodeLens, diagnostics) apply to. */
import type * as vscode from 'vscode';

const LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'matlab', 'octave', 'julia', 'latex', 'tex', 'markdown', 'r', 'c', 'cpp', 'java', 'csharp', 'rust', 'go', 'wolfram', 'mathematica'];

export const DOCUMENT_SELECTOR: vscode.DocumentSelector = LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
  { language, scheme: 'vscode-notebook-cell' },
  { language, scheme: 'vscode-remote' },
]);
