/**
 * Matrix blocks and the concatenation rules of MATLAB's and Julia's `[a b; c d]`: the blocks of a row are put
 * side by side (equal numbers of rows), the rows are stacked (equal numbers of columns).
 */
import { InputError } from '../../errors';
import type { ParseLimits } from '../types';
import { checkSize } from './report';

/**
 * A dense `rows × cols` block, row-major. `vector` marks a Julia 1-D vector (kept as a column, `n × 1`, while
 * concatenating, as Julia does, and shown as `1 × n`); `scalar` marks a single number.
 */
export interface Block {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly number[];
  readonly vector?: boolean;
  readonly scalar?: boolean;
}

/** A single number as a block. */
export function scalarBlock(x: number): Block {
  return { rows: 1, cols: 1, data: [x], scalar: true };
}

/** The transpose (MATLAB `'` and `.'`, Julia's adjoint of a real matrix); a vector becomes a `1 × n` row. */
export function transpose(b: Block): Block {
  const data: number[] = new Array<number>(b.data.length);
  for (let i = 0; i < b.rows; i++) for (let j = 0; j < b.cols; j++) data[j * b.rows + i] = b.data[i * b.cols + j];
  return { rows: b.cols, cols: b.rows, data, ...(b.scalar ? { scalar: true } : {}) };
}

/**
 * The blocks of one row side by side.
 * @throws InputError when they have different numbers of rows.
 */
export function hcat(blocks: readonly Block[], row: number, limits: ParseLimits): Block {
  const parts = blocks.filter((b) => b.rows * b.cols > 0);
  if (parts.length === 1) return parts[0];
  const rows = parts[0]?.rows ?? 0;
  const bad = parts.findIndex((b) => b.rows !== rows);
  if (bad >= 0) throw new InputError(`row ${row}: entry ${bad} has ${parts[bad].rows} rows but entry 0 has ${rows}`);
  const cols = parts.reduce((s, b) => s + b.cols, 0);
  checkSize(rows, cols, limits);
  const data: number[] = [];
  for (let i = 0; i < rows; i++) for (const b of parts) for (let j = 0; j < b.cols; j++) data.push(b.data[i * b.cols + j]);
  return { rows, cols, data };
}

/**
 * Rows stacked. With `vectors` (Julia), the result is a vector when every part is a number or a vector
 * (`[1; 2; 3]`); in MATLAB it is an `n × 1` matrix.
 * @throws InputError `ragged rows: row 1 has 2 entries but row 0 has 3` when widths differ.
 */
export function vcat(rowsOf: readonly Block[], limits: ParseLimits, vectors: boolean): Block {
  const parts = rowsOf.filter((b) => b.rows * b.cols > 0);
  if (parts.length === 1) return parts[0];
  const cols = parts[0]?.cols ?? 0;
  const bad = parts.findIndex((b) => b.cols !== cols);
  if (bad >= 0) throw new InputError({ kind: 'ragged-rows', row: bad, length: parts[bad].cols, expected: cols });
  const rows = parts.reduce((s, b) => s + b.rows, 0);
  checkSize(rows, cols, limits);
  const vector = vectors && parts.every((b) => b.scalar || b.vector);
  return { rows, cols, data: parts.flatMap((b) => b.data), ...(vector ? { vector: true } : {}) };
}

/** The rows of a block as shown: a Julia vector (`n × 1`) as one row `1 × n`. */
export function blockRows(b: Block): number[][] {
  if (b.vector) return [b.data.slice()];
  const out: number[][] = [];
  for (let i = 0; i < b.rows; i++) out.push(b.data.slice(i * b.cols, (i + 1) * b.cols));
  return out;
}
