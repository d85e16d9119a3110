/**
 * TensorFlow tensors and JAX arrays in the Python evaluator: which arrays are one (and of which library), their
 * dtype as the library names it, and the one rule by which their float32 values are computed.
 *
 * Storage: an {@link NDArray} whose dtype is the storage dtype (`float32` entries are float32 values held in a
 * Float64Array; `int32` is stored as `int64`, `bool` as 0/1); the library's own dtype name is kept here.
 *
 * The float32 rule (one place): every result is computed in float64 from the float32 inputs and rounded once
 * to float32. For one element-wise `+ − × ÷`, `sqrt`, comparisons, selections and shape operations this is
 * exactly the float32 result (IEEE correct rounding; double rounding is harmless since 53 ≥ 2·24 + 2). For
 * products, sums, `exp`, `tanh`, softmax the library accumulates in float32 in an order of its own, so its
 * value may differ from ours by a few float32 ulps of the summed terms (more, relatively, where terms cancel): such
 * a result is marked {@link TensorInfo.rounded} and every surface says so (checked within 1e-6 relative + 1e-7
 * absolute against NumPy float32 on the examples and tests).
 */
import { InputError } from '../../errors';
import { type DType, type NDArray, NotReproduced, astype, dtypeOf, isNDArray, ndarray } from '../../ndarray/ndarray';
import type { ArrayLimits } from '../../ndarray/ndarray';
import { toArray } from './convert';
import { LIBRARY_NAME, roundingNote } from './roundingNote';
import { type PyValue, isList, isRef } from './values';

/** The library an array belongs to. */
export type Framework = 'tensorflow' | 'jax';

/** A dtype as TensorFlow / JAX name it. */
export type TensorDtype = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

/** What the evaluator knows of a TensorFlow tensor or JAX array. */
export interface TensorInfo {
  readonly framework: Framework;
  readonly dtype: TensorDtype;
  /** True when a step computed a float result in float64 and rounded it once (not bit for bit: see the module doc). */
  readonly rounded: boolean;
  /** JAX's `jax_enable_x64` when the array was made (decides the dtype of later results on it). */
  readonly x64?: boolean;
}

/** The library's defaults: TensorFlow always float32/int32; JAX float32/int32 unless `jax_enable_x64`. */
export interface FrameworkContext {
  readonly framework: Framework;
  /** JAX's `jax_enable_x64` (always false for TensorFlow). */
  readonly x64: boolean;
}

/** A tensor argument: its storage array and what it is. */
export interface Tensor {
  readonly array: NDArray;
  readonly info: TensorInfo;
}

const INFO = new WeakMap<object, TensorInfo>();

/** What `v` is, when it is a TensorFlow tensor or a JAX array. */
export function tensorInfo(v: PyValue | undefined): TensorInfo | undefined {
  return typeof v === 'object' && v !== null ? INFO.get(v) : undefined;
}

/** Marks `a` as a tensor of `info`; returns it. */
export function tag(a: NDArray, info: TensorInfo): NDArray {
  INFO.set(a, info);
  return a;
}

/** The storage dtype of a library dtype. */
export function storageDtype(t: TensorDtype): DType {
  return t === 'int32' ? 'int64' : t;
}

/**
 * The note every surface shows for a tensor (hover origin, CLI): library, dtype, and for a rounded result the
 * tolerance. Undefined for an array that is not a tensor.
 */
export function tensorNote(v: PyValue | undefined): string | undefined {
  const info = tensorInfo(v);
  if (!info) return undefined;
  const kind = info.framework === 'tensorflow' ? 'tf.Tensor' : 'jax.Array';
  if (!info.rounded) return `${kind} ${info.dtype} (${LIBRARY_NAME[info.framework]}): exact`;
  if (info.dtype !== 'float32' && info.dtype !== 'float64') {
    return `${kind} ${info.dtype} (${LIBRARY_NAME[info.framework]}): computed from float values that may differ from ${LIBRARY_NAME[info.framework]}'s by a few ulps, so an entry can differ where such a value is that close to a threshold (a comparison, a cast)`;
  }
  return `${kind} ${info.dtype} (${LIBRARY_NAME[info.framework]}): ${roundingNote(info.framework, info.dtype)}`;
}

/** The library's type of a tensor (`tf.Tensor int32`) and, when it is not bit for bit, its tolerance note. */
export function tensorType(v: PyValue | undefined): { type: string; note?: string } | undefined {
  const info = tensorInfo(v);
  if (!info) return undefined;
  const type = `${info.framework === 'tensorflow' ? 'tf.Tensor' : 'jax.Array'} ${info.dtype}`;
  return info.rounded ? { type, note: tensorNote(v) } : { type };
}

/** The default float and int dtypes of a library. */
export function defaultFloat(fc: FrameworkContext): TensorDtype {
  return fc.framework === 'jax' && fc.x64 ? 'float64' : 'float32';
}

/** The default int dtype of a library. */
export function defaultInt(fc: FrameworkContext): TensorDtype {
  return fc.framework === 'jax' && fc.x64 ? 'int64' : 'int32';
}

/** A library dtype from a dtype argument (`tf.float32`, `jnp.float64`, `'int32'`, `float`); undefined for None. */
export function toTensorDtype(v: PyValue | undefined, fc: FrameworkContext, fn: string): TensorDtype | undefined {
  if (v === undefined || v === null) return undefined;
  const name = typeof v === 'string' ? v : isRef(v) ? v.path.split('.').pop() ?? '' : '';
  let t: TensorDtype | undefined;
  if (/^(float32|single)$/.test(name)) t = 'float32';
  else if (/^(float64|double)$/.test(name)) t = 'float64';
  else if (name === 'float') t = fc.framework === 'jax' ? defaultFloat(fc) : 'float32';
  else if (name === 'int32') t = 'int32';
  else if (name === 'int64') t = 'int64';
  else if (name === 'int') t = defaultInt(fc);
  else if (/^(bool|bool_)$/.test(name)) t = 'bool';
  if (!t) throw new NotReproduced(`${fn}: dtype ${name || '?'} is not modelled (float32, float64, int32, int64 and bool are)`);
  // Without jax_enable_x64, JAX makes 64-bit requests 32-bit (with a warning).
  if (fc.framework === 'jax' && !fc.x64) t = t === 'float64' ? 'float32' : t === 'int64' ? 'int32' : t;
  return t;
}

