/** Small Markdown and SVG renderings of matrices for hovers. */
import type { Matrix } from '../core/matrix/matrix';
import { COLOR_SCHEMES } from './colorMaps';
import type { ColorMapName } from './protocol';

/** At most this many rows and columns are shown in a hover table; the rest is elided (`⋯`). */
export const HOVER_TABLE_LIMIT = 8;

export function formatHoverNumber(x: number): string {
  if (x === -Infinity) return '−∞';
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(4)).toString().replace('-', '−');
}

function pickIndices(n: number, limit: number): (number | null)[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((limit - 1) / 2), tail = limit - 1 - head;
  return [...Array.from({ length: head }, (_, i) => i), null, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/**
 * The matrix as an aligned text table in a code block, up to 8 × 8, then elided in the middle (`⋯`, `⋮`):
 * a header row of column indices, a rule, and row labels set apart from the values by `│`. Hovers render
 * Markdown tables without cell padding (`[1, 0, 0]` read `0 1 0 0`), so the columns are aligned here.
 *
 * ```text
 *        │ 0  1  2
 * ───────┼────────
 * word_1 │ 1  0  0
 * ```
 */
export function matrixTable(m: Matrix, rowLabels?: readonly string[]): string {
  const rows = pickIndices(m.rows, HOVER_TABLE_LIMIT), cols = pickIndices(m.cols, HOVER_TABLE_LIMIT);
  const labels = rows.map((i) => (i === null ? '⋮' : plain(rowLabels?.[i] ?? String(i))));
  const cells = rows.map((i) => cols.map((j) => (i === null ? '⋮' : j === null ? '⋯' : formatHoverNumber(m.data[i * m.cols + j]))));
  const heads = cols.map((j) => (j === null ? '⋯' : String(j)));
  const widths = heads.map((t, k) => Math.max(t.length, ...cells.map((r) => r[k].length)));
  const labelWidth = Math.max(1, ...labels.map((l) => l.length));
  const line = (label: string, values: readonly string[]): string => `${label.padEnd(labelWidth)} │ ${values.map((v, k) => v.padStart(widths[k])).join('  ')}`.trimEnd();
  const rule = `${'─'.repeat(labelWidth + 1)}┼${'─'.repeat(widths.reduce((a, w) => a + w, 0) + 2 * widths.length - 1)}`;
  return ['```text', line('', heads), rule, ...labels.map((l, r) => line(l, cells[r])), '```'].join('\n');
}

/**
 * User text (a name, a label, a derivation, a message) as literal Markdown: every ASCII punctuation mark
 * Markdown gives a meaning to is backslash-escaped (CommonMark allows escaping any of them), so a file cannot
 * make a hover show a link, an image, HTML, an autolink (`<…>`, `https://…`), emphasis or a table cell break.
 * Line breaks become spaces.
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~:&$"'=]/g, '\\$&');
}

/** A label as plain text on one line (no backticks that could close the code block). */
function plain(s: string): string {
  return s.replace(/[`\r\n]/g, ' ');
}

/** A small heatmap of the matrix as an SVG data URI (the chosen colour map, blue for `theme`; up to 48 × 48 cells sampled). */
export function heatmapDataUri(m: Matrix, colorMap: ColorMapName = 'theme'): string {
  const color = colorMap === 'theme' ? blue : COLOR_SCHEMES[colorMap];
  const rows = Math.min(m.rows, 48), cols = Math.min(m.cols, 48);
  const cellPx = Math.max(4, Math.min(24, Math.floor(160 / Math.max(rows, cols))));
  let lo = Infinity, hi = -Infinity;
  for (const x of m.data) if (Number.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  const span = hi > lo ? hi - lo : 1;
  const rects: string[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = m.data[Math.floor((i * m.rows) / rows) * m.cols + Math.floor((j * m.cols) / cols)];
      const t = Number.isFinite(x) ? (x - lo) / span : 0;
      rects.push(`<rect x="${j * cellPx}" y="${i * cellPx}" width="${cellPx}" height="${cellPx}" fill="${color(t)}"${Number.isFinite(x) ? '' : ' fill-opacity="0.15"'}/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${cols * cellPx}" height="${rows * cellPx}">${rects.join('')}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** A sequential blue from light (t = 0) to dark (t = 1). */
function blue(t: number): string {
  const a = [239, 246, 255], b = [8, 69, 148];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** A bar of width ∝ `w` (0…1) in eighths of a block. */
export function bar(w: number, width = 12): string {
  const eighths = Math.round(Math.max(0, Math.min(1, w)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1] : '');
}
