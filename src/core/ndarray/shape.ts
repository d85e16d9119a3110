/**
 * NumPy's shape manipulations on arrays of any rank: `transpose(axes)` / `.T`, `swapaxes`, `moveaxis`,
 * `squeeze`, `expand_dims`, `concatenate`/`stack`/`vstack`/`hstack`, `split`/`array_split`, `repeat`, `tile`,
 * `tril`/`triu`. Each takes NumPy's arguments and raises where NumPy raises (AxisError, ValueError).
 */
import { InputError } from '../errors';
import { broadcastIndex } from './broadcast';
import { type ArrayLimits, type NDArray, checkShape, dtypeOf, ndarray, normaliseAxes, normaliseAxis, reshape, shapeString, size, stridesOf } from './array';
import { promoteTypes } from './ufunc';

/** Copies `a` with its axes permuted: output axis i is input axis `perm[i]`. */
function permute(a: NDArray, perm: readonly number[]): NDArray {
  const shape = perm.map((p) => a.shape[p]);
  if (perm.length === 2 && perm[0] === 1) {
    // A matrix transpose, in 32 × 32 tiles.
    const [r, c] = a.shape;
    const out = new Float64Array(r * c);
    for (let i0 = 0; i0 < r; i0 += 32) for (let j0 = 0; j0 < c; j0 += 32) {
      const i1 = Math.min(r, i0 + 32), j1 = Math.min(c, j0 + 32);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * r + i] = a.data[i * c + j];
    }
    return ndarray(shape, out, undefined, a.dtype);
  }
  const st = stridesOf(a.shape);
  const pst = perm.map((p) => st[p]);
  const n = a.data.length;
  const out = new Float64Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    out[k] = a.data[src];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      src += pst[d];
      if (idx[d] < shape[d]) break;
      src -= pst[d] * idx[d];
      idx[d] = 0;
    }
  }
  const labels = perm[0] === 0 ? a.rowLabels : undefined;
  return ndarray(shape, out, labels, a.dtype);
}

/**
 * NumPy `transpose(a, axes)`: without `axes` the axes are reversed (`.T`; a vector is unchanged).
 * @throws InputError when `axes` is not a permutation of the axes.
 */
export function transpose(a: NDArray, axes?: readonly number[]): NDArray {
  const nd = a.shape.length;
  if (axes === undefined) {
    if (nd < 2) return a;
    return permute(a, a.shape.map((_, i) => nd - 1 - i));
  }
  if (axes.length !== nd) throw new InputError(`transpose: axes don't match array (${axes.length} axes for an array of shape ${shapeString(a.shape)})`);
  return permute(a, normaliseAxes(axes, nd, 'transpose'));
}

/**
 * NumPy `reshape(a, shape, order)` for `order` 'C' (the last index changes fastest) or 'F' (the first does):
 * in Fortran order the entries are read and written with the axes reversed, so the result is
 * `transpose(reshape(transpose(a), reversed(shape)))`; `ravel(order='F')` is the shape `[-1]`.
 * @throws InputError as {@link reshape} does
 */
export function reshapeInOrder(a: NDArray, shape: readonly number[], order: 'C' | 'F', limits: ArrayLimits): NDArray {
  if (order === 'C') return reshape(a, shape, limits);
  return transpose(reshape(transpose(a), [...shape].reverse(), limits));
}

/** NumPy `swapaxes(a, axis1, axis2)`. */
export function swapaxes(a: NDArray, axis1: number, axis2: number): NDArray {
  const nd = a.shape.length;
  const i = normaliseAxis(axis1, nd, 'swapaxes'), j = normaliseAxis(axis2, nd, 'swapaxes');
  const perm = a.shape.map((_, k) => k);
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return permute(a, perm);
}

/** NumPy `moveaxis(a, source, destination)` (ints or equal-length lists). */
export function moveaxis(a: NDArray, source: readonly number[], destination: readonly number[]): NDArray {
  const nd = a.shape.length;
  if (source.length !== destination.length) throw new InputError('moveaxis: `source` and `destination` arguments must have the same number of elements');
  const src = normaliseAxes(source, nd, 'moveaxis'), dst = normaliseAxes(destination, nd, 'moveaxis');
  const order = a.shape.map((_, k) => k).filter((k) => !src.includes(k));
  [...dst.map((d, i) => [d, src[i]] as const)].sort((x, y) => x[0] - y[0]).forEach(([d, s]) => order.splice(d, 0, s));
  return permute(a, order);
}

/** NumPy `squeeze(a, axis)`: drops the given axes of length 1 (all of them without `axis`). */
export function squeeze(a: NDArray, axes?: readonly number[]): NDArray {
  const nd = a.shape.length;
  let drop: number[];
  if (axes === undefined) drop = a.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  else {
    drop = normaliseAxes(axes, nd, 'squeeze');
    for (const ax of drop) if (a.shape[ax] !== 1) throw new InputError(`cannot select an axis to squeeze out which has size not equal to one (axis ${ax} of shape ${shapeString(a.shape)})`);
  }
  return ndarray(a.shape.filter((_, i) => !drop.includes(i)), a.data, undefined, a.dtype);
}

