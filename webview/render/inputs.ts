/**
 * The "Inputs" section: the roles editor (which matrix plays each role; choose another to recompute), then
 * each input matrix as a small heatmap table.
 */
import { h } from '../../webview-common/dom';
import { shapeText } from '../../webview-common/format';
import { heatDomain, makeHeatScale } from '../../webview-common/heatmap';
import type { ControlsState, ViewSettings, WireInput, WireResult } from '../../src/shared/protocol';
import type { RenderContext } from './context';
import { formula } from './formula';
import { roleSymbol } from '../../src/core/attention/formulas';
import { toLatex } from '../../src/core/formula/latex';
import { matrixHeight } from './estimate';
import { matrixView } from './matrixView';
import { revealLink, linesText } from './reveal';
import { rolesEditor } from './roles';
import { badge, collapsible } from './section';
import { sampledBadge } from './step';

export function inputsSection(ctx: RenderContext, result: WireResult, settings: ViewSettings, controls: ControlsState): HTMLElement {
  ctx.lazy.skip(ctx.isCollapsed('inputs') ? 40 : 40 + 36 * (controls.roles.length + 1));
  // Each card is built when it nears the viewport (the grid shows about two side by side).
  const cards = result.inputs.map((input, k) =>
    ctx.lazy.place(ctx.isCollapsed('inputs') || k % 2 === 1 ? 0 : matrixHeight(input.matrix, settings.canvasThreshold) + 60, () => inputCard(ctx, input, settings)),
  );
  const used = new Set(result.inputs.map((i) => i.role));
  // Keyed by what the editor shows (not the temperature or the scale): a control change keeps the editor's selects.
  const { score, heads, mask } = controls.options;
  const key = JSON.stringify([controls.roles, controls.candidates, controls.scores, score, heads, mask, [...used]]);
  const roles = ctx.reuse('roles', key, () => rolesEditor(ctx, controls, used));
  const section = h('section', { className: 'inputs', attrs: { 'aria-label': 'Inputs' } });
  section.append(
    collapsible(ctx, {
      id: 'inputs',
      heading: 'Inputs',
      description: rolesSummary(result.inputs),
      body: [roles, h('div', { className: 'input-grid' }, cards)],
    }),
  );
  return section;
}

function inputCard(ctx: RenderContext, input: WireInput, settings: ViewSettings): HTMLElement {
  // A matrix too large to send whole arrives sampled: say its real shape, and that it is sampled.
  const { rows, cols } = input.matrix.sampledFrom ?? input.matrix;
  const name = input.range
    ? revealLink(ctx, input.name, input.range, `Show ${input.name} in the editor (${linesText(input.range)})`, 'input-name', input.cell)
    : h('span', { className: 'input-name', text: input.name });
  const sourceTitle = input.source === 'inferred' ? `Role inferred from the name '${input.name}'` : 'Role given explicitly';
  // An N-D input: the 2-D slice shown (`x[0]`) and the array's full shape.
  const nd = input.ndShape && input.sliceIndex ? { shape: input.ndShape, index: input.sliceIndex } : undefined;
  const slice = nd ? [h('span', { className: 'slice-index', text: `[${nd.index.join(', ')}]`, title: `The slice ${input.name}[${nd.index.join(', ')}] of the ${nd.shape.length}-D array (${nd.shape.join(', ')})` })] : [];
  const shape = nd
    ? h('span', { className: 'shape', text: `(${nd.shape.join(', ')})`, title: `${input.name} has shape (${nd.shape.join(', ')}); shown: its slice [${nd.index.join(', ')}], ${shapeText(rows, cols)}` })
    : h('span', { className: 'shape', text: shapeText(rows, cols) });
  const heading = h('div', { className: 'input-heading' }, [
    formula(toLatex(roleSymbol(input.role)), false),
    h('span', { className: 'equals', text: '=' }),
    name,
    ...slice,
    h('span', { className: 'spacer' }),
    badge(input.source, sourceTitle),
    ...(input.dtype ? [badge(input.dtype, input.dtype === 'float32'
      ? `${input.name} is held in float32 by the program; the steps are computed in float64 from its float32 values`
      : `${input.name} is held as ${input.dtype} by the program`)] : []),
    shape,
    ...(nd ? [badge(`slice ${shapeText(rows, cols)}`, `The 2-D slice shown: ${shapeText(rows, cols)}`)] : []),
    ...sampledBadge(input.matrix),
  ]);
  const view = matrixView(
    {
      matrix: input.matrix,
      rowLabels: input.rowLabels,
      colLabels: input.colLabels,
      caption: `${input.roleTitle} = ${input.name}${nd ? `[${nd.index.join(', ')}]` : ''}, ${shapeText(rows, cols)}`,
      scale: makeHeatScale(heatDomain(input.matrix, false), ctx.theme, settings.colorMap),
      digits: settings.precision,
    },
    settings.canvasThreshold,
    undefined,
    true,
  );
  return h('div', { className: 'input', dataset: { role: input.role, source: input.source } }, [heading, view.element, view.explanation]);
}

/** `roles inferred from the names` / `roles given` / `2 roles given, 2 inferred`. */
function rolesSummary(inputs: readonly WireInput[]): string {
  const given = inputs.filter((i) => i.source === 'given').length;
  if (given === 0) return 'roles inferred from the names';
  if (given === inputs.length) return 'roles given';
  return `${given} ${given === 1 ? 'role' : 'roles'} given, ${inputs.length - given} inferred`;
}

