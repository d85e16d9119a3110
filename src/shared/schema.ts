/**
 * The building blocks of the webview protocols' declarations (src/shared/protocol.ts, liveProtocol.ts and
 * wireSchema.ts), in valibot: each message is declared once as a schema; its TypeScript type is inferred from
 * the schema and its run-time validator is the schema itself. Here: the shared primitives (indices, ranges),
 * parsing with the first problem as a sentence for people, and the compile-time check that a wire type which
 * copies a core type agrees with its schema.
 */
import * as v from 'valibot';

/** The largest index or count accepted on the wire (indices and run numbers are below it). */
export const MAX_INDEX = 1e9;

/** A non-negative integer below {@link MAX_INDEX}: a row, column, cell, head or run number. */
export const index = (message?: string) => v.pipe(v.number(message), v.integer(message), v.minValue(0, message), v.maxValue(MAX_INDEX - 1, message));

/** A non-negative integer (a size or a count). */
export const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A finite number (never NaN or ±∞). */
export const finite = v.pipe(v.number(), v.finite());

/** A position in a document: 0-based line and UTF-16 character, nothing else. */
export const PositionSchema = v.strictObject({ line: index(), character: index() });

/** A half-open range in a document (SourceRange), nothing else. */
export const RangeSchema = v.strictObject({ start: PositionSchema, end: PositionSchema });

/** Bytes in `text` when it is base64 (with `=` padding), else -1. */
export function base64Bytes(text: string): number {
  if (text.length % 4 !== 0) return -1;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - pad;
}

/**
 * The entries of every matrix on the wire (src/shared/wireSchema.ts adds sampling and packing): row-major
 * `values` of length `rows × cols` (`null` is `−∞`), or, packed, that many float64 entries in base64.
 */
export const MATRIX_ENTRIES = { rows: index(), cols: index(), values: v.array(v.nullable(v.number())) };

/** The shape and entries of any matrix on the wire (to check them). */
export interface MatrixLike {
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly unknown[];
  readonly packed?: string;
}

/** Why a matrix does not hold `rows × cols` entries (as JSON numbers, or as packed bytes with `values` empty), or undefined. */
export function entriesProblem(m: MatrixLike): string | undefined {
  if (m.packed === undefined) return m.values.length === m.rows * m.cols ? undefined : `${m.values.length} values for a ${m.rows} × ${m.cols} matrix`;
  // The byte count only: a test of every character would cost more than JSON.parse of the message (text that
  // is not base64 decodes to no entries, webview/unpack.ts).
  const bytes = base64Bytes(m.packed);
  if (m.values.length === 0 && bytes === m.rows * m.cols * 8) return undefined;
  return `${bytes < 0 ? 'malformed' : bytes / 8} packed values for a ${m.rows} × ${m.cols} matrix`;
}

/** A matrix of the Live view: always JSON numbers, never sampled or packed. */
export const PlainMatrixSchema = v.pipe(
  v.object(MATRIX_ENTRIES, 'malformed matrix'),
  v.check((m) => !entriesProblem(m), (issue) => entriesProblem(issue.input) ?? ''),
);

/** `T` with every property and array read-only, all the way down: how the wire types are handed out. */
export type Wire<T> = T extends readonly (infer U)[]
  ? readonly Wire<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Wire<T[K]> }
    : T;

/** The wire type a schema declares (its output), read-only. */
export type WireOf<S extends v.GenericSchema> = Wire<v.InferOutput<S>>;

/**
 * `true` when `A` and `B` have the same keys and each is assignable to the other; used as
 * `Assert<Agrees<Schema output, CoreType>>` so that a wire type that is an alias of a core type
 * cannot drift from its schema (the line stops compiling).
 */
export type Agrees<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? [A] extends [B]
      ? [B] extends [A]
        ? true
        : false
      : false
    : false
  : false;

/**
 * {@link Agrees} for each member of two unions discriminated by `kind`: every kind on both sides, and each pair
 * of members with the same keys and types.
 */
