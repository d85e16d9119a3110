/**
 * NumPy functions that work along one axis in order: `np.sort` (values in ascending order, NaN last; the
 * values do not depend on the sort's stability) and `np.cumsum` (running sums added one after another, as
 * NumPy's `add.accumulate` does, so float sums equal NumPy's bit for bit).
 */
import { InputError } from '../errors';
import { type NDArray, dtypeOf, ndarray, normaliseAxis, stridesOf } from './array';
import { NotReproduced } from './ufunc';

/** Calls `f(offsets)` for each 1-D lane of `a` along `axis` (the offsets of the lane's entries, in order). */
function forEachLane(shape: readonly number[], axis: number, f: (offsets: number[]) => void): void {
  const strides = stridesOf(shape);
  const n = shape[axis];
  const total = shape.reduce((x, y) => x * y, 1);
  if (total === 0) return;
  const lanes = total / n;
  const outer = shape.slice(0, axis).reduce((x, y) => x * y, 1);
  const inner = lanes / outer;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * n * inner + i;
      f(Array.from({ length: n }, (_, k) => start + k * strides[axis]));
    }
  }
}

/**
 * NumPy `sort(a, axis=-1)`; `axis=None` sorts the flattened array. Same shape and dtype; NaN sorts last.
 * @throws InputError for an axis out of range or a 0-D array with an axis.
 */
export function sortAlong(a: NDArray, axis: number | null): NDArray {
  if (axis === null) return sortAlong(ndarray([a.data.length], a.data, undefined, a.dtype), -1);
  if (a.shape.length === 0) throw new InputError('numpy.exceptions.AxisError: axis -1 is out of bounds for array of dimension 0');
  const ax = normaliseAxis(axis, a.shape.length, 'sort');
  const out = new Float64Array(a.data);
  const cmp = (x: number, y: number): number => (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y);
  forEachLane(a.shape, ax, (offsets) => {
    const values = offsets.map((o) => a.data[o]).sort(cmp);
    offsets.forEach((o, k) => { out[o] = values[k]; });
  });
  return ndarray(a.shape, out, undefined, a.dtype);
}

/**
 * NumPy `cumsum(a, axis=None)`: running sums along `axis` (flattened when None), added in order. bool and
 * int64 give int64, float64 stays float64.
 * @throws NotReproduced for float32 (NumPy accumulates in float32) or an int64 sum beyond 2^53.
 */
export function cumsum(a: NDArray, axis: number | null): NDArray {
  if (axis === null) return cumsum(ndarray([a.data.length], a.data, undefined, a.dtype), 0);
  const dtype = dtypeOf(a);
  if (dtype === 'float32') throw new NotReproduced('np.cumsum of a float32 array is computed in float32 by NumPy, which is not reproduced');
  if (a.shape.length === 0) return ndarray([1], new Float64Array(a.data), undefined, dtype === 'bool' ? 'int64' : dtype);
  const ax = normaliseAxis(axis, a.shape.length, 'cumsum');
  const out = new Float64Array(a.data.length);
  forEachLane(a.shape, ax, (offsets) => {
    let s = 0;
    for (let k = 0; k < offsets.length; k++) {
      const o = offsets[k];
      s = k === 0 ? a.data[o] : s + a.data[o]; // the first entry is copied (-0.0 stays -0.0)
      if (dtype !== 'float64' && Math.abs(s) >= 2 ** 53) throw new NotReproduced('an int64 cumulative sum beyond 2^53 is not represented exactly');
      out[o] = s;
    }
  });
  return ndarray(a.shape, out, undefined, dtype === 'bool' ? 'int64' : dtype);
}
