/**
 * A matrix as text to paste elsewhere: NumPy code, CSV, a LaTeX `bmatrix` or a Markdown table.
 * Numbers are written in the shortest form that reads back to the same float64 (JavaScript's `String(x)`,
 * the same as Python's `repr`), so NumPy code pasted into Python reproduces the values exactly.
 */
import type { Matrix } from '../matrix/matrix';

export type ExportFormat = 'numpy' | 'csv' | 'latex' | 'markdown';

export interface ExportInput {
  /** A Python identifier for the NumPy form (`output`, `weights_head_0`). */
  readonly name: string;
  readonly matrix: Matrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
}

/** The matrix in `format`. `−∞` (a masked logit) is `-np.inf`, `-inf`, `-\infty` or `−∞`. */
export function exportMatrix(input: ExportInput, format: ExportFormat): string {
  switch (format) {
    case 'numpy': return numpyCode(input);
    case 'csv': return csv(input);
    case 'latex': return latex(input);
    case 'markdown': return markdown(input);
  }
}

function rows(m: Matrix, cell: (x: number) => string): string[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), cell));
}

/** Python float literal: shortest round-trip digits; integers keep a `.0` so the array is float64. */
function pyFloat(x: number): string {
  if (x === -Infinity) return '-np.inf';
  if (x === Infinity) return 'np.inf';
  if (Number.isNaN(x)) return 'np.nan';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function numpyCode({ name, matrix }: ExportInput): string {
  const body = rows(matrix, pyFloat).map((r) => `[${r.join(', ')}]`);
  const ident = /^[A-Za-z_]\w*$/.test(name) ? name : 'matrix';
  return `${ident} = np.array([\n    ${body.join(',\n    ')},\n])\n`;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv({ matrix, rowLabels, colLabels }: ExportInput): string {
  const header = ['', ...colLabels].map(csvField).join(',');
  const body = rows(matrix, (x) => (x === -Infinity ? '-inf' : String(x))).map((r, i) => [csvField(rowLabels[i] ?? String(i)), ...r].join(','));
  return [header, ...body].join('\n') + '\n';
}

function latex({ matrix }: ExportInput): string {
  const body = rows(matrix, (x) => (x === -Infinity ? '-\\infty' : String(x))).map((r) => `  ${r.join(' & ')}`);
  return `\\begin{bmatrix}\n${body.join(' \\\\\n')}\n\\end{bmatrix}\n`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function markdown({ matrix, rowLabels, colLabels }: ExportInput): string {
  const header = `| | ${colLabels.map(mdCell).join(' | ')} |`;
  const rule = `|---|${colLabels.map(() => '---:').join('|')}|`;
  const body = rows(matrix, (x) => (x === -Infinity ? '−∞' : String(x))).map((r, i) => `| ${mdCell(rowLabels[i] ?? String(i))} | ${r.join(' | ')} |`);
  return [header, rule, ...body].join('\n') + '\n';
}
