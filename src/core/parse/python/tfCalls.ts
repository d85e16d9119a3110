/**
 * TensorFlow's functions in user programs (`tf.constant`, `tf.matmul`, `tf.nn.softmax`, `tf.linalg.band_part`…),
 * with TensorFlow's dtypes: Python floats make float32 tensors and ints int32, operands must share one dtype,
 * and float32 results are computed in float64 and rounded once (frameworkTensor.ts: exact for element-wise
 * `+ − × ÷`, `sqrt`, shapes and selections; within a stated tolerance for products, sums, softmax, `exp`, `tanh`).
 *
 * Refused with the reason: TensorFlow's random generators (`tf.random.*`, `tf.keras.initializers`), which
 * depend on a global seed, op seeds and a per-process counter, so their draws are not reproducible
 * statically; any other `tf.*` function (never computed with NumPy's float64 rules instead).
 */
import { InputError } from '../../errors';
import {
  type NDArray, NotReproduced, arange, arithmetic, concatenate, einsum, expandDims, extremum, eye, floatFunction, full, matmul,
  reduce, reshape, shapeString, softmax, squeeze, stack, swapaxes, transpose, where,
} from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import { toAxes, toInt, toNumber, toShape } from './convert';
import { type FrameworkImpl, lift, many, one } from './frameworkLift';
import { type FrameworkContext, castTo, finish, tensorInfo, toTensor, toTensorDtype } from './frameworkTensor';
import type { Kwargs, PyValue } from './values';

/** Thrown for TensorFlow's stateful random functions. */
export const TF_RANDOM_REFUSAL = 'TensorFlow\'s random generators are not reproducible statically: their draws depend on the global seed (tf.random.set_seed), each op\'s seed and a per-process counter, and are computed inside TensorFlow\'s kernels (use tf.constant, or NumPy/JAX/PyTorch draws, which Attention Explorer reproduces)';

const TF: FrameworkContext = { framework: 'tensorflow', x64: false };

const axisArg = (v: PyValue | undefined, what: string): number | number[] | undefined => toAxes(v, what);

const constant: FrameworkImpl = (fc, args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['value', 'dtype?', 'shape?'], args, kwargs);
  const dtype = toTensorDtype(b.get('dtype'), fc, fn);
  const t = toTensor(b.get('value') as PyValue, fc, ctx.limits, fn, dtype);
  let a = t.array;
  const shape = b.get('shape');
  if (shape != null) {
    const s = toShape(shape, `${fn} shape`);
    a = a.data.length === 1 ? full(s, a.data[0], ctx.limits, a.dtype) : reshape(a, s, ctx.limits);
  }
  return finish(a, t.info.dtype, fc, [t], true, fn);
};

const filled = (value: number): FrameworkImpl => (fc, args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['shape', 'dtype?'], args, kwargs);
  const dtype = toTensorDtype(b.get('dtype'), fc, fn) ?? 'float32';
  return finish(full(toShape(b.get('shape') as PyValue, `${fn} shape`), value, ctx.limits), dtype, fc, [], true, fn);
};

const filledLike = (value: number): FrameworkImpl => (fc, args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['input', 'dtype?'], args, kwargs);
  const t = toTensor(b.get('input') as PyValue, fc, ctx.limits, fn);
  return finish(full(t.array.shape, value, ctx.limits), toTensorDtype(b.get('dtype'), fc, fn) ?? t.info.dtype, fc, [], true, fn);
};

const unaryFloat = (name: string, exact: boolean): FrameworkImpl => lift({
  params: ['x'], tensors: ['x'], exact, float: true, compute: (t) => floatFunction(name, one(t, 'x')),
});

const binary = (op: string, exact: boolean): FrameworkImpl => lift({
  params: ['x', 'y'], tensors: ['x', 'y'], exact, compute: (t, _b, ctx, fn) => arithmetic(op, one(t, 'x'), one(t, 'y'), fn, ctx.limits),
});

const reduction = (kind: 'sum' | 'mean' | 'max' | 'min' | 'prod', exact: boolean): FrameworkImpl => lift({
  params: ['input_tensor', 'axis?', 'keepdims?'], tensors: ['input_tensor'], exact,
  compute: (t, b, _ctx, fn) => {
    const x = one(t, 'input_tensor');
    const axis = axisArg(b.get('axis'), `${fn} axis`);
    const keep = b.get('keepdims') === true;
    if (kind === 'mean' && x.dtype === 'int64') {
      // TensorFlow's mean of an int tensor is an int: the sum divided with truncation.
      const s = reduce(x, axis, keep, 'sum', fn);
      const n = x.data.length / (typeof s === 'object' ? s.data.length : 1);
      return typeof s === 'object' ? { ...s, data: s.data.map((v) => Math.trunc(v / n)) } : Math.trunc(Number(s) / n);
    }
    return reduce(x, axis, keep, kind, fn);
  },
});