export type AgreesByKind<A extends { readonly kind: string }, B extends { readonly kind: string }> = {
  [K in A['kind'] | B['kind']]: Agrees<Extract<A, { readonly kind: K }>, Extract<B, { readonly kind: K }>>;
}[A['kind'] | B['kind']];

/** Compiles only when `T` is `true`: `Assert<Agrees<A, B>>`. */
export type Assert<T extends true> = T;

/** The schema's output for `raw`, or undefined when `raw` does not conform (checking stops at the first problem). */
export function parse<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> | undefined {
  const r = v.safeParse(schema, raw, { abortEarly: true });
  return r.success ? r.output : undefined;
}

/** The first problem of `raw` against `schema` as a sentence (`head 0: step scores: 5 values for a 2 × 2 matrix`), or undefined. */
export function problem(schema: v.GenericSchema, raw: unknown): string | undefined {
  // The issues whose schema gives no message of its own: their sentence is made from the issue's data below.
  const defaulted = new WeakSet<v.BaseIssue<unknown>>();
  const message = (issue: v.BaseIssue<unknown>): string => {
    defaulted.add(issue);
    return '';
  };
  const r = v.safeParse(schema, raw, { abortEarly: true, message });
  return r.success ? undefined : issueText(r.issues[0], defaulted.has(r.issues[0]));
}

/**
 * Where in a message an issue lies, in words (`head 1`, `step scores`, `input X`), with its message;
 * `defaulted`: the issue's schema gives no message, so one is made from what was expected and found.
 */
function issueText(issue: v.BaseIssue<unknown>, defaulted: boolean): string {
  const where: string[] = [];
  let previous: unknown;
  let last: string | undefined;
  for (const item of issue.path ?? []) {
    last = pathLabel(previous, item.key, item.value);
    if (last) where.push(last);
    previous = item.key;
  }
  const key = issue.path?.[issue.path.length - 1]?.key;
  const missing = issue.input === undefined && typeof key === 'string';
  const unknown = issue.expected === 'never' && typeof key === 'string';
  // A missing or unknown key is named by the message (`missing options`, not `options: missing options`).
  if (last && (missing || unknown)) where.pop();
  return [...where, defaulted ? defaultMessage(issue, key, last !== undefined) : issue.message].join(': ');
}

/** The message of an issue whose schema gives none: a missing or unknown key, or what was expected and found. */
function defaultMessage(issue: v.BaseIssue<unknown>, key: unknown, named: boolean): string {
  if (typeof key === 'string' && issue.expected === 'never') return `unknown key ${key}`;
  if (typeof key === 'string' && issue.input === undefined) return `missing ${key}`;
  const what = named ? '' : typeof key === 'string' ? ` ${key}` : typeof key === 'number' ? ` entry ${key}` : '';
  return `malformed${what}: expected ${issue.expected ?? issue.type}, got ${issue.received}`;
}

/** Names of the parts of a message that the sentence of an issue mentions. */
const NAMED: Readonly<Record<string, string>> = { options: 'options', batch: 'batch', headGrid: 'head grid', mean: 'mean', controls: 'controls', derivation: 'derivation' };

/** Singular names of the members of a list, and which field of a member names it (else its index). */
const MEMBERS: Readonly<Record<string, readonly [string, string?]>> = {
  heads: ['head'],
  steps: ['step', 'id'],
  inputs: ['input', 'name'],
  diagnostics: ['diagnostics of query'],
  roles: ['role', 'role'],
  candidates: ['candidate', 'name'],
  scores: ['score', 'id'],
  notes: ['note'],
  problems: ['problem'],
};

function pathLabel(parent: unknown, key: unknown, value: unknown): string | undefined {
  if (typeof key === 'string') return NAMED[key];
  if (typeof key !== 'number' || typeof parent !== 'string') return undefined;
  const member = MEMBERS[parent];
  if (!member) return undefined;
  const [noun, field] = member;
  const name = field && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return `${noun} ${typeof name === 'string' ? name : key}`;
}
