/**
 * What every notation extractor shares: turning the rows it read into a {@link FoundMatrix} or a {@link Problem}
 * whose message names the matrix and its line, filtering by the target selection, and enforcing the limits.
 */
import { type ErrorDetail, InputError, internalErrorMessage } from '../../errors';
import { fromRows } from '../../matrix/matrix';
import type { SourceRange } from '../../range';
import { endsBefore } from '../fragment';
import type { FoundMatrix, ParseLimits, Problem, SourceDocument, Target } from '../types';
import { LineIndex } from './positions';
import { makeProblem } from '../problem';

/** A matrix as rows of numbers, with row labels when the rows came from named vectors. */
export interface Grid {
  readonly rows: readonly (readonly number[])[];
  readonly labels?: readonly string[];
}

/** A matrix literal (or definition) found in the text, not yet evaluated. */
export interface Candidate {
  /** The name it is bound to, or null for an anonymous literal. */
  readonly name: string | null;
  /** Offsets of the whole statement (a named matrix) or of the literal (an anonymous one). */
  readonly start: number;
  readonly end: number;
  /** The literal as written (shortened to 200 characters in the result). */
  readonly expression: string;
  /**
   * Reads the value: undefined when the text is not a numeric matrix (symbols, unknown names: skipped
   * quietly); throws {@link InputError} when it is one but is wrong (ragged rows, a limit exceeded).
   */
  readonly read: () => Grid | undefined;
  /** What to call an anonymous literal in messages (default `matrix`). */
  readonly kind?: string;
}

/** The extractors' result for one source. */
export interface NotationResult {
  matrices: FoundMatrix[];
  problems: Problem[];
}

/** Collects the matrices and problems of one source, reporting only what overlaps `target.range`. */
export class MatrixCollector {
  readonly lines: LineIndex;
  private readonly result: NotationResult = { matrices: [], problems: [] };

  constructor(
    doc: SourceDocument,
    private readonly source: number,
    private readonly target: Target | undefined,
    readonly limits: ParseLimits,
  ) {
    checkTextLength(doc.text, limits);
    this.lines = new LineIndex(doc.text);
    this.language = doc.language;
  }

  /** The notation read (names the reader in internal-error messages). */
  private readonly language: SourceDocument['language'];

  /** True when `range` overlaps the selection (or there is none). */
  inTarget(range: SourceRange): boolean {
    const sel = this.target?.range;
    return !sel || (!endsBefore(range.end, sel.start) && !endsBefore(sel.end, range.start));
  }

  /**
   * Evaluates `c` and records it (when inside the target) as a matrix or a problem. Returns the value, for
   * names that later literals refer to, or undefined when it was skipped or wrong.
   */
  add(c: Candidate): Grid | undefined {
    const range = this.lines.range(c.start, c.end);
    const reported = this.inTarget(range);
    if (!reported && c.name === null) return undefined;
    const label = c.name ?? c.kind ?? 'matrix';
    try {
      const grid = c.read();
      if (!grid || grid.rows.length === 0 || grid.rows[0].length === 0) return undefined;
      checkGrid(grid, this.limits);
      if (reported) {
        this.result.matrices.push({
          name: c.name, matrix: fromRows(grid.rows, label), range, source: this.source, expression: c.expression.slice(0, 200),
          ...(grid.labels ? { rowLabels: grid.labels } : {}),
        });
      }
      return grid;
    } catch (e) {
      // A bug in a reader costs only this statement: it is reported as such, and the rest of the file is read.
      const cause: ErrorDetail = e instanceof InputError ? e.detail : { kind: 'message', text: internalErrorMessage(`the ${this.language} reader`, e) };
      if (reported) this.result.problems.push(makeProblem({ subject: label, cause, range, source: this.source, names: c.name ? [c.name] : [] }));
      return undefined;
    }
  }

  /** The matrices and problems recorded so far. */
  done(): NotationResult {
    return this.result;
  }
}

/**
 * Checks that `grid` is rectangular and within the element limit.
 * @throws InputError `ragged rows: row 1 has 2 entries but row 0 has 3`, or the limit exceeded.
 */
export function checkGrid(grid: Grid, limits: ParseLimits): void {
  const cols = grid.rows[0]?.length ?? 0;
  grid.rows.forEach((row, i) => {
    if (row.length !== cols) throw new InputError({ kind: 'ragged-rows', row: i, length: row.length, expected: cols });
  });
  checkSize(grid.rows.length, cols, limits);
}

/** @throws InputError when a `rows × cols` matrix would have more entries than the limit. */
export function checkSize(rows: number, cols: number, limits: ParseLimits): void {
  if (rows * cols > limits.maxElements) {
    throw new InputError(`${rows} × ${cols} has ${rows * cols} entries, more than the limit of ${limits.maxElements} (setting attentionExplorer.limits.maxMatrixElements)`);
  }
}

/** @throws InputError when the text is longer than the limit. */
export function checkTextLength(text: string, limits: ParseLimits): void {
  if (text.length > limits.maxTextLength) {
    throw new InputError(`the text has ${text.length} characters, more than the limit of ${limits.maxTextLength} (setting attentionExplorer.limits.maxFileSize)`);
  }
}
