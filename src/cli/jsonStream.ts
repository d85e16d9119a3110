/**
 * Writes a JSON document in pieces, so that the output for large matrices (millions of entries) never has to
 * exist as one string. Matrices are written from their float64 data, a block of rows at a time: given the
 * WebAssembly formatter (./numberFormat.ts), a large matrix's block becomes the bytes of its text there, with
 * no JavaScript array or string in between; otherwise a block of rows is one `JSON.stringify` call (the
 * fastest number formatting V8 has), whose text (ASCII), given a byte writer, is encoded once as Latin-1
 * bytes. Both give the same text. A matrix that appears more than once in the document (the `weights` and
 * `output` steps are also the top-level `weights` and `output`, as the CLI's contract requires) is formatted
 * and encoded once and its bytes written again. `−∞` (a masked score) is `null`; NaN is the string `"NaN"` and
 * `+∞` the string `"Infinity"` (JSON has neither), so a NaN result is never mistaken for a masked entry.
 */
import { writeSync } from 'node:fs';
import type { Matrix } from '../core/matrix/matrix';
import type { WasmNumberFormat } from './numberFormat';

/** About this many numbers are formatted per `JSON.stringify` call. */
const BLOCK_ENTRIES = 1 << 16;
/** A matrix's piece of text at least this long is written as bytes (a shorter one joins the buffered text). */
const MIN_BYTES = 1 << 16;
/**
 * Matrices of at least this many entries are formatted by the WebAssembly formatter, when given (smaller ones
 * by `JSON.stringify`: a document of small matrices, like the tutorial's, never compiles the formatter).
 */
const MIN_WASM_ENTRIES = 4096;

/** Thrown when the reader of the output went away (EPIPE, e.g. `| head -c 100`): the CLI stops quietly. */
export class OutputClosed extends Error {
  override readonly name = 'OutputClosed';
}

/**
 * Writes to a file descriptor in pieces of about 1 MB, synchronously: a slow reader slows the writer down
 * (backpressure, no output piling up in memory); `EAGAIN`/`ENOBUFS` wait and retry; `EPIPE` throws
 * {@link OutputClosed}.
 */
export class FdWriter {
  private buffer = '';
  private closed = false;

  constructor(private readonly fd: number) {}

  write(s: string): void {
    if (this.closed) throw new OutputClosed();
    this.buffer += s;
    if (this.buffer.length > 1 << 20) this.flush();
  }

  /** Bytes written as they are, after the text written before them. */
  writeBytes(bytes: Uint8Array): void {
    if (this.closed) throw new OutputClosed();
    this.flush();
    this.writeAll(bytes);
  }

  flush(): void {
    if (this.closed || !this.buffer) return;
    const bytes = Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    this.writeAll(bytes);
  }

  private writeAll(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.fd, bytes, at, bytes.length - at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'ENOBUFS') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // the reader is slow: wait a little
          continue;
        }
        this.closed = true;
        if (code === 'EPIPE') throw new OutputClosed();
        throw e;
      }
    }
  }
}

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && (x as Matrix).data instanceof Float64Array && typeof (x as Matrix).rows === 'number';
}

function number(x: number): string {
  if (Number.isFinite(x)) return String(x);
  return Number.isNaN(x) ? '"NaN"' : x > 0 ? '"Infinity"' : 'null';
}

/** The JSON text of rows `i0 … i1 − 1` of `m` by `JSON.stringify`, `[a,…],[…]`, without enclosing brackets. */
function stringifyRows(m: Matrix, i0: number, i1: number): string {
  // Rows copied by a plain loop (several times faster than Array.from on a typed array), noting NaN and +∞.
  const rows: number[][] = new Array<number[]>(i1 - i0);
  const data = m.data, cols = m.cols;
  let special = false;
  for (let i = i0; i < i1; i++) {
    const row = new Array<number>(cols);
    for (let j = 0, k = i * cols; j < cols; j++, k++) {
      const x = data[k];
      if (x !== x || x === Infinity) special = true; // x !== x: NaN
      row[j] = x;
    }
    rows[i - i0] = row;
  }
  const text = special ? JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) && v !== -Infinity ? (Number.isNaN(v) ? 'NaN' : 'Infinity') : v)) : JSON.stringify(rows);
  return text.slice(1, -1);
}

