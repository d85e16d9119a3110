/**
 * The arrays a NumPy-style program computes with: any rank (0-D to at least 32-D), row-major (C order), with a
 * dtype (`bool`, `int64`, `float64`; `float32` is kept as such and only used where its results are exact).
 * Values are stored as float64 (`bool` as 0/1, `int64` exactly up to 2^53). The operations follow NumPy's
 * semantics and live in the sibling modules: broadcast.ts (element-wise ops), indexing.ts, shape.ts,
 * reduce.ts, linalg.ts, einsum.ts, math.ts. Every function throws {@link InputError} where NumPy raises,
 * with the shapes in the message, and checks the element limit before it allocates.
 */
import { InputError } from '../errors';
import type { Matrix } from '../matrix/matrix';

/** NumPy dtypes the evaluator models. */
export type DType = 'bool' | 'int64' | 'float64' | 'float32';

export interface NDArray {
  readonly kind: 'ndarray';
  /** NumPy's shape: `[]` for a 0-D array, `[n]` for a vector, `[rows, cols]` for a matrix, and so on. */
  readonly shape: readonly number[];
  /** The entries in C order, as float64 (`bool` as 0/1). */
  readonly data: Float64Array;
  /** The dtype; absent means `float64`. */
  readonly dtype?: DType;
  /** Names of the rows when the array was stacked from named vectors (`array([word_1, word_2])`). */
  readonly rowLabels?: readonly string[];
}

/** Limits that keep evaluation bounded whatever the input. */
export interface ArrayLimits {
  /** Largest number of entries of one array. */
  readonly maxElements: number;
}

/** Most dimensions an array may have (NumPy allows 64). */
export const MAX_RANK = 32;

/** An array of `shape` over `data` (float64 unless `dtype` says otherwise). */
export function ndarray(shape: readonly number[], data: Float64Array, rowLabels?: readonly string[], dtype?: DType): NDArray {
  const base: NDArray = dtype && dtype !== 'float64' ? { kind: 'ndarray', shape, data, dtype } : { kind: 'ndarray', shape, data };
  return rowLabels ? { ...base, rowLabels } : base;
}

/** An array of `shape` and `dtype` over `data`. */
export function typed(shape: readonly number[], data: Float64Array, dtype: DType): NDArray {
  return ndarray(shape, data, undefined, dtype);
}

export function isNDArray(x: unknown): x is NDArray {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'ndarray';
}

/** The dtype of an array (`float64` when unset). */
export function dtypeOf(a: NDArray): DType {
  return a.dtype ?? 'float64';
}

/** `(2, 3)` / `(3,)` / `()`: NumPy's notation for a shape. */
export function shapeString(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** C-order strides in elements: `strides([2, 3, 4]) = [12, 4, 1]`. */
export function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { out[i] = s; s *= shape[i]; }
  return out;
}

/**
 * Checks a shape against the limits and NumPy's rules (non-negative integers, at most {@link MAX_RANK}
 * dimensions, at most `limits.maxElements` entries). Call it before allocating.
 */
export function checkShape(shape: readonly number[], limits: ArrayLimits): void {
  if (shape.length > MAX_RANK) throw new InputError(`an array of ${shape.length} dimensions is not supported (at most ${MAX_RANK})`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new InputError(`negative dimensions are not allowed (shape ${shapeString(shape)})`);
  }
  const n = size(shape);
  if (n > limits.maxElements) {
    throw new InputError(`an array of shape ${shapeString(shape)} has ${n} entries, more than the limit of ${limits.maxElements} (setting attentionExplorer.limits.maxMatrixElements)`);
  }
}

/** An array of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, limits: ArrayLimits, dtype: DType = 'float64'): NDArray {
  checkShape(shape, limits);
  return typed([...shape], new Float64Array(size(shape)).fill(castValue(value, dtype)), dtype);
}

/** `value` stored in `dtype`: bool is 0/1, int64 truncates toward zero, float32 rounds to single precision. */
export function castValue(x: number, dtype: DType): number {
  switch (dtype) {
    case 'bool': return x !== 0 ? 1 : 0; // NaN is truthy in NumPy too
    case 'int64': { const t = Math.trunc(x); return t === 0 ? 0 : t; } // never −0
    case 'float32': return Math.fround(x);
    case 'float64': return x;
  }
}

/**
 * NumPy `astype(dtype)`: a copy with every entry converted.
 * @throws InputError when a NaN, an infinity or a number outside int64's range would become an integer (NumPy gives
 *   an undefined value).
 */
export function astype(a: NDArray, dtype: DType): NDArray {
  if (dtype === 'int64' && a.data.some((x) => !Number.isFinite(x))) {
    throw new InputError('cannot convert NaN or infinity to an integer (NumPy gives an undefined value with a warning)');
  }
  // Outside int64's range NumPy's cast is undefined too (x86 gives -2**63, with a warning); was: 1e20 shown as an int64.
  const big = dtype === 'int64' ? a.data.find((x) => Math.trunc(x) >= 2 ** 63 || Math.trunc(x) < -(2 ** 63)) : undefined;
  if (big !== undefined) throw new InputError(`cannot convert ${big} to int64: it is outside its range (NumPy gives an undefined value with a warning)`);
  return ndarray(a.shape, a.data.map((x) => castValue(x, dtype)), a.rowLabels, dtype);
}

