import type { SourceRange } from './range';

/** An operand an error names: its name as written and its shape (`null` for a Python scalar). */
export interface ErrorOperand {
  readonly name: string;
  readonly shape: readonly number[] | null;
}

/**
 * What went wrong, as data: a kind and the fields the sentence is made of. Readers (diagnostics, the analysis,
 * the controller, the incremental evaluator) switch on `kind` and read the fields; the sentence is composed
 * by {@link describeError} only.
 * - `message`: any other problem, already a sentence (most errors: a limit, a NumPy `ValueError`).
 * - `ragged-rows`: row `row` of a nested literal has `length` entries, row 0 has `expected`; `matrix` when named.
 * - `inner-dimensions`: a matrix product whose inner dimensions differ: `matmul` (NumPy `@`), `multiply`
 *   (`A·B` of 2-D matrices) or `multiply-transposed` (`A·Bᵀ`).
 * - `broadcast`: shapes that do not broadcast in `op`; `operands` when the operator's operands are known.
 * - `not-broadcastable`: an array of shape `from` cannot take shape `to`: `broadcast_to` in `op`, an assignment
 *   to `op` (a name), or the in-place operation `op` (`x += y`), whose result must keep the shape of `x`.
 * - `dk-differs`: the query and key of a dot-product score have different widths (`Q·Kᵀ` undefined).
 * - `in-statement`: `cause` raised by the statement at 1-based `line`, which defines `subject` when set.
 */
export type ErrorDetail =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'ragged-rows'; readonly matrix?: string; readonly row: number; readonly length: number; readonly expected: number }
  | { readonly kind: 'inner-dimensions'; readonly op: 'matmul' | 'multiply' | 'multiply-transposed'; readonly left: ErrorOperand; readonly right: ErrorOperand }
  | { readonly kind: 'broadcast'; readonly op: string; readonly shapes: readonly (readonly number[])[]; readonly operands?: readonly [ErrorOperand, ErrorOperand] }
  | { readonly kind: 'not-broadcastable'; readonly form: 'broadcast-to' | 'assign' | 'in-place'; readonly op: string; readonly from: readonly number[]; readonly to: readonly number[] }
  | { readonly kind: 'dk-differs'; readonly query: ErrorOperand; readonly key: ErrorOperand }
  | { readonly kind: 'in-statement'; readonly line: number; readonly subject?: string; readonly cause: ErrorDetail };

export type ErrorKind = ErrorDetail['kind'];

/** NumPy's shape text: `(2, 3)`, `(3,)`, `()`; `(scalar)` for a Python scalar. */
const numpyShape = (s: readonly number[] | null): string => (s === null ? '(scalar)' : s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);
/** The 2-D matrix shape text: `2 × 3`. */
const gridShape = (s: readonly number[] | null): string => (s === null ? 'a scalar' : s.join(' × '));
const width = (s: readonly number[] | null): number | undefined => (s === null ? undefined : s[s.length - 1]);
const height = (s: readonly number[] | null): number | undefined => (s === null ? undefined : s[0]);

/**
 * The one sentence of an error, composed from its fields (`W_K (line 7): ragged rows: row 1 has 2 entries but
 * row 0 has 3`; `matmul: Q has shape (2, 3) and K has shape (2, 3): inner dimensions 3 and 2 differ`).
 */
