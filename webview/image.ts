/**
 * A heatmap as an image file, drawn by the webview itself with the colours shown on screen: PNG (a canvas at
 * twice the size, base64) or SVG (a standalone document with one rect, and one text when numbers fit, per
 * entry). Title, row and column labels included; numbers are written in the cells when they fit.
 */
import type { Rgb } from '../webview-common/color';
import { toCss } from '../webview-common/color';
import { formatNumber } from '../webview-common/format';
import { entry } from '../webview-common/matrix';
import type { MatrixModel } from './render/matrixModel';

/** What an image is drawn from: the matrix as the panel shows it (entries, labels, colour scale, digits), a title and the theme's colours. */
export interface HeatmapImage extends Pick<MatrixModel, 'matrix' | 'rowLabels' | 'colLabels' | 'scale' | 'digits'> {
  readonly title: string;
  readonly background: Rgb;
  readonly foreground: Rgb;
}

const PAD = 12;
const TITLE_H = 26;
const LABEL_H = 18;
const MAX_LABEL = 20;

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly cellW: number;
  readonly cellH: number;
  readonly left: number;
  readonly top: number;
  readonly numbers: boolean;
  readonly rowLabels: boolean;
  readonly colLabels: boolean;
  readonly uiFont: string;
  readonly numberFont: string;
}

function fonts(): { ui: string; mono: string } {
  const css = getComputedStyle(document.documentElement);
  const ui = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const mono = css.getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
  return { ui, mono };
}

function layout(img: HeatmapImage, measure: (text: string, font: string) => number): Layout {
  const { rows, cols } = img.matrix;
  const { ui, mono } = fonts();
  const uiFont = `12px ${ui}`;
  const numberFont = `12px ${mono}`;
  const numbers = cols <= 40 && rows <= 120;
  let cellW: number;
  let cellH: number;
  if (numbers) {
    let widest = 0;
    for (let k = 0; k < img.matrix.values.length; k++) widest = Math.max(widest, measure(formatNumber(img.matrix.values[k], img.digits), numberFont));
    cellW = Math.max(40, Math.ceil(widest) + 14);
    cellH = 24;
  } else {
    cellW = cellH = Math.max(2, Math.min(24, Math.floor(1600 / Math.max(rows, cols))));
  }
  const rowLabels = cellH >= 10;
  const colLabels = cellW >= 14;
  const labelW = rowLabels ? Math.ceil(Math.max(0, ...img.rowLabels.map((l) => measure(short(l), uiFont)))) + 10 : 0;
  const left = PAD + labelW;
  const top = PAD + TITLE_H + (colLabels ? LABEL_H : 0);
  const width = Math.max(left + cols * cellW + PAD, PAD * 2 + Math.ceil(measure(img.title, `600 13px ${ui}`)));
  return { width, height: top + rows * cellH + PAD, cellW, cellH, left, top, numbers, rowLabels, colLabels, uiFont, numberFont };
}