/** The library dtype of a NumPy array (or Python data) converted by `fc`: TensorFlow keeps NumPy's dtype; JAX without x64 narrows. */
function convertedDtype(a: NDArray, python: boolean, fc: FrameworkContext): TensorDtype {
  const t = dtypeOf(a);
  if (t === 'bool' || t === 'float32') return t;
  if (python) return t === 'int64' ? defaultInt(fc) : defaultFloat(fc); // Python ints/floats: the library's defaults
  if (fc.framework === 'jax' && !fc.x64) return t === 'int64' ? 'int32' : 'float32';
  return t;
}

/** `a` (storage values) as `dtype`: float32 rounds, ints truncate (int32 must fit). */
export function castTo(a: NDArray, dtype: TensorDtype, fn: string): NDArray {
  const out = astype(a, storageDtype(dtype));
  if (dtype === 'int32') for (const x of out.data) if (x < -(2 ** 31) || x >= 2 ** 31) throw new NotReproduced(`${fn}: ${x} does not fit in int32 (it would wrap around)`);
  return out;
}

/**
 * A tensor argument from a value: a tensor as it is, a NumPy array or Python data converted as the library
 * converts it (`tf.constant([1.0])` is float32, `jnp.array([1])` int32), then cast to `dtype` when given.
 */
export function toTensor(v: PyValue, fc: FrameworkContext, limits: ArrayLimits, fn: string, dtype?: TensorDtype): Tensor {
  const info = tensorInfo(v);
  let array: NDArray;
  let t: TensorDtype;
  if (info && isNDArray(v)) {
    array = v;
    t = info.dtype;
  } else {
    const python = !isNDArray(v) && !hasArray(v);
    const raw = toArray(v, limits, fn);
    t = convertedDtype(raw, python, fc);
    if (dtype && python) return { array: castTo(raw, dtype, fn), info: { framework: fc.framework, dtype, rounded: false, x64: fc.x64 } }; // Python data straight to dtype
    array = castTo(raw, t, fn);
  }
  const rounded = info?.rounded ?? false;
  if (dtype && dtype !== t) return { array: castTo(array, dtype, fn), info: { framework: fc.framework, dtype, rounded, x64: fc.x64 } };
  return { array, info: { framework: fc.framework, dtype: t, rounded, x64: fc.x64 } };
}

function hasArray(v: PyValue): boolean {
  return isList(v) && v.items.some((x) => isNDArray(x) || hasArray(x));
}

/** `t` as float64 values for computing (float32 values are exact in float64; ints stay ints). */
export function computeArray(t: Tensor): NDArray {
  return dtypeOf(t.array) === 'float32' ? astype(t.array, 'float64') : t.array;
}

const FLOAT_RANK: Record<TensorDtype, number> = { bool: 0, int32: 1, int64: 2, float32: 3, float64: 4 };

/** The result dtype of an operation on `inputs`: the widest (floats over ints, bool when there is none). */
export function resultDtype(inputs: readonly Tensor[]): TensorDtype {
  let best: TensorDtype = 'bool';
  for (const t of inputs) if (FLOAT_RANK[t.info.dtype] > FLOAT_RANK[best]) best = t.info.dtype;
  return best;
}

/** The dtype of a float result (true division, `sqrt`, softmax) from operands of dtype `t`. */
export function floatDtype(t: TensorDtype, fc: FrameworkContext): TensorDtype {
  if (t === 'float32' || t === 'float64') return t;
  // TensorFlow's true division of int32/int64 gives float64; JAX gives its default float.
  return fc.framework === 'tensorflow' && t !== 'bool' ? 'float64' : defaultFloat(fc);
}

/**
 * TensorFlow does not convert dtypes between operands (`float32 + float64` raises InvalidArgumentError).
 * @throws InputError naming both dtypes.
 */
export function checkSameDtype(inputs: readonly Tensor[], fc: FrameworkContext, fn: string): void {
  if (fc.framework !== 'tensorflow') return;
  const first = inputs[0]?.info.dtype;
  for (const t of inputs) {
    if (t.info.dtype !== first) {
      throw new InputError(`${fn}: TensorFlow does not convert dtypes (InvalidArgumentError): one operand is ${first}, another ${t.info.dtype}; cast one with tf.cast`);
    }
  }
}

/**
 * The result of an operation as a tensor: `value` (computed in float64 or int) stored as `dtype` (rounded once
 * for float32), tagged; `exact` says whether that rounding gives the library's own value bit for bit.
 */
export function finish(value: NDArray | number | boolean, dtype: TensorDtype, fc: FrameworkContext, inputs: readonly Tensor[], exact: boolean, fn: string): NDArray {
  const a = isNDArray(value) ? value : ndarray([], Float64Array.of(Number(value)), undefined, typeof value === 'boolean' ? 'bool' : 'float64');
  const out = castTo(a, dtype, fn); // always a new array
  const float = dtype === 'float32' || dtype === 'float64';
  const rounded = inputs.some((t) => t.info.rounded) || (float && !exact);
  return tag(out, { framework: fc.framework, dtype, rounded, x64: fc.x64 });
}
