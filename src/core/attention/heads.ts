/**
 * Splitting projections into heads and joining them again, as `torch.nn.MultiheadAttention` does, and the rules
 * of which numbers of heads the pipeline accepts.
 */
import { InputError } from '../errors';
import { type Matrix, shapeText, zeros } from '../matrix/matrix';
import { OPTION_LIMITS } from './options';
import { SCORE_INFO } from './scoreInfo';
import type { ScoreFunction } from './types';

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

/** Whether score function `score` works with several heads: only the scores without parameters (W_a… are one head's). */
export function scoreAllowsHeads(score: ScoreFunction): boolean {
  return SCORE_INFO[score].params.length === 0;
}

/** A number of heads as the panel's controls offer it: whether the pipeline accepts it for the inputs, and why. */
export interface HeadCountChoice {
  readonly heads: number;
  /** False when the pipeline would refuse this count for the inputs in force (`description` says why). */
  readonly valid: boolean;
  /** `each head: 2 columns`, or why the count is refused. */
  readonly description: string;
}

/**
 * The numbers of heads the pipeline accepts, for the controls: with inputs whose Q, K and V have `widths` columns,
 * every common divisor of the widths up to {@link OPTION_LIMITS.maxHeads} (heads are contiguous column blocks of
 * equal width, as in `nn.MultiheadAttention`); only 1 (and the refused count in force) when `score` has
 * parameters ({@link scoreAllowsHeads});
 * 1 and `headAxis` when the inputs carry a head axis of that size (batched.ts: the heads come from the axis).
 * With no widths known (the roles are not all assigned) only 1 is offered as valid. The count `current` is always
 * listed, refused when it does not fit, so the control shows what is in force. Ascending by count.
 */
export function headCountChoices(widths: readonly number[], score: ScoreFunction, current: number, headAxis?: number): HeadCountChoice[] {
  const known = widths.filter((w) => w > 0);
  const g = known.reduce((a, b) => gcd(a, b), 0);
  const counts = new Set<number>([1, current]);
  if (headAxis !== undefined) counts.add(headAxis);
  else if (scoreAllowsHeads(score)) for (let d = 2; d <= Math.min(g, OPTION_LIMITS.maxHeads); d++) if (g % d === 0) counts.add(d);
  return [...counts].sort((a, b) => a - b).map((d) => {
    const per = `each head: ${[...new Set(known.map((w) => w / d))].join(' / ')} columns`;
    if (d === 1) return { heads: 1, valid: true, description: headAxis !== undefined ? 'the heads come from the head axis' : known.length ? per : 'one head' };
    if (!scoreAllowsHeads(score)) return { heads: d, valid: false, description: `the ${score} score has parameters for one head only` };
    if (headAxis !== undefined) {
      return d === headAxis ? { heads: d, valid: true, description: `the ${d} heads of the head axis` } : { heads: d, valid: false, description: `the inputs' head axis holds ${headAxis} heads` };
    }
    if (g === 0) return { heads: d, valid: false, description: 'the widths of Q, K and V are not known' };
    return g % d === 0 ? { heads: d, valid: true, description: per } : { heads: d, valid: false, description: `${d} does not divide the width${known.length > 1 ? 's' : ''} ${known.join(', ')}` };
  });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
