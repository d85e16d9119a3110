/** Splitting projections into heads and joining them again, as `torch.nn.MultiheadAttention` does. */
import { InputError } from '../errors';
import { type Matrix, shapeText, zeros } from '../matrix/matrix';

/**
 * Column block `h` of `H` contiguous blocks: `(n, d)` → `(n, d / H)`.
 * @throws InputError when `d` is not divisible by `H` (naming the matrix).
 */
export function headColumns(m: Matrix, h: number, H: number, name: string): Matrix {
  if (m.cols % H !== 0) throw new InputError(`${name} is ${shapeText(m)}: its ${m.cols} columns cannot be split into ${H} heads of equal width`);
  const w = m.cols / H;
  const out = zeros(m.rows, w);
  for (let i = 0; i < m.rows; i++) out.data.set(m.data.subarray(i * m.cols + h * w, i * m.cols + (h + 1) * w), i * w);
  return out;
}

/** Heads side by side: `H × (n, w)` → `(n, H·w)` (the inverse of {@link headColumns}). */
export function concatColumns(parts: readonly Matrix[]): Matrix {
  const n = parts[0].rows, w = parts[0].cols;
  const out = zeros(n, w * parts.length);
  parts.forEach((p, h) => {
    for (let i = 0; i < n; i++) out.data.set(p.data.subarray(i * w, (i + 1) * w), i * w * parts.length + h * w);
  });
  return out;
}

/** The element-wise mean of equal-shape matrices (the head-averaged attention weights). */
export function meanOf(parts: readonly Matrix[]): Matrix {
  const out = zeros(parts[0].rows, parts[0].cols);
  for (const p of parts) for (let k = 0; k < p.data.length; k++) out.data[k] += p.data[k];
  for (let k = 0; k < out.data.length; k++) out.data[k] /= parts.length;
  return out;
}
