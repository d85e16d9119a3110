/** The panel header: what was computed (title, summary line) and the recompute button. */
import { h, codicon } from '../dom';
import { formatNumber } from '../format';
import type { WireResult } from '../../src/shared/protocol';
import type { RenderContext } from './context';

export function header(ctx: RenderContext, title: string, result: WireResult | undefined, busy: boolean): HTMLElement {
  const button = document.createElement('vscode-button');
  button.secondary = true;
  button.className = 'recompute';
  button.title = 'Recompute from the current editor contents';
  button.disabled = busy;
  button.append(codicon('refresh'), document.createTextNode('Recompute'));
  button.addEventListener('click', () => ctx.post({ type: 'recompute' }));

  const text: Node[] = [h('h1', { className: 'title', text: title })];
  if (result) text.push(h('p', { className: 'summary', text: summary(result) }));
  return h('header', { className: 'view-header' }, [h('div', { className: 'header-text' }, text), button]);
}

/** `L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product, no mask, T = 1`. */
export function summary(r: WireResult): string {
  const L = r.queryLabels.length;
  const S = r.keyLabels.length;
  const score = r.options.score === 'scaled_dot' ? 'scaled dot-product' : r.options.score === 'dot' ? 'dot-product' : r.options.score;
  const mask = r.options.mask === 'none' ? 'no mask' : `${r.options.mask} mask`;
  return `L = ${L} ${L === 1 ? 'query' : 'queries'}, S = ${S} ${S === 1 ? 'key' : 'keys'}, d_k = ${r.dk}, ${score}, ${mask}, T = ${formatNumber(r.options.temperature, 6)}`;
}
