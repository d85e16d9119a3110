/**
 * R's numeric values as the evaluator models them: a vector, or a matrix when it has `dim` (stored
 * column-major, as R stores it), with optional row names.
 */
import { InputError } from '../../errors';
import type { ParseLimits } from '../types';
import { checkSize } from '../literal/report';

export interface RValue {
  /** The entries; column-major when `dim` is set. */
  readonly data: readonly number[];
  /** `[nrow, ncol]` for a matrix. */
  readonly dim?: readonly [number, number];
  readonly rowNames?: readonly string[];
}

/** Thrown when an expression is not one the evaluator models (an unknown name or function): skipped quietly. */
export class NotModelled extends Error {}

/** Rows and columns of a value: a vector is a column for `cbind` and a row elsewhere, as R treats it. */
export function dims(v: RValue): readonly [number, number] {
  return v.dim ?? [1, v.data.length];
}

/** Entry (i, j) of a matrix (or of a vector seen as one row). */
export function entry(v: RValue, i: number, j: number): number {
  return v.dim ? v.data[j * v.dim[0] + i] : v.data[j];
}

/** The rows of a value for display: a vector is one row `1 × n`. */
export function toRows(v: RValue): number[][] {
  const [r, c] = dims(v);
  return Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => entry(v, i, j)));
}

/** A matrix from rows. */
export function fromRowsR(rows: readonly (readonly number[])[], rowNames?: readonly string[]): RValue {
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const data: number[] = new Array<number>(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = rows[i][j];
  return { data, dim: [r, c], ...(rowNames ? { rowNames } : {}) };
}

/**
 * R's `matrix(data, nrow, ncol, byrow)`: the data fill the matrix by column (by row with `byrow`); a missing
 * `nrow` or `ncol` is computed from the data's length.
 * @throws InputError when the data do not fill the matrix exactly (R would recycle them with a warning).
 */
export function fillMatrix(data: readonly number[], nrow: number | undefined, ncol: number | undefined, byrow: boolean, limits: ParseLimits): RValue {
  const len = data.length;
  if (len === 0) throw new NotModelled();
  const r = nrow ?? (ncol === undefined ? len : Math.ceil(len / ncol));
  const c = ncol ?? (nrow === undefined ? 1 : Math.ceil(len / r));
  for (const [what, n] of [['nrow', r], ['ncol', c]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new InputError(`matrix: ${what} = ${n} is not a positive whole number`);
  }
  checkSize(r, c, limits);
  if (len > r * c || (r * c) % len !== 0) {
    throw new InputError(`matrix: ${len} data entries do not fill ${r} × ${c} (R would recycle them with a warning)`);
  }
  const out: number[] = new Array<number>(r * c);
  for (let k = 0; k < r * c; k++) {
    const i = byrow ? Math.floor(k / c) : k % r;
    const j = byrow ? k % c : Math.floor(k / r);
    out[j * r + i] = data[k % len];
  }
  return { data: out, dim: [r, c] };
}

/**
 * R's `rbind` (`columns` false) or `cbind` (true): vectors become rows (columns), matrices add their rows
 * (columns); a single number is repeated. `labels` name the rows of `rbind`.
 * @throws InputError `ragged rows: row 1 has 2 entries but row 0 has 3` when lengths differ.
 */
export function bind(parts: readonly { value: RValue; label?: string }[], columns: boolean, limits: ParseLimits): RValue {
  const lines: { data: number[]; label?: string }[] = [];
  for (const { value, label } of parts) {
    if (!value.dim) { lines.push({ data: [...value.data], ...(label !== undefined ? { label } : {}) }); continue; }
    const [r, c] = value.dim;
    const n = columns ? c : r;
    for (let k = 0; k < n; k++) {
      const data = Array.from({ length: columns ? r : c }, (_, t) => (columns ? entry(value, t, k) : entry(value, k, t)));
      const name = columns ? undefined : value.rowNames?.[k];
      lines.push({ data, ...(name !== undefined ? { label: name } : {}) });
    }
  }
  const ref = Math.max(0, lines.findIndex((l) => l.data.length > 1));
  const width = lines[ref]?.data.length ?? 0;
  const word = columns ? 'column' : 'row';
  lines.forEach((l, k) => {
    if (l.data.length === 1 && width > 1) l.data = new Array<number>(width).fill(l.data[0]);
    else if (l.data.length !== width) throw new InputError(`ragged ${word}s: ${word} ${k} has ${l.data.length} entries but ${word} ${ref} has ${width}`);
  });
  checkSize(lines.length, width, limits);
  const rows = lines.map((l) => l.data);
  if (columns) return fromRowsR(Array.from({ length: width }, (_, i) => rows.map((col) => col[i])));
  const labels = lines.map((l) => l.label);
  return fromRowsR(rows, labels.every((l): l is string => l !== undefined && l !== '') ? labels : undefined);
}
