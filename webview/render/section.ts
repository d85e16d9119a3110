/** A collapsible section of the panel (`vscode-collapsible`), remembering whether the user closed it. */
import { h } from '../../webview-common/dom';
import type { RenderContext } from './context';

export interface SectionSpec {
  /** Key under which the open/closed state is remembered. */
  readonly id: string;
  readonly heading: string;
  readonly description?: string;
  /** Always-visible elements at the right of the header (badges). */
  readonly decorations?: readonly HTMLElement[];
  readonly body: readonly Node[];
}

export function collapsible(ctx: RenderContext, spec: SectionSpec): HTMLElement {
  const c = document.createElement('vscode-collapsible');
  c.heading = spec.heading;
  if (spec.description) c.description = spec.description;
  c.open = !ctx.isCollapsed(spec.id);
  for (const d of spec.decorations ?? []) {
    d.slot = 'decorations';
    c.append(d);
  }
  c.append(h('div', { className: 'section-body' }, spec.body));
  c.addEventListener('vsc-collapsible-toggle', (e) => ctx.setCollapsed(spec.id, !e.detail.open));
  return c;
}

export function badge(text: string, title?: string): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  if (title) b.title = title;
  return b;
}
