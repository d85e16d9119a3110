import type { NamedMatrix } from '../attention/types';
import type { ErrorDetail } from '../errors';
import type { SourceRange } from '../range';

/**
 * The host languages the parser reads: Python, JavaScript/TypeScript, and the matrix notations of MATLAB/Octave,
 * Julia, LaTeX (also inside Markdown), R, the C family (C, C++, Java, C#, Rust, Go) and Mathematica.
 */
export type LanguageId =
  | 'python' | 'javascript' | 'typescript' | 'javascriptreact' | 'typescriptreact' | 'markdown'
  | 'matlab' | 'julia' | 'latex' | 'r' | 'c' | 'cpp' | 'java' | 'csharp' | 'rust' | 'go' | 'mathematica';

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
  /** How it was obtained, for people: `literal`, `random.randint with seed 42`, or the expression (when unset: a literal). */
  readonly origin?: string;
  /** The range of the name in the assignment (`W_Q` in `W_Q = …`), when it has one. */
  readonly nameRange?: SourceRange;
  /**
   * For a TensorFlow tensor or JAX array: its type as the library names it (`tf.Tensor int32`, `jax.Array float32`;
   * int32 is held as int64 in {@link array}) and, when it is not bit for bit, the tolerance note.
   */
  readonly tensor?: { readonly type: string; readonly note?: string };
  /** The array as NumPy holds it (any rank, C order), when the source is a program that computes it. */
  readonly array?: FoundArray;
  /**
   * True when the values come from a random generator the program never seeds (NumPy seeds it from the operating
   * system): the numbers are one possible draw, not what the program will print. Every surface labels them.
   */
  readonly unseeded?: boolean;
  /**
   * How the values relate to the library's when they are not bit for bit (a float32 tensor computed in float64
   * and rounded: src/core/parse/python/torchPrecision.ts). Every surface shows it.
   */
  readonly precision?: string;
}

/** An N-dimensional array as NumPy has it: shape, dtype and entries in C order (bool as 0/1). */
export interface FoundArray {
  readonly shape: readonly number[];
  readonly dtype: 'bool' | 'int64' | 'float64' | 'float32';
  readonly data: Float64Array;
}

/** The note every surface shows for a matrix with {@link FoundMatrix.unseeded}. */
export const UNSEEDED_NOTE = 'one possible draw: the program never seeds the generator';

/** An edit that resolves a problem (offered as a quick fix), e.g. transposing an operand of `@`. */
export interface ProblemFix {
  readonly title: string;
  readonly range: SourceRange;
  readonly newText: string;
}

/**
 * Something wrong in the sources (a ragged literal, a shape mismatch), with where it is. Made by `makeProblem`
 * (./problem.ts): `message` is the sentence of `detail`; readers switch on `detail` (its `cause`), never on the text.
 */
export interface Problem {
  readonly message: string;
  /** The error as data: usually `in-statement` (line, what the statement defines) around what it raised. */
  readonly detail: ErrorDetail;
  readonly range: SourceRange;
  readonly source: number;
  /** The names the offending statement defines. */
  readonly names: readonly string[];
  /** The offending part of the statement (e.g. the `@` expression), when narrower than `range`. */
  readonly focus?: SourceRange;
  readonly fix?: ProblemFix;
}

/**
 * A name that has no value from a statement on: the evaluator could not compute what the statement binds or
 * changes (a construct it does not model, a condition on an unknown value, an error), so from `range` on the
 * name is unknown rather than shown with a value that may be wrong.
 */
export interface UnknownName {
  readonly name: string;
  /** The statement that made it unknown. */
  readonly range: SourceRange;
  readonly source: number;
  /** Why, for people (`name 'tokenizer' is not defined`, `the loop at line 12 depends on n, which is unknown`). */
  readonly reason: string;
  /** True when the statement is wrong (it is also a problem), not merely beyond what is evaluated. */
  readonly isError: boolean;
  /** The unknown name it depends on, when that is why. */
  readonly cause?: UnknownCause;
  /** The function it was passed to, when that is why: `reason` says so, and `cause` why the call failed. */
  readonly passedTo?: string;
}

/** An unknown name that another depends on, and why it is unknown. */
export interface UnknownCause {
  readonly name: string;
  readonly range: SourceRange;
  readonly reason: string;
  readonly cause?: UnknownCause;
}

export interface Extraction {
  /** Every matrix-valued name or literal, in source order; a name defined twice appears twice. */
  readonly matrices: readonly FoundMatrix[];
  readonly problems: readonly Problem[];
  /** The names that became unknown, in source order (Python sources only). */
  readonly unknowns?: readonly UnknownName[];
  /** The arrays the program's own functions computed inside their calls (Python sources only), in call order. */
  readonly frames?: readonly CallFrame[];
}

/**
 * One call of a function of the program (`out, w = attention(x)`, a module's `forward`), made by a
 * module-level statement outside any loop: the arrays its body bound in straight-line code (not in a loop,
 * not changed in place afterwards), each with the range of the statement inside the body that bound it — the
 * values that call computed at those lines. The attention inside a PyTorch module is found here.
 */
export interface CallFrame {
  /** The function's name (`forward`, `attention`). */
  readonly fn: string;
  readonly source: number;
  /** The module-level statement that made the call. */
  readonly call: SourceRange;
  /** The arrays, in the order the body bound them (the last binding of each name). */
  readonly matrices: readonly FoundMatrix[];
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
  /** Most loop iterations of one evaluation, all loops and comprehensions together (default 1,000,000). */
  readonly maxLoopIterations: number;
  /** Deepest chain of calls of the program's own functions (default 200). */
  readonly maxCallDepth: number;
  /** Most bytes of arrays, lists and dicts one evaluation may make, 8 an entry, 32 a dict's; a list or dict changed in place counts as a new copy (default 2 GiB). */
  readonly maxAllocatedBytes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxTextLength: 2_000_000,
  maxElements: 2048 * 2048,
  maxNestingDepth: 64,
  maxWork: 200_000_000,
  maxLoopIterations: 100_000,
  maxCallDepth: 200,
  maxAllocatedBytes: 2 * 1024 ** 3,
};

/** Which part of the sources to report: one source (cell), optionally only a selection of it. */
export interface Target {
  readonly source: number;
  readonly range?: SourceRange;
}
