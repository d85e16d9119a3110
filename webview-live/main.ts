/**
 * The "Live Attention" view's page: validates each message from the host and renders its one state (a
 * message, loading, an error with links to the code, or the weights heatmap and the output). The last
 * state is kept in the webview state, so the view paints at once when it is shown again.
 */
import './styles.css';
import { hostChannel } from '../webview-common/bridge';
import { h } from '../webview-common/dom';
import { formatNumber, fullValue, shapeText } from '../webview-common/format';
import { heatDomain, makeHeatScale } from '../webview-common/heatmap';
import { enableGridNavigation } from '../webview-common/gridNav';
import { readTheme, type Theme, watchTheme } from '../webview-common/theme';
import { type LiveLink, type LiveState, type LiveViewMessage, parseLiveHostMessage, parseLiveState } from '../src/shared/liveProtocol';
import type { ColorMapName, WireMatrix } from '../src/shared/protocol';


/**
 * What a screen reader announces for a new state: one short sentence in a polite live region beside the
 * view (not the whole view, which would read every cell again on each keystroke).
 */
function announcement(state: LiveState): string {
  switch (state.kind) {
    case 'data': return `Attention weights updated: ${state.summary}`;
    case 'error': return `Error: ${state.message}`;
    case 'off': return 'Live mode is off';
    default: return '';
  }
}

function start(root: HTMLElement, status: HTMLElement): void {
  const vscode = hostChannel<LiveViewMessage, LiveState>();
  const saved = vscode.getState();
  let state: LiveState = parseLiveState(saved) ?? { kind: 'loading', title: 'Live Attention' };
  const post = (m: LiveViewMessage): void => vscode.post(m);

  const render = (): void => {
    const theme = readTheme(document);
    root.replaceChildren(view(state, theme, post));
    root.dataset.kind = state.kind;
    if (status.textContent !== announcement(state)) status.textContent = announcement(state);
    root.classList.toggle('hc', theme.highContrast);
  };

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseLiveHostMessage(event.data);
    if (!message) return;
    state = message.state;
    vscode.setState(state);
    render();
    // Latency marks: tell the host once the frame showing this state has been painted.
    const run = message.run;
    if (run !== undefined) requestAnimationFrame(() => setTimeout(() => post({ type: 'painted', run }), 0));
  });
  watchTheme(document, render);
  render();
  post({ type: 'ready' });
}

type Post = (m: LiveViewMessage) => void;

function view(state: LiveState, theme: Theme, post: Post): HTMLElement {
  switch (state.kind) {
    case 'message':
      return h('p', { className: 'message', text: state.message });
    case 'off':
      return h('div', { className: 'message' }, [
        h('p', { text: 'Live mode is off: the weights are not recomputed while you edit.' }),
        action('Turn live mode on', () => post({ type: 'enableLive' })),
      ]);
    case 'loading':
      return h('p', { className: 'message loading', text: `Reading ${state.title}…` });
    case 'error':
      return h('div', { className: 'error' }, [
        h('h2', { className: 'title', text: state.title }),
        h('p', { className: 'error-message', attrs: { role: 'alert' } }, [
          h('span', { text: state.message }),
          ...(state.link ? [' ', revealLink('Show in editor', state.link, post)] : []),
        ]),
        problemList(state.problems, post),
        action('Open in panel', () => post({ type: 'openPanel' })),
      ]);
    case 'data':
      return h('div', { className: 'data' }, [
        h('h2', { className: 'title', text: state.title }),
        h('p', { className: 'summary', text: state.summary }),
        h('p', { className: 'roles' }, state.roles.flatMap((r, k) => [
          ...(k > 0 ? [h('span', { className: 'sep', text: ' · ' })] : []),
          h('span', {
            className: `role ${r.source}`,
            text: r.name === r.title ? r.title : `${r.title} = ${r.name}`,
            title: r.source === 'given' ? 'given' : 'inferred from the name',
          }),
        ])),
        ...(state.weights
          ? [section('weights', 'Attention weights', matrixTable(state.weights, state.queryLabels, state.keyLabels, state.precision, theme, true, state.colorMap))]
          : []),
        ...(state.output
          ? [section('output', 'Output', matrixTable(state.output, state.queryLabels, indexLabels(state.output.cols), state.precision, theme, false, state.colorMap))]
          : []),
        ...(state.tooLarge ? [h('p', { className: 'note', text: state.tooLarge })] : []),
        ...state.notes.map((n) => h('p', { className: 'note', text: n })),
        ...(state.problems.length ? [h('h3', { text: 'Problems' }), problemList(state.problems, post)] : []),
        action('Open in panel', () => post({ type: 'openPanel' })),
      ]);
  }
}