/** `tf.linalg.band_part(input, num_lower, num_upper)`: keeps entries with `i − j ≤ num_lower` and `j − i ≤ num_upper` (negative: all). */
function bandPart(x: NDArray, lower: number, upper: number, fn: string): NDArray {
  if (x.shape.length < 2) throw new InputError(`${fn}: input must be at least 2-D, got shape ${shapeString(x.shape)}`);
  const rows = x.shape[x.shape.length - 2], cols = x.shape[x.shape.length - 1];
  const out = x.data.slice();
  for (let k = 0; k < out.length; k++) {
    const j = k % cols, i = Math.floor(k / cols) % rows;
    if ((lower >= 0 && i - j > lower) || (upper >= 0 && j - i > upper)) out[k] = 0;
  }
  return { ...x, data: out };
}

function tfMatmul(a: NDArray, b: NDArray, kw: ReadonlyMap<string, PyValue>, fn: string, ctx: CallContext): NDArray {
  if (a.shape.length < 2 || b.shape.length < 2) throw new InputError(`${fn}: both inputs must be at least 2-D (InvalidArgumentError), got ${shapeString(a.shape)} and ${shapeString(b.shape)}`);
  const A = kw.get('transpose_a') === true || kw.get('adjoint_a') === true ? swapaxes(a, -1, -2) : a;
  const B = kw.get('transpose_b') === true || kw.get('adjoint_b') === true ? swapaxes(b, -1, -2) : b;
  return matmul(A, B, 'a', 'b', ctx.limits) as NDArray;
}

const refuse = (why: string): FrameworkImpl => () => { throw new NotReproduced(why); };

