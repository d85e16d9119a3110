/**
 * A step's export toolbar: "Copy as NumPy / CSV / LaTeX / Markdown" (posts `export`; the host formats the
 * step's exact numbers and puts them on the clipboard) and "Save PNG / SVG" (the webview draws the heatmap
 * itself and posts `saveImage`; the host asks where to save it).
 * Hooks: `button.export[data-format]` (numpy, csv, latex, markdown), `button.save-image[data-format]` (png, svg).
 */
import type { ExportFormat, WireStep } from '../../src/shared/protocol';
import { codicon, h } from '../../webview-common/dom';
import { shapeText } from '../../webview-common/format';
import { heatmapPng, heatmapSvg } from '../image';
import type { RenderContext } from './context';
import type { MatrixModel } from './matrixModel';

const FORMATS: readonly { readonly format: ExportFormat; readonly label: string; readonly title: string }[] = [
  { format: 'numpy', label: 'NumPy', title: 'Copy as NumPy code (np.array with full precision)' },
  { format: 'csv', label: 'CSV', title: 'Copy as CSV' },
  { format: 'latex', label: 'LaTeX', title: 'Copy as a LaTeX bmatrix' },
  { format: 'markdown', label: 'Markdown', title: 'Copy as a Markdown table' },
];

export function stepTools(ctx: RenderContext, step: WireStep, head: number | undefined, model: MatrixModel): HTMLElement {
  const where = head === undefined ? step.title : `${step.title}, head ${head}`;
  const copy = FORMATS.map(({ format, label, title }) => {
    const b = toolButton(label, `${title}: ${where}`, 'export', format);
    b.addEventListener('click', () => ctx.post(head === undefined ? { type: 'export', step: step.id, format } : { type: 'export', step: step.id, head, format }));
    return b;
  });
  const base = head === undefined ? step.id : `${step.id}_head${head}`;
  const save = (['png', 'svg'] as const).map((format) => {
    const b = toolButton(format.toUpperCase(), `Save the heatmap of ${where} as ${format.toUpperCase()}`, 'save-image', format);
    b.addEventListener('click', () => {
      const image = {
        // A sampled step is drawn as sampled: the title says so, with the real shape.
        title: step.matrix.sampledFrom
          ? `${where} (${shapeText(step.matrix.sampledFrom.rows, step.matrix.sampledFrom.cols)}, sampled to ${shapeText(step.matrix.rows, step.matrix.cols)})`
          : `${where} (${shapeText(step.matrix.rows, step.matrix.cols)})`,
        matrix: model.matrix,
        rowLabels: model.rowLabels,
        colLabels: model.colLabels,
        scale: model.scale,
        digits: model.digits,
        background: ctx.theme.background,
        foreground: ctx.theme.foreground,
      };
      const data = format === 'png' ? heatmapPng(image) : heatmapSvg(image);
      ctx.post({ type: 'saveImage', format, fileName: `${base}.${format}`, data });
    });
    return b;
  });
  return h('div', { className: 'step-tools', attrs: { role: 'toolbar', 'aria-label': `Export ${where}` } }, [
    h('span', { className: 'tools-label' }, [codicon('copy'), ' Copy as']),
    ...copy,
    h('span', { className: 'tools-sep', attrs: { 'aria-hidden': 'true' } }),
    h('span', { className: 'tools-label' }, [codicon('file-media'), ' Save']),
    ...save,
  ]);
}

function toolButton(label: string, title: string, kind: 'export' | 'save-image', format: string): HTMLButtonElement {
  return h('button', { className: `tool ${kind}`, text: label, title, attrs: { type: 'button', 'aria-label': title }, dataset: { format } });
}
