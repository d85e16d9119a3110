/** LaTeX formulas, typeset with KaTeX (its CSS and fonts are bundled into webview.css / fonts/). */
import katex from 'katex';
import { h } from '../../webview-common/dom';

/**
 * Typeset formulas by mode and TeX: every render of the panel shows the same few, so each is typeset once and
 * cloned after (a memo of KaTeX's output, not state; it keeps the panel's re-render within its latency target).
 */
const typeset = new Map<string, HTMLElement>();
const TYPESET_LIMIT = 500;

export function formula(tex: string, display = true): HTMLElement {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let el = typeset.get(key);
  if (!el) {
    el = h(display ? 'div' : 'span', { className: display ? 'formula' : 'formula-inline' });
    katex.render(tex, el, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
    if (typeset.size >= TYPESET_LIMIT) typeset.clear();
    typeset.set(key, el);
  }
  return el.cloneNode(true) as HTMLElement;
}
