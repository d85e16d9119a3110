/**
 * Loads web-tree-sitter and the grammars the parser uses. The host says where the `.wasm` files are
 * (next to the bundle in `dist/`, or in `node_modules` in tests); each grammar is loaded once.
 */
import { Language, Parser } from 'web-tree-sitter';

export type GrammarId = 'python' | 'javascript' | 'typescript' | 'tsx';

const GRAMMAR_FILES: Readonly<Record<GrammarId, string>> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/** Maps a file name such as `tree-sitter-python.wasm` to a path or URL the runtime can load. */
export type WasmLocator = (fileName: string) => string;

/**
 * Reads the bytes of a grammar's file at the path {@link WasmLocator} gave (a Node host's `fs.readFileSync`).
 * Without one, web-tree-sitter reads the file itself, through a dynamic `import('fs/promises')` that starts
 * Node's ES module loader (≈ 10–20 ms of CPU the first time, which a one-shot CLI run notices).
 */
export type WasmReader = (location: string) => Uint8Array;

/** Creates parsers for the grammars, loading the runtime and each grammar on first use. */
export class GrammarLoader {
  private runtime: Promise<void> | undefined;
  private readonly languages = new Map<GrammarId, Promise<Language>>();
  private readonly parsers = new Map<GrammarId, Parser>();

  constructor(private readonly locate: WasmLocator, private readonly read?: WasmReader) {}

  /** The parser for `grammar` (one per grammar, reused; JavaScript runs one parse at a time). */
  async parser(grammar: GrammarId): Promise<Parser> {
    const cached = this.parsers.get(grammar);
    if (cached) return cached;
    this.runtime ??= Parser.init({ locateFile: (name: string) => this.locate(name) });
    await this.runtime;
    let lang = this.languages.get(grammar);
    if (!lang) {
      const location = this.locate(GRAMMAR_FILES[grammar]);
      const read = this.read;
      // async: a read error rejects the promise, as web-tree-sitter's own read does
      lang = read ? (async () => Language.load(read(location)))() : Language.load(location);
      this.languages.set(grammar, lang);
    }
    const parser = new Parser();
    parser.setLanguage(await lang);
    this.parsers.set(grammar, parser);
    return parser;
  }
}

/** Where each grammar's wasm file lives in `node_modules` (for tests and scripts run from the repo). */
export function nodeModulesWasm(root: string): WasmLocator {
  // The runtime from web-tree-sitter; the grammars are the wasm builds VS Code itself ships (@vscode/tree-sitter-wasm).
  return (file) => `${root}/node_modules/${file === 'web-tree-sitter.wasm' ? 'web-tree-sitter' : '@vscode/tree-sitter-wasm/wasm'}/${file}`;
}
