/** One step of the pipeline: formula, shape, what it does, and its matrix as a heatmap. */
import { h } from '../dom';
import { explainerFor } from '../explain';
import { shapeText } from '../format';
import { heatDomain, makeHeatScale } from '../heatmap';
import type { ViewSettings, WireResult, WireStep } from '../../src/shared/protocol';
import type { RenderContext } from './context';
import { diagnosticColumns, diagnosticsTable } from './diagnostics';
import { formula } from './formula';
import { matrixView } from './matrixView';
import { badge, collapsible } from './section';

/** Steps whose rows are queries and columns keys (L × S). */
const ATTENTION_SHAPED = new Set(['scores', 'scaled', 'masked', 'weights']);

export function stepSection(ctx: RenderContext, step: WireStep, index: number, result: WireResult, settings: ViewSettings): HTMLElement {
  const { rows, cols } = step.matrix;
  const isWeights = step.id === 'weights';
  const model = {
    matrix: step.matrix,
    rowLabels: step.rowLabels,
    colLabels: step.colLabels,
    caption: `${step.title}, ${shapeText(rows, cols)}`,
    scale: makeHeatScale(heatDomain(step.matrix, isWeights), ctx.theme),
    digits: settings.precision,
    explain: explainerFor(step, result, settings.precision),
    ...(ATTENTION_SHAPED.has(step.id) ? { rowAxis: 'query', colAxis: 'key' } : { colAxis: 'dim' }),
  };
  const diagnostics = isWeights && result.diagnostics.length === rows;
  const view = matrixView(model, settings.canvasThreshold, diagnostics ? diagnosticColumns(result.diagnostics, result.keyLabels, settings.precision) : undefined);

  const body: Node[] = [
    h('div', { className: 'step-intro' }, [formula(step.formula), h('p', { className: 'description', text: sentence(step.description) })]),
    view.element,
  ];
  if (diagnostics && view.isCanvas) body.push(diagnosticsTable(result.diagnostics, result.queryLabels, result.keyLabels, settings.precision));
  body.push(view.explanation);

  const section = h('section', { className: 'step', dataset: { step: step.id }, attrs: { 'aria-label': step.title } });
  section.append(
    collapsible(ctx, {
      id: step.id,
      heading: `${index + 1}. ${step.title}`,
      decorations: [badge(shapeText(rows, cols), `${rows} rows × ${cols} columns`)],
      body,
    }),
  );
  return section;
}

/** The description as a sentence: capital first letter. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