function section(id: string, title: string, table: HTMLTableElement): HTMLElement {
  return h('section', { className: 'step', dataset: { step: id } }, [h('h3', { text: title }), h('div', { className: 'scroll' }, [table])]);
}

/**
 * A small heatmap table: row and column labels, one `td.cell[data-row][data-col]` per entry, full value in its
 * tooltip; the cells are reached by keyboard like the panel's (one in the tab order, arrow keys move).
 */
function matrixTable(m: WireMatrix, rowLabels: readonly string[], colLabels: readonly string[], digits: number, theme: Theme, probabilities: boolean, colorMap: ColorMapName = 'theme'): HTMLTableElement {
  const scale = makeHeatScale(heatDomain(m, probabilities), theme, colorMap);
  const table = h('table', { className: 'matrix' });
  table.append(h('caption', { className: 'sr-only', text: `${shapeText(m.rows, m.cols)} matrix` }));
  const head = h('tr', {}, [h('td', { className: 'corner' })]);
  for (let j = 0; j < m.cols; j++) head.append(h('th', { text: colLabels[j] ?? String(j), attrs: { scope: 'col' } }));
  const body = h('tbody');
  const grid: HTMLTableCellElement[][] = [];
  for (let i = 0; i < m.rows; i++) {
    const tr = h('tr', {}, [h('th', { text: rowLabels[i] ?? String(i), attrs: { scope: 'row' } })]);
    const row: HTMLTableCellElement[] = [];
    for (let j = 0; j < m.cols; j++) {
      const v = m.values[i * m.cols + j];
      const td = h('td', { className: 'cell', text: formatNumber(v, digits), title: fullValue(v), dataset: { row: String(i), col: String(j), value: fullValue(v) } });
      td.tabIndex = -1;
      row.push(td);
      const paint = scale.paint(v);
      if (paint.masked) td.classList.add('masked');
      td.style.setProperty('--t', paint.t.toFixed(3));
      if (paint.background) td.style.backgroundColor = paint.background;
      if (paint.foreground) td.style.color = paint.foreground;
      tr.append(td);
    }
    grid.push(row);
    body.append(tr);
  }
  table.append(h('thead', {}, [head]), body);
  enableGridNavigation(table, grid);
  return table;
}

function problemList(problems: readonly LiveLink[], post: Post): HTMLElement {
  return h('ul', { className: 'problems' }, problems.map((p) => h('li', {}, [
    h('span', { text: p.message }),
    ' ',
    revealLink(`line ${p.range.start.line + 1}${p.cell !== undefined ? `, cell ${p.cell + 1}` : ''}`, p, post),
  ])));
}

function revealLink(text: string, link: LiveLink, post: Post): HTMLAnchorElement {
  const a = h('a', { className: 'reveal', text, attrs: { href: '#', role: 'button' } });
  a.addEventListener('click', (e) => {
    e.preventDefault();
    post(link.cell === undefined ? { type: 'reveal', range: link.range } : { type: 'reveal', range: link.range, cell: link.cell });
  });
  return a;
}

function action(text: string, run: () => void): HTMLButtonElement {
  const b = h('button', { className: 'action', text, attrs: { type: 'button' } });
  b.addEventListener('click', run);
  return b;
}

function indexLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

const root = document.getElementById('root');
if (root) {
  const status = h('p', { className: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite' } });
  root.after(status);
  start(root, status);
}
