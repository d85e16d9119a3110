/**
 * The arrays a NumPy-style program computes with, restricted to what matrices need: 1-D (`(n,)`) and 2-D
 * (`(r, c)`) float64 arrays, row-major. Operations follow NumPy's semantics (broadcasting, `@`, `.T`, axes).
 * Every function throws {@link InputError} on shapes NumPy would reject, with both shapes in the message.
 */
import { InputError } from '../errors';
import type { Matrix } from '../matrix/matrix';
import { matmul as matmul2d, transpose as transpose2d } from '../matrix/ops';

export interface NDArray {
  readonly kind: 'ndarray';
  /** `[n]` for a vector, `[rows, cols]` for a matrix. */
  readonly shape: readonly number[];
  readonly data: Float64Array;
  /** Names of the rows when the array was stacked from named vectors (`array([word_1, word_2])`). */
  readonly rowLabels?: readonly string[];
}

/** Limits that keep evaluation bounded whatever the input. */
export interface ArrayLimits {
  /** Largest number of entries of one array. */
  readonly maxElements: number;
}

export function ndarray(shape: readonly number[], data: Float64Array, rowLabels?: readonly string[]): NDArray {
  return rowLabels ? { kind: 'ndarray', shape, data, rowLabels } : { kind: 'ndarray', shape, data };
}

export function isNDArray(x: unknown): x is NDArray {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'ndarray';
}

