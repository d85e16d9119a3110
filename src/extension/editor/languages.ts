/** The documents the editor features (hovers, inlay hints, CodeLens, diagnostics) apply to, from the core's language registry. */
import type * as vscode from 'vscode';
import { fileExtensions, readLanguageIds } from '../../core/parse/languages';

const SCHEMES = ['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote'];

/**
 * Documents of a language the parser reads, in any scheme the editor shows them in, and files of those
 * languages by extension whatever VS Code opened them as (a `.m` file as Objective-C, `.jl` as plain text);
 * both cases of each extension, since VS Code's globs are case-sensitive.
 */
export const DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  ...readLanguageIds().flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme }))),
  { pattern: `**/*.{${[...new Set(fileExtensions().flatMap((e) => [e, e.toUpperCase()]))].join(',')}}` },
];
