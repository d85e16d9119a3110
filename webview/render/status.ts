/** The loading and error states of the panel. */
import { codicon, h } from '../../webview-common/dom';
import type { SourceRange } from '../../src/core/range';
import type { RenderContext } from './context';
import { linesText, revealLink } from './reveal';

export function loadingBody(): HTMLElement {
  const ring = document.createElement('vscode-progress-ring');
  ring.ariaLabel = 'Computing attention';
  return h('div', { className: 'status loading', attrs: { role: 'status' } }, [ring, h('span', { text: 'Computing attention…' })]);
}

export function errorBody(ctx: RenderContext, message: string, range: SourceRange | undefined, cell?: number): HTMLElement {
  const text: Node[] = [h('p', { className: 'error-message', text: message })];
  if (range) {
    text.push(
      h('p', { className: 'error-actions' }, [
        revealLink(ctx, 'Show in editor', range, `Select ${linesText(range)} in the editor`, '', cell),
        h('span', { className: 'where', text: ` (${linesText(range)}${cell === undefined ? '' : `, cell ${cell + 1}`})` }),
      ]),
    );
  }
  return h('div', { className: 'status error', attrs: { role: 'alert' } }, [codicon('error'), h('div', { className: 'error-text' }, text)]);
}
