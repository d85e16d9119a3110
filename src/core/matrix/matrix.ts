import { InputError } from '../errors';

/**
 * A dense row-major float64 matrix: element (i, j) is `data[i * cols + j]`.
 * A 1-D vector of n entries is a `1 × n` matrix.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A new zero-filled `rows × cols` matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * A matrix from nested rows. Throws {@link InputError} when rows differ in length
 * (`name` is used in the message).
 */
export function fromRows(rows: readonly (readonly number[])[], name = 'matrix'): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (row.length !== c) {
      throw new InputError({ kind: 'ragged-rows', matrix: name, row: i, length: row.length, expected: c });
    }
    m.data.set(row, i * c);
  }
  return m;
}

/** The rows of `m` as plain arrays (for JSON and display). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Element (i, j) of `m`. */
export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** `rows × cols` as people write it: `4 × 3`. */
export function shapeText(m: { rows: number; cols: number }): string {
  return `${m.rows} × ${m.cols}`;
}
