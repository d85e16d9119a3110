/**
 * A matrix as an accessible table with a heatmap background: `th scope` headers, a caption, one
 * `td.cell[data-row][data-col][data-value]` per entry, keyboard-focusable, explained on hover and focus: the
 * explanation (and the cell's tooltip) is computed when a cell is hovered or focused, not for every cell up front.
 */
import { h } from '../dom';
import { formatNumber, fullValue } from '../format';
import { entry } from '../matrix';
import { enableGridNavigation } from './gridNav';
import type { CellInspector } from './inspector';
import type { MatrixModel } from './matrixModel';

/**
 * Extra per-row columns (the attention-weight diagnostics), placed between the row labels and the matrix:
 * a wide matrix scrolls sideways in a narrow panel, and these stay in view at its start.
 */
export interface TrailingColumns {
  readonly headers: readonly { readonly text: string; readonly title: string }[];
  readonly cells: (i: number) => readonly HTMLTableCellElement[];
}

export function matrixTable(model: MatrixModel, inspector: CellInspector, trailing?: TrailingColumns): HTMLTableElement {
  const { matrix, rowLabels, colLabels, scale, digits } = model;
  const table = h('table', { className: 'matrix' });
  table.append(h('caption', { className: 'sr-only', text: model.caption }));

  const head = h('tr', {}, [h('td', { className: 'corner' })]);
  const extra = trailing?.headers ?? [];
  for (const [k, t] of extra.entries()) {
    head.append(h('th', { className: k === extra.length - 1 ? 'diag diag-last' : 'diag', text: t.text, title: t.title, attrs: { scope: 'col' } }));
  }
  for (let j = 0; j < matrix.cols; j++) head.append(h('th', { text: colLabels[j] ?? String(j), attrs: { scope: 'col' } }));
  table.append(h('thead', {}, [head]));

  const body = h('tbody');
  const grid: HTMLTableCellElement[][] = [];
  for (let i = 0; i < matrix.rows; i++) {
    const tr = h('tr', {}, [h('th', { text: rowLabels[i] ?? String(i), attrs: { scope: 'row' } })]);
    if (trailing) tr.append(...trailing.cells(i));
    const row: HTMLTableCellElement[] = [];
    for (let j = 0; j < matrix.cols; j++) {
      const v = entry(matrix, i, j);
      const td = h('td', {
        className: 'cell',
        text: formatNumber(v, digits),
        dataset: { row: String(i), col: String(j), value: fullValue(v) },
      });
      td.tabIndex = -1;
      const paint = scale.paint(v, i);
      if (paint.masked) td.classList.add('masked');
      if (paint.negative) td.classList.add('negative');
      td.style.setProperty('--t', paint.t.toFixed(3));
      if (paint.background) {
        td.style.backgroundColor = paint.background;
        td.classList.add('filled');
      }
      if (paint.foreground) td.style.color = paint.foreground;
      row.push(td);
      tr.append(td);
    }
    grid.push(row);
    body.append(tr);
  }
  table.append(body);

  const cellAt = (t: EventTarget | null): HTMLElement | undefined =>
    t instanceof HTMLElement && t.classList.contains('cell') ? t : undefined;
  const inspect = (e: Event): void => {
    const td = cellAt(e.target);
    if (!td) return;
    const i = Number(td.dataset.row);
    const j = Number(td.dataset.col);
    // The tooltip too, on demand: before the browser shows it (it waits for the pointer to rest).
    if (!td.hasAttribute('title')) {
      const explanation = model.explain?.(i, j);
      const full = fullValue(entry(matrix, i, j));
      td.title = explanation ? `${full}\n${explanation}` : full;
    }
    inspector.show(i, j);
  };
  table.addEventListener('mouseover', inspect);
  table.addEventListener('focusin', inspect);
  table.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') inspect(e);
  });
  enableGridNavigation(table, grid);
  return table;
}