/**
 * The matrix as JSON text in pieces: `[`, blocks of rows separated by commas, `]`. A block formatted by
 * `format` is bytes, a view valid only until `emit` returns; the others are strings.
 */
function matrixChunks(m: Matrix, emit: (chunk: string | Uint8Array) => void, format: WasmNumberFormat | undefined): void {
  const block = Math.max(1, Math.floor(BLOCK_ENTRIES / Math.max(1, m.cols)));
  emit('[');
  for (let i0 = 0; i0 < m.rows; i0 += block) {
    const i1 = Math.min(m.rows, i0 + block);
    const bytes = format?.rows(m, i0, i1, i0 > 0);
    emit(bytes ?? `${i0 ? ',' : ''}${stringifyRows(m, i0, i1)}`);
  }
  emit(']');
}

/** Counts how often each matrix object occurs in `value`. */
function countMatrices(value: unknown, counts: Map<Matrix, number>): void {
  if (isMatrix(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
  else if (Array.isArray(value)) for (const v of value) countMatrices(v, counts);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) countMatrices(v, counts);
}

/**
 * Writes `value` as JSON through `write`; {@link Matrix} values become arrays of rows, written through
 * `writeBytes` (as the bytes of their ASCII text) when it is given, else through `write`. The bytes given to
 * `writeBytes` may be a view of memory that is reused once it returns: it must write or copy them at once.
 * `numbers` gives the WebAssembly formatter (called when a large matrix is first written; undefined: none).
 */
export function writeJson(value: unknown, write: (chunk: string) => void, writeBytes?: (bytes: Uint8Array) => void, numbers?: () => WasmNumberFormat | undefined): void {
  const counts = new Map<Matrix, number>();
  countMatrices(value, counts);
  const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  // A piece kept to be written again: text (short), or bytes of its own.
  const keep = (c: string | Uint8Array): string | Uint8Array => {
    if (typeof c !== 'string') return writeBytes ? c.slice() : latin1(c);
    return writeBytes && c.length >= MIN_BYTES ? Buffer.from(c, 'latin1') : c;
  };
  const again = (c: string | Uint8Array): void => (typeof c === 'string' ? write(c) : writeBytes ? writeBytes(c) : write(latin1(c)));
  const matrix = (c: string | Uint8Array): void => again(typeof c === 'string' ? keep(c) : c);
  const format = (m: Matrix): WasmNumberFormat | undefined => (numbers && m.rows * m.cols >= MIN_WASM_ENTRIES ? numbers() : undefined);
  writeValue(value, { text: write, matrix, keep, again, format }, counts, new Map());
}

/**
 * Where the pieces go: text, a matrix's piece, a matrix's piece kept (encoded, copied) to be written again;
 * and the formatter for a matrix.
 */
interface Out {
  readonly text: (chunk: string) => void;
  readonly matrix: (chunk: string | Uint8Array) => void;
  readonly keep: (chunk: string | Uint8Array) => string | Uint8Array;
  readonly again: (piece: string | Uint8Array) => void;
  readonly format: (m: Matrix) => WasmNumberFormat | undefined;
}

function writeValue(value: unknown, out: Out, counts: Map<Matrix, number>, cache: Map<Matrix, (string | Uint8Array)[]>): void {
  const write = out.text;
  if (isMatrix(value)) {
    const cached = cache.get(value);
    if (cached) {
      for (const c of cached) out.again(c);
      return;
    }
    if ((counts.get(value) ?? 0) > 1) {
      const pieces: (string | Uint8Array)[] = [];
      matrixChunks(value, (c) => pieces.push(out.keep(c)), out.format(value));
      cache.set(value, pieces);
      for (const c of pieces) out.again(c);
      return;
    }
    matrixChunks(value, out.matrix, out.format(value));
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    value.forEach((v, i) => {
      if (i) write(',');
      writeValue(v, out, counts, cache);
    });
    write(']');
    return;
  }
  if (typeof value === 'object' && value !== null) {
    write('{');
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      write(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      writeValue(v, out, counts, cache);
    }
    write('}');
    return;
  }
  write(typeof value === 'number' ? number(value) : JSON.stringify(value) ?? 'null');
}
