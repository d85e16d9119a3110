/**
 * The legend of a heatmap: its colour ramp and what the ends mean under the colour scale in force
 * (`0 … 1`, `min … max`, `−m … 0 … m`, per query `row min … row max`, or logarithmic `10⁻⁴ … 1`).
 * Hook: `.heat-legend[data-scale]`.
 */
import { h } from '../dom';
import { formatNumber } from '../format';
import type { HeatScale } from '../heatmap';
import { toCss } from '../color';

const STOPS = 9;

export function heatLegend(scale: HeatScale, digits: number): HTMLElement {
  const d = scale.domain;
  const colours: string[] = [];
  let labels: string[];
  let title: string;
  if (d.kind === 'diverging') {
    for (let k = 0; k < STOPS; k++) colours.push(toCss(scale.rgb(d.extent * ((2 * k) / (STOPS - 1) - 1))));
    labels = [formatNumber(-d.extent, digits), '0', formatNumber(d.extent, digits)];
    title = 'Colour: one scale for the whole matrix, around zero';
  } else {
    for (let k = 0; k < STOPS; k++) colours.push(toCss(scale.at(k / (STOPS - 1))));
    if (d.kind === 'sequential') {
      labels = [formatNumber(d.min, digits), formatNumber(d.max, digits)];
      title = 'Colour: one scale for the whole matrix';
    } else if (d.kind === 'rows') {
      labels = ['row min', 'row max'];
      title = 'Colour: each query (row) scaled to its own smallest … largest entry; the numbers are unchanged';
    } else {
      labels = [formatNumber(10 ** d.lo, 2), formatNumber(10 ** d.hi, 2)];
      title = 'Colour: logarithmic (log10), so that small weights a decade apart differ; zeros get the weak end';
    }
  }
  const bar = h('span', { className: 'legend-bar', attrs: { 'aria-hidden': 'true' } });
  bar.style.background = `linear-gradient(to right, ${colours.join(', ')})`;
  const mode = d.kind === 'rows' ? 'per query' : d.kind === 'log' ? 'log' : 'global';
  return h('div', { className: 'heat-legend', title, dataset: { scale: d.kind }, attrs: { 'aria-label': `${title}: ${labels.join(' to ')}` } }, [
    h('span', { className: 'legend-mode', text: mode }),
    h('span', { className: 'legend-end', text: labels[0] }),
    bar,
    ...labels.slice(1).map((l) => h('span', { className: 'legend-end', text: l })),
  ]);
}