/** The heatmap as a PNG at 2× (base64, without the `data:` prefix). */
export function heatmapPng(img: HeatmapImage): string {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  const measure = (text: string, font: string): number => {
    ctx.font = font;
    return ctx.measureText(text).width;
  };
  const g = layout(img, measure);
  const ratio = 2;
  canvas.width = g.width * ratio;
  canvas.height = g.height * ratio;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = toCss(img.background);
  ctx.fillRect(0, 0, g.width, g.height);
  const fg = toCss(img.foreground);
  const { ui } = fonts();

  ctx.fillStyle = fg;
  ctx.font = `600 13px ${ui}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(img.title, PAD, PAD + TITLE_H / 2 - 2);

  ctx.font = g.uiFont;
  if (g.colLabels) {
    ctx.textAlign = 'center';
    for (let j = 0; j < img.matrix.cols; j++) ctx.fillText(fit(img.colLabels[j] ?? String(j), g.cellW - 4, (t) => measure(t, g.uiFont)), g.left + (j + 0.5) * g.cellW, g.top - LABEL_H / 2);
  }
  if (g.rowLabels) {
    ctx.textAlign = 'right';
    for (let i = 0; i < img.matrix.rows; i++) ctx.fillText(short(img.rowLabels[i] ?? String(i)), g.left - 8, g.top + (i + 0.5) * g.cellH);
  }
  ctx.textAlign = 'center';
  ctx.font = g.numberFont;
  const gap = g.numbers ? 1 : 0;
  for (let i = 0; i < img.matrix.rows; i++) {
    for (let j = 0; j < img.matrix.cols; j++) {
      const v = entry(img.matrix, i, j);
      const x = g.left + j * g.cellW;
      const y = g.top + i * g.cellH;
      ctx.fillStyle = toCss(img.scale.rgb(v, i));
      ctx.fillRect(x + gap, y + gap, g.cellW - 2 * gap, g.cellH - 2 * gap);
      if (g.numbers) {
        ctx.fillStyle = toCss(img.scale.ink(v, i));
        ctx.fillText(formatNumber(v, img.digits), x + g.cellW / 2, y + g.cellH / 2);
      }
    }
  }
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** The heatmap as a standalone SVG document. */
export function heatmapSvg(img: HeatmapImage): string {
  const probe = document.createElement('canvas').getContext('2d');
  const measure = (text: string, font: string): number => {
    if (!probe) return text.length * 7;
    probe.font = font;
    return probe.measureText(text).width;
  };
  const g = layout(img, measure);
  const { ui, mono } = fonts();
  const fg = toCss(img.foreground);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" font-family="${xml(ui)}" font-size="12">`,
    `<title>${xml(img.title)}</title>`,
    `<rect width="100%" height="100%" fill="${toCss(img.background)}"/>`,
    `<text x="${PAD}" y="${PAD + TITLE_H / 2 - 2}" dominant-baseline="central" font-size="13" font-weight="600" fill="${fg}">${xml(img.title)}</text>`,
  ];
  if (g.colLabels) {
    out.push(`<g fill="${fg}" text-anchor="middle">`);
    for (let j = 0; j < img.matrix.cols; j++) {
      const label = fit(img.colLabels[j] ?? String(j), g.cellW - 4, (t) => measure(t, g.uiFont));
      out.push(`<text x="${num(g.left + (j + 0.5) * g.cellW)}" y="${num(g.top - LABEL_H / 2)}" dominant-baseline="central">${xml(label)}</text>`);
    }
    out.push('</g>');
  }
  if (g.rowLabels) {
    out.push(`<g fill="${fg}" text-anchor="end">`);
    for (let i = 0; i < img.matrix.rows; i++) {
      out.push(`<text x="${num(g.left - 8)}" y="${num(g.top + (i + 0.5) * g.cellH)}" dominant-baseline="central">${xml(short(img.rowLabels[i] ?? String(i)))}</text>`);
    }
    out.push('</g>');
  }
  const gap = g.numbers ? 1 : 0;
  out.push('<g>');
  for (let i = 0; i < img.matrix.rows; i++) {
    for (let j = 0; j < img.matrix.cols; j++) {
      const v = entry(img.matrix, i, j);
      out.push(`<rect x="${num(g.left + j * g.cellW + gap)}" y="${num(g.top + i * g.cellH + gap)}" width="${num(g.cellW - 2 * gap)}" height="${num(g.cellH - 2 * gap)}" fill="${toCss(img.scale.rgb(v, i))}"/>`);
    }
  }
  out.push('</g>');
  if (g.numbers) {
    out.push(`<g font-family="${xml(mono)}" text-anchor="middle">`);
    for (let i = 0; i < img.matrix.rows; i++) {
      for (let j = 0; j < img.matrix.cols; j++) {
        const v = entry(img.matrix, i, j);
        out.push(`<text x="${num(g.left + (j + 0.5) * g.cellW)}" y="${num(g.top + (i + 0.5) * g.cellH)}" dominant-baseline="central" fill="${toCss(img.scale.ink(v, i))}">${xml(formatNumber(v, img.digits))}</text>`);
      }
    }
    out.push('</g>');
  }
  out.push('</svg>', '');
  return out.join('\n');
}

function short(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

/** `label`, shortened with … until it is at most `width` wide. */
function fit(label: string, width: number, measure: (t: string) => number): string {
  let t = short(label);
  while (t.length > 1 && measure(t) > width) t = `${t.slice(0, -2)}…`;
  return t;
}

function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
