/**
 * The colour-scale switch above the sections: how attention matrices (scores, weights: rows = queries) are
 * coloured — one range for the whole matrix, each query's own range, or logarithmic. The numbers never change;
 * each heatmap's legend says which scale it uses. Hook: `.color-scale button[data-scale]` (`aria-checked`).
 */
import { COLOR_SCALE_MODES, type ColorScaleMode } from '../../src/shared/protocol';
import { h } from '../dom';
import type { RenderContext } from './context';

const LABELS: Readonly<Record<ColorScaleMode, { readonly text: string; readonly title: string }>> = {
  global: { text: 'Global', title: 'One colour range for the whole matrix (attention weights: 0 … 1)' },
  row: { text: 'Per query', title: "Each query's row coloured from its smallest to its largest entry: shows where every query looks, even when its weights are all close to 1/S" },
  log: { text: 'Log', title: 'Logarithmic colours: weights a decade apart differ (signed matrices keep the global scale)' },
};

export function colorScaleSwitch(ctx: RenderContext): HTMLElement {
  const buttons = COLOR_SCALE_MODES.map((mode) => {
    const on = mode === ctx.colorScale;
    const b = h('button', {
      className: 'tool',
      text: LABELS[mode].text,
      title: LABELS[mode].title,
      attrs: { type: 'button', role: 'radio', 'aria-checked': String(on), tabindex: on ? '0' : '-1' },
      dataset: { scale: mode },
    });
    b.addEventListener('click', () => {
      if (mode !== ctx.colorScale) ctx.setColorScale(mode);
    });
    return b;
  });
  const group = h('div', { className: 'color-scale', attrs: { role: 'radiogroup', 'aria-label': 'Colour scale of attention matrices' } }, [
    h('span', { className: 'tools-label', text: 'Colours of scores and weights:' }),
    ...buttons,
  ]);
  // Arrow keys move between the choices (a radio group), choosing as they go.
  group.addEventListener('keydown', (e) => {
    const i = COLOR_SCALE_MODES.indexOf(ctx.colorScale);
    const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = COLOR_SCALE_MODES[(i + delta + COLOR_SCALE_MODES.length) % COLOR_SCALE_MODES.length];
    ctx.setColorScale(next);
    document.querySelector<HTMLElement>(`.color-scale button[data-scale="${next}"]`)?.focus();
  });
  return group;
}