/** TensorFlow's functions by name relative to `tensorflow.` (`math.`, `linalg.` and `nn.` are folded in). */
const TENSORFLOW: Readonly<Record<string, FrameworkImpl>> = {
  constant, convert_to_tensor: constant, Variable: constant, identity: constant,
  cast: (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['x', 'dtype'], args, kwargs);
    const dtype = toTensorDtype(b.get('dtype'), fc, fn);
    if (!dtype) throw new InputError(`${fn}() missing required argument 'dtype'`);
    const t = toTensor(b.get('x') as PyValue, fc, ctx.limits, fn);
    const src = dtype === 'bool' ? { ...t.array, data: t.array.data.map((v) => (v !== 0 ? 1 : 0)) } : t.array;
    return finish(castTo(src, dtype, fn), dtype, fc, [t], true, fn);
  },
  matmul: lift({ params: ['a', 'b', 'transpose_a?', 'transpose_b?', 'adjoint_a?', 'adjoint_b?'], tensors: ['a', 'b'], exact: false, compute: (t, b, ctx, fn) => tfMatmul(one(t, 'a'), one(t, 'b'), b, fn, ctx) }),
  transpose: lift({
    params: ['a', 'perm?'], tensors: ['a'], exact: true,
    compute: (t, b, _ctx, fn) => { const p = b.get('perm'); return transpose(one(t, 'a'), p == null ? undefined : toShape(p, `${fn} perm`)); },
  }),
  matrix_transpose: lift({ params: ['a'], tensors: ['a'], exact: true, compute: (t) => swapaxes(one(t, 'a'), -1, -2) }),
  reshape: lift({ params: ['tensor', 'shape'], tensors: ['tensor'], exact: true, compute: (t, b, ctx, fn) => reshape(one(t, 'tensor'), toShape(b.get('shape') as PyValue, `${fn} shape`), ctx.limits) }),
  softmax: lift({
    params: ['logits', 'axis?'], tensors: ['logits'], exact: false, float: true,
    compute: (t, b, _ctx, fn) => softmax(one(t, 'logits'), b.get('axis') == null ? -1 : toInt(b.get('axis') as PyValue, `${fn} axis`)),
  }),
  band_part: lift({
    params: ['input', 'num_lower', 'num_upper'], tensors: ['input'], exact: true,
    compute: (t, b, _ctx, fn) => bandPart(one(t, 'input'), toInt(b.get('num_lower') as PyValue, `${fn} num_lower`), toInt(b.get('num_upper') as PyValue, `${fn} num_upper`), fn),
  }),
  sqrt: unaryFloat('sqrt', true), exp: unaryFloat('exp', false), tanh: unaryFloat('tanh', false), log: unaryFloat('log', false),
  rsqrt: lift({ params: ['x'], tensors: ['x'], exact: false, float: true, compute: (t) => ({ ...one(t, 'x'), dtype: 'float64', data: one(t, 'x').data.map((v) => 1 / Math.sqrt(v)) }) }),
  abs: lift({ params: ['x'], tensors: ['x'], exact: true, compute: (t) => ({ ...one(t, 'x'), data: one(t, 'x').data.map(Math.abs) }) }),
  negative: lift({ params: ['x'], tensors: ['x'], exact: true, compute: (t) => ({ ...one(t, 'x'), data: one(t, 'x').data.map((v) => -v) }) }),
  square: lift({ params: ['x'], tensors: ['x'], exact: true, compute: (t, _b, ctx, fn) => arithmetic('*', one(t, 'x'), one(t, 'x'), fn, ctx.limits) }),
  relu: lift({ params: ['features'], tensors: ['features'], exact: true, compute: (t, _b, ctx, fn) => extremum(one(t, 'features'), 0, true, fn, ctx.limits) }),
  add: binary('+', true), subtract: binary('-', true), multiply: binary('*', true), divide: binary('/', true), truediv: binary('/', true),
  pow: binary('**', false),
  maximum: lift({ params: ['x', 'y'], tensors: ['x', 'y'], exact: true, compute: (t, _b, ctx, fn) => extremum(one(t, 'x'), one(t, 'y'), true, fn, ctx.limits) }),
  minimum: lift({ params: ['x', 'y'], tensors: ['x', 'y'], exact: true, compute: (t, _b, ctx, fn) => extremum(one(t, 'x'), one(t, 'y'), false, fn, ctx.limits) }),
  where: lift({
    params: ['condition', 'x?', 'y?'], tensors: ['x', 'y'], exact: true,
    compute: (t, b, ctx, fn) => {
      if (!t.has('x') || !t.has('y')) throw new NotReproduced(`${fn}(condition) with one argument (the indices) is not evaluated`);
      return where(toTensor(b.get('condition') as PyValue, TF, ctx.limits, `${fn} condition`).array, one(t, 'x'), one(t, 'y'), ctx.limits);
    },
  }),
  reduce_sum: reduction('sum', false), reduce_mean: reduction('mean', false), reduce_max: reduction('max', true), reduce_min: reduction('min', true),
  reduce_prod: reduction('prod', false),
  expand_dims: lift({ params: ['input', 'axis'], tensors: ['input'], exact: true, compute: (t, b, _ctx, fn) => expandDims(one(t, 'input'), [toInt(b.get('axis') as PyValue, `${fn} axis`)]) }),
  squeeze: lift({
    params: ['input', 'axis?'], tensors: ['input'], exact: true,
    compute: (t, b, _ctx, fn) => { const ax = axisArg(b.get('axis'), `${fn} axis`); return squeeze(one(t, 'input'), ax === undefined ? undefined : typeof ax === 'number' ? [ax] : ax); },
  }),
  concat: lift({ params: ['values', 'axis'], tensors: [], lists: ['values'], exact: true, compute: (t, b, ctx, fn) => concatenate(many(t, 'values'), toInt(b.get('axis') as PyValue, `${fn} axis`), ctx.limits, fn) }),
  stack: lift({ params: ['values', 'axis?'], tensors: [], lists: ['values'], exact: true, compute: (t, b, ctx, fn) => stack(many(t, 'values'), b.get('axis') == null ? 0 : toInt(b.get('axis') as PyValue, `${fn} axis`), ctx.limits, fn) }),
  einsum: (fc, args, kwargs, ctx, fn) => {
    if (typeof args[0] !== 'string') throw new NotReproduced(`${fn}: the equation must be a string`);
    const eq = args[0];
    return lift({ params: ['*inputs'], tensors: [], lists: ['inputs'], exact: false, compute: (t) => einsum(eq, many(t, 'inputs'), ctx.limits) })(fc, args.slice(1), kwargs, ctx, fn);
  },
  shape: (fc, args, kwargs, ctx, fn) => {
    const t = toTensor(bindArgs(fn, ['input'], args, kwargs).get('input') as PyValue, fc, ctx.limits, fn);
    return finish({ kind: 'ndarray', shape: [t.array.shape.length], data: Float64Array.from(t.array.shape), dtype: 'int64' }, 'int32', fc, [], true, fn);
  },
  rank: (fc, args, kwargs, ctx, fn) => finish(toTensor(args[0] ?? kwargs.get('input') ?? null, fc, ctx.limits, fn).array.shape.length, 'int32', fc, [], true, fn),
  size: (fc, args, kwargs, ctx, fn) => finish(toTensor(args[0] ?? kwargs.get('input') ?? null, fc, ctx.limits, fn).array.data.length, 'int32', fc, [], true, fn),
  ones: filled(1), zeros: filled(0), ones_like: filledLike(1), zeros_like: filledLike(0),
  fill: (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['dims', 'value'], args, kwargs);
    const v = toTensor(b.get('value') as PyValue, fc, ctx.limits, fn);
    if (v.array.data.length !== 1) throw new InputError(`${fn}: value must be a scalar`);
    return finish(full(toShape(b.get('dims') as PyValue, `${fn} dims`), v.array.data[0], ctx.limits), v.info.dtype, fc, [v], true, fn);
  },
  eye: (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['num_rows', 'num_columns?', 'batch_shape?', 'dtype?'], args, kwargs);
    const n = toInt(b.get('num_rows') as PyValue, `${fn} num_rows`);
    const m = b.get('num_columns') == null ? n : toInt(b.get('num_columns') as PyValue, `${fn} num_columns`);
    if (b.get('batch_shape') != null) throw new NotReproduced(`${fn} with batch_shape is not evaluated`);
    return finish(eye(n, m, ctx.limits), toTensorDtype(b.get('dtype'), fc, fn) ?? 'float32', fc, [], true, fn);
  },
  range: (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['start', 'limit?', 'delta?', 'dtype?'], args, kwargs);
    const hasLimit = b.get('limit') != null;
    const vals = [hasLimit ? b.get('start') : 0, hasLimit ? b.get('limit') : b.get('start'), b.get('delta') ?? 1] as PyValue[];
    const ints = vals.every((v) => typeof v === 'number' && Number.isInteger(v) && !(tensorInfo(v)?.dtype.startsWith('float')));
    const [s, l, d] = vals.map((v, i) => toNumber(v, `${fn} argument ${i}`));
    const want = toTensorDtype(b.get('dtype'), fc, fn) ?? (ints ? 'int32' : 'float32');
    if (!want.startsWith('int') && ![s, l, d].every(Number.isInteger)) throw new NotReproduced(`${fn} with fractional float arguments adds delta in ${want} step by step, which is not reproduced`);
    return finish(arange(s, l, d, ctx.limits, ints ? 'int64' : 'float64'), want, fc, [], true, fn);
  },
  set_seed: refuse(TF_RANDOM_REFUSAL),
};

