/** The documents the editor features (hovers, inlay hints, CodeLens, diagnostics) apply to. */
import type * as vscode from 'vscode';

const LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'matlab', 'octave', 'julia', 'latex', 'tex', 'markdown', 'r', 'c', 'cpp', 'java', 'csharp', 'rust', 'go', 'wolfram', 'mathematica'];

/**
 * File extensions whose language VS Code may not know (a `.m` file opens as Objective-C, `.jl` and `.wl` as
 * plain text without their extensions installed): matched by name as well.
 */
const EXTENSIONS = ['m', 'jl', 'R', 'r', 'tex', 'wl', 'wls', 'nb', 'md', 'py', 'js', 'ts', 'c', 'h', 'cpp', 'cc', 'cxx', 'hpp', 'java', 'cs', 'rs', 'go'];

export const DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  ...LANGUAGES.flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
    { language, scheme: 'vscode-notebook-cell' },
    { language, scheme: 'vscode-remote' },
  ]),
  { pattern: `**/*.{${EXTENSIONS.join(',')}}` },
];
