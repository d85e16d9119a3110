/**
 * Products and norms: `@`/`np.matmul` (batched, with broadcasting of the batch axes), `np.dot` (N-D rules),
 * `np.outer` and `np.linalg.norm` (`ord`, `axis`, `keepdims`), following NumPy's definitions
 * (numpy/linalg/_linalg.py for the norm). Float products use the engine's kernel (summation order may
 * differ from BLAS by rounding only).
 */
import { InputError } from '../errors';
import { matmul as matmul2d } from '../matrix/ops';
import { broadcastShapes, broadcastIndex, elementwise, mapArray } from './broadcast';
import { type ArrayLimits, type NDArray, checkShape, dtypeOf, ndarray, scalarResult, normaliseAxis, reshape, shapeString, size } from './array';
import { reduce } from './reduce';
import { moveaxis } from './shape';
import { NotReproduced, promoteTypes } from './ufunc';

/**
 * NumPy `matmul` (`@`): `(..., n, k) @ (..., k, m) → (..., n, m)` with the batch axes broadcast; a vector on
 * the left is a row (`(k,) @ (..., k, m) → (..., m)`), on the right a column; two vectors give a scalar.
 * @throws InputError for 0-D operands or inner dimensions that differ (naming both operands and shapes).
 */
export function matmul(a: NDArray, b: NDArray, nameA: string, nameB: string, limits: ArrayLimits = { maxElements: Infinity }): NDArray | number | boolean {
  if (a.shape.length === 0 || b.shape.length === 0) throw new InputError(`matmul: Input operand ${a.shape.length === 0 ? 0 : 1} does not have enough dimensions (${a.shape.length === 0 ? nameA : nameB} is a 0-D array; use * for scalars)`);
  const av = a.shape.length === 1, bv = b.shape.length === 1;
  const as = av ? [1, a.shape[0]] : a.shape, bs = bv ? [b.shape[0], 1] : b.shape;
  const n = as[as.length - 2], k = as[as.length - 1], k2 = bs[bs.length - 2], m = bs[bs.length - 1];
  if (k !== k2) {
    throw new InputError({ kind: 'inner-dimensions', op: 'matmul', left: { name: nameA, shape: a.shape }, right: { name: nameB, shape: b.shape } });
  }
  const batchA = as.slice(0, -2), batchB = bs.slice(0, -2);
  const batch = broadcastShapes([batchA, batchB], `${nameA} @ ${nameB}`);
  const outFull = [...batch, n, m];
  checkShape(outFull, limits);
  const nb = size(batch);
  const mapA = broadcastIndex(batchA, batch), mapB = broadcastIndex(batchB, batch);
  const t = promoteTypes(dtypeOf(a), dtypeOf(b));
  if (t === 'float32') throw new NotReproduced('a float32 matrix product is computed in float32 by NumPy, which is not reproduced');
  const out = new Float64Array(nb * n * m);
  for (let q = 0; q < nb; q++) {
    const ia = mapA ? mapA[q] : q, ib = mapB ? mapB[q] : q;
    const A = { rows: n, cols: k, data: a.data.subarray(ia * n * k, (ia + 1) * n * k) };
    const B = { rows: k, cols: m, data: b.data.subarray(ib * k * m, (ib + 1) * k * m) };
    if (t === 'float64') out.set(matmul2d(A, B, nameA, nameB).data, q * n * m);
    else {
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A.data[i * k + p] * B.data[p * m + j];
        out[q * n * m + i * m + j] = t === 'bool' ? (s !== 0 ? 1 : 0) : s;
      }
    }
  }
  if (t === 'int64') for (const v of out) if (Math.abs(v) >= 2 ** 53) throw new NotReproduced('an int64 matrix product beyond 2^53 is not reproduced');
  const shape = [...batch, ...(av ? [] : [n]), ...(bv ? [] : [m])];
  if (shape.length === 0) return scalarResult(out[0], t);
  const labels = !av && a.shape.length === 2 && b.shape.length <= 2 ? a.rowLabels : undefined;
  return ndarray(shape, out, labels, t);
}

