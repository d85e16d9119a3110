/**
 * NumPy reductions over one axis, several axes or all of them, with `keepdims`: `sum prod mean max min
 * argmax argmin std var any all`. Float sums along the last axis (and whole-array sums) use NumPy's pairwise
 * summation (`pairwise_sum_DOUBLE`, blocks of 8, split at 128), other axes add in order as NumPy's
 * iterator does. A 0-D result is returned as a Python scalar, as NumPy returns a NumPy scalar.
 */
import { InputError } from '../errors';
import { NotReproduced } from './ufunc';
import { type DType, type NDArray, dtypeOf, ndarray, scalarResult, normaliseAxes, normaliseAxis, shapeString, size, stridesOf } from './array';

export type ReduceKind = 'sum' | 'prod' | 'mean' | 'max' | 'min' | 'argmax' | 'argmin' | 'std' | 'var' | 'any' | 'all';

/** NumPy's pairwise summation of `n` values read by `at(i)` (numpy/_core/src/umath/loops_utils.h.src). */
export function pairwiseSum(at: (i: number) => number, lo: number, n: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res += at(lo + i);
    return res;
  }
  if (n <= 128) {
    const r = [at(lo), at(lo + 1), at(lo + 2), at(lo + 3), at(lo + 4), at(lo + 5), at(lo + 6), at(lo + 7)];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += at(lo + i + j);
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += at(lo + i);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(at, lo, n2) + pairwiseSum(at, lo + n2, n - n2);
}

/** The groups of a reduction: for each output entry, the input offsets it reduces (in C order). */
interface Groups {
  readonly outShape: number[];
  readonly keptShape: number[];
  readonly count: number;
  /** Offset of the first entry of output group `g`, and the offsets within a group relative to it. */
  readonly base: Float64Array;
  readonly rel: Float64Array;
  /** Whether the reduced axes are the trailing ones (then the group is contiguous: pairwise sums apply). */
  readonly contiguous: boolean;
}

function groups(shape: readonly number[], axes: readonly number[]): Groups {
  const st = stridesOf(shape);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const red = shape.map((_, i) => i).filter((i) => axes.includes(i));
  const offsets = (dims: number[]): Float64Array => {
    const n = size(dims.map((d) => shape[d]));
    const out = new Float64Array(n);
    const idx = new Array<number>(dims.length).fill(0);
    for (let k = 0; k < n; k++) {
      let off = 0;
      for (let j = 0; j < dims.length; j++) off += idx[j] * st[dims[j]];
      out[k] = off;
      for (let j = dims.length - 1; j >= 0; j--) { if (++idx[j] < shape[dims[j]]) break; idx[j] = 0; }
    }
    return out;
  };
  const contiguous = red.every((d, i) => d === shape.length - red.length + i);
  return {
    outShape: kept.map((i) => shape[i]),
    keptShape: shape.map((d, i) => (axes.includes(i) ? 1 : d)),
    count: size(red.map((i) => shape[i])),
    base: offsets(kept),
    rel: offsets(red),
    contiguous,
  };
}

/**
 * A reduction of `a` over `axis` (an axis, a list of axes, or `undefined` for all), with `keepdims`.
 * `ddof` is for `std`/`var`. Returns a scalar (number or boolean) for a 0-D result.
 * @throws InputError for an axis out of range or a zero-size `max`/`min`/`argmax`/`argmin`.
 */