/** NumPy `expand_dims(a, axis)` (an int or a list of ints). */
export function expandDims(a: NDArray, axes: readonly number[]): NDArray {
  const nd = a.shape.length + axes.length;
  const at = normaliseAxes(axes, nd, 'expand_dims');
  const shape: number[] = [];
  let j = 0;
  for (let i = 0; i < nd; i++) shape.push(at.includes(i) ? 1 : a.shape[j++]);
  return ndarray(shape, a.data, undefined, a.dtype);
}

/** NumPy `concatenate(arrays, axis)`; `axis = null` flattens first. */
export function concatenate(items: readonly NDArray[], axis: number | null, limits: ArrayLimits, fn = 'concatenate'): NDArray {
  if (items.length === 0) throw new InputError(`${fn}: need at least one array to concatenate`);
  if (axis === null) return concatenate(items.map((a) => ndarray([a.data.length], a.data, undefined, a.dtype)), 0, limits, fn);
  const nd = items[0].shape.length;
  if (nd === 0) throw new InputError(`${fn}: zero-dimensional arrays cannot be concatenated`);
  const ax = normaliseAxis(axis, nd, fn);
  items.forEach((a, i) => {
    if (a.shape.length !== nd) throw new InputError(`${fn}: all the input arrays must have same number of dimensions, but the array at index 0 has ${nd} dimension(s) and the array at index ${i} has ${a.shape.length} dimension(s)`);
    a.shape.forEach((d, k) => {
      if (k !== ax && d !== items[0].shape[k]) throw new InputError(`${fn}: all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${k}, the array at index 0 has size ${items[0].shape[k]} and the array at index ${i} has size ${d}`);
    });
  });
  const shape = [...items[0].shape];
  shape[ax] = items.reduce((s, a) => s + a.shape[ax], 0);
  checkShape(shape, limits);
  const outer = size(shape.slice(0, ax));
  const inner = size(shape.slice(ax + 1));
  const out = new Float64Array(size(shape));
  let off = 0;
  for (let o = 0; o < outer; o++) {
    for (const a of items) {
      const block = a.shape[ax] * inner;
      out.set(a.data.subarray(o * block, (o + 1) * block), off);
      off += block;
    }
  }
  const dtype = items.map(dtypeOf).reduce(promoteTypes);
  const labels = ax === 0 || !items[0].rowLabels ? undefined : items[0].rowLabels;
  return ndarray(shape, out, labels, dtype);
}

/** NumPy `stack(arrays, axis)`: along a new axis; all arrays must have the same shape. */
export function stack(items: readonly NDArray[], axis: number, limits: ArrayLimits, fn = 'stack', rowLabels?: readonly string[]): NDArray {
  if (items.length === 0) throw new InputError(`${fn}: need at least one array to stack`);
  const s0 = items[0].shape;
  items.forEach((a) => {
    if (a.shape.length !== s0.length || a.shape.some((d, i) => d !== s0[i])) throw new InputError(`${fn}: all input arrays must have the same shape (${shapeString(s0)} and ${shapeString(a.shape)})`);
  });
  const ax = normaliseAxis(axis, s0.length + 1, fn);
  const joined = concatenate(items.map((a) => expandDims(a, [ax])), ax, limits, fn);
  return ax === 0 && rowLabels ? ndarray(joined.shape, joined.data, rowLabels, joined.dtype) : joined;
}

const atLeast2d = (a: NDArray): NDArray => (a.shape.length >= 2 ? a : ndarray(a.shape.length === 0 ? [1, 1] : [1, a.shape[0]], a.data, undefined, a.dtype));

/** NumPy `vstack`: vectors become rows, then concatenated along axis 0. */
export function vstack(items: readonly NDArray[], limits: ArrayLimits, fn = 'vstack'): NDArray {
  return concatenate(items.map(atLeast2d), 0, limits, fn);
}

/** NumPy `hstack`: vectors joined end to end, otherwise along axis 1. */
export function hstack(items: readonly NDArray[], limits: ArrayLimits, fn = 'hstack'): NDArray {
  const arrs = items.map((a) => (a.shape.length === 0 ? ndarray([1], a.data, undefined, a.dtype) : a));
  return concatenate(arrs, arrs[0] && arrs[0].shape.length === 1 ? 0 : 1, limits, fn);
}

/**
 * NumPy `split`/`array_split`: into `sections` near-equal parts (`array_split` gives the first
 * `n % sections` parts one more entry; `split` requires an equal division) or at the given indices.
 */
