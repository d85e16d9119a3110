/** A matrix as a table, or as a canvas heatmap when it is larger than `canvasThreshold`, plus its inspector. */
import { h } from '../../webview-common/dom';
import { matrixCanvas } from './canvas';
import { cellInspector } from './inspector';
import type { MatrixModel } from './matrixModel';
import { matrixTable, type TrailingColumns } from './table';

export interface MatrixView {
  /** The table (in a horizontally scrolling box) or the canvas. */
  readonly element: HTMLElement;
  /** The `.cell-explanation` line. */
  readonly explanation: HTMLElement;
  readonly isCanvas: boolean;
}

export function matrixView(model: MatrixModel, canvasThreshold: number, trailing?: TrailingColumns, quiet = false): MatrixView {
  const isCanvas = model.matrix.rows > canvasThreshold || model.matrix.cols > canvasThreshold;
  const hint = quiet
    ? ''
    : isCanvas
    ? 'Hover over the heatmap, or focus it and use the arrow keys, to read an entry.'
    : model.explain
      ? 'Hover over or focus a cell to see how it was computed.'
      : 'Hover over or focus a cell to read its exact value.';
  const inspector = cellInspector(model, hint);
  const element = isCanvas
    ? matrixCanvas(model, inspector)
    : h('div', { className: 'matrix-scroll' }, [matrixTable(model, inspector, trailing)]);
  return { element, explanation: inspector.element, isCanvas };
}
