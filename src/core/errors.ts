import type { SourceRange } from './range';

/**
 * A problem with the user's input (a ragged literal, a shape mismatch, a missing role, a limit exceeded).
 * Its message names the matrix, its shape or its line; `range` points at the offending source text
 * when there is one. The core throws it internally and returns it as a value at its public boundary.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly range?: SourceRange,
  ) {
    super(message);
  }
}

/** The error half of a result: a message for people and, when known, the source range it concerns. */
export interface ErrorInfo {
  readonly message: string;
  readonly range?: SourceRange;
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
  return e.range ? { message: e.message, range: e.range } : { message: e.message };
}

/**
 * The sentence shown for an internal error (a bug, never the user's fault): which part failed, what it said,
 * and a request to report it. Never a stack trace.
 */
export function internalErrorMessage(component: string, e: unknown): string {
  const what = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return `internal error in ${component}: ${what.slice(0, 300)} — please report this at https://github.com/attention-explorer/attention-explorer/issues with the file that caused it`;
}
