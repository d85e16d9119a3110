/**
 * Which float32 tensors hold values torch computes with float32 accumulation (a matrix product, a softmax, a
 * sum, exp/tanh…) in an order the evaluator cannot reproduce. Those are computed in float64 and rounded once to
 * float32; they agree with torch within 1e-6 of the tensor's largest magnitude (measured against torch 1.13 in
 * test/unit/torchOps.test.ts: at most 2.4e-7; element by element up to ~7e-6 relative where a sum cancels), and
 * every surface says so with {@link FLOAT32_NOTE}. Element-wise + − × ÷ and
 * sqrt of float32 values, rounded once, are exactly torch's and are not marked (unless an input is).
 */
import { type DType, type NDArray, astype, dtypeOf, isNDArray } from '../../ndarray/ndarray';
import { roundingNote } from './roundingNote';
import type { PyValue } from './values';

/** The note shown with an approximate float32 tensor (hovers, the CLI, `--json`): the one text of roundingNote.ts. */
export const FLOAT32_NOTE = `float32: ${roundingNote('torch', 'float32')}`;

const APPROXIMATE = new WeakSet<object>();

/** True when `v` is a float32 tensor whose values are torch's within the stated tolerance, not bit for bit. */
export function isApproximate(v: PyValue | undefined): boolean {
  return typeof v === 'object' && v !== null && APPROXIMATE.has(v);
}

/** The precision note of a value, if it has one. */
export function precisionNote(v: PyValue | undefined): string | undefined {
  return isApproximate(v) ? FLOAT32_NOTE : undefined;
}

/**
 * Marks `v` approximate when `yes` (also what is computed from one); returns it. An array is marked; a list or
 * tuple is marked itself (`w.tolist()`: shown with the note, and what is read out of it is approximate too) with
 * the arrays and lists it holds; a one-shot iterator (`enumerate(row)`) is marked so that its items are.
 */
export function markApproximate<T extends PyValue>(v: T, yes: boolean): T {
  if (!yes || typeof v !== 'object' || v === null) return v;
  if (isNDArray(v)) APPROXIMATE.add(v);
  else if (v.kind === 'list') {
    if (APPROXIMATE.has(v)) return v;
    APPROXIMATE.add(v);
    for (const x of v.items) markApproximate(x, true);
  } else if (v.kind === 'iterator') APPROXIMATE.add(v);
  return v;
}

/** Removes the approximate mark of `v` (a comparison whose every outcome is certain, approximation.ts); returns it. */
export function markCertain<T extends PyValue>(v: T): T {
  if (typeof v === 'object' && v !== null) APPROXIMATE.delete(v);
  return v;
}

/** True when any of `vs` is approximate. */
export function anyApproximate(vs: readonly PyValue[]): boolean {
  return vs.some(isApproximate);
}

/**
 * Runs a NumPy float64 computation `f` for a torch result of dtype `out`. For float32, the inputs are widened
 * to float64 (exactly), the result is rounded once to float32 and marked approximate; otherwise `f` runs on the
 * inputs as they are (float64 as NumPy computes it) and the result is approximate only if an input is.
 */
export function viaFloat64(inputs: readonly NDArray[], out: DType, f: (widened: NDArray[]) => NDArray): NDArray {
  if (out !== 'float32') return markApproximate(f(inputs.slice()), anyApproximate(inputs));
  const r = f(inputs.map((a) => (dtypeOf(a) === 'float32' ? astype(a, 'float64') : a)));
  return markApproximate(dtypeOf(r) === 'float32' ? r : astype(r, 'float32'), true);
}