/**
 * NumPy `dot(a, b)`: a product with a scalar when either is 0-D; the inner product of two vectors; otherwise
 * a sum over the last axis of `a` and the second-to-last of `b` (the last when `b` is a vector):
 * `dot(a, b)[i, j, k, m] = Σ a[i, j, :] · b[k, :, m]`.
 */
export function dot(a: NDArray, b: NDArray, nameA: string, nameB: string, limits: ArrayLimits): NDArray | number | boolean {
  if (a.shape.length === 0 || b.shape.length === 0) {
    const t = promoteTypes(dtypeOf(a), dtypeOf(b));
    const r = elementwise(a, b, (x, y) => (t === 'bool' ? (x && y ? 1 : 0) : x * y), 'dot', t, limits);
    return r.shape.length === 0 ? scalarResult(r.data[0], t) : r;
  }
  if (a.shape.length <= 2 && b.shape.length <= 2) return matmul(a, b, nameA, nameB, limits);
  const k = a.shape[a.shape.length - 1];
  const kb = b.shape.length === 1 ? b.shape[0] : b.shape[b.shape.length - 2];
  if (k !== kb) throw new InputError(`dot: shapes ${shapeString(a.shape)} (${nameA}) and ${shapeString(b.shape)} (${nameB}) not aligned: ${k} (dim ${a.shape.length - 1}) != ${kb} (dim ${Math.max(0, b.shape.length - 2)})`);
  const A = reshape(a, [-1, k], { maxElements: Infinity });
  const B = b.shape.length === 1 ? b : moveaxis(b, [-2], [0]);
  const rest = b.shape.length === 1 ? [] : [...b.shape.slice(0, -2), b.shape[b.shape.length - 1]];
  const B2 = reshape(B, [k, size(rest)], { maxElements: Infinity });
  const outShape = [...a.shape.slice(0, -1), ...rest];
  checkShape(outShape, limits);
  const r = matmul(A, B2, nameA, nameB, limits);
  const data = typeof r === 'object' ? r.data : Float64Array.of(Number(r));
  return ndarray(outShape, data, undefined, typeof r === 'object' ? r.dtype : promoteTypes(dtypeOf(a), dtypeOf(b)));
}

/** NumPy `outer(a, b)`: both flattened, `out[i, j] = a[i]·b[j]`. */
export function outer(a: NDArray, b: NDArray, limits: ArrayLimits): NDArray {
  const t = promoteTypes(dtypeOf(a), dtypeOf(b));
  const x = ndarray([a.data.length, 1], a.data, undefined, a.dtype), y = ndarray([b.data.length], b.data, undefined, b.dtype);
  if (t === 'float32') throw new NotReproduced('outer in float32 is not reproduced');
  return elementwise(x, y, t === 'bool' ? (p, q) => (p && q ? 1 : 0) : (p, q) => p * q, 'outer', t, limits);
}

/** The `ord` of a norm: a number (±Infinity included), `'fro'`, `'nuc'`, or undefined for the default. */
export type NormOrder = number | 'fro' | 'f' | 'nuc' | undefined;

const absOf = (x: NDArray): NDArray => mapArray(x, Math.abs, 'float64');
const asFloat = (x: NDArray): NDArray => (dtypeOf(x) === 'float64' ? x : ndarray(x.shape, x.data, undefined, 'float64'));

/**
 * NumPy `linalg.norm(x, ord, axis, keepdims)`: vector norms over one axis (2, 1, ±inf, 0, any p), matrix
 * norms over two (Frobenius, 1, −1, ±inf; the 2-norm and nuclear norm need an SVD and are not evaluated),
 * and the 2-norm of the flattened array by default.
 * @throws InputError where NumPy raises (invalid order, wrong number of axes).
 */
export function norm(x0: NDArray, ord: NormOrder, axis: number | readonly number[] | undefined, keepdims: boolean): NDArray | number | boolean {
  const r = normOf(x0, ord, axis, keepdims);
  return typeof r === 'number' ? scalarResult(r, 'float64') : r;
}

