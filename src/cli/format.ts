/** Plain-text rendering of matrices and steps for the terminal: aligned columns, labelled rows. */
import type { Matrix } from '../core/matrix/matrix';

/** A number as the CLI prints it: up to 8 significant digits, `-inf` for a masked entry. */
export function formatNumber(x: number): string {
  if (x === -Infinity) return '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return Number(x.toPrecision(8)).toString();
}

/** The matrix as a table with row and column labels, columns right-aligned. */
export function formatTable(m: Matrix, rowLabels: readonly string[], colLabels: readonly string[], indent = '  '): string {
  const cells: string[][] = [];
  for (let i = 0; i < m.rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < m.cols; j++) row.push(formatNumber(m.data[i * m.cols + j]));
    cells.push(row);
  }
  const labelWidth = Math.max(0, ...rowLabels.map((l) => l.length));
  const widths = colLabels.map((l, j) => Math.max(l.length, ...cells.map((r) => r[j].length)));
  const lines = [indent + ' '.repeat(labelWidth) + '  ' + colLabels.map((l, j) => l.padStart(widths[j])).join('  ')];
  cells.forEach((r, i) => lines.push(indent + (rowLabels[i] ?? String(i)).padEnd(labelWidth) + '  ' + r.map((c, j) => c.padStart(widths[j])).join('  ')));
  return lines.join('\n');
}

/** LaTeX formula reduced to something readable in a terminal. */
export function plainFormula(latex: string): string {
  return latex
    .replace(/\\begin\{cases\}.*\\end\{cases\}/, '(logit if j ≤ i, −∞ otherwise)')
    .replace(/\\frac\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g, '($1) / ($2)')
    .replace(/\\sqrt\{([^{}]*)\}/g, '√$1')
    .replace(/\^\{\\top\}/g, 'ᵀ')
    .replace(/\\operatorname\{([^}]*)\}/g, '$1')
    .replace(/\\left|\\right/g, '')
    .replace(/\\texttt\{([^}]*)\}/g, '$1')
    .replace(/\\_/g, '_')
    .replace(/_\{([^}]*)\}/g, '_$1')
    .replace(/\\,|\\ /g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
