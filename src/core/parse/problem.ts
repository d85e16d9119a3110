/**
 * Problems made from errors: the problem keeps the error as data (`detail`, an `in-statement` error naming the
 * statement's line and what it defines) and its message is that error's sentence, composed here only.
 */
import { type ErrorDetail, describeError, rootError } from '../errors';
import type { SourceRange } from '../range';
import type { Problem, ProblemFix } from './types';

export interface ProblemParts {
  /** What the statement defines, as the message names it (`W_K`, `Q, K`, `list`); none for a bare line. */
  readonly subject?: string;
  /** What the statement raised. */
  readonly cause: ErrorDetail;
  readonly range: SourceRange;
  readonly source: number;
  readonly names: readonly string[];
  readonly focus?: SourceRange;
  readonly fix?: ProblemFix;
}

/** The problem of a statement at `range` (its line is `range.start.line + 1`): `W_K (line 7): ragged rows: …`. */
export function makeProblem(p: ProblemParts): Problem {
  const detail: ErrorDetail = { kind: 'in-statement', line: p.range.start.line + 1, ...(p.subject !== undefined ? { subject: p.subject } : {}), cause: p.cause };
  return {
    message: describeError(detail), detail, range: p.range, source: p.source, names: p.names,
    ...(p.focus ? { focus: p.focus } : {}), ...(p.fix ? { fix: p.fix } : {}),
  };
}

/** `p` moved down by `lines` lines (an edit above it): its ranges and the line its message names move together. */
export function moveProblem(p: Problem, lines: number, move: (r: SourceRange) => SourceRange): Problem {
  const detail: ErrorDetail = p.detail.kind === 'in-statement' ? { ...p.detail, line: p.detail.line + lines } : p.detail;
  return {
    ...p, detail, message: describeError(detail), range: move(p.range),
    ...(p.focus ? { focus: move(p.focus) } : {}),
    ...(p.fix ? { fix: { ...p.fix, range: move(p.fix.range) } } : {}),
  };
}

/** The code a problem's diagnostic carries, from what its statement raised (never from its text). */
export function problemCode(p: Problem): 'ragged-rows' | 'shape-mismatch' | 'invalid-matrix' {
  const kind = rootError(p.detail).kind;
  if (kind === 'ragged-rows') return 'ragged-rows';
  return kind === 'inner-dimensions' || kind === 'broadcast' || kind === 'not-broadcastable' || kind === 'dk-differs' ? 'shape-mismatch' : 'invalid-matrix';
}