function normOf(x0: NDArray, ord: NormOrder, axis: number | readonly number[] | undefined, keepdims: boolean): NDArray | number {
  if (dtypeOf(x0) === 'float32') throw new NotReproduced('norm of a float32 array is computed in float32 by NumPy, which is not reproduced');
  const x = asFloat(x0);
  const nd = x.shape.length;
  const num = (v: NDArray | number | boolean): NDArray | number => (typeof v === 'boolean' ? Number(v) : typeof v === 'object' && v.shape.length === 0 ? v.data[0] : v);
  const sqrtOf = (v: NDArray | number): NDArray | number => (typeof v === 'number' ? Math.sqrt(v) : mapArray(v, Math.sqrt));
  if (axis === undefined && (ord === undefined || ((ord === 'fro' || ord === 'f') && nd === 2) || (ord === 2 && nd === 1))) {
    const flat = ndarray([x.data.length], x.data);
    const s = num(reduce(mapArray(flat, (v) => v * v), undefined, false, 'sum', 'norm')) as number;
    const r = Math.sqrt(s);
    return keepdims ? ndarray(x.shape.map(() => 1), Float64Array.of(r)) : r;
  }
  const axes = axis === undefined ? x.shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : [...axis];
  if (axes.length === 1) {
    const ax = axes;
    if (ord === Infinity) return num(reduce(absOf(x), ax, keepdims, 'max', 'norm'));
    if (ord === -Infinity) return num(reduce(absOf(x), ax, keepdims, 'min', 'norm'));
    if (ord === 0) return num(reduce(mapArray(x, (v) => (v !== 0 ? 1 : 0), 'float64'), ax, keepdims, 'sum', 'norm'));
    if (ord === 1) return num(reduce(absOf(x), ax, keepdims, 'sum', 'norm'));
    if (ord === undefined || ord === 2) return sqrtOf(num(reduce(mapArray(x, (v) => v * v), ax, keepdims, 'sum', 'norm')));
    if (typeof ord === 'string') throw new InputError(`Invalid norm order '${ord}' for vectors`);
    const p = ord;
    const s = num(reduce(mapArray(x, (v) => Math.pow(Math.abs(v), p)), ax, keepdims, 'sum', 'norm'));
    const inv = 1 / p;
    return typeof s === 'number' ? Math.pow(s, inv) : mapArray(s, (v) => Math.pow(v, inv));
  }
  if (axes.length === 2) {
    let row = normaliseAxis(axes[0], nd, 'norm'), col = normaliseAxis(axes[1], nd, 'norm');
    if (row === col) throw new InputError('Duplicate axes given.');
    let ret: NDArray | number;
    const sumAbs = (over: number): NDArray => reduce(absOf(x), over, false, 'sum', 'norm') as NDArray;
    if (ord === 2 || ord === -2 || ord === 'nuc') throw new NotReproduced(`norm with ord=${String(ord)} needs a singular value decomposition, which is not evaluated`);
    if (ord === 1 || ord === -1) {
      if (col > row) col -= 1;
      ret = num(reduce(sumAbs(row), col, false, ord === 1 ? 'max' : 'min', 'norm'));
    } else if (ord === Infinity || ord === -Infinity) {
      if (row > col) row -= 1;
      ret = num(reduce(sumAbs(col), row, false, ord === Infinity ? 'max' : 'min', 'norm'));
    } else if (ord === undefined || ord === 'fro' || ord === 'f') {
      ret = sqrtOf(num(reduce(mapArray(x, (v) => v * v), axes, false, 'sum', 'norm')));
    } else throw new InputError('Invalid norm order for matrices.');
    if (keepdims) {
      const shape = [...x.shape];
      shape[normaliseAxis(axes[0], nd, 'norm')] = 1;
      shape[normaliseAxis(axes[1], nd, 'norm')] = 1;
      return ndarray(shape, typeof ret === 'number' ? Float64Array.of(ret) : ret.data);
    }
    return ret;
  }
  throw new InputError(`Improper number of dimensions to norm (shape ${shapeString(x.shape)}).`);
}
