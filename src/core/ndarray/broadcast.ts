/**
 * NumPy broadcasting: the shape two or more operands broadcast to, the index map from an operand to that
 * shape, and element-wise functions of one, two or three operands. The element limit is checked on the
 * broadcast shape before anything is allocated.
 */
import { InputError } from '../errors';
import { type ArrayLimits, type DType, type NDArray, checkShape, ndarray, size, stridesOf } from './array';

/** An operand: an array, or a Python scalar (a number or a bool). */
export type Operand = NDArray | number | boolean;

/** The broadcast shape of `shapes` (NumPy rules), or an error naming all of them. */
export function broadcastShapes(shapes: readonly (readonly number[])[], op: string): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - n + i] ?? 1;
      if (x === 1) continue;
      if (d !== 1 && d !== x) {
        throw new InputError({ kind: 'broadcast', op, shapes });
      }
      d = x;
    }
    out.push(d);
  }
  return out;
}

/** The broadcast shape of two shapes. */
export function broadcastShape(s: readonly number[], t: readonly number[], op: string): number[] {
  return broadcastShapes([s, t], op);
}

/**
 * For each entry of an array of shape `out` (C order), the index of the entry of an array of shape `shape`
 * that broadcasts to it; `undefined` when the shapes are equal (the index is the position itself).
 */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array | undefined {
  if (shape.length === out.length && shape.every((d, i) => d === out[i])) return undefined;
  const n = size(out);
  const map = new Int32Array(n);
  const off = out.length - shape.length;
  const st = stridesOf(shape);
  const eff = out.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : st[i - off]));
  const idx = new Array<number>(out.length).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    map[k] = src;
    for (let d = out.length - 1; d >= 0; d--) {
      idx[d]++;
      src += eff[d];
      if (idx[d] < out[d]) break;
      src -= eff[d] * idx[d];
      idx[d] = 0;
    }
  }
  return map;
}

/** `a` broadcast to `shape` (a copy). @throws InputError when it cannot be. */
export function broadcastTo(a: NDArray, shape: readonly number[], limits: ArrayLimits, op = 'broadcast_to'): NDArray {
  const b = broadcastShapes([a.shape, shape], op);
  if (b.length !== shape.length || b.some((d, i) => d !== shape[i])) {
    throw new InputError({ kind: 'not-broadcastable', form: 'broadcast-to', op, from: a.shape, to: shape });
  }
  checkShape(shape, limits);
  const map = broadcastIndex(a.shape, shape);
  if (!map) return a;
  const out = new Float64Array(map.length);
  for (let k = 0; k < map.length; k++) out[k] = a.data[map[k]];
  return ndarray([...shape], out, undefined, a.dtype);
}

type Reader = (k: number) => number;

function reader(x: Operand, shape: readonly number[]): Reader {
  if (typeof x === 'number') return () => x;
  if (typeof x === 'boolean') { const v = x ? 1 : 0; return () => v; }
  const map = broadcastIndex(x.shape, shape);
  const d = x.data;
  return map ? (k) => d[map[k]] : (k) => d[k];
}

const shapeOfOperand = (x: Operand): readonly number[] => (typeof x === 'object' ? x.shape : []);

/** Row labels survive an element-wise op when an operand with them has the result's shape. */
function labelsOf(xs: readonly Operand[], shape: readonly number[]): readonly string[] | undefined {
  for (const x of xs) if (typeof x === 'object' && x.rowLabels && x.shape.length === shape.length && x.shape[0] === shape[0]) return x.rowLabels;
  return undefined;
}

/**
 * Element-wise `f` over operands broadcast together, giving an array of `dtype` (its values are stored as
 * `f` returns them: the caller casts). A result of Python scalars only is still an array here (0-D).
 * @throws InputError when the shapes do not broadcast or the result exceeds the limit.
 */
export function mapN(xs: readonly Operand[], f: (v: number[]) => number, dtype: DType, op: string, limits?: ArrayLimits): NDArray {
  const shape = broadcastShapes(xs.map(shapeOfOperand), op);
  if (limits) checkShape(shape, limits);
  const n = size(shape);
  const readers = xs.map((x) => reader(x, shape));
  const out = new Float64Array(n);
  const v = new Array<number>(xs.length);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < readers.length; i++) v[i] = readers[i](k);
    out[k] = f(v);
  }
  return ndarray(shape, out, labelsOf(xs, shape), dtype);
}

