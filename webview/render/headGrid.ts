/**
 * Batches and heads: a batch selector (one field per batch dimension) and the head grid — every head's
 * attention weights (L × S, for the batch element shown) as a small heatmap, and their mean, as BertViz's model
 * view shows one layer. Choosing a thumbnail (click, or Enter/Space) makes its head the one the steps below show:
 * the panel posts `selectSlice` and the host sends the state for that (batch, head). The thumbnails are one
 * listbox with a roving tabindex: arrow keys move, Home/End jump, Enter/Space choose.
 * Hooks: `section.slices`, `.batch-axis[data-axis] button[data-index]` (`aria-checked`; a number field
 * `input.batch-index[data-axis]` for an axis longer than 16), `.head-grid [role=option][data-head]` (`mean` for
 * the mean), `aria-selected` on the current one.
 */
import type { WireMatrix, WireResult } from '../../src/shared/protocol';
import { h } from '../dom';
import { shapeText } from '../format';
import { makeHeatScale, scaledDomain } from '../heatmap';
import { paintPixels } from './canvas';
import type { RenderContext } from './context';
import { headColor } from './headColors';
import type { MatrixModel } from './matrixModel';

/** CSS size of the longer side of a thumbnail. */
const THUMB = 88;

/** The batch selector and head grid, or undefined for a 2-D result with one head. */
export function sliceSection(ctx: RenderContext, result: WireResult): HTMLElement | undefined {
  const { batch, headGrid } = result;
  if (!batch?.shape.length && !headGrid) return undefined;
  const index = batch?.index ?? [];
  const current = headGrid?.current ?? null;
  const select = (b: readonly number[], head: number | null): void => ctx.post({ type: 'selectSlice', batch: [...b], head });

  const parts: HTMLElement[] = [];
  if (batch && batch.shape.length) parts.push(batchSelector(batch.shape, index, (b) => select(b, current)));
  if (headGrid) {
    const items: { head: number | null; matrix: WireMatrix; label: string }[] = [
      ...headGrid.heads.map((m, k) => ({ head: k as number | null, matrix: m, label: `Head ${k}` })),
      { head: null, matrix: headGrid.mean, label: 'Mean' },
    ];
    parts.push(thumbnails(ctx, items, current, (head) => select(index, head)));
  }
  const where = batch?.shape.length ? `batch element [${index.join(', ')}] of (${batch.shape.join(', ')})` : '';
  const heading = h('h2', { className: 'slices-heading', text: headGrid ? `Heads${where ? `, ${where}` : ''}` : `Batch: ${where}` });
  ctx.lazy.skip(headGrid ? THUMB + 90 : 50);
  return h('section', { className: 'slices', attrs: { 'aria-label': 'Batch and heads' } }, [heading, ...parts]);
}

/** Axes up to this long are a row of index buttons; longer ones a number field. */
const BUTTONS_UP_TO = 16;

