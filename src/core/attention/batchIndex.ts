/** Choosing one batch element of a batched attention result (see batched.ts). */
import type { AttentionResult, RoleBinding } from './types';

/**
 * The flat (C-order) position of batch `index` in `shape`, or undefined when the index does not fit
 * (wrong length, negative, fractional or out of range).
 */
export function batchOffset(shape: readonly number[], index: readonly number[]): number | undefined {
  if (index.length !== shape.length) return undefined;
  let k = 0;
  for (let a = 0; a < shape.length; a++) {
    const i = index[a];
    if (!Number.isInteger(i) || i < 0 || i >= shape[a]) return undefined;
    k = k * shape[a] + i;
  }
  return k;
}

/** The C-order batch index of flat position `k` in `shape` (the inverse of {@link batchOffset}). */
export function batchIndexOf(shape: readonly number[], k: number): number[] {
  const out = new Array<number>(shape.length).fill(0);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = k % shape[a];
    k = Math.floor(k / shape[a]);
  }
  return out;
}

/**
 * The result showing batch element `index` (its 2-D steps, heads and diagnostics), keeping the whole batch;
 * `undefined` when the result is not batched or the index does not fit its batch shape. A result that is not
 * batched is returned as it is for the empty index.
 */
export function selectBatch(result: AttentionResult, index: readonly number[]): AttentionResult | undefined {
  const b = result.batch;
  if (!b) return index.length === 0 ? result : undefined;
  const k = batchOffset(b.shape, index);
  if (k === undefined) return undefined;
  return { ...b.slices[k], batch: { ...b, index: [...index] } };
}

/**
 * An input of a result with explicit heads as head `head` sees it: for an array with a head axis
 * (`(..., H, L, d)`, rank ≥ 4) the slice `a[..., head, :, :]` (index 0 on a head axis of 1, which every head
 * shares), with its slice index; any other input unchanged.
 */
export function inputForHead(result: AttentionResult, b: RoleBinding, head: number): RoleBinding {
  const a = b.array;
  if (result.batch?.headSource !== 'explicit' || !a || a.shape.length < 4 || (b.role !== 'q' && b.role !== 'k' && b.role !== 'v')) return b;
  const r = a.shape.length;
  const index = [...(b.sliceIndex ?? a.shape.slice(0, r - 2).map(() => 0))];
  index[r - 3] = a.shape[r - 3] === 1 ? 0 : head;
  if (index[r - 3] >= a.shape[r - 3]) return b;
  const rows = a.shape[r - 2], cols = a.shape[r - 1];
  let k = 0;
  for (let i = 0; i < r - 2; i++) k = k * a.shape[i] + index[i];
  return { ...b, matrix: { rows, cols, data: a.data.slice(k * rows * cols, (k + 1) * rows * cols) }, sliceIndex: index };
}