/**
 * Element-wise `f(x, y)` with NumPy broadcasting; either side may be a scalar. The result has `dtype`
 * (default float64).
 */
export function elementwise(x: Operand, y: Operand, f: (a: number, b: number) => number, op: string, dtype: DType = 'float64', limits?: ArrayLimits): NDArray {
  const shape = broadcastShapes([shapeOfOperand(x), shapeOfOperand(y)], op);
  if (limits) checkShape(shape, limits);
  const n = size(shape);
  const out = new Float64Array(n);
  const same = (v: Operand): v is NDArray => typeof v === 'object' && v.data.length === n && v.shape.length === shape.length;
  const scalar = (v: Operand): number | undefined => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : v.data.length === 1 ? v.data[0] : undefined);
  const sx = scalar(x), sy = scalar(y);
  // Fast paths (no index maps): equal shapes, or an array with a scalar (or a one-entry array).
  if (same(x) && same(y)) { const a = x.data, b = y.data; for (let k = 0; k < n; k++) out[k] = f(a[k], b[k]); }
  else if (same(x) && sy !== undefined) { const a = x.data; for (let k = 0; k < n; k++) out[k] = f(a[k], sy); }
  else if (sx !== undefined && same(y)) { const b = y.data; for (let k = 0; k < n; k++) out[k] = f(sx, b[k]); }
  else if (same(x) && isColumn(y, shape)) { const a = x.data, b = y.data, m = shape[shape.length - 1]; for (let r = 0, k = 0; k < n; r++) { const v = b[r]; for (let e = k + m; k < e; k++) out[k] = f(a[k], v); } }
  else if (isColumn(x, shape) && same(y)) { const a = x.data, b = y.data, m = shape[shape.length - 1]; for (let r = 0, k = 0; k < n; r++) { const v = a[r]; for (let e = k + m; k < e; k++) out[k] = f(v, b[k]); } }
  else if (same(x) && isTrailing(y, shape)) { const a = x.data, b = y.data, m = b.length; for (let k = 0; k < n; k += m) for (let j = 0; j < m; j++) out[k + j] = f(a[k + j], b[j]); }
  else if (isTrailing(x, shape) && same(y)) { const a = x.data, b = y.data, m = a.length; for (let k = 0; k < n; k += m) for (let j = 0; j < m; j++) out[k + j] = f(a[j], b[k + j]); }
  else {
    const gx = reader(x, shape), gy = reader(y, shape);
    for (let k = 0; k < n; k++) out[k] = f(gx(k), gy(k));
  }
  return ndarray(shape, out, labelsOf([x, y], shape), dtype);
}

/**
 * `v` has the shape `shape` but for a last axis of length 1 (`s.max(axis=-1, keepdims=True)` against `s`): one
 * entry per run of `shape[-1]` output entries.
 */
function isColumn(v: Operand, shape: readonly number[]): v is NDArray {
  if (typeof v !== 'object' || v.shape.length !== shape.length || shape.length === 0) return false;
  const last = shape.length - 1;
  return v.shape[last] === 1 && shape[last] > 0 && v.shape.every((d, i) => i === last || d === shape[i]);
}

/**
 * `v`'s shape, leading 1s aside, is the last axes of `shape` (a row vector against a matrix, or `(1, S)` against
 * `(L, S)`): it repeats every `v.data.length` entries.
 */
function isTrailing(v: Operand, shape: readonly number[]): v is NDArray {
  if (typeof v !== 'object' || v.shape.length > shape.length || v.data.length === 0) return false;
  let first = 0;
  while (first < v.shape.length && v.shape[first] === 1) first++;
  if (first === v.shape.length) return false;
  const off = shape.length - v.shape.length;
  for (let i = first; i < v.shape.length; i++) if (v.shape[i] !== shape[off + i]) return false;
  return true;
}

/** Element-wise `f(x)`, keeping the shape (and the dtype unless `dtype` is given). */
export function mapArray(a: NDArray, f: (x: number) => number, dtype?: DType): NDArray {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]);
  return ndarray(a.shape, out, a.rowLabels, dtype ?? a.dtype);
}
