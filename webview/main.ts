/**
 * The webview's entry: validates messages from the host, renders the view state, keeps it (and which
 * sections are collapsed) in the webview state, and re-renders when the VS Code theme changes.
 */
import 'katex/dist/katex.css';
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import './elements';
import { parseHostMessage, type ViewState, type WebviewMessage, type WireMatrix } from '../src/shared/protocol';
import { ExplanationRequests } from './explanations';
import type { RenderContext } from './render/context';
import { ControlsBar } from './render/controls';
import { LazyBlocks } from './render/lazy';
import { refreshHeader, renderView } from './render/view';
import { readTheme, watchTheme } from './theme';
import { packedOf, unpackMessage } from './unpack';
import { HostBridge } from './vscode';

function start(root: HTMLElement): void {
  const bridge = new HostBridge();
  let current: ViewState = bridge.persisted.view ?? { kind: 'loading', title: 'Attention Explorer' };
  const controls = new ControlsBar((m) => bridge.post(m));
  const explanations = new ExplanationRequests((m) => bridge.post(m));
  const built = new Map<string, { readonly key: string; readonly element: HTMLElement }>();
  const reuse = (slot: string, key: string, make: () => HTMLElement): HTMLElement => {
    const known = built.get(slot);
    if (known && known.key === key) return known.element;
    const element = make();
    built.set(slot, { key, element });
    return element;
  };

  // Blocks below the fold of the current render; a new render drops the old ones that were never built.
  let lazy = new LazyBlocks(0);
  const context = (): RenderContext => ({
    post: (m) => bridge.post(m),
    theme: readTheme(document),
    isCollapsed: (id) => bridge.persisted.collapsed[id] === true,
    setCollapsed: (id, collapsed) => bridge.setCollapsed(id, collapsed),
    headTab: bridge.persisted.headTab,
    setHeadTab: (tab) => bridge.setHeadTab(tab),
    explainReal: (step, head, row, col) => explanations.request(step, head, row, col),
    reuse,
    controls,
    colorScale: bridge.persisted.colorScale,
    setColorScale: (mode) => {
      bridge.setColorScale(mode);
      render();
    },
    lazy,
  });

  const render = (): void => {
    const focus = focusedCell();
    lazy.dispose();
    lazy = new LazyBlocks(HEADER_HEIGHT);
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
    const parsed = parseHostMessage(event.data);
    if (!parsed) return;
    const message = unpackMessage(parsed);
    if (message.type === 'explanation') {
      explanations.answer(message);
      return;
    }
    const same = sameView(current, message.state);
    current = message.state;
    bridge.rememberView(current);
    // The same view again (a re-run with unchanged input, the pin): the header says so; nothing else is redrawn.
    if (!same || !refreshHeader(root, current, context())) render();
    reportPaint(current, (m) => bridge.post(m));
  });
  watchTheme(document, render);

  render();
  bridge.post({ type: 'ready' });
}

/** Estimated height of the header and the controls bar above the sections (page pixels; for lazy blocks). */
const HEADER_HEIGHT = 220;

/** State fields that change with every computation without changing what the view shows. */
const STAMPS = new Set(['run', 'updatedAt', 'pinned']);

/**
 * Do two states show the same thing, apart from when they were computed and the pin? A walk that stops at the
 * first difference (a new temperature differs within the first scores): no serialisation of large views.
 */
function sameView(a: ViewState, b: ViewState): boolean {
  if (a.kind !== b.kind || a.kind === 'loading') return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !STAMPS.has(k)));
  return [...keys].every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Deep equality of two JSON values (matrices that arrived packed: by their packed text, not decoded). */
function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  const px = packedOf(x as WireMatrix);
  const py = packedOf(y as WireMatrix);
  if (px !== undefined || py !== undefined) {
    const a = x as WireMatrix;
    const b = y as WireMatrix;
    if (px === undefined || py === undefined) return false;
    return px === py && a.rows === b.rows && a.cols === b.cols && same(a.sampledFrom, b.sampledFrom);
  }
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => same(v, y[i]));
  const xs = Object.keys(x);
  if (xs.length !== Object.keys(y).length) return false;
  return xs.every((k) => same((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
}

/**
 * Tells the host when the numbers of a computation are on screen: after the frame that shows them (a
 * timeout queued from the animation frame runs once that frame has been painted). Latency marks.
 */
function reportPaint(state: ViewState, post: (m: WebviewMessage) => void): void {
  const run = state.run;
  if (run === undefined || state.kind === 'loading') return;
  requestAnimationFrame(() => setTimeout(() => post({ type: 'painted', run }), 0));
}

interface CellRef {
  readonly selector: string;
}

/**
 * The focused element, to focus it again after a re-render: a matrix cell (step and head, row, column) or a
 * field with an id (a role select). The controls bar is not re-rendered, so its fields keep the focus.
 */
function focusedCell(): CellRef | undefined {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return undefined;
  if (el.id && !el.closest('.controls')) return { selector: `#${CSS.escape(el.id)}` };
  if (!el.matches('td.cell')) return undefined;
  const section = el.closest<HTMLElement>('section.step');
  const step = section?.dataset.step;
  const head = section?.dataset.head;
  const role = el.closest<HTMLElement>('div.input')?.dataset.role;
  const scope = step
    ? `section.step[data-step="${CSS.escape(step)}"]${head === undefined ? ':not([data-head])' : `[data-head="${CSS.escape(head)}"]`}`
    : role ? `div.input[data-role="${CSS.escape(role)}"]` : undefined;
  return scope ? { selector: `${scope} td.cell[data-row="${el.dataset.row}"][data-col="${el.dataset.col}"]` } : undefined;
}

function restoreFocus(ref: CellRef | undefined): void {
  const el = ref ? document.querySelector<HTMLElement>(ref.selector) : null;
  if (!el) return;
  el.focus({ preventScroll: true });
  // A custom element (a role select) renders its shadow DOM later; it can take the focus once it has.
  const pending = (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  if (document.activeElement !== el && pending) void pending.then(() => el.isConnected && el.focus({ preventScroll: true }));
}

const root = document.getElementById('root');
if (root) start(root);
