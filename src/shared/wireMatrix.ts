/** Reading entries of matrices as they arrive on the wire. */
import type { WireMatrix } from './protocol';

/** Entry (i, j); `null` is a masked entry (−∞). */
export function entry(m: WireMatrix, i: number, j: number): number | null {
  return m.values[i * m.cols + j];
}

/** Entry (i, j) as a number, `−∞` for a masked entry. */
export function numericEntry(m: WireMatrix, i: number, j: number): number {
  return m.values[i * m.cols + j] ?? -Infinity;
}

/** Smallest and largest finite entries (`undefined` when there are none). */
export function finiteRange(m: WireMatrix): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of m.values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : undefined;
}
