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
