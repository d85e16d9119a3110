/**
 * One step of the pipeline: formula, shape, what it does, an export toolbar, and its matrix as a heatmap
 * (the attention weights also as lines between query and key tokens). Hooks: `section.step[data-step]`,
 * with `data-head="h"` for the steps of head h (top-level steps have no `data-head`).
 */
import { h } from '../../webview-common/dom';
import { explainerFor } from '../../src/shared/explain';
import { shapeText } from '../../webview-common/format';
import { makeHeatScale, scaledDomain } from '../../webview-common/heatmap';
import type { StepRole } from '../../src/core/attention/types';
import type { ViewSettings, WireMatrix, WireResult, WireStep } from '../../src/shared/protocol';
import type { RenderContext } from './context';
import { diagnosticColumns, diagnosticsTable } from './diagnostics';
import { estimateHeight } from './estimate';
import { heatLegend } from './legend';
import { stepTools } from './exportTools';
import { formula } from './formula';
import { headColor } from './headColors';
import { attentionLines, linesFit, type HeadLayer } from './lines';
import type { MatrixModel } from './matrixModel';
import { matrixView } from './matrixView';
import { badge, collapsible } from './section';

/** Steps whose rows are queries and columns keys (L × S). */
const ATTENTION_SHAPED: ReadonlySet<StepRole> = new Set<StepRole>(['scores', 'scaled', 'masked', 'weights', 'head_mean']);

/** Steps that hold attention weights (0 … 1, drawn also as lines). */
const WEIGHTS: ReadonlySet<StepRole> = new Set<StepRole>(['weights', 'head_mean']);

/** Where a step is shown: its number in the headings, its head, and the result it is explained in. */
export interface StepPlace {
  /** `4.` for a top-level step, `4.2` for the second step of a head. */
  readonly number: string;
  readonly head?: number;
  /** The result the step belongs to (to head `head`'s steps when given): its provenance refers to it. */
  readonly result: WireResult;
}

export function stepSection(ctx: RenderContext, step: WireStep, place: StepPlace, settings: ViewSettings): HTMLElement {
  // A matrix too large to send whole arrives sampled: the badge gives its real shape.
  const { rows, cols } = step.matrix.sampledFrom ?? step.matrix;
  const { head } = place;
  const id = head === undefined ? step.id : `head:${step.id}`;
  const open = !ctx.isCollapsed(id);
  const lines = WEIGHTS.has(step.role) && linesFit(step.matrix);
  // The body is built when it nears the viewport (the heading, with the shape, at once).
  const content = ctx.lazy.place(open ? estimateHeight(step.matrix, settings.canvasThreshold, lines) : 0, () => stepBody(ctx, step, place, settings, lines));

  const dataset: Record<string, string> = { step: step.id };
  if (head !== undefined) dataset.head = String(head);
  const label = head === undefined ? step.title : `${step.title}, head ${head}`;
  const section = h('section', { className: 'step', dataset, attrs: { 'aria-label': label } });
  section.append(
    collapsible(ctx, {
      id,
      heading: `${place.number} ${label}`,
      decorations: [badge(shapeText(rows, cols), `${rows} rows × ${cols} columns`), ...sampledBadge(step.matrix)],
      body: [content],
    }),
  );
  return section;
}

