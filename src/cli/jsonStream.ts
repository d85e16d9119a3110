/**
 * Writes a JSON document in pieces, so that the output for large matrices (millions of entries) never has to
 * exist as one string. Matrices are written row by row straight from their float64 data; `−∞` (a masked score)
 * is `null`; NaN is the string `"NaN"` and `+∞` the string `"Infinity"` (JSON has neither), so a NaN result is
 * never mistaken for a masked entry.
 */
import type { Matrix } from '../core/matrix/matrix';

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && (x as Matrix).data instanceof Float64Array && typeof (x as Matrix).rows === 'number';
}

function number(x: number): string {
  if (Number.isFinite(x)) return String(x);
  return Number.isNaN(x) ? '"NaN"' : x > 0 ? '"Infinity"' : 'null';
}

/** Writes `value` as JSON through `write`; {@link Matrix} values become arrays of rows. */
export function writeJson(value: unknown, write: (chunk: string) => void): void {
  if (isMatrix(value)) {
    write('[');
    for (let i = 0; i < value.rows; i++) {
      const row: string[] = new Array(value.cols);
      for (let j = 0; j < value.cols; j++) row[j] = number(value.data[i * value.cols + j]);
      write(`${i ? ',' : ''}[${row.join(',')}]`);
    }
    write(']');
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    value.forEach((v, i) => {
      if (i) write(',');
      writeJson(v, write);
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
      writeJson(v, write);
    }
    write('}');
    return;
  }
  write(typeof value === 'number' ? number(value) : JSON.stringify(value) ?? 'null');
}
