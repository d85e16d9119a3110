/**
 * Carries torch's float32 approximation (torchPrecision.ts) from the values a computation reads to the value it
 * gives, whatever library computes it: `attn.detach().numpy() * 2`, `w.tolist()`, `pe[0] = w[0]`, `for r in n`.
 * An array, list, tuple or iterator computed from an approximate value is marked approximate (every surface then
 * shows the float32 note). A Python number or bool computed from one (`w[0, 1].item()`, `float(w.sum())`,
 * `max(w.tolist()[0])`) cannot carry the note: it is refused with {@link approximateNumberReason}, because
 * its last bits may differ from torch's and it would otherwise be shown as exact (FLOAT32_NOTE is the arrays' note). Sizes and shapes
 * (`len(w)`, `w.size(0)`, `w.ndim`) are exact and pass. One rule, applied by the evaluator where values are
 * computed: calls to library functions and methods, operators, subscripts, attributes, iteration, item assignment.
 */
import { type ArrayLimits, type NDArray, NotReproduced, broadcastShapes, broadcastTo, isNDArray } from '../../ndarray/ndarray';
import { isApproximate, markApproximate } from './torchPrecision';
import type { PyValue } from './values';

/** Functions and methods whose number result is a size, a count of dimensions or a type test: exact for any values. */
const SHAPE_CALLS = new Set([
  'len', 'size', 'dim', 'ndimension', 'numel', 'nelement', 'ndim', 'shape', 'isinstance', 'is_tensor', 'is_floating_point',
  'is_complex', 'is_contiguous', 'stride', 'element_size', 'get_device', 'id', 'type', 'hash', 'callable', 'hasattr', 'print',
]);

/** True when the call named `name` (a dotted path or a method name) gives a size or a type test, exact for any values. */
export function isShapeCall(name: string): boolean {
  return SHAPE_CALLS.has(name.slice(name.lastIndexOf('.') + 1));
}

/** The reason a Python number computed from an approximate value is not shown. */
export function approximateNumberReason(what: string): string {
  return `${what} gives a Python number from a float32 result that is torch's only within 1e-6 of the tensor's largest magnitude `
    + '(computed in float64 and rounded once; torch accumulates in float32 in its own order): a plain number cannot carry that note, so it is not shown';
}

/** The reason a condition (`if`, `while`, `and`/`or`, a conditional expression) on an approximate value is not decided. */
export function approximateConditionReason(): string {
  return 'a condition on a float32 result that is torch\'s only within 1e-6 of the tensor\'s largest magnitude (computed in float64 and rounded once): '
    + 'which way torch decides it is not certain here, so what depends on it is not shown';
}

/**
 * `result`, marked approximate when any of `inputs` is; a number or bool computed from an approximate input is
 * refused (NotReproduced) with a reason naming `what` (the expression or call).
 * @throws NotReproduced for a Python number or bool computed from an approximate value
 */
export function carryApproximation(result: PyValue, inputs: readonly PyValue[], what: string): PyValue {
  if (!inputs.some(isApproximate)) return result;
  if (typeof result === 'number' || typeof result === 'boolean') throw new NotReproduced(approximateNumberReason(what));
  return markApproximate(result, true);
}

/** The largest finite magnitude of an operand (its scale for the float32 tolerance). */
function scaleOf(v: NDArray): number {
  let m = 0;
  for (let i = 0; i < v.data.length; i++) { const x = Math.abs(Number(v.data[i])); if (Number.isFinite(x) && x > m) m = x; }
  return m;
}

/**
 * True when comparing `a` and `b` gives the same bools for every value torch may hold within the float32
 * tolerance: each pair differs by more than twice 1e-6 of the approximate operands' largest magnitudes (so
 * `w.max() > 0.3` with w.max() = 0.35 is certain, and needs no note). NaN, ±inf pairs and equal values are not.
 */
export function certainComparison(a: PyValue, b: PyValue, limits: ArrayLimits): boolean {
  const arrays = [a, b].filter(isNDArray);
  if (arrays.length === 0 || !(typeof a === 'number' || typeof a === 'boolean' || isNDArray(a)) || !(typeof b === 'number' || typeof b === 'boolean' || isNDArray(b))) return false;
  const margin = 2e-6 * [a, b].reduce((m: number, v) => m + (isNDArray(v) && isApproximate(v) ? scaleOf(v) : 0), 0);
  let shape: number[];
  try {
    shape = broadcastShapes(arrays.map((x) => x.shape), 'compare');
  } catch {
    return false;
  }
  const at = (v: PyValue): ((i: number) => number) => {
    if (!isNDArray(v)) { const n = Number(v); return () => n; }
    const w = broadcastTo(v, shape, limits);
    return (i) => Number(w.data[i]);
  };
  const fa = at(a), fb = at(b);
  const n = shape.reduce((p, d) => p * d, 1);
  for (let i = 0; i < n; i++) {
    const d = Math.abs(fa(i) - fb(i));
    if (!(d > margin) || !Number.isFinite(d)) return false;
  }
  return true;
}

/**
 * The items of an approximate container being iterated (`for r in n`, `[v * 2 for v in row]`, unpacking): arrays
 * and lists marked approximate; a Python number among them is refused.
 * @throws NotReproduced when an item is a Python number or bool
 */
export function approximateItems(container: PyValue, items: PyValue[], what: string): PyValue[] {
  if (!isApproximate(container)) return items;
  for (const x of items) carryApproximation(x, [container], what);
  return items;
}
