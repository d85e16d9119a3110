/**
 * Estimated on-screen heights (CSS pixels) of what the panel draws, from shapes alone — no layout is read.
 * They decide which blocks are built before the first paint (see lazy.ts) and size the placeholders.
 */
import type { WireMatrix } from '../../src/shared/protocol';

const ROW = 21;
const MAX_CELL = 12;
const FIT_HEIGHT = 800;

/** A matrix as a table (`rows + 1` rows) or a canvas (as wide as the panel allows, at most 12 px per entry). */
export function matrixHeight(m: WireMatrix, canvasThreshold: number): number {
  if (m.rows <= canvasThreshold && m.cols <= canvasThreshold) return (m.rows + 1) * ROW + 8;
  const width = Math.max(200, window.innerWidth - 60);
  const cell = Math.min(MAX_CELL, width / Math.max(1, m.cols));
  return Math.min(m.rows * cell, FIT_HEIGHT) + 40;
}

/** A step's body: formula and description, tools, the matrix (or its lines view, if taller), legend, read-out. */
export function estimateHeight(m: WireMatrix, canvasThreshold: number, lines: boolean): number {
  const matrix = matrixHeight(m, canvasThreshold);
  return 150 + (lines ? Math.max(matrix, Math.max(m.rows, m.cols) * 22 + 40) : matrix);
}
