/** Per-query diagnostics of the attention weights: row sum, entropy (nats) and the most attended key. */
import { h } from '../../webview-common/dom';
import { formatNumber, fullValue } from '../../webview-common/format';
import type { WireDiagnostics } from '../../src/shared/protocol';
import type { TrailingColumns } from './table';

const HEADERS = [
  { text: 'Σ', title: 'Row sum Σ_j a_ij (1 up to rounding)' },
  { text: 'H (nats)', title: 'Entropy −Σ_j a_ij ln a_ij, in nats: 0 when all weight is on one key, ln S when spread evenly' },
  { text: 'argmax', title: 'The key this query attends to most' },
];

function diagnosticCells(d: WireDiagnostics | undefined, keyLabels: readonly string[], digits: number): HTMLTableCellElement[] {
  if (!d) return HEADERS.map(() => h('td', { className: 'diag' }));
  const key = keyLabels[d.argmax] ?? String(d.argmax);
  return [
    h('td', { className: 'diag', text: formatNumber(d.sum, digits), title: fullValue(d.sum), dataset: { diag: 'sum' } }),
    h('td', { className: 'diag', text: formatNumber(d.entropy, digits), title: fullValue(d.entropy), dataset: { diag: 'entropy' } }),
    h('td', { className: 'diag diag-key diag-last', text: key, title: `key ${d.argmax}`, dataset: { diag: 'argmax' } }),
  ];
}

/** The diagnostics as extra columns of the weights table (after the query labels, before the keys). */
export function diagnosticColumns(diagnostics: readonly WireDiagnostics[], keyLabels: readonly string[], digits: number): TrailingColumns {
  return {
    headers: HEADERS,
    cells: (i) => diagnosticCells(diagnostics[i], keyLabels, digits).map((td) => {
      td.dataset.row = String(i);
      return td;
    }),
  };
}

/** The diagnostics as a table of their own (when the weights are drawn on a canvas). */
export function diagnosticsTable(diagnostics: readonly WireDiagnostics[], queryLabels: readonly string[], keyLabels: readonly string[], digits: number): HTMLElement {
  const table = h('table', { className: 'matrix diagnostics' }, [h('caption', { className: 'sr-only', text: 'Attention weight diagnostics per query' })]);
  table.append(h('thead', {}, [h('tr', {}, [h('th', { text: 'query', attrs: { scope: 'col' } }), ...HEADERS.map((c) => h('th', { className: 'diag', text: c.text, title: c.title, attrs: { scope: 'col' } }))])]));
  const body = h('tbody');
  diagnostics.forEach((d, i) => {
    const cells = diagnosticCells(d, keyLabels, digits);
    for (const c of cells) c.dataset.row = String(i);
    body.append(h('tr', {}, [h('th', { text: queryLabels[i] ?? String(i), attrs: { scope: 'row' } }), ...cells]));
  });
  table.append(body);
  return h('div', { className: 'matrix-scroll diagnostics-scroll' }, [table]);
}