/** The canonical name of a TensorFlow path relative to `tensorflow.` (`math.sqrt` → `sqrt`, `linalg.band_part` → `band_part`). */
export function tensorflowName(path: string): string {
  return path.replace(/^tensorflow\./, '').replace(/^(math|linalg|nn|compat\.v2)\./, '');
}

/**
 * Calls the TensorFlow function `path` (`tensorflow.…`).
 * @throws NotReproduced for random functions (with {@link TF_RANDOM_REFUSAL}) and anything not modelled.
 */
export function callTensorflow(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const name = tensorflowName(path);
  if (/^(random\.|keras\.initializers\.|initializers\.|random_)/.test(name) || /^(dropout|experimental\.numpy\.random)/.test(name)) {
    throw new NotReproduced(`${path.replace(/^tensorflow\./, 'tf.')}(): ${TF_RANDOM_REFUSAL}`);
  }
  const impl = Object.prototype.hasOwnProperty.call(TENSORFLOW, name) ? TENSORFLOW[name] : undefined;
  if (!impl) throw new NotReproduced(`${path.replace(/^tensorflow\./, 'tf.')}() is not supported`);
  return impl(TF, args, kwargs, ctx, path.replace(/^tensorflow\./, 'tf.'));
}

/** True for a `tensorflow.` path handled here (TensorFlow-NumPy, `tf.experimental.numpy`, follows NumPy's rules elsewhere). */
export function isTensorflowPath(path: string): boolean {
  return path.startsWith('tensorflow.') && !path.startsWith('tensorflow.experimental.numpy.') && !path.startsWith('tensorflow.keras.');
}
