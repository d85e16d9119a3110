/**
 * The panel header: what was computed (title, summary line), when (`updated 20:31:05`, flashing when a new
 * computation arrives, even with the same numbers), the pin button (freeze the panel while the document is
 * edited) and the recompute button. Hooks: `.updated[data-run]`, `vscode-button.pin[data-pinned]`.
 */
import { h, codicon } from '../dom';
import { formatNumber } from '../format';
import type { WireResult } from '../../src/shared/protocol';
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

const SCORE_NAMES: Readonly<Record<string, string>> = {
  scaled_dot: 'scaled dot-product',
  dot: 'dot-product',
  general: 'general score (Luong)',
  additive: 'additive score (Bahdanau)',
  concat: 'concat score (Luong)',
  cosine: 'cosine similarity',
};

/**
 * `L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product, no mask, T = 1, 1 head, softmax`: the score
 * function (and a custom scale), the mask with the meaning of a 1 when a mask matrix or key padding is used,
 * the temperature, the number of heads and soft or hard attention.
 */
export function summary(r: WireResult): string {
  const o = r.options;
  const L = r.queryLabels.length;
  const S = r.keyLabels.length;
  let score = SCORE_NAMES[o.score] ?? o.score;
  if (o.score === 'scaled_dot' && o.scale !== null) score += ` (scale ${formatNumber(o.scale, 6)})`;
  const maskName = r.inputs.find((i) => i.role === 'mask')?.name;
  const padding = r.inputs.find((i) => i.role === 'padding')?.name;
  const masks: string[] = [];
  if (o.mask === 'causal') masks.push('causal mask');
  if (o.mask === 'causal_lower_right') masks.push('causal mask (lower-right)');
  if (o.mask === 'matrix') masks.push(`mask ${maskName ?? 'matrix'}`);
  if (padding) masks.push(`key padding ${padding}`);
  let mask = masks.length ? masks.join(' + ') : 'no mask';
  if (o.mask === 'matrix' || padding) mask += o.maskConvention === 'keep' ? ' (1 = attend, PyTorch SDPA convention)' : ' (1 = blocked, nn.MultiheadAttention convention)';
  const heads = `${o.heads} ${o.heads === 1 ? 'head' : 'heads'}`;
  return [
    `L = ${L} ${L === 1 ? 'query' : 'queries'}`,
    `S = ${S} ${S === 1 ? 'key' : 'keys'}`,
    `d_k = ${r.dk}${o.heads > 1 ? ' per head' : ''}`,
    score,
    mask,
    `T = ${formatNumber(o.temperature, 6)}`,
    heads,
    o.hard ? 'hard attention (argmax)' : 'softmax',
  ].join(', ');
}