export function reduce(a: NDArray, axis: number | readonly number[] | undefined, keepdims: boolean, kind: ReduceKind, fn: string, ddof = 0): NDArray | number | boolean {
  const nd = a.shape.length;
  const t = dtypeOf(a);
  if (t === 'float32' && kind !== 'max' && kind !== 'min' && kind !== 'any' && kind !== 'all' && kind !== 'argmax' && kind !== 'argmin') {
    throw new NotReproduced(`${fn} of a float32 array is computed in float32 by NumPy, which is not reproduced`);
  }
  if ((kind === 'argmax' || kind === 'argmin') && Array.isArray(axis)) throw new InputError(`${fn}: axis must be an integer`);
  let axes: number[];
  if (axis === undefined) axes = a.shape.map((_, i) => i);
  else if (typeof axis === 'number') axes = [normaliseAxis(axis, Math.max(nd, kind === 'argmax' || kind === 'argmin' ? 1 : 0) || 1, fn)];
  else axes = normaliseAxes(axis as readonly number[], nd, fn);
  if (nd === 0) axes = [];
  // argmax/argmin without an axis work on the flattened array.
  const src = (kind === 'argmax' || kind === 'argmin') && axis === undefined ? ndarray([a.data.length], a.data, undefined, a.dtype) : a;
  if ((kind === 'argmax' || kind === 'argmin') && axis === undefined) axes = [0];
  const g = groups(src.shape, axes);
  const outDtype: DType = kind === 'argmax' || kind === 'argmin' ? 'int64' : kind === 'any' || kind === 'all' ? 'bool'
    : kind === 'mean' || kind === 'std' || kind === 'var' ? 'float64'
    : (kind === 'sum' || kind === 'prod') && t === 'bool' ? 'int64' : t;
  if (g.count === 0 && (kind === 'max' || kind === 'min' || kind === 'argmax' || kind === 'argmin') && g.base.length > 0) {
    throw new InputError(`${fn}: zero-size array to reduction operation ${kind === 'max' || kind === 'min' ? (kind === 'max' ? 'maximum' : 'minimum') : kind} which has no identity (shape ${shapeString(a.shape)})`);
  }
  const d = src.data;
  const nOut = g.base.length;
  const out = new Float64Array(nOut);
  const sumOf = (base: number, f: (x: number) => number): number => {
    if (g.count === 0) return 0;
    if (g.contiguous && t !== 'int64' && t !== 'bool') return -0 + pairwiseSum((i) => f(d[base + i]), 0, g.count);
    let s = 0;
    for (let i = 0; i < g.count; i++) s += f(d[base + g.rel[i]]);
    return s;
  };
  for (let o = 0; o < nOut; o++) {
    const b = g.base[o];
    switch (kind) {
      case 'sum': out[o] = sumOf(b, (x) => x); break;
      case 'mean': out[o] = sumOf(b, (x) => x) / g.count; break;
      case 'prod': { let p = 1; for (let i = 0; i < g.count; i++) p *= d[b + g.rel[i]]; out[o] = p; break; }
      case 'max': case 'min': {
        let m = d[b + g.rel[0]];
        for (let i = 1; i < g.count && !Number.isNaN(m); i++) {
          const x = d[b + g.rel[i]];
          if (Number.isNaN(x) || (kind === 'max' ? x > m : x < m)) m = x;
        }
        out[o] = m;
        break;
      }
      case 'argmax': case 'argmin': {
        let m = d[b + g.rel[0]], at = 0;
        for (let i = 1; i < g.count && !Number.isNaN(m); i++) {
          const x = d[b + g.rel[i]];
          if (Number.isNaN(x) || (kind === 'argmax' ? x > m : x < m)) { m = x; at = i; }
        }
        out[o] = at;
        break;
      }
      case 'any': { let r = 0; for (let i = 0; i < g.count; i++) if (d[b + g.rel[i]] !== 0) { r = 1; break; } out[o] = r; break; }
      case 'all': { let r = 1; for (let i = 0; i < g.count; i++) if (d[b + g.rel[i]] === 0) { r = 0; break; } out[o] = r; break; }
      case 'var': case 'std': {
        // NumPy's _var: mean with keepdims, x = a − mean, x·x, summed, divided by (n − ddof).
        const mean = sumOf(b, (x) => x) / g.count;
        const v = sumOf(b, (x) => (x - mean) * (x - mean)) / Math.max(g.count - ddof, 0);
        out[o] = kind === 'std' ? Math.sqrt(v) : v;
        break;
      }
    }
  }
  if (outDtype === 'int64') for (const v of out) if (Math.abs(v) >= 2 ** 53) throw new NotReproduced(`${fn}: an int64 result beyond 2^53 is not reproduced`);
  const shape = keepdims && !((kind === 'argmax' || kind === 'argmin') && axis === undefined) ? g.keptShape : g.outShape;
  const finalShape = keepdims && (kind === 'argmax' || kind === 'argmin') && axis === undefined ? a.shape.map(() => 1) : shape;
  if (finalShape.length === 0) return scalarResult(out[0], outDtype);
  const labels = a.rowLabels && !axes.includes(0) && finalShape.length === a.shape.length ? a.rowLabels : a.rowLabels && !axes.includes(0) && !keepdims ? a.rowLabels : undefined;
  return ndarray(finalShape, out, labels, outDtype);
}
