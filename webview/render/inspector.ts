/**
 * The `.cell-explanation` line under a matrix: says where the hovered or focused cell is and how it was
 * computed. One per matrix; `aria-live` so screen readers hear it as the focus moves.
 */
import { h } from '../dom';
import { formatNumber, fullValue } from '../format';
import { entry } from '../matrix';
import type { MatrixModel } from './matrixModel';

export interface CellInspector {
  readonly element: HTMLElement;
  show(i: number, j: number): void;
}

export function cellInspector(model: MatrixModel, hint: string): CellInspector {
  const element = h('div', { className: 'cell-explanation idle', attrs: { 'aria-live': 'polite' } }, hint ? [h('span', { className: 'hint', text: hint })] : []);
  let shown = '';
  return {
    element,
    show(i, j) {
      const key = `${i},${j}`;
      if (key === shown) return;
      shown = key;
      const v = entry(model.matrix, i, j);
      const where = h('span', {
        className: 'where',
        text: `${axisText(model.rowAxis, 'row', model.rowLabels[i] ?? String(i))}, ${axisText(model.colAxis, 'col', model.colLabels[j] ?? String(j))}`,
      });
      const text = model.explain?.(i, j) ?? `${formatNumber(v, model.digits)}`;
      // Spaces between the parts keep `textContent` (and what screen readers say) readable.
      const parts: (Node | string)[] = [where, ' ', h('code', { className: 'expr', text })];
      if (v !== null && formatNumber(v, model.digits) !== fullValue(v).replace('-', '\u2212')) {
        parts.push(' ', h('span', { className: 'full', text: `exact ${fullValue(v)}` }));
      }
      element.classList.remove('idle');
      element.replaceChildren(...parts);
    },
  };
}

/** `query word_1`, `dim 0`, `row 2`, or just the label (a token name) when nothing more is known. */
function axisText(axis: string | undefined, fallback: string, label: string): string {
  if (axis) return `${axis} ${label}`;
  return /^\d+$/.test(label) ? `${fallback} ${label}` : label;
}
