import type { NamedMatrix } from '../attention/types';
import type { SourceRange } from '../range';

/** The host languages the parser reads. */
export type LanguageId = 'python' | 'javascript' | 'typescript' | 'javascriptreact' | 'typescriptreact' | 'markdown';

/** One text the parser reads: a file, or one cell of a notebook (cells are read in order as one program). */
export interface SourceDocument {
  readonly text: string;
  readonly language: LanguageId;
}

/** A matrix found in the sources: where it is (source index = cell index for notebooks) and how it was obtained. */
export interface FoundMatrix extends NamedMatrix {
  readonly source: number;
  /** The expression that produced it, as written (`random.randint(3, size=(3, 3))`, `words @ W_Q`). */
  readonly expression: string;
}

/** Something wrong in the sources (a ragged literal, a shape mismatch), with where it is. */
export interface Problem {
  readonly message: string;
  readonly range: SourceRange;
  readonly source: number;
  /** The names the offending statement defines. */
  readonly names: readonly string[];
}

export interface Extraction {
  /** Every matrix-valued name or literal, in source order; a name defined twice appears twice. */
  readonly matrices: readonly FoundMatrix[];
  readonly problems: readonly Problem[];
}

/** Limits on what the parser accepts (all settings, with these defaults). */
export interface ParseLimits {
  /** Largest text accepted, in characters (default 2,000,000). */
  readonly maxTextLength: number;
  /** Largest number of entries of one matrix (default 4,194,304). */
  readonly maxElements: number;
  /** Deepest nesting of expressions (default 64). */
  readonly maxNestingDepth: number;
  /** Most arithmetic operations one evaluation may spend (default 200,000,000). */
  readonly maxWork: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxTextLength: 2_000_000,
  maxElements: 2048 * 2048,
  maxNestingDepth: 64,
  maxWork: 200_000_000,
};

/** Which part of the sources to report: one source (cell), optionally only a selection of it. */
export interface Target {
  readonly source: number;
  readonly range?: SourceRange;
}