/** The `n × m` identity with ones on diagonal `k` (NumPy `eye(n, m, k)`). */
export function eye(n: number, m: number, limits: ArrayLimits, k = 0, dtype: DType = 'float64'): NDArray {
  const a = full([n, m], 0, limits, dtype);
  for (let i = 0; i < n; i++) if (i + k >= 0 && i + k < m) a.data[i * m + i + k] = 1;
  return a;
}

/**
 * NumPy `arange(start, stop, step)`: `ceil((stop − start) / step)` entries; entry i is `start + i·δ` with
 * `δ = (start + step) − start`, as NumPy's fill computes it. Integer arguments give int64.
 */
export function arange(start: number, stop: number, step: number, limits: ArrayLimits, dtype: DType = 'float64'): NDArray {
  if (step === 0) throw new InputError('arange: step must not be zero (ZeroDivisionError)');
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step)) throw new InputError('arange: arguments must be finite');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkShape([n], limits);
  const data = new Float64Array(n);
  const delta = dtype === 'int64' ? step : (start + step) - start;
  for (let i = 0; i < n; i++) data[i] = start + i * delta;
  if (n > 1 && dtype !== 'int64') data[1] = start + step;
  return typed([n], data, dtype);
}

/**
 * NumPy `linspace(start, stop, num, endpoint)`: entry i is `i·step + start` with `step = (stop − start) / div`,
 * `div = num − 1` (or `num` without the endpoint); the last entry is `stop` exactly when `endpoint`.
 */
export function linspace(start: number, stop: number, num: number, endpoint: boolean, limits: ArrayLimits): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new InputError(`linspace: Number of samples, ${num}, must be non-negative.`);
  checkShape([num], limits);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const data = new Float64Array(num);
  const step = div > 0 ? delta / div : NaN;
  for (let i = 0; i < num; i++) {
    data[i] = div > 0 ? (step === 0 ? (i / div) * delta : i * step) + start : i * delta + start;
  }
  if (endpoint && num > 1) data[num - 1] = stop;
  return typed([num], data, 'float64');
}

/** NumPy `reshape`; one dimension may be `-1`. A reshape shares the data (a view), like NumPy's. */
export function reshape(a: NDArray, shape: readonly number[], limits: ArrayLimits): NDArray {
  const n = a.data.length;
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new InputError('reshape: can only specify one unknown dimension (-1)');
  for (const d of shape) if (d < -1 || !Number.isInteger(d)) throw new InputError(`reshape: invalid dimension ${d} in ${shapeString(shape)}`);
  let resolved = [...shape];
  if (unknown === 1) {
    const known = size(shape.filter((d) => d !== -1));
    if (known === 0 || n % known !== 0) throw new InputError(`cannot reshape array of size ${n} into shape ${shapeString(shape)}`);
    resolved = shape.map((d) => (d === -1 ? n / known : d));
  }
  checkShape(resolved, limits);
  if (size(resolved) !== n) throw new InputError(`cannot reshape array of size ${n} into shape ${shapeString(shape)}`);
  const keepLabels = a.rowLabels && resolved.length === a.shape.length && resolved[0] === a.shape[0];
  return ndarray(resolved, a.data, keepLabels ? a.rowLabels : undefined, a.dtype);
}

/**
 * A 2-D view as a {@link Matrix}: a vector `(n,)` is the `1 × n` matrix, a 0-D array the `1 × 1` one.
 * @throws InputError for arrays of more than 2 dimensions (name the matrix: `what`).
 */
export function asMatrix(a: NDArray, what = 'the array'): Matrix {
  if (a.shape.length === 0) return { rows: 1, cols: 1, data: a.data };
  if (a.shape.length === 1) return { rows: 1, cols: a.shape[0], data: a.data };
  if (a.shape.length > 2) throw new InputError(`${what} has shape ${shapeString(a.shape)}: a 2-D matrix is needed here`);
  return { rows: a.shape[0], cols: a.shape[1], data: a.data };
}

/** Normalises a NumPy axis (negative counts from the end). @throws InputError (AxisError) when out of range. */
export function normaliseAxis(axis: number, ndim: number, fn: string): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim) throw new InputError(`${fn}: axis ${axis} is out of bounds for array of dimension ${ndim}`);
  return a;
}

/** Normalised, distinct axes. @throws InputError for a repeated axis. */
export function normaliseAxes(axes: readonly number[], ndim: number, fn: string): number[] {
  const out = axes.map((x) => normaliseAxis(x, ndim, fn));
  if (new Set(out).size !== out.length) throw new InputError(`${fn}: repeated axis`);
  return out;
}

/**
 * A 0-D result as NumPy returns it, a scalar: a boolean for bool, a number otherwise. A float with an integer
 * value stays a 0-D float64/float32 array, so that it is not mistaken for a Python int (`np.array([x.sum()])`
 * of a float array is float64 even when the sum is 3.0).
 */
export function scalarResult(value: number, dtype: DType): NDArray | number | boolean {
  if (dtype === 'bool') return value !== 0;
  if (dtype === 'float32' || (dtype === 'float64' && Number.isInteger(value))) return typed([], Float64Array.of(value), dtype); // np.float32 stays float32
  return value;
}