/** `(2, 3)` / `(3,)`: NumPy's notation for a shape. */
export function shapeString(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Checks a shape against the limits and NumPy's rules (non-negative integers, at most 2 dimensions). */
export function checkShape(shape: readonly number[], limits: ArrayLimits): void {
  if (shape.length > 2) throw new InputError(`${shape.length}-D arrays are not supported (shape ${shapeString(shape)}); Attention Explorer works on vectors and matrices`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new InputError(`invalid dimension ${d} in shape ${shapeString(shape)}`);
  }
  const n = size(shape);
  if (n > limits.maxElements) {
    throw new InputError(`an array of shape ${shapeString(shape)} has ${n} entries, more than the limit of ${limits.maxElements} (setting attentionExplorer.limits.maxMatrixElements)`);
  }
}

/** An array of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, limits: ArrayLimits): NDArray {
  checkShape(shape, limits);
  return ndarray(shape, new Float64Array(size(shape)).fill(value));
}

/** The `n × m` identity (NumPy `eye(n, m)`). */
export function eye(n: number, m: number, limits: ArrayLimits): NDArray {
  const a = full([n, m], 0, limits);
  for (let i = 0; i < Math.min(n, m); i++) a.data[i * m + i] = 1;
  return a;
}

/** NumPy `arange(start, stop, step)`. */
export function arange(start: number, stop: number, step: number, limits: ArrayLimits): NDArray {
  if (step === 0 || !Number.isFinite(step)) throw new InputError('arange: step must be a non-zero number');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkShape([n], limits);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return ndarray([n], data);
}

/** NumPy `reshape`; one dimension may be `-1`. */
export function reshape(a: NDArray, shape: readonly number[], limits: ArrayLimits): NDArray {
  const n = a.data.length;
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new InputError('reshape: can only specify one unknown dimension (-1)');
  let resolved = shape;
  if (unknown === 1) {
    const known = size(shape.filter((d) => d !== -1));
    if (known === 0 || n % known !== 0) throw new InputError(`cannot reshape array of size ${n} into shape ${shapeString(shape)}`);
    resolved = shape.map((d) => (d === -1 ? n / known : d));
  }
  checkShape(resolved, limits);
  if (size(resolved) !== n) throw new InputError(`cannot reshape array of size ${n} into shape ${shapeString(shape)}`);
  return ndarray(resolved, a.data);
}

/** A 2-D view as a {@link Matrix}; a vector `(n,)` is the `1 × n` matrix. */
export function asMatrix(a: NDArray): Matrix {
  if (a.shape.length === 1) return { rows: 1, cols: a.shape[0], data: a.data };
  return { rows: a.shape[0], cols: a.shape[1], data: a.data };
}

function fromMatrix(m: Matrix, rowLabels?: readonly string[]): NDArray {
  return ndarray([m.rows, m.cols], m.data, rowLabels);
}

/** NumPy `.T` / `transpose`: reverses the axes (a vector is unchanged). */
export function transpose(a: NDArray): NDArray {
  if (a.shape.length < 2) return a;
  return fromMatrix(transpose2d(asMatrix(a)));
}

/**
 * NumPy `matmul` (`@`): `(n, k) @ (k, m) → (n, m)`; a vector on the left is a row `(k,) @ (k, m) → (m,)`,
 * on the right a column `(n, k) @ (k,) → (n,)`; two vectors give their inner product.
 * @throws InputError when the inner dimensions differ.
 */
export function matmul(a: NDArray, b: NDArray, nameA: string, nameB: string): NDArray | number {
  const A: Matrix = asMatrix(a);
  const B: Matrix = b.shape.length === 1 ? { rows: b.shape[0], cols: 1, data: b.data } : asMatrix(b);
  if (A.cols !== B.rows) {
    throw new InputError(`matmul: ${nameA} has shape ${shapeString(a.shape)} and ${nameB} has shape ${shapeString(b.shape)}: inner dimensions ${A.cols} and ${B.rows} differ`);
  }
  const C = matmul2d(A, B, nameA, nameB);
  if (a.shape.length === 1 && b.shape.length === 1) return C.data[0];
  if (a.shape.length === 1) return ndarray([C.cols], C.data);
  if (b.shape.length === 1) return ndarray([C.rows], C.data);
  return fromMatrix(C, a.rowLabels);
}

/** The broadcast shape of two shapes (NumPy rules), or an error naming both. */
export function broadcastShape(s: readonly number[], t: readonly number[], op: string): number[] {
  const n = Math.max(s.length, t.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = s[s.length - n + i] ?? 1;
    const b = t[t.length - n + i] ?? 1;
    if (a !== b && a !== 1 && b !== 1) {
      throw new InputError(`operands could not be broadcast together with shapes ${shapeString(s)} ${shapeString(t)} (in ${op})`);
    }
    out.push(a === 1 ? b : a);
  }
  return out;
}

/** Element-wise `f(x, y)` with NumPy broadcasting; either side may be a scalar. */
export function elementwise(x: NDArray | number, y: NDArray | number, f: (a: number, b: number) => number, op: string): NDArray {
  const xs = typeof x === 'number' ? [] : x.shape;
  const ys = typeof y === 'number' ? [] : y.shape;
  const shape = broadcastShape(xs, ys, op);
  const rows = shape.length === 2 ? shape[0] : 1;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const out = new Float64Array(rows * cols);
  const get = (v: NDArray | number, s: readonly number[]): ((i: number, j: number) => number) => {
    if (typeof v === 'number') return () => v;
    const r = s.length === 2 ? s[0] : 1;
    const c = s.length === 0 ? 1 : s[s.length - 1];
    const d = v.data;
    return (i, j) => d[(r === 1 ? 0 : i) * c + (c === 1 ? 0 : j)];
  };
  const gx = get(x, xs), gy = get(y, ys);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = f(gx(i, j), gy(i, j));
  const labels = (typeof x !== 'number' && x.shape.length === shape.length ? x.rowLabels : undefined) ??
    (typeof y !== 'number' && y.shape.length === shape.length ? y.rowLabels : undefined);
  return ndarray(shape, out, labels);
}

/** Element-wise `f(x)`. */
export function mapArray(a: NDArray, f: (x: number) => number): NDArray {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]);
  return ndarray(a.shape, out, a.rowLabels);
}

/** Normalises a NumPy axis (negative counts from the end); `undefined` means all axes. */
export function normaliseAxis(axis: number | undefined, ndim: number, fn: string): number | undefined {
  if (axis === undefined) return undefined;
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim) throw new InputError(`${fn}: axis ${axis} is out of bounds for an array of dimension ${ndim}`);
  return a;
}

/**
 * A reduction along `axis` (NumPy `sum`, `max`, `min`, `mean`), or over everything when `axis` is
 * undefined (returns a scalar unless `keepdims`).
 */
