/** Plain-text rendering of matrices and steps for the terminal: aligned columns, labelled rows. */
import type { Matrix } from '../core/matrix/matrix';

/** A number as the CLI prints it: up to 8 significant digits, `-inf` for a masked entry. */
export function formatNumber(x: number): string {
  if (x === -Infinity) return '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return Number(x.toPrecision(8)).toString();
}

/** Like NumPy's printing: matrices of more than 1000 entries show 3 rows and columns at each edge, and `…`. */
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

function edges(n: number, summarise: boolean): (number | null)[] {
  if (!summarise || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE_ITEMS }, (_, i) => i), null, ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)];
}

/** The matrix as a table with row and column labels, columns right-aligned (summarised when large). */
export function formatTable(m: Matrix, rowLabels: readonly string[], colLabels: readonly string[], indent = '  '): string {
  const summarise = m.rows * m.cols > SUMMARY_THRESHOLD;
  const rows = edges(m.rows, summarise), cols = edges(m.cols, summarise);
  const header = cols.map((j) => (j === null ? '…' : colLabels[j] ?? String(j)));
  const cells = rows.map((i) => cols.map((j) => (i === null ? (j === null ? '⋱' : '⋮') : j === null ? '…' : formatNumber(m.data[i * m.cols + j]))));
  const labels = rows.map((i) => (i === null ? '⋮' : rowLabels[i] ?? String(i)));
  const labelWidth = Math.max(0, ...labels.map((l) => l.length));
  const widths = header.map((l, j) => Math.max(l.length, ...cells.map((r) => r[j].length)));
  const lines = [indent + ' '.repeat(labelWidth) + '  ' + header.map((l, j) => l.padStart(widths[j])).join('  ')];
  cells.forEach((r, i) => lines.push(indent + labels[i].padEnd(labelWidth) + '  ' + r.map((c, j) => c.padStart(widths[j])).join('  ')));
  return lines.join('\n');
}
