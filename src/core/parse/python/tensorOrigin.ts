/**
 * Which arrays are PyTorch tensors (made by a `torch.*` call, or computed from one), where a method means
 * something else in PyTorch than in NumPy: `t.transpose(0, 1)` swaps two dimensions (NumPy's `a.transpose(0, 1)`
 * is a permutation: unchanged for a matrix), `t.max(dim=…)` returns values and indices, `t.std()` divides by n − 1.
 */
import { isNDArray } from '../../ndarray/ndarray';
import type { PyValue } from './values';

const TENSORS = new WeakSet<object>();

/** True when `v` is an array that came from PyTorch. */
export function isTensor(v: PyValue | undefined): boolean {
  return typeof v === 'object' && v !== null && TENSORS.has(v);
}

/** Marks `result` (an array, or the arrays of a list/tuple) as a tensor when `fromTorch`; returns it. */
export function markTensor(result: PyValue, fromTorch: boolean): PyValue {
  if (!fromTorch || typeof result !== 'object' || result === null) return result;
  if (isNDArray(result)) TENSORS.add(result);
  else if (result.kind === 'list') for (const x of result.items) markTensor(x, true);
  return result;
}
