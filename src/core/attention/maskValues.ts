/**
 * How the entries of a mask (or key-padding) array are read: boolean / 0-1 masks follow the mask convention
 * (`keep`: non-zero = attend, PyTorch `scaled_dot_product_attention`; `block`: non-zero = blocked,
 * `nn.MultiheadAttention`), while a float mask holding `−∞` is additive (PyTorch adds a float `attn_mask` to
 * the logits): 0 = attend, `−∞` = blocked, whatever the convention.
 */
import { InputError } from '../errors';
import { type Matrix, zeros } from '../matrix/matrix';
import type { MaskConvention, RoleBinding } from './types';

/** How a mask binding's entries are read. */
export type MaskReading = 'convention' | 'additive';

/**
 * Whether `b` (a mask or padding binding) is an additive float mask (0 / −∞) or follows the convention.
 * @throws InputError when a float mask holds negative finite values (an additive mask such as −1e9: its
 *   logits would not be −∞, so the engine cannot show them exactly) or mixes −∞ with values other than 0.
 */
export function maskReading(b: RoleBinding): MaskReading {
  const data = b.array?.data ?? b.matrix.data;
  const float = !b.array?.dtype || b.array.dtype === 'float64' || b.array.dtype === 'float32';
  let infinite = false, other: number | undefined, negative: number | undefined;
  for (const x of data) {
    if (x === -Infinity) infinite = true;
    else if (x !== 0) {
      other ??= x;
      if (x < 0 && negative === undefined) negative = x;
    }
  }
  if (float && infinite && other !== undefined) {
    throw new InputError(`${b.name} mixes −inf with ${other}: an additive float mask holds only 0 (attend) and −inf (blocked)`, b.range);
  }
  if (float && negative !== undefined) {
    throw new InputError(
      `${b.name} holds ${negative}: it looks like an additive float mask with finite values (such as −1e9), whose logits are not −inf; use −inf (np.where(mask, 0, -np.inf)) or a boolean mask`,
      b.range,
    );
  }
  return float && infinite ? 'additive' : 'convention';
}

/**
 * The 0/1 matrix the 2-D pipeline reads under `convention` for mask entries `m` read as `reading`:
 * an additive mask's 0 (attend) becomes 1 under `keep` and 0 under `block`, its `−∞` the opposite.
 */
export function conventionalMask(m: Matrix, reading: MaskReading, convention: MaskConvention): Matrix {
  if (reading === 'convention') return m;
  const out = zeros(m.rows, m.cols);
  for (let k = 0; k < m.data.length; k++) out.data[k] = (m.data[k] === 0) === (convention === 'keep') ? 1 : 0;
  return out;
}

/** The note saying that `name` was read as an additive mask. */
export function additiveNote(name: string): string {
  return `${name} is an additive float mask (added to the logits, as PyTorch does with a float attn_mask): 0 = attend, −inf = blocked, whatever the mask convention.`;
}
