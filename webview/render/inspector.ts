/**
 * The `.cell-explanation` line under a matrix: says where the hovered or focused cell is and how it was
 * computed. One per matrix; `aria-live` so screen readers hear it as the focus moves.
 */
import { h } from '../../webview-common/dom';
import { formatNumber, fullValue } from '../../webview-common/format';
import { entry } from '../../webview-common/matrix';
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
      // A sampled matrix: every index said is the real one.
      const row = model.matrix.sampledFrom?.rowIndex[i] ?? i;
      const col = model.matrix.sampledFrom?.colIndex[j] ?? j;
      const where = h('span', {
        className: 'where',
        text: `${axisText(model.rowAxis, 'row', row, model.rowLabels[i])}, ${axisText(model.colAxis, 'col', col, model.colLabels[j])}`,
      });
      const expr = h('code', { className: 'expr', text: model.explain?.(i, j) ?? `${formatNumber(v, model.digits)}` });
      if (model.explainReal) {
        expr.classList.add('pending');
        void model.explainReal(row, col).then((text) => {
          if (shown !== key || text === undefined) return;
          expr.textContent = text;
          expr.classList.remove('pending');
        });
      }
      // Spaces between the parts keep `textContent` (and what screen readers say) readable.
      const parts: (Node | string)[] = [where, ' ', expr];
      if (v !== null && formatNumber(v, model.digits) !== fullValue(v).replace('-', '\u2212')) {
        parts.push(' ', h('span', { className: 'full', text: `exact ${fullValue(v)}` }));
      }
      element.classList.remove('idle');
      element.replaceChildren(...parts);
    },
  };
}

/**
 * `query 0 (word_1)`, `dim 3`, `row 2`: always the 0-based index the explanations use (`q_0`, `a[0,2]`), and
 * the label when it is a name rather than that index.
 */
function axisText(axis: string | undefined, fallback: string, index: number, label: string | undefined): string {
  const named = label !== undefined && label !== String(index) ? ` (${label})` : '';
  return `${axis ?? fallback} ${index}${named}`;
}
