/**
 * Which torch tensors may not be contiguous in memory: a transpose, permute, `.T`, expand or a slice that
 * skips elements is a view with other strides, and torch's `x.view(shape)` raises on it ("view size is not
 * compatible with input tensor's size and stride … Use .reshape(...) instead") where the evaluator, which holds
 * values and not strides, would give a value. Such tensors are marked here; element-wise results of one are
 * marked too (torch keeps the input's layout); `.contiguous()`, matrix products, softmax and module outputs
 * are new contiguous tensors. `x.view(…)` of a marked tensor is refused with {@link viewLayoutReason}.
 */
import { type NDArray, isNDArray } from '../../ndarray/ndarray';
import { isTensor } from './tensorOrigin';
import type { PyValue } from './values';

const MAY_BE_STRIDED = new WeakSet<object>();

/** Views with other strides than a contiguous tensor's (method or function names). */
const STRIDED_VIEWS = new Set(['transpose', 'permute', 't', 'swapaxes', 'swapdims', 'movedim', 'moveaxis', 'expand', 'expand_as', 'narrow', 'diagonal', 'unfold', 'as_strided', 'T', 'mT', 'H', 'mH']);
/** Calls whose result torch allocates contiguous whatever the inputs' layout. */
const CONTIGUOUS_RESULTS = new Set(['contiguous', 'matmul', 'mm', 'bmm', 'baddbmm', 'linear', 'softmax', 'log_softmax', 'layer_norm', 'item', 'tolist', 'numpy',
  'size', 'dim', 'numel', 'sum', 'mean', 'amax', 'amin', 'max', 'min', 'argmax', 'argmin', 'prod', 'any', 'all', 'scaled_dot_product_attention', 'tensor', 'as_tensor', 'from_numpy']);

/** True when `v` is a tensor that may not be contiguous. */
export function mayBeStrided(v: PyValue | undefined): boolean {
  return typeof v === 'object' && v !== null && MAY_BE_STRIDED.has(v);
}

function mark(v: PyValue): void {
  if (isNDArray(v) && isTensor(v)) MAY_BE_STRIDED.add(v);
  else if (typeof v === 'object' && v !== null && v.kind === 'list') for (const x of v.items) mark(x);
}

/**
 * The layout of what a call or an operator named `name` (`transpose`, `*`, `exp`; the last part of a dotted path)
 * gives from `inputs`: a strided view for {@link STRIDED_VIEWS}, the inputs' (possibly strided) layout for an
 * element-wise result; returns `result`.
 */
export function carryLayout<T extends PyValue>(result: T, inputs: readonly PyValue[], name: string): T {
  const op = name.slice(name.lastIndexOf('.') + 1);
  if (STRIDED_VIEWS.has(op)) { mark(result); return result; }
  if (CONTIGUOUS_RESULTS.has(op) || !inputs.some(mayBeStrided) || inputs.includes(result)) return result;
  mark(result);
  return result;
}

/**
 * The layout of `a[index]` for a tensor `a`: contiguous when `a` is and the index takes whole trailing rows
 * (integers, then at most one slice of step 1, then whole axes; axes of size 1 and None do not count); otherwise
 * a strided view (`x[:, :2]`, `x[::2]`, `x[..., 0]`). An index with tensors or lists copies: contiguous.
 */
export function subscriptLayout(a: NDArray, index: readonly PyValue[], result: PyValue): PyValue {
  if (!isTensor(a) || !isNDArray(result) || result === a) return result;
  const advanced = index.some((i) => isNDArray(i) || (typeof i === 'object' && i !== null && i.kind === 'list'));
  if (advanced) return result; // a copy (mixed with slices it may not be, but torch then copies into a new tensor too)
  if (mayBeStrided(a)) { mark(result); return result; }
  // Once a slice over an axis longer than 1 is taken, every later axis must be whole (x[:, 0] and x[:, :2] are strided).
  let axis = 0, open = false;
  for (const i of index) {
    if (i === null) continue; // None adds an axis of size 1
    if (typeof i === 'object' && i.kind === 'ref') { mark(result); return result; } // Ellipsis: not followed here
    const n = a.shape[axis++] ?? 1;
    if (n === 1) continue;
    if (typeof i === 'number' || typeof i === 'boolean') {
      if (open) { mark(result); return result; }
      continue;
    }
    if (typeof i === 'object' && i.kind === 'slice') {
      const step = i.step ?? 1;
      const whole = step === 1 && (i.start === undefined || i.start === 0 || i.start <= -n) && (i.stop === undefined || i.stop >= n);
      if (open ? !whole : step !== 1) { mark(result); return result; }
      open = true;
      continue;
    }
    mark(result);
    return result;
  }
  return result;
}

/** The reason `x.view(…)` of a tensor that may not be contiguous is not shown. */
export function viewLayoutReason(fn: string): string {
  return `${fn} of a tensor that may not be contiguous in memory (after transpose, permute, .T, expand or a strided slice): `
    + 'torch raises "view size is not compatible with input tensor\'s size and stride" unless its strides allow the view, which is not followed here; '
    + 'use .contiguous().view(…) or .reshape(…)';
}