/** One field per batch dimension: its indices as buttons (a radio group), or a number field when it is long. */
function batchSelector(shape: readonly number[], index: readonly number[], choose: (b: number[]) => void): HTMLElement {
  const fields = shape.map((size, axis) => {
    const id = `batch-index-${axis}`;
    const name = shape.length === 1 ? 'batch' : `batch axis ${axis}`;
    const at = (v: number): number[] => shape.map((_, a) => (a === axis ? v : index[a] ?? 0));
    if (size <= BUTTONS_UP_TO) {
      const buttons = Array.from({ length: size }, (_, i) => {
        const on = i === (index[axis] ?? 0);
        const b = h('button', {
          className: 'tool',
          text: String(i),
          title: `Show batch element ${name === 'batch' ? i : `${i} of axis ${axis}`}`,
          dataset: { index: String(i) },
          // An id: the focus comes back to it after the host's new state is drawn.
          attrs: { id: `batch-${axis}-${i}`, type: 'button', role: 'radio', 'aria-checked': String(on), tabindex: on ? '0' : '-1' },
        });
        b.addEventListener('click', () => {
          if (!on) choose(at(i));
        });
        return b;
      });
      const group = h('span', { className: 'batch-axis', dataset: { axis: String(axis) }, attrs: { role: 'radiogroup', 'aria-label': `${name} (0 … ${size - 1})` } }, buttons);
      group.addEventListener('keydown', (e) => {
        const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
        if (!delta) return;
        e.preventDefault();
        const next = ((((index[axis] ?? 0) + delta) % size) + size) % size;
        buttons[next].focus();
        choose(at(next));
      });
      return h('span', { className: 'batch-field' }, [h('span', { text: name }), group, h('span', { className: 'batch-size', text: `of ${size}` })]);
    }
    const label = h('label', { text: name, attrs: { for: id } });
    const field = h('input', { className: 'batch-index', dataset: { axis: String(axis) }, attrs: { id, type: 'number', min: '0', max: String(size - 1), step: '1' } });
    field.value = String(index[axis] ?? 0);
    field.title = `Index along batch axis ${axis} (0 … ${size - 1})`;
    field.addEventListener('change', () => {
      const v = Number(field.value);
      if (!Number.isInteger(v) || v < 0 || v >= size) {
        field.value = String(index[axis] ?? 0);
        return;
      }
      choose(at(v));
    });
    return h('span', { className: 'batch-field' }, [label, field, h('span', { className: 'batch-size', text: `of ${size}` })]);
  });
  return h('div', { className: 'batch-selector', attrs: { role: 'group', 'aria-label': `Batch element, shape (${shape.join(', ')})` } }, fields);
}

/** Every head's weights and the mean as thumbnails; the current one is selected. */
function thumbnails(ctx: RenderContext, items: readonly { head: number | null; matrix: WireMatrix; label: string }[], current: number | null, choose: (head: number | null) => void): HTMLElement {
  const options = items.map(({ head, matrix, label }) => {
    const selected = head === current;
    const real = matrix.sampledFrom ?? matrix;
    const canvas = h('canvas', { className: 'thumb-canvas', attrs: { 'aria-hidden': 'true' } });
    canvas.width = Math.max(1, matrix.cols);
    canvas.height = Math.max(1, matrix.rows);
    const side = Math.max(matrix.rows, matrix.cols, 1);
    canvas.style.width = `${Math.round((THUMB * matrix.cols) / side)}px`;
    canvas.style.height = `${Math.round((THUMB * matrix.rows) / side)}px`;
    const model: MatrixModel = {
      matrix,
      rowLabels: [],
      colLabels: [],
      caption: label,
      scale: makeHeatScale(scaledDomain(matrix, true, ctx.colorScale), ctx.theme, 'theme'),
      digits: 4,
    };
    paintPixels(canvas, model);
    const swatch = h('span', { className: 'head-swatch', attrs: { 'aria-hidden': 'true' } });
    if (head !== null) swatch.style.backgroundColor = headColor(head);
    const option = h('div', {
      className: 'head-thumb',
      title: `${label}: attention weights, ${shapeText(real.rows, real.cols)}${matrix.sampledFrom ? ` (thumbnail sampled to ${shapeText(matrix.rows, matrix.cols)})` : ''}. Click or press Enter to show its steps.`,
      dataset: { head: head === null ? 'mean' : String(head) },
      attrs: { id: `head-thumb-${head ?? 'mean'}`, role: 'option', 'aria-selected': String(selected), tabindex: selected ? '0' : '-1', 'aria-label': `${label}${selected ? ', shown' : ''}` },
    }, [canvas, h('span', { className: 'head-label' }, [swatch, label])]);
    option.addEventListener('click', () => {
      if (head !== current) choose(head);
    });
    return option;
  });
  const grid = h('div', { className: 'head-grid', attrs: { role: 'listbox', 'aria-orientation': 'horizontal', 'aria-label': 'Heads: choose the head the steps show' } }, options);
  grid.addEventListener('keydown', (e) => {
    const at = options.findIndex((o) => o === document.activeElement);
    if (at < 0) return;
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: options.length - 1 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const head = items[at].head;
      if (head !== current) choose(head);
      return;
    }
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = options[Math.min(options.length - 1, Math.max(0, to))];
    for (const o of options) o.tabIndex = o === next ? 0 : -1;
    next.focus();
  });
  return grid;
}
