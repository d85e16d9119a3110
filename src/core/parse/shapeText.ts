/** How the surfaces (CLI, hovers, inlay hints, explorer) write the shape of a found matrix or N-D array. */
import type { NamedMatrix } from '../attention/types';

/** `4 × 3` for a matrix (a vector is `1 × n`), NumPy's `(2, 4, 8)` for an array of 3 or more dimensions. */
export function foundShapeText(m: Pick<NamedMatrix, 'matrix' | 'ndShape'>): string {
  return m.ndShape ? `(${m.ndShape.join(', ')})` : `${m.matrix.rows} × ${m.matrix.cols}`;
}

/**
 * For an array of 3 or more dimensions, the index of the 2-D slice that is displayed (`x[0]` for 3-D,
 * `x[0, 0]` for 4-D); undefined for matrices and vectors.
 */
export function displayedSlice(m: Pick<NamedMatrix, 'name' | 'ndShape'>): string | undefined {
  if (!m.ndShape) return undefined;
  return `${m.name ?? 'array'}[${m.ndShape.slice(2).map(() => '0').join(', ')}]`;
}