export function split(a: NDArray, sections: number | readonly number[], axis: number, exact: boolean, limits: ArrayLimits): NDArray[] {
  const nd = a.shape.length;
  const ax = normaliseAxis(axis, nd, exact ? 'split' : 'array_split');
  const n = a.shape[ax];
  let bounds: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0) throw new InputError('number sections must be larger than 0.');
    if (exact && n % sections !== 0) throw new InputError('array split does not result in an equal division');
    const each = Math.floor(n / sections), extra = n % sections;
    bounds = [0];
    for (let i = 0; i < sections; i++) bounds.push(bounds[i] + each + (i < extra ? 1 : 0));
  } else {
    bounds = [0, ...sections.map((x) => Math.min(Math.max(x < 0 ? x + n : x, 0), n)), n];
  }
  const out: NDArray[] = [];
  const outer = size(a.shape.slice(0, ax)), inner = size(a.shape.slice(ax + 1));
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i], len = Math.max(0, bounds[i + 1] - lo);
    const shape = [...a.shape];
    shape[ax] = len;
    checkShape(shape, limits);
    const data = new Float64Array(size(shape));
    for (let o = 0; o < outer; o++) data.set(a.data.subarray((o * n + lo) * inner, (o * n + lo + len) * inner), o * len * inner);
    out.push(ndarray(shape, data, undefined, a.dtype));
  }
  return out;
}

/** NumPy `repeat(a, repeats, axis)`: `repeats` is one count or one per entry along the axis; no axis flattens. */
export function repeat(a: NDArray, repeats: number | readonly number[], axis: number | null, limits: ArrayLimits): NDArray {
  const src = axis === null ? ndarray([a.data.length], a.data, undefined, a.dtype) : a;
  const ax = axis === null ? 0 : normaliseAxis(axis, src.shape.length, 'repeat');
  const n = src.shape[ax];
  const one = typeof repeats === 'number' ? repeats : repeats.length === 1 ? repeats[0] : undefined;
  const counts = one !== undefined ? new Array<number>(n).fill(one) : [...(repeats as readonly number[])];
  if (counts.length !== n) throw new InputError(`repeat: operands could not be broadcast together with shape (${n},) (${counts.length},)`);
  if (counts.some((c) => c < 0 || !Number.isInteger(c))) throw new InputError('repeat: repeats may not contain negative values.');
  const shape = [...src.shape];
  shape[ax] = counts.reduce((s, c) => s + c, 0);
  checkShape(shape, limits);
  const outer = size(src.shape.slice(0, ax)), inner = size(src.shape.slice(ax + 1));
  const out = new Float64Array(size(shape));
  let off = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < n; i++) {
      const row = src.data.subarray((o * n + i) * inner, (o * n + i + 1) * inner);
      for (let c = 0; c < counts[i]; c++) { out.set(row, off); off += inner; }
    }
  }
  return ndarray(shape, out, undefined, a.dtype);
}

/** NumPy `tile(a, reps)`. */
export function tile(a: NDArray, reps: readonly number[], limits: ArrayLimits): NDArray {
  if (reps.some((r) => r < 0 || !Number.isInteger(r))) throw new InputError('tile: negative dimensions are not allowed');
  const nd = Math.max(a.shape.length, reps.length);
  const src = [...new Array<number>(nd - a.shape.length).fill(1), ...a.shape];
  const r = [...new Array<number>(nd - reps.length).fill(1), ...reps];
  const shape = src.map((d, i) => d * r[i]);
  checkShape(shape, limits);
  const st = stridesOf(src);
  const n = size(shape);
  const out = new Float64Array(n);
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < n; k++) {
    let off = 0;
    for (let d = 0; d < nd; d++) off += (idx[d] % src[d]) * st[d];
    out[k] = a.data[off];
    for (let d = nd - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return ndarray(shape, out, undefined, a.dtype);
}

/** NumPy `tril(m, k)` / `triu(m, k)` on the last two axes (a vector is broadcast to a square first). */
export function triangle(a: NDArray, k: number, lower: boolean, limits: ArrayLimits): NDArray {
  let m = a;
  if (m.shape.length === 0) throw new InputError(`${lower ? 'tril' : 'triu'}: input must be at least 1-d`);
  if (m.shape.length === 1) {
    const n = m.shape[0];
    checkShape([n, n], limits);
    const map = broadcastIndex(m.shape, [n, n]) as Int32Array;
    m = ndarray([n, n], Float64Array.from(map, (i) => a.data[i]), undefined, a.dtype);
  }
  const r = m.shape[m.shape.length - 2], c = m.shape[m.shape.length - 1];
  const out = new Float64Array(m.data);
  for (let b = 0; b < out.length; b += r * c) {
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) {
      const keep = lower ? j - i <= k : j - i >= k;
      if (!keep) out[b + i * c + j] = 0;
    }
  }
  return ndarray(m.shape, out, m.rowLabels, m.dtype);
}
