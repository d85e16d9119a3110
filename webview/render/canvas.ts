/**
 * A large matrix as a `<canvas>` heatmap (one pixel per entry, scaled up without smoothing, sharp at any
 * device pixel ratio) with a hover/keyboard cursor; the inspector reads out (row, column, value).
 */
import { h } from '../dom';
import { shapeText } from '../format';
import { entry } from '../matrix';
import type { CellInspector } from './inspector';
import type { MatrixModel } from './matrixModel';

/** Largest on-screen size of one entry, in CSS pixels. */
const MAX_CELL = 12;

export function matrixCanvas(model: MatrixModel, inspector: CellInspector): HTMLElement {
  const { rows, cols } = model.matrix;
  const canvas = h('canvas', {
    className: 'heatmap',
    attrs: {
      role: 'img',
      tabindex: '0',
      'aria-label': `${model.caption}: heatmap of ${shapeText(rows, cols)} entries; use the arrow keys to read entries`,
    },
  });
  const cursor = h('div', { className: 'heatmap-cursor', attrs: { 'aria-hidden': 'true' } });
  cursor.hidden = true;
  const frame = h('div', { className: 'heatmap-frame' }, [canvas, cursor]);
  const wrap = h('div', { className: 'heatmap-wrap' }, [frame]);

  const image = pixels(model);
  let cell = 1;
  let at: [number, number] = [0, 0];

  const draw = (): void => {
    const width = wrap.clientWidth;
    if (width === 0) return;
    cell = Math.max(Math.min(MAX_CELL, Math.floor(width / cols)), Math.min(1, width / cols));
    const cssW = cell * cols;
    const cssH = cell * rows;
    const dpr = window.devicePixelRatio || 1;
    canvas.style.width = `${cssW}px`;
    canvas.style.height = `${cssH}px`;
    canvas.width = Math.max(1, Math.round(cssW * dpr));
    canvas.height = Math.max(1, Math.round(cssH * dpr));
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    placeCursor();
  };

  const placeCursor = (): void => {
    cursor.style.left = `${at[1] * cell}px`;
    cursor.style.top = `${at[0] * cell}px`;
    cursor.style.width = `${Math.max(cell, 3)}px`;
    cursor.style.height = `${Math.max(cell, 3)}px`;
  };

  const select = (i: number, j: number): void => {
    at = [Math.min(rows - 1, Math.max(0, i)), Math.min(cols - 1, Math.max(0, j))];
    cursor.hidden = false;
    placeCursor();
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

  // Redraw when the available width changes (not from inside the observer: the canvas resizes the wrapper).
  let lastWidth = -1;
  let frameRequest = 0;
  new ResizeObserver(() => {
    if (wrap.clientWidth === lastWidth || frameRequest) return;
    frameRequest = requestAnimationFrame(() => {
      frameRequest = 0;
      lastWidth = wrap.clientWidth;
      draw();
    });
  }).observe(wrap);
  return wrap;
}

/** The matrix at one pixel per entry, coloured by the heat scale. */
function pixels(model: MatrixModel): HTMLCanvasElement {
  const { rows, cols } = model.matrix;
  const c = document.createElement('canvas');
  c.width = cols;
  c.height = rows;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const { r, g, b } = model.scale.rgb(entry(model.matrix, i, j));
      const p = (i * cols + j) * 4;
      img.data[p] = r;
      img.data[p + 1] = g;
      img.data[p + 2] = b;
      img.data[p + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return c;
}
