/**
 * A large matrix as a `<canvas>` heatmap at full resolution: one canvas pixel per entry (ImageData, drawn at
 * once while the element is built: no layout is read), scaled by CSS (nearest-neighbour, sharp blocks) to the
 * panel's width, or zoomed (−, fit, +: a fixed size per entry, the box scrolls sideways). A hover/keyboard
 * cursor picks an entry; the inspector reads it out (row, column, value, derivation) on demand.
 * Hooks: `canvas.heatmap` (width × height = columns × rows), `.heatmap-zoom button[data-zoom]`.
 */
import { h } from '../dom';
import { shapeText } from '../format';
import type { CellInspector } from './inspector';
import type { MatrixModel } from './matrixModel';

/** Largest on-screen size of one entry at "fit", in CSS pixels. */
const MAX_CELL = 12;
/** Tallest on-screen size of a heatmap at "fit", in CSS pixels (zoom in for more). */
const FIT_HEIGHT = 800;
/** Zoom steps: CSS pixels per entry (fit the panel's width is between two of them). */
const ZOOMS = [0.25, 0.5, 1, 2, 4, 8, 16, 32];

export function matrixCanvas(model: MatrixModel, inspector: CellInspector): HTMLElement {
  const { rows, cols } = model.matrix;
  const canvas = h('canvas', {
    className: cols > 512 || rows > 512 ? 'heatmap dense' : 'heatmap',
    attrs: {
      role: 'img',
      tabindex: '0',
      'aria-label': `${model.caption}: heatmap of ${shapeText(rows, cols)} entries; use the arrow keys to read entries`,
    },
  });
  canvas.width = Math.max(1, cols);
  canvas.height = Math.max(1, rows);
  canvas.style.aspectRatio = `${Math.max(1, cols)} / ${Math.max(1, rows)}`;
  paintPixels(canvas, model);

  const cursor = h('div', { className: 'heatmap-cursor', attrs: { 'aria-hidden': 'true' } });
  cursor.hidden = true;
  cursor.style.width = `max(3px, ${100 / Math.max(1, cols)}%)`;
  cursor.style.height = `max(3px, ${100 / Math.max(1, rows)}%)`;
  const frame = h('div', { className: 'heatmap-frame' }, [canvas, cursor]);
  const wrap = h('div', { className: 'heatmap-wrap' }, [frame]);

  // CSS pixels per entry; 0 = fit.
  let px = 0;
  const applyZoom = (): void => {
    // Fit: the panel's width, at most 12 px per entry, and at most FIT_HEIGHT px tall (a tall, narrow X).
    frame.style.width = px === 0 ? `min(100%, ${cols * MAX_CELL}px, ${((cols / Math.max(1, rows)) * FIT_HEIGHT).toFixed(1)}px)` : `${cols * px}px`;
    frame.classList.toggle('zoomed', px !== 0);
    label.textContent = px === 0 ? 'fit' : `${px} px`;
  };
  const zoomButton = (text: string, title: string, delta: number): HTMLButtonElement => {
    const b = h('button', { className: 'tool', text, title, attrs: { type: 'button', 'aria-label': title }, dataset: { zoom: String(delta) } });
    b.addEventListener('click', () => {
      // From fit, the next step up or down from the size fit gives (read once, on the click).
      const now = px || frame.getBoundingClientRect().width / Math.max(1, cols);
      px = delta === 0 ? 0 : delta > 0 ? ZOOMS.find((z) => z > now * 1.01) ?? ZOOMS[ZOOMS.length - 1] : [...ZOOMS].reverse().find((z) => z < now * 0.99) ?? ZOOMS[0];
      applyZoom();
    });
    return b;
  };
  const label = h('span', { className: 'zoom-level', attrs: { 'aria-live': 'polite' } });
  const tools = h('div', { className: 'heatmap-zoom', attrs: { role: 'toolbar', 'aria-label': `Zoom ${model.caption}` } }, [
    zoomButton('−', 'Zoom out', -1),
    zoomButton('fit', 'Fit the panel width', 0),
    zoomButton('+', 'Zoom in', 1),
    label,
  ]);
  applyZoom();

  let at: [number, number] = [0, 0];
  const select = (i: number, j: number): void => {
    at = [Math.min(rows - 1, Math.max(0, i)), Math.min(cols - 1, Math.max(0, j))];
    cursor.hidden = false;
    cursor.style.left = `${(at[1] / cols) * 100}%`;
    cursor.style.top = `${(at[0] / rows) * 100}%`;
    inspector.show(at[0], at[1]);
  };

  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    select(Math.floor(((e.clientY - r.top) / r.height) * rows), Math.floor(((e.clientX - r.left) / r.width) * cols));
  });
  canvas.addEventListener('mouseleave', () => {
    if (document.activeElement !== canvas) cursor.hidden = true;
  });
  canvas.addEventListener('focus', () => select(at[0], at[1]));
  canvas.addEventListener('blur', () => (cursor.hidden = true));
  canvas.addEventListener('keydown', (e) => {
    const [i, j] = at;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [i - 1, j],
      ArrowDown: [i + 1, j],
      ArrowLeft: [i, j - 1],
      ArrowRight: [i, j + 1],
      PageUp: [i - 10, j],
      PageDown: [i + 10, j],
      Home: e.ctrlKey ? [0, 0] : [i, 0],
      End: e.ctrlKey ? [rows - 1, cols - 1] : [i, cols - 1],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    select(m[0], m[1]);
  });
  return h('div', { className: 'heatmap-box' }, [tools, wrap]);
}

/** Fills the canvas with the matrix at one pixel per entry, coloured by the heat scale (row by row). */
export function paintPixels(canvas: HTMLCanvasElement, model: MatrixModel): void {
  const { rows, cols, values } = model.matrix;
  const ctx = canvas.getContext('2d');
  if (!ctx || rows === 0 || cols === 0) return;
  const img = ctx.createImageData(cols, rows);
  const data = img.data;
  for (let i = 0, p = 0, k = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, k++, p += 4) {
      const { r, g, b } = model.scale.rgb(values[k], i);
      data[p] = r;
      data[p + 1] = g;
      data[p + 2] = b;
      data[p + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}
