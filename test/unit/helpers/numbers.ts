import assert from 'node:assert/strict';
import { type Matrix, toRows } from '../../../src/core/matrix/matrix';

/** Tolerance of every numeric comparison against NumPy (absolute, and relative for large values). */
export const TOL = 1e-9;

/** Asserts `actual` equals the NumPy reference `expected` entry by entry (null = −∞), to {@link TOL}. */
export function assertClose(actual: Matrix | number[][], expected: readonly (readonly (number | null)[])[], what: string): void {
  const rows = Array.isArray(actual) ? actual : toRows(actual);
  assert.equal(rows.length, expected.length, `${what}: ${rows.length} rows, expected ${expected.length}`);
  rows.forEach((row, i) => {
    assert.equal(row.length, expected[i].length, `${what}: row ${i} has ${row.length} entries, expected ${expected[i].length}`);
    row.forEach((x, j) => {
      const e = expected[i][j];
      if (e === null) {
        assert.equal(x, -Infinity, `${what}[${i}][${j}] = ${x}, expected -inf`);
        return;
      }
      const tol = TOL * Math.max(1, Math.abs(e));
      assert.ok(Math.abs(x - e) <= tol, `${what}[${i}][${j}] = ${x}, expected ${e} (±${tol})`);
    });
  });
}
