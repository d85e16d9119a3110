/**
 * Python operators, attributes, methods and indexing on TensorFlow tensors and JAX arrays, with the library's
 * dtype rules (frameworkTensor.ts): `a + b`, `a @ b`, comparisons, `-a`, `x.shape`, `x.dtype`, `x.numpy()`,
 * JAX's `x.T` / `x.reshape(…)` / `x.sum(…)`, `x[i]`. Each returns undefined when no operand is a tensor, so
 * that NumPy's rules (arrayOperators.ts, methods.ts) apply.
 *
 * TensorFlow: operands must have one dtype (`float32 + float64` raises); a Python scalar takes the tensor's
 * dtype (a non-integer float next to an int tensor raises); `int32 / int32` is float64. JAX: the widest dtype
 * wins (ints below floats), Python scalars are weak. Mixing a NumPy array into a TensorFlow operation is
 * not evaluated (TensorFlow converts it by rules not modelled here).
 */
import { InputError } from '../../errors';
import {
  type ArrayLimits, type NDArray, NotReproduced, arithmetic, compare, getItem, isNDArray, matmul, ndarray, negative, shapeString, swapaxes, transpose,
} from '../../ndarray/ndarray';
import { toIndexItems, toInt, toList, toShape } from './convert';
import {
  type FrameworkContext, type Tensor, type TensorDtype, castTo, checkSameDtype, computeArray, defaultFloat, finish, floatDtype, resultDtype, tensorInfo,
  toTensor, toTensorDtype,
} from './frameworkTensor';
import { type Kwargs, type PyMethod, type PyValue, typeName } from './values';

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**', '@']);
const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);
/** Operators whose float64-then-round result is the library's float32 result bit for bit. */
const EXACT = new Set(['+', '-', '*', '/', ...COMPARISONS]);

/** The library context of a tensor operand (JAX's x64 flag travels with its arrays). */
export function contextOf(v: PyValue | undefined): FrameworkContext | undefined {
  const info = tensorInfo(v);
  return info ? { framework: info.framework, x64: info.x64 === true } : undefined;
}

type Operand = { readonly kind: 'tensor'; readonly t: Tensor } | { readonly kind: 'weak'; readonly v: number; readonly float: boolean };

/**
 * An operand: a tensor, a weak Python scalar, or (TensorFlow) Python data converted to the other operand's dtype
 * as TensorFlow converts it (`x + [1, 2]` with float32 x is float32).
 * @throws InputError for a list operand in JAX (TypeError there), NotReproduced for a NumPy array in TensorFlow.
 */
function operand(v: PyValue, other: PyValue, fc: FrameworkContext, limits: ArrayLimits, what: string): Operand {
  if (typeof v === 'number' || typeof v === 'boolean') return { kind: 'weak', v: Number(v), float: typeof v === 'number' && !Number.isInteger(v) };
  if (tensorInfo(v)) return { kind: 'tensor', t: toTensor(v, fc, limits, what) };
  if (fc.framework === 'jax' && !isNDArray(v)) throw new InputError(`${what}: JAX does not take a ${typeName(v)} as an operand (TypeError); make it an array with jnp.array`);
  if (fc.framework === 'tensorflow') {
    if (isNDArray(v)) throw new NotReproduced(`${what}: a NumPy array in a TensorFlow operation is converted by rules not modelled here (make it a tensor with tf.constant)`);
    const target = tensorInfo(other)?.dtype;
    const t = toTensor(v, fc, limits, what);
    if (target && target !== t.info.dtype) {
      if ((target === 'int32' || target === 'int64') && t.array.data.some((x) => !Number.isInteger(x))) {
        throw new InputError(`${what}: TensorFlow cannot convert a float to a ${target} tensor (TypeError)`);
      }
      return { kind: 'tensor', t: toTensor(v, fc, limits, what, target) };
    }
    return { kind: 'tensor', t };
  }
  return { kind: 'tensor', t: toTensor(v, fc, limits, what) };
}

/**
 * `a op b` when an operand is a TensorFlow tensor or a JAX array; undefined otherwise.
 * @throws InputError where the library raises (dtype mismatch, shapes), NotReproduced where not modelled.
 */
