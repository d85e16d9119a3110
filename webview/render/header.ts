/**
 * The panel header: what was computed (title, summary line), when (`updated 20:31:05`, flashing when a new
 * computation arrives, even with the same numbers), the pin button (freeze the panel while the document is
 * edited) and the recompute button. Hooks: `.updated[data-run]`, `vscode-button.pin[data-pinned]`.
 */
import { h, codicon } from '../../webview-common/dom';
import type { WireResult } from '../../src/shared/protocol';
import { describeResult } from '../../src/shared/describe';
import type { RenderContext } from './context';

/** When the shown computation finished, its number, whether it is new on screen, and whether the panel is pinned. */
export interface HeaderStatus {
  readonly updatedAt?: number;
  readonly run?: number;
  readonly fresh: boolean;
  readonly pinned: boolean;
}

export function header(ctx: RenderContext, title: string, result: WireResult | undefined, busy: boolean, status?: HeaderStatus): HTMLElement {
  const button = document.createElement('vscode-button');
  button.secondary = true;
  button.className = 'recompute';
  button.title = 'Recompute from the current editor contents';
  button.disabled = busy;
  button.append(codicon('refresh'), document.createTextNode('Recompute'));
  button.addEventListener('click', () => ctx.post({ type: 'recompute' }));

  const text: Node[] = [h('h1', { className: 'title', text: title })];
  if (result) text.push(h('p', { className: 'summary', text: summary(result) }));
  const buttons: HTMLElement[] = [];
  if (status) {
    if (status.updatedAt !== undefined) {
      const when = new Date(status.updatedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      const updated = h('span', {
        className: `updated${status.fresh ? ' flash' : ''}`,
        text: `${status.pinned ? 'pinned' : 'updated'} ${when}`,
        title: status.pinned ? `Pinned: these numbers are from ${when}; edits of the document are not followed until you unpin` : `Computed at ${when}; the panel recomputes after you pause typing`,
        dataset: { run: String(status.run ?? 0) },
        attrs: { role: 'status' },
      });
      buttons.push(updated);
    }
    buttons.push(pinButton(ctx, status.pinned, busy));
  }
  buttons.push(button);
  return h('header', { className: 'view-header' }, [h('div', { className: 'header-text' }, text), h('div', { className: 'header-actions' }, buttons)]);
}

function pinButton(ctx: RenderContext, pinned: boolean, busy: boolean): HTMLElement {
  const pin = document.createElement('vscode-button');
  pin.secondary = true;
  pin.className = 'pin';
  pin.dataset.pinned = String(pinned);
  pin.disabled = busy;
  pin.title = pinned ? 'Unpin: follow the edits of the document again' : 'Pin: keep these numbers while you edit the document';
  pin.setAttribute('aria-pressed', String(pinned));
  pin.append(codicon(pinned ? 'pinned' : 'pin'), document.createTextNode(pinned ? 'Pinned' : 'Pin'));
  pin.addEventListener('click', () => ctx.post({ type: 'pin', pinned: !pinned }));
  return pin;
}

/** The header's summary sentence of a result (see describeResult). */
export function summary(r: WireResult): string {
  return describeResult(r, r.inputs);
}
