/** Choosing one batch element of a batched attention result (see batched.ts). */
import type { AttentionResult } from './types';

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
