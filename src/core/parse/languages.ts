/**
 * The one registry of the host languages Attention Explorer reads: for each parser language, the VS Code
 * language ids that open as it, the file extensions that identify it when VS Code does not know the language,
 * and its name for people. Everything else derives from this table: the parser's `languageForFile`, the
 * extension's document selector, `languageOf`, the "supported languages" sentence, and — checked by a unit
 * test — `package.json`'s activation events, context menu and keybinding.
 */
import type { LanguageId } from './types';

/** One host language. */
export interface LanguageEntry {
  /** The parser's language. */
  readonly id: LanguageId;
  /** How people call it (in messages). */
  readonly title: string;
  /** VS Code language ids read as this language (`octave` reads as MATLAB). */
  readonly vscodeIds: readonly string[];
  /**
   * VS Code language ids a file of this language opens as when no extension for it is installed (a MATLAB `.m`
   * file opens as Objective-C, `.jl` and `.wl` as plain text): activation and the editor features need them, and
   * such a document is read as this language only when its extension matches.
   */
  readonly fallbackIds?: readonly string[];
  /** File extensions, lower case, without the dot. */
  readonly extensions: readonly string[];
}

/** The languages, in the order messages list them. */
export const LANGUAGES: readonly LanguageEntry[] = [
  { id: 'python', title: 'Python', vscodeIds: ['python'], extensions: ['py', 'pyw', 'pyi'] },
  { id: 'javascript', title: 'JavaScript', vscodeIds: ['javascript'], extensions: ['js', 'mjs', 'cjs'] },
  { id: 'javascriptreact', title: 'JavaScript React', vscodeIds: ['javascriptreact'], extensions: ['jsx'] },
  { id: 'typescript', title: 'TypeScript', vscodeIds: ['typescript'], extensions: ['ts', 'mts', 'cts'] },
  { id: 'typescriptreact', title: 'TypeScript React', vscodeIds: ['typescriptreact'], extensions: ['tsx'] },
  { id: 'matlab', title: 'MATLAB/Octave', vscodeIds: ['matlab', 'octave'], fallbackIds: ['objective-c'], extensions: ['m'] },
  { id: 'julia', title: 'Julia', vscodeIds: ['julia'], fallbackIds: ['plaintext'], extensions: ['jl'] },
  { id: 'latex', title: 'LaTeX', vscodeIds: ['latex', 'tex'], extensions: ['tex', 'latex', 'ltx'] },
  { id: 'markdown', title: 'Markdown', vscodeIds: ['markdown'], extensions: ['md', 'markdown'] },
  { id: 'r', title: 'R', vscodeIds: ['r'], extensions: ['r'] },
  { id: 'c', title: 'C', vscodeIds: ['c'], extensions: ['c', 'h'] },
  { id: 'cpp', title: 'C++', vscodeIds: ['cpp'], extensions: ['cpp', 'cc', 'cxx', 'c++', 'hpp', 'hh', 'hxx'] },
  { id: 'java', title: 'Java', vscodeIds: ['java'], extensions: ['java'] },
  { id: 'csharp', title: 'C#', vscodeIds: ['csharp'], extensions: ['cs'] },
  { id: 'rust', title: 'Rust', vscodeIds: ['rust'], extensions: ['rs'] },
  { id: 'go', title: 'Go', vscodeIds: ['go'], extensions: ['go'] },
  { id: 'mathematica', title: 'Mathematica', vscodeIds: ['wolfram', 'mathematica'], fallbackIds: ['plaintext'], extensions: ['wl', 'wls', 'nb'] },
];

/** Jupyter notebooks (`.ipynb`): their code cells are Python, their markdown cells Markdown. */
export const NOTEBOOK = { type: 'jupyter-notebook', extensions: ['ipynb'] } as const;

const BY_EXTENSION = new Map(LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l.id] as const)));
const BY_VSCODE_ID = new Map(LANGUAGES.flatMap((l) => l.vscodeIds.map((v) => [v, l.id] as const)));

/** The language of a file from its name (case-insensitive extension), or undefined when it is not one read. */
export function languageForFile(fileName: string): LanguageId | 'notebook' | undefined {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === undefined) return undefined;
  return (NOTEBOOK.extensions as readonly string[]).includes(ext) ? 'notebook' : BY_EXTENSION.get(ext);
}

/**
 * The language to read a VS Code document as: by its language id, else by its file name (a `.m` file that
 * VS Code opened as Objective-C is MATLAB). Undefined for a document Attention Explorer does not read.
 */
export function languageForDocument(vscodeLanguageId: string, fileName: string): LanguageId | undefined {
  const byId = BY_VSCODE_ID.get(vscodeLanguageId);
  if (byId) return byId;
  const byName = languageForFile(fileName);
  return byName === 'notebook' ? undefined : byName;
}

/** Every VS Code language id the extension activates on and offers its editor features to. */
export function activationLanguageIds(): string[] {
  return [...new Set(LANGUAGES.flatMap((l) => [...l.vscodeIds, ...(l.fallbackIds ?? [])]))].sort();
}

/** The VS Code language ids that are read as a language whatever the file name (no fallbacks). */
export function readLanguageIds(): string[] {
  return LANGUAGES.flatMap((l) => l.vscodeIds);
}

/** Every file extension read (lower case, no dot), notebooks excluded. */
export function fileExtensions(): string[] {
  return LANGUAGES.flatMap((l) => l.extensions);
}

/** The file extensions of the languages VS Code may open under a fallback id (matched by name). */
export function fallbackExtensions(): string[] {
  return LANGUAGES.filter((l) => l.fallbackIds).flatMap((l) => l.extensions);
}

/** "Python, JavaScript, …, Mathematica": the supported languages for messages. */
export function supportedLanguagesText(): string {
  const titles = LANGUAGES.map((l) => l.title).filter((t) => !/React$/.test(t));
  return `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}