/** Formula, description, export tools, the matrix (and lines, diagnostics), its legend and its inspector line. */
function stepBody(ctx: RenderContext, step: WireStep, place: StepPlace, settings: ViewSettings, lines: boolean): HTMLElement {
  const { rows, cols } = step.matrix.sampledFrom ?? step.matrix;
  const { result, head } = place;
  const isWeights = WEIGHTS.has(step.role);
  const attention = ATTENTION_SHAPED.has(step.role);
  // Per-query diagnostics of the weights shown: the head's own, or the pipeline's (of the mean with heads).
  const rowDiagnostics = head === undefined ? result.diagnostics : result.heads?.[head]?.diagnostics ?? [];
  const model: MatrixModel = {
    matrix: step.matrix,
    rowLabels: step.rowLabels,
    colLabels: step.colLabels,
    caption: `${step.title}${head === undefined ? '' : `, head ${head}`}, ${shapeText(rows, cols)}`,
    scale: makeHeatScale(scaledDomain(step.matrix, isWeights, attention ? ctx.colorScale : 'global'), ctx.theme, settings.colorMap),
    digits: settings.precision,
    // A sampled matrix lacks the rows and columns a cell's explanation needs: the host explains it.
    ...(step.matrix.sampledFrom
      ? { explainReal: (row: number, col: number) => ctx.explainReal(step.id, head, row, col) }
      : { explain: explainerFor(step, result, settings.precision, head) }),
    ...(attention ? { rowAxis: 'query', colAxis: 'key' } : { colAxis: 'dim' }),
  };
  const diagnostics = isWeights && !step.matrix.sampledFrom && rowDiagnostics.length === step.matrix.rows;
  const view = matrixView(model, settings.canvasThreshold, diagnostics ? diagnosticColumns(rowDiagnostics, step.colLabels, settings.precision) : undefined);

  let matrix: HTMLElement = view.element;
  if (lines) {
    // The mean of several heads: the lines of every head, each in its colour (BertViz's head view).
    const layers = head === undefined ? headLayers(result, step.matrix) : undefined;
    const svg = attentionLines(step.matrix, step.rowLabels, step.colLabels, model.caption, settings.precision, layers);
    const caption = layers ? 'Every head in its colour; hover a query to see where it looks, click it to pin; choose the heads shown below.' : 'Hover a query to see where it looks; click it to pin.';
    const figure = h('figure', { className: 'lines-figure' }, [svg, h('figcaption', { text: caption }), ...(layers ? [headToggles(svg, layers)] : [])]);
    matrix = h('div', { className: 'weights-views' }, [view.element, figure]);
  }
  const body: Node[] = [
    h('div', { className: 'step-intro' }, [formula(step.formula), h('p', { className: 'description', text: sentence(step.description) })]),
    stepTools(ctx, step, head, model),
    matrix,
  ];
  body.push(heatLegend(model.scale, settings.precision));
  if (diagnostics && view.isCanvas) body.push(diagnosticsTable(rowDiagnostics, step.rowLabels, step.colLabels, settings.precision));
  body.push(view.explanation);
  return h('div', { className: 'step-content' }, body);
}

/** Each head's weights when `scope` has several heads of the mean's shape (else undefined). */
function headLayers(scope: WireResult, mean: WireMatrix): HeadLayer[] | undefined {
  const layers = (scope.heads ?? []).flatMap((hd, k) => {
    const w = hd.steps.find((s) => s.role === 'weights')?.matrix;
    return w && !w.sampledFrom && w.rows === mean.rows && w.cols === mean.cols ? [{ head: k, weights: w }] : [];
  });
  return layers.length >= 2 && layers.length === scope.heads?.length ? layers : undefined;
}

/** One toggle per head (its colour, `aria-pressed`): shows or hides that head's lines. Hook: `.head-toggles button[data-head]`. */
function headToggles(svg: SVGSVGElement, layers: readonly HeadLayer[]): HTMLElement {
  const buttons = layers.map(({ head }) => {
    const swatch = h('span', { className: 'head-swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.backgroundColor = headColor(head);
    const b = h('button', { className: 'tool', title: `Show or hide the lines of head ${head}`, attrs: { type: 'button', 'aria-pressed': 'true' }, dataset: { head: String(head) } }, [swatch, ` head ${head}`]);
    b.addEventListener('click', () => {
      const on = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', String(on));
      const group = svg.querySelector<SVGGElement>(`g.links[data-head="${head}"]`);
      if (group) group.style.display = on ? '' : 'none';
    });
    return b;
  });
  return h('div', { className: 'head-toggles', attrs: { role: 'group', 'aria-label': 'Heads shown as lines' } }, buttons);
}

/** A visible `sampled` badge for a matrix that arrived sampled: how much of it is shown. */
export function sampledBadge(m: WireMatrix): HTMLElement[] {
  const f = m.sampledFrom;
  if (!f) return [];
  const b = badge('sampled', `Shown sampled: ${m.rows} of ${f.rows} rows and ${m.cols} of ${f.cols} columns, evenly spaced; labels and explanations give the real indices`);
  b.classList.add('sampled');
  return [b];
}

/** The description as a sentence: capital first letter. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
