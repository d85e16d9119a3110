/**
 * Finds MATLAB/Octave matrix literals (`.m`): `W_Q = [1 0 2; 0 1 1];`, commas or spaces between entries, `;` or
 * newlines between rows, `...` continuations, `%`/`#` comments, `'` transposes, rows from earlier names
 * (`X = [x1; x2]`, labelled `x1`, `x2`). `[1 -2]` is two entries and `[1 - 2]` one, as MATLAB reads them.
 * `[1; 2; 3]` is `3 × 1`, as in MATLAB. Brackets in calls (`max(A, [], 2)`) and indexing are not matrices.
 */
import { type BracketDialect, joinTokens } from '../literal/brackets';
import { collectBracketLiterals } from '../literal/bracketStatements';
import { MatrixCollector, type NotationResult } from '../literal/report';
import type { ParseLimits, SourceDocument, Target } from '../types';
import { lexMatlab } from './lexer';

const MATLAB: BracketDialect = {
  julia: false,
  // Element-wise operators are the scalar ones on numbers.
  elementText: (tokens) => joinTokens(tokens, (t) => (t.kind === 'op' && /^\.[*/^]$/.test(t.text) ? t.text.slice(1) : t.text)),
  typePrefixes: new Set(),
};

/**
 * The matrix literals of one MATLAB/Octave source, in order. Only what overlaps `target.range` is reported.
 * Non-numeric literals are skipped; ragged rows are a problem (`W_K (line 7): ragged rows: …`).
 * @throws InputError when the text is longer than `limits.maxTextLength`.
 */
export function extractMatlab(doc: SourceDocument, source: number, target: Target | undefined, limits: ParseLimits): NotationResult {
  const collector = new MatrixCollector(doc, source, target, limits);
  collectBracketLiterals(doc.text, lexMatlab(doc.text), MATLAB, collector, true);
  return collector.done();
}
