/** Notes of the engine for people (a query whose keys are all masked, no W_O given…), as an info callout. */
import { codicon, h } from '../../webview-common/dom';

export function notesCallout(notes: readonly string[]): HTMLElement | undefined {
  if (!notes.length) return undefined;
  const items = notes.map((n) => h('li', { className: 'note', text: sentence(n) }));
  return h('div', { className: 'notes', attrs: { role: 'note', 'aria-label': 'Notes' } }, [codicon('info'), h('ul', {}, items)]);
}

function sentence(text: string): string {
  // Notes come written as sentences; one that starts with a name (`attn_mask (2 × 4) …`) keeps its case.
  const t = text;
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
