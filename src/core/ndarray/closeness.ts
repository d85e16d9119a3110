/**
 * NumPy's tests of equality and closeness: `isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)` —
 * `|a − b| ≤ atol + rtol·|b|` for finite entries, equality for infinities, NaN close only with `equal_nan`
 * (numpy/_core/numeric.py) — `allclose` (all of it) and `array_equal` (same shape, equal entries).
 */
import { type ArrayLimits, type NDArray, dtypeOf } from './array';
import { type Operand, elementwise } from './broadcast';
import { NotReproduced } from './ufunc';

/**
 * NumPy `isclose` as a bool array of the broadcast shape, computed in float64.
 * @throws NotReproduced when an operand is float32 (NumPy computes the tolerance in float32)
 * @throws InputError when the shapes do not broadcast
 */
export function isclose(a: Operand, b: Operand, rtol: number, atol: number, equalNan: boolean, limits: ArrayLimits): NDArray {
  for (const x of [a, b]) {
    if (typeof x === 'object' && dtypeOf(x) === 'float32') throw new NotReproduced('np.isclose/allclose of a float32 array compares in float32 in NumPy, which is not reproduced');
  }
  const close = (x: number, y: number): number => {
    if (Number.isNaN(x) || Number.isNaN(y)) return equalNan && Number.isNaN(x) && Number.isNaN(y) ? 1 : 0;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y ? 1 : 0;
    return Math.abs(x - y) <= atol + rtol * Math.abs(y) ? 1 : 0;
  };
  return elementwise(a, b, close, 'isclose', 'bool', limits);
}

/** NumPy `array_equal(a1, a2, equal_nan=False)`: same shape and every entry equal (NaN never, unless equal_nan). */
export function arrayEqual(a: NDArray, b: NDArray, equalNan: boolean): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i], y = b.data[i];
    if (x === y || (equalNan && Number.isNaN(x) && Number.isNaN(y))) continue;
    return false;
  }
  return true;
}