export function frameworkBinary(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, limits: ArrayLimits): PyValue | undefined {
  const fc = contextOf(a) ?? contextOf(b);
  if (!fc || !(ARITHMETIC.has(op) || COMPARISONS.has(op))) return undefined;
  const label = `${nameA} ${op} ${nameB}`;
  const x = operand(a, b, fc, limits, nameA), y = operand(b, a, fc, limits, nameB);
  const strong = [x, y].filter((o): o is Extract<Operand, { kind: 'tensor' }> => o.kind === 'tensor').map((o) => o.t);
  checkSameDtype(strong, fc, label);
  let dtype = resultDtype(strong);
  const weakFloat = [x, y].some((o) => o.kind === 'weak' && o.float);
  if (weakFloat && (dtype === 'int32' || dtype === 'int64' || dtype === 'bool')) {
    if (fc.framework === 'tensorflow') throw new InputError(`${label}: TensorFlow cannot convert a float to a ${dtype} tensor (TypeError); cast the tensor with tf.cast`);
    dtype = defaultFloat(fc);
  }
  if (op === '/') dtype = floatDtype(dtype, fc);
  const value = (o: Operand): NDArray | number => (o.kind === 'weak' ? castTo(ndarray([], Float64Array.of(o.v)), dtype === 'bool' ? 'int64' : dtype, label).data[0] : computeArray(o.t));
  // floor(x / y) of a float32 quotient can differ by 1 from the floor of the float64 one: not "a few ulps".
  if ((op === '//' || op === '%') && dtype === 'float32') throw new NotReproduced(`${label}: ${op} on float32 is computed in float32 by ${fc.framework === 'jax' ? 'JAX' : 'TensorFlow'}, which is not reproduced`);
  const xv = value(x), yv = value(y);
  if (op === '@') {
    if (!isNDArray(xv) || !isNDArray(yv)) throw new InputError(`${label}: matmul needs two arrays, not a scalar`);
    if (fc.framework === 'tensorflow' && (xv.shape.length < 2 || yv.shape.length < 2)) {
      throw new InputError(`${label}: TensorFlow's matmul needs inputs of at least 2 dimensions (InvalidArgumentError), got ${shapeString(xv.shape)} and ${shapeString(yv.shape)}`);
    }
    return finish(matmul(xv, yv, nameA, nameB, limits), dtype, fc, strong, false, label);
  }
  if (COMPARISONS.has(op)) return finish(compare(op, xv, yv, label, limits), 'bool', fc, strong, true, label);
  return finish(arithmetic(op, xv, yv, label, limits), dtype, fc, strong, EXACT.has(op), label);
}

/** `-a` on a tensor (exact); undefined when `a` is not one. */
export function frameworkUnary(op: string, a: PyValue): PyValue | undefined {
  const fc = contextOf(a);
  const info = tensorInfo(a);
  if (!fc || !info || !isNDArray(a)) return undefined;
  if (op === '+') return a;
  if (op !== '-') return undefined;
  return finish(negative(a), info.dtype, fc, [{ array: a, info }], true, `-${shapeString(a.shape)}`);
}

/** `t[index]` on a tensor: the selection as a tensor of the same dtype (a 0-D tensor for one element). */
export function frameworkSubscript(a: NDArray, index: readonly PyValue[], name: string, limits: ArrayLimits): PyValue | undefined {
  const fc = contextOf(a);
  const info = tensorInfo(a);
  if (!fc || !info) return undefined;
  const r = getItem(a, toIndexItems(index, limits, name), name, limits);
  return finish(isNDArray(r) ? r : ndarray([], Float64Array.of(Number(r)), undefined, a.dtype), info.dtype, fc, [{ array: a, info }], true, name);
}

/**
 * `t[i] = v` on a tensor: TensorFlow raises TypeError (EagerTensor does not support item assignment); JAX too
 * (arrays are immutable: `x.at[i].set(v)`).
 * @throws InputError when `a` is a tensor.
 */
export function refuseItemAssignment(a: NDArray, name: string): void {
  const info = tensorInfo(a);
  if (!info) return;
  throw new InputError(info.framework === 'tensorflow'
    ? `TypeError: a tf.Tensor does not support item assignment (${name}); build a new tensor (tf.where, tf.tensor_scatter_nd_update)`
    : `TypeError: JAX arrays are immutable (${name}); use ${name}.at[…].set(…)`);
}

const JAX_METHODS = new Set(['reshape', 'transpose', 'swapaxes', 'sum', 'mean', 'max', 'min', 'astype', 'squeeze', 'item', 'tolist', 'dot', 'argmax', 'argmin', 'prod', 'std', 'var', 'any', 'all']);
const TF_METHODS = new Set(['numpy', 'get_shape']);

