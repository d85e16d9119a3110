/** LaTeX formulas, typeset with KaTeX (its CSS and fonts are bundled into webview.css / fonts/). */
import katex from 'katex';
import { h } from '../dom';

export function formula(tex: string, display = true): HTMLElement {
  const el = h(display ? 'div' : 'span', { className: display ? 'formula' : 'formula-inline' });
  katex.render(tex, el, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
  return el;
}

/** A role symbol such as `W_Q` as LaTeX (`W_{Q}`). */
export function symbolTex(symbol: string): string {
  // Words (`key padding mask`) are text, not a product of italic letters.
  if (/\s/.test(symbol)) return `\\text{${symbol.replace(/[\\{}]/g, '')}}`;
  return symbol.replace(/_(\w+)/, '_{$1}');
}
