/**
 * Attention as lines, as BertViz draws it: the queries in a left column, the keys in a right column, and a
 * line from each query to each key whose opacity and width grow with the weight. Hovering (or focusing) a
 * query shows only its lines; clicking it (Enter/Space) pins that view until clicked again. Hovering a key
 * shows the lines into it. Colours come from the theme (stylesheet); masked (zero) weights draw no line.
 * With `heads`, the lines of every head are drawn over each other in the head's colour, as BertViz's head view
 * does (`g.links[data-head]`, one group per head; `showHeads` hides or shows some).
 */
import { entry } from '../matrix';
import { formatNumber } from '../format';
import type { WireMatrix } from '../../src/shared/protocol';
import { headColor } from './headColors';

/** The lines of several heads in one view: each head's weights (same L × S as the mean). */
export interface HeadLayer {
  readonly head: number;
  readonly weights: WireMatrix;
}

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 22;
const TOP = 22;
const GAP = 120;
const CHAR = 7;
const MAX_CHARS = 16;

/** Whether a weights matrix is small enough to draw as lines (one label per row must stay readable). */
export function linesFit(m: WireMatrix, limit = 64): boolean {
  return m.rows > 0 && m.cols > 0 && m.rows <= limit && m.cols <= limit;
}

export function attentionLines(weights: WireMatrix, queryLabels: readonly string[], keyLabels: readonly string[], caption: string, digits: number, heads?: readonly HeadLayer[]): SVGSVGElement {
  const L = weights.rows;
  const S = weights.cols;
  const qText = Array.from({ length: L }, (_, i) => shorten(queryLabels[i] ?? String(i)));
  const kText = Array.from({ length: S }, (_, j) => shorten(keyLabels[j] ?? String(j)));
  const leftW = Math.max(9, ...qText.map((t) => t.length)) * CHAR + 10;
  const rightW = Math.max(5, ...kText.map((t) => t.length)) * CHAR + 10;
  const width = leftW + GAP + rightW;
  const rows = Math.max(L, S);
  const height = TOP + rows * ROW + 6;
  // Each column is centred vertically when it has fewer tokens than the other.
  const qy = (i: number): number => TOP + ((rows - L) * ROW) / 2 + i * ROW + ROW / 2;
  const ky = (j: number): number => TOP + ((rows - S) * ROW) / 2 + j * ROW + ROW / 2;
  const x1 = leftW;
  const x2 = leftW + GAP;

  const svg = el('svg', {
    class: 'attention-lines',
    width: String(width),
    height: String(height),
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': `${caption}: attention as lines from ${L} ${L === 1 ? 'query' : 'queries'} to ${S} ${S === 1 ? 'key' : 'keys'}; focus a query to show its lines, Enter to pin`,
  });
  svg.append(
    el('text', { class: 'column-title', x: String(x1 - 6), y: '12', 'text-anchor': 'end' }, 'queries'),
    el('text', { class: 'column-title', x: String(x2 + 6), y: '12', 'text-anchor': 'start' }, 'keys'),
  );

  const lines: SVGLineElement[] = [];
  const layers: readonly (HeadLayer | undefined)[] = heads?.length ? heads : [undefined];
  for (const layer of layers) {
    const matrix = layer?.weights ?? weights;
    const links = el('g', { class: 'links', ...(layer ? { 'data-head': String(layer.head) } : {}) });
    // Several heads over each other: thinner lines, so that every head stays visible.
    const width = layer ? 2.25 : 3.25;
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < S; j++) {
        const w = entry(matrix, i, j);
        if (w === null || !(w > 0)) continue;
        const t = Math.min(1, w);
        const line = el('line', {
          class: 'link',
          x1: String(x1 + 4),
          y1: String(qy(i)),
          x2: String(x2 - 4),
          y2: String(ky(j)),
          'stroke-width': (0.75 + width * t).toFixed(2),
          'stroke-opacity': Math.max(0.04, t).toFixed(3),
          'data-q': String(i),
          'data-k': String(j),
        });
        line.append(el('title', {}, `${layer ? `head ${layer.head}: ` : ''}${queryLabels[i] ?? i} → ${keyLabels[j] ?? j}: ${formatNumber(w, digits)}`));
        if (layer) line.style.stroke = headColor(layer.head);
        lines.push(line);
        links.append(line);
      }
    }
    svg.append(links);
  }

  const tokens: SVGGElement[] = [];
  const token = (side: 'query' | 'key', index: number, text: string, full: string): SVGGElement => {
    const left = side === 'query';
    const g = el('g', { class: `token ${side}`, [`data-${left ? 'q' : 'k'}`]: String(index) });
    const y = left ? qy(index) : ky(index);
    const w = (left ? leftW : rightW) - 6;
    g.append(
      el('rect', { class: 'token-bg', x: String(left ? 0 : x2 + 2), y: String(y - ROW / 2 + 1), width: String(w), height: String(ROW - 2), rx: '2' }),
      el('text', { x: String(left ? x1 - 6 : x2 + 6), y: String(y), 'dominant-baseline': 'central', 'text-anchor': left ? 'end' : 'start' }, text),
      el('title', {}, full),
    );
    if (left) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-pressed', 'false');
      g.setAttribute('aria-label', `query ${full}: show its attention lines`);
    }
    tokens.push(g);
    return g;
  };
  const labels = el('g', { class: 'labels' });
  for (let i = 0; i < L; i++) labels.append(token('query', i, qText[i], queryLabels[i] ?? String(i)));
  for (let j = 0; j < S; j++) labels.append(token('key', j, kText[j], keyLabels[j] ?? String(j)));
  svg.append(labels);

  // Highlighting: `focusing` dims every line; lines and tokens of the shown query (or key) are `active`.
  let pinned: number | undefined;
  const show = (side: 'q' | 'k' | undefined, index: number | undefined): void => {
    const on = side !== undefined && index !== undefined;
    svg.classList.toggle('focusing', on);
    for (const line of lines) line.classList.toggle('active', on && line.dataset[side] === String(index));
    for (const g of tokens) {
      const isQ = g.classList.contains('query');
      const active = on && ((side === 'q' && isQ && g.dataset.q === String(index)) || (side === 'k' && !isQ && g.dataset.k === String(index)));
      g.classList.toggle('active', active);
      if (isQ) g.setAttribute('aria-pressed', String(pinned !== undefined && g.dataset.q === String(pinned)));
    }
  };
  const rest = (): void => show(pinned === undefined ? undefined : 'q', pinned);
  const tokenOf = (t: EventTarget | null): SVGGElement | undefined => (t instanceof Element ? (t.closest('g.token') as SVGGElement | null) ?? undefined : undefined);
  const indexOf = (g: SVGGElement): [side: 'q' | 'k', index: number] => (g.classList.contains('query') ? ['q', Number(g.dataset.q)] : ['k', Number(g.dataset.k)]);
  const toggle = (g: SVGGElement): void => {
    const [side, index] = indexOf(g);
    if (side !== 'q') return;
    pinned = pinned === index ? undefined : index;
    show('q', index);
  };

  svg.addEventListener('mouseover', (e) => {
    const g = tokenOf(e.target);
    if (g) show(...indexOf(g));
  });
  svg.addEventListener('mouseout', (e) => {
    if (tokenOf(e.target) && !tokenOf(e.relatedTarget)) rest();
  });
  svg.addEventListener('focusin', (e) => {
    const g = tokenOf(e.target);
    if (g) show(...indexOf(g));
  });
  svg.addEventListener('focusout', () => rest());
  svg.addEventListener('click', (e) => {
    const g = tokenOf(e.target);
    if (g) toggle(g);
  });
  svg.addEventListener('keydown', (e) => {
    const g = tokenOf(e.target);
    if (!g) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(g);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const i = Number(g.dataset.q) + (e.key === 'ArrowDown' ? 1 : -1);
      tokens.find((t) => t.classList.contains('query') && t.dataset.q === String(i))?.focus();
    }
  });
  return svg;
}

function shorten(label: string): string {
  return label.length > MAX_CHARS ? `${label.slice(0, MAX_CHARS - 1)}…` : label;
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Readonly<Record<string, string>>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