/**
 * An attribute of a tensor: `shape`, `dtype` (as `tf.float32` / `jnp.float32`), `ndim`, JAX's `T`, or a method
 * waiting for its call. Undefined when `a` is not a tensor.
 * @throws InputError for an attribute the library does not have (TensorFlow tensors have no `.T`).
 */
export function frameworkAttribute(a: NDArray, name: string): PyValue | undefined {
  const info = tensorInfo(a);
  if (!info) return undefined;
  const tf = info.framework === 'tensorflow';
  switch (name) {
    case 'shape': return { kind: 'list', items: [...a.shape], tuple: true };
    case 'ndim': return a.shape.length;
    case 'dtype': return { kind: 'ref', path: `${tf ? 'tensorflow' : 'jax.numpy'}.${info.dtype}` };
    case 'size': if (!tf) return a.data.length; break;
    case 'T': case 'mT':
      if (!tf) return finish(name === 'T' ? transpose(a) : swapaxes(a, -1, -2), info.dtype, contextOf(a) as FrameworkContext, [{ array: a, info }], true, `.${name}`);
      break;
    default:
      if (TF_METHODS.has(name) || (!tf && (JAX_METHODS.has(name) || name === 'numpy'))) return { kind: 'method', self: a, name };
  }
  // Only with tf.experimental.numpy.experimental_enable_numpy_behavior() do tensors have NumPy's attributes.
  if (tf && (name === 'T' || name === 'mT' || name === 'size' || JAX_METHODS.has(name))) {
    throw new NotReproduced(`tf.Tensor has no attribute .${name} (AttributeError) unless NumPy behaviour is enabled (tf.experimental.numpy.experimental_enable_numpy_behavior()); not evaluated${name === 'T' ? ' (use tf.transpose)' : ''}`);
  }
  throw new NotReproduced(`${tf ? 'tf.Tensor' : 'jax.Array'} attribute .${name} is not evaluated`);
}

/**
 * Calls a method of a tensor (see {@link frameworkAttribute}); undefined when `m.self` is not a tensor.
 * `jnp`-style methods go through `call(path, [self, …args])` (the library's function of the same name).
 */
export function frameworkMethod(m: PyMethod, args: readonly PyValue[], kwargs: Kwargs, call: (path: string, args: readonly PyValue[], kwargs: Kwargs) => PyValue): PyValue | undefined {
  const info = tensorInfo(m.self);
  if (!info) return undefined;
  const a = m.self;
  const fc = contextOf(a) as FrameworkContext;
  switch (m.name) {
    case 'numpy': return ndarray(a.shape, a.data.slice(), undefined, a.dtype); // a NumPy array (int32 is held as int64)
    case 'get_shape': return { kind: 'list', items: [...a.shape], tuple: true };
    case 'item': {
      if (a.data.length !== 1) throw new InputError(`can only convert an array of size 1 to a Python scalar (shape ${shapeString(a.shape)})`);
      return info.dtype === 'bool' ? a.data[0] !== 0 : a.data[0];
    }
    case 'tolist': return toList(a);
    case 'astype': {
      const t = toTensorDtype(args[0] ?? kwargs.get('dtype') ?? null, fc, '.astype()') as TensorDtype;
      return finish(castTo(a, t, '.astype()'), t, fc, [{ array: a, info }], true, '.astype()');
    }
    case 'reshape': {
      const shape = args.length === 1 ? toShape(args[0], '.reshape() shape') : args.length > 0 ? args.map((x, i) => toInt(x, `.reshape() dimension ${i}`)) : toShape(kwargs.get('shape') ?? null, '.reshape() shape');
      return call('jax.numpy.reshape', [a, { kind: 'list', items: shape, tuple: true }], new Map());
    }
    case 'transpose': {
      if (args.length === 0) return call('jax.numpy.transpose', [a], new Map());
      const axes = args.length === 1 ? toShape(args[0], '.transpose() axes') : args.map((x, i) => toInt(x, `.transpose() axis ${i}`));
      return call('jax.numpy.transpose', [a, { kind: 'list', items: axes, tuple: true }], new Map());
    }
    default:
      return call(`jax.numpy.${m.name}`, [a, ...args], kwargs);
  }
}