export function describeError(d: ErrorDetail): string {
  switch (d.kind) {
    case 'message':
      return d.text;
    case 'ragged-rows':
      return d.matrix !== undefined
        ? `${d.matrix}: row ${d.row} has ${d.length} entries but row 0 has ${d.expected} (ragged rows)`
        : `ragged rows: row ${d.row} has ${d.length} entries but row 0 has ${d.expected}`;
    case 'inner-dimensions': {
      const { left: a, right: b } = d;
      if (d.op === 'matmul') {
        const k = width(a.shape), k2 = b.shape?.length === 1 ? b.shape[0] : b.shape?.[b.shape.length - 2];
        return `matmul: ${a.name} has shape ${numpyShape(a.shape)} and ${b.name} has shape ${numpyShape(b.shape)}: inner dimensions ${k} and ${k2} differ`;
      }
      if (d.op === 'multiply') return `cannot multiply ${a.name} (${gridShape(a.shape)}) by ${b.name} (${gridShape(b.shape)}): inner dimensions ${width(a.shape)} and ${height(b.shape)} differ`;
      return `cannot multiply ${a.name} (${gridShape(a.shape)}) by ${b.name}ᵀ (${b.name} is ${gridShape(b.shape)}): ${a.name} has ${width(a.shape)} columns but ${b.name} has ${width(b.shape)}`;
    }
    case 'broadcast': {
      const who = d.operands ? d.operands.map((o) => `${o.name} ${numpyShape(o.shape)}`).join(' and ') : 'operands';
      return `${who} could not be broadcast together with shapes ${d.shapes.map(numpyShape).join(' ')} (in ${d.op})`;
    }
    case 'not-broadcastable':
      if (d.form === 'broadcast-to') return `${d.op}: cannot broadcast an array of shape ${numpyShape(d.from)} to shape ${numpyShape(d.to)}`;
      if (d.form === 'assign') return `could not broadcast input array from shape ${numpyShape(d.from)} into shape ${numpyShape(d.to)} (assigning to ${d.op})`;
      return `ValueError: non-broadcastable output operand with shape ${numpyShape(d.to)} doesn't match the broadcast shape ${numpyShape(d.from)} (${d.op})`;
    case 'dk-differs':
      return `${d.query.name} is ${gridShape(d.query.shape)} but ${d.key.name} is ${gridShape(d.key.shape)}: d_k differs (${width(d.query.shape)} vs ${width(d.key.shape)}), so Q·Kᵀ is undefined`;
    case 'in-statement':
      return `${d.subject !== undefined ? `${d.subject} (line ${d.line})` : `line ${d.line}`}: ${describeError(d.cause)}`;
  }
}

/** The innermost cause of `d` (what a statement raised, without the statement around it). */
export function rootError(d: ErrorDetail): ErrorDetail {
  return d.kind === 'in-statement' ? rootError(d.cause) : d;
}

/**
 * A problem with the user's input (a ragged literal, a shape mismatch, a missing role, a limit exceeded).
 * `detail` says what, as data; the message is its sentence ({@link describeError}), naming the matrix, its
 * shape or its line; `range` points at the offending source text when there is one. The core throws it
 * internally and returns it as a value at its public boundary.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly detail: ErrorDetail;
  constructor(
    what: string | ErrorDetail,
    readonly range?: SourceRange,
  ) {
    const detail: ErrorDetail = typeof what === 'string' ? { kind: 'message', text: what } : what;
    super(describeError(detail));
    this.detail = detail;
  }

  /** What kind of error it is (see {@link ErrorDetail}). */
  get kind(): ErrorKind {
    return this.detail.kind;
  }
}

/** The error half of a result: a message for people, what it is as data and, when known, the source range it concerns. */
export interface ErrorInfo {
  readonly message: string;
  readonly range?: SourceRange;
  /** The error as data (its message is `describeError(detail)`), when it came from an {@link InputError}. */
  readonly detail?: ErrorDetail;
}

/** Either a value or an error, never both: errors are values at the core's public boundary. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

/** Runs `f`, turning an {@link InputError} into an error result; any other exception is a bug and is rethrown. */
export function attempt<T>(f: () => T): Result<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, error: toErrorInfo(e) };
    throw e;
  }
}

export function toErrorInfo(e: InputError): ErrorInfo {
  return e.range ? { message: e.message, range: e.range, detail: e.detail } : { message: e.message, detail: e.detail };
}

/**
 * The sentence shown for an internal error (a bug, never the user's fault): which part failed, what it said,
 * and a request to report it. Never a stack trace.
 */
export function internalErrorMessage(component: string, e: unknown): string {
  const what = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return `internal error in ${component}: ${what.slice(0, 300)} — please report this at https://github.com/attention-explorer/attention-explorer/issues with the file that caused it`;
}
