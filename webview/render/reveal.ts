/** A link that selects a range of the source in the editor (posts `reveal`). */
import { h } from '../../webview-common/dom';
import type { SourceRange } from '../../src/core/range';
import type { RenderContext } from './context';

export function revealLink(ctx: RenderContext, text: string, range: SourceRange, title: string, extraClass = '', cell?: number): HTMLAnchorElement {
  const a = h('a', { className: `reveal ${extraClass}`.trim(), text, title, attrs: { href: '#' } });
  a.addEventListener('click', (e) => {
    e.preventDefault();
    ctx.post(cell === undefined ? { type: 'reveal', range } : { type: 'reveal', range, cell });
  });
  return a;
}

/** `line 3` or `lines 3–5` (1-based, as editors show them). */
export function linesText(range: SourceRange): string {
  const a = range.start.line + 1;
  const b = range.end.line + 1;
  return a === b ? `line ${a}` : `lines ${a}–${b}`;
}
