/**
 * The webview's entry: validates messages from the host, renders the view state, keeps it (and which
 * sections are collapsed) in the webview state, and re-renders when the VS Code theme changes.
 */
import 'katex/dist/katex.css';
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import './elements';
import { parseHostMessage, type ViewState } from '../src/shared/protocol';
import type { RenderContext } from './render/context';
import { renderView } from './render/view';
import { readTheme, watchTheme } from './theme';
import { HostBridge } from './vscode';

function start(root: HTMLElement): void {
  const bridge = new HostBridge();
  let current: ViewState = bridge.persisted.view ?? { kind: 'loading', title: 'Attention Explorer' };

  const context = (): RenderContext => ({
    post: (m) => bridge.post(m),
    theme: readTheme(document),
    isCollapsed: (id) => bridge.persisted.collapsed[id] === true,
    setCollapsed: (id, collapsed) => bridge.setCollapsed(id, collapsed),
  });

  const render = (): void => {
    const focus = focusedCell();
    const ctx = context();
    try {
      renderView(root, current, ctx);
    } catch (e) {
      const message = `The panel could not show this result: ${e instanceof Error ? e.message : String(e)}`;
      renderView(root, { kind: 'error', title: current.title, message }, ctx);
    }
    restoreFocus(focus);
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    current = message.state;
    bridge.rememberView(current);
    render();
  });
  watchTheme(document, render);

  render();
  bridge.post({ type: 'ready' });
}

interface CellRef {
  readonly selector: string;
}

/** The focused matrix cell (step, row, column), to focus it again after a re-render. */
function focusedCell(): CellRef | undefined {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || !el.matches('td.cell')) return undefined;
  const step = el.closest<HTMLElement>('section.step')?.dataset.step;
  const role = el.closest<HTMLElement>('div.input')?.dataset.role;
  const scope = step ? `section.step[data-step="${CSS.escape(step)}"]` : role ? `div.input[data-role="${CSS.escape(role)}"]` : undefined;
  return scope ? { selector: `${scope} td.cell[data-row="${el.dataset.row}"][data-col="${el.dataset.col}"]` } : undefined;
}

function restoreFocus(ref: CellRef | undefined): void {
  if (ref) document.querySelector<HTMLElement>(ref.selector)?.focus({ preventScroll: true });
}

const root = document.getElementById('root');
if (root) start(root);