export function reduce(a: NDArray, axis: number | undefined, keepdims: boolean, kind: 'sum' | 'max' | 'min' | 'mean', fn: string): NDArray | number {
  const ax = normaliseAxis(axis, a.shape.length, fn);
  const init = kind === 'max' ? -Infinity : kind === 'min' ? Infinity : 0;
  const step = (acc: number, x: number): number => (kind === 'max' ? Math.max(acc, x) : kind === 'min' ? Math.min(acc, x) : acc + x);
  const finish = (acc: number, n: number): number => (kind === 'mean' ? acc / n : acc);
  if (ax === undefined) {
    if ((kind === 'max' || kind === 'min') && a.data.length === 0) throw new InputError(`${fn}: zero-size array has no ${kind}imum`);
    let acc = init;
    for (const x of a.data) acc = step(acc, x);
    const v = finish(acc, a.data.length);
    return keepdims ? ndarray(a.shape.map(() => 1), Float64Array.of(v)) : v;
  }
  const rows = a.shape.length === 2 ? a.shape[0] : 1;
  const cols = a.shape[a.shape.length - 1];
  const alongRows = a.shape.length === 2 && ax === 0;
  const outLen = a.shape.length === 1 ? 1 : alongRows ? cols : rows;
  const out = new Float64Array(outLen).fill(init);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    const k = a.shape.length === 1 ? 0 : alongRows ? j : i;
    out[k] = step(out[k], a.data[i * cols + j]);
  }
  const n = a.shape.length === 1 ? cols : alongRows ? rows : cols;
  for (let k = 0; k < outLen; k++) out[k] = finish(out[k], n);
  if (a.shape.length === 1) return keepdims ? ndarray([1], out) : out[0];
  if (keepdims) return ndarray(alongRows ? [1, cols] : [rows, 1], out);
  return ndarray([outLen], out, alongRows ? undefined : a.rowLabels);
}

/** Softmax along `axis` (default the last), computed stably with the maximum subtracted (SciPy `softmax`). */
export function softmax(a: NDArray, axis: number | undefined): NDArray {
  const m = reduce(a, axis, true, 'max', 'softmax');
  const e = elementwise(a, m, (x, y) => Math.exp(x - y), 'softmax');
  const s = reduce(e, axis, true, 'sum', 'softmax');
  return ndarray(a.shape, elementwise(e, s, (x, y) => x / y, 'softmax').data, a.rowLabels);
}

/**
 * Stacks equal-shape arrays along a new first axis (NumPy `array([a, b])`, `stack`, `vstack` of vectors).
 * Only vectors can be stacked into a matrix; `labels` name the rows.
 */
export function stackRows(items: readonly NDArray[], labels: readonly string[] | undefined, fn: string, limits: ArrayLimits): NDArray {
  if (items.length === 0) return full([0], 0, limits);
  const n = items[0].shape.length === 1 ? items[0].shape[0] : -1;
  items.forEach((it, i) => {
    if (it.shape.length !== 1) throw new InputError(`${fn}: element ${i} has shape ${shapeString(it.shape)}; only vectors can be stacked into a matrix`);
    if (it.shape[0] !== n) throw new InputError(`${fn}: all input arrays must have the same shape, but element 0 has shape (${n},) and element ${i} has shape ${shapeString(it.shape)}`);
  });
  checkShape([items.length, n], limits);
  const data = new Float64Array(items.length * n);
  items.forEach((it, i) => data.set(it.data, i * n));
  return ndarray([items.length, n], data, labels);
}

/** Concatenates matrices (or vectors as rows) vertically (NumPy `vstack`, `concatenate(axis=0)`). */
export function vstack(items: readonly NDArray[], fn: string, limits: ArrayLimits): NDArray {
  if (items.length === 0) throw new InputError(`${fn}: need at least one array to concatenate`);
  const mats = items.map(asMatrix);
  const cols = mats[0].cols;
  mats.forEach((m, i) => {
    if (m.cols !== cols) throw new InputError(`${fn}: all the input array dimensions except for the concatenation axis must match exactly, but array 0 has ${cols} columns and array ${i} has ${m.cols}`);
  });
  const rows = mats.reduce((s, m) => s + m.rows, 0);
  checkShape([rows, cols], limits);
  const data = new Float64Array(rows * cols);
  let off = 0;
  for (const m of mats) { data.set(m.data, off); off += m.data.length; }
  return ndarray([rows, cols], data);
}

/** Concatenates horizontally (NumPy `hstack`, `concatenate(axis=1)`); vectors are joined end to end. */
export function hstack(items: readonly NDArray[], fn: string, limits: ArrayLimits): NDArray {
  if (items.length === 0) throw new InputError(`${fn}: need at least one array to concatenate`);
  if (items.every((it) => it.shape.length === 1)) {
    const n = items.reduce((s, it) => s + it.data.length, 0);
    checkShape([n], limits);
    const data = new Float64Array(n);
    let off = 0;
    for (const it of items) { data.set(it.data, off); off += it.data.length; }
    return ndarray([n], data);
  }
  return transpose(vstack(items.map((it) => transpose(it.shape.length === 1 ? ndarray([it.shape[0], 1], it.data) : it)), fn, limits));
}
