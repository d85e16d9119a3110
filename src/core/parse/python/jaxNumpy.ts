/**
 * `jax.numpy` (`jnp`) and `jax.nn.softmax` in user programs, with JAX's dtypes: without `jax_enable_x64`
 * (the default) Python floats and float64 data become float32 and ints int32; the widest operand dtype wins
 * (ints below floats); float32 results are computed in float64 and rounded once (frameworkTensor.ts: exact for
 * element-wise `+ − × ÷`, `sqrt`, `where`, `tril`, shapes; within a stated tolerance for `matmul`, softmax,
 * `exp`, `tanh`, sums and means). Any other `jnp` function is refused (never computed as NumPy float64).
 */
import { InputError } from '../../errors';
import {
  NotReproduced, arange, arithmetic, clip, concatenate, einsum, expandDims, extremum, eye, floatFunction, full, hstack, matmul, moveaxis, norm, outer,
  reduce, reshape, softmax, squeeze, stack, swapaxes, transpose, triangle, vstack, where,
} from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import { toAxes, toInt, toNumber, toShape } from './convert';
import { type FrameworkImpl, lift, many, one } from './frameworkLift';
import { type FrameworkContext, finish, tensorInfo, toTensor, toTensorDtype } from './frameworkTensor';
import type { Kwargs, PyValue } from './values';

const array: FrameworkImpl = (fc, args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['object', 'dtype?'], args, kwargs);
  const t = toTensor(b.get('object') as PyValue, fc, ctx.limits, fn, toTensorDtype(b.get('dtype'), fc, fn));
  return finish(t.array, t.info.dtype, fc, [t], true, fn);
};

const filled = (value: number | undefined): FrameworkImpl => (fc, args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, value === undefined ? ['shape', 'fill_value', 'dtype?'] : ['shape', 'dtype?'], args, kwargs);
  const fill = value ?? toNumber(b.get('fill_value') as PyValue, `${fn} fill_value`);
  const natural = value !== undefined || !Number.isInteger(fill) ? (fc.x64 ? 'float64' : 'float32') : fc.x64 ? 'int64' : 'int32';
  return finish(full(toShape(b.get('shape') as PyValue, `${fn} shape`), fill, ctx.limits), toTensorDtype(b.get('dtype'), fc, fn) ?? natural, fc, [], true, fn);
};

const unaryFloat = (name: string, exact: boolean): FrameworkImpl => lift({
  params: ['x'], tensors: ['x'], exact, float: true, compute: (t) => floatFunction(name, one(t, 'x')),
});

const binary = (op: string, exact: boolean): FrameworkImpl => lift({
  params: ['x1', 'x2'], tensors: ['x1', 'x2'], exact, sameDtype: false, compute: (t, _b, ctx, fn) => arithmetic(op, one(t, 'x1'), one(t, 'x2'), fn, ctx.limits),
});

const reduction = (kind: 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'argmax' | 'argmin', exact: boolean): FrameworkImpl => lift({
  params: ['a', 'axis?', 'dtype?', 'out?', 'keepdims?'], tensors: ['a'], exact, float: kind === 'mean', sameDtype: false,
  compute: (t, b, _ctx, fn) => reduce(one(t, 'a'), toAxes(b.get('axis'), `${fn} axis`), b.get('keepdims') === true, kind, fn),
});

const triangleOf = (lower: boolean): FrameworkImpl => lift({
  params: ['m', 'k?'], tensors: ['m'], exact: true, compute: (t, b, ctx, fn) => triangle(one(t, 'm'), b.get('k') == null ? 0 : toInt(b.get('k') as PyValue, `${fn} k`), lower, ctx.limits),
});

/** A scalar type used as a function (`jnp.float32(8)`): a 0-D array of that dtype (64-bit ones narrowed without x64). */
const scalarType = (name: string): FrameworkImpl => (fc, args, kwargs, ctx, fn) => {
  const x = bindArgs(fn, ['x'], args, kwargs).get('x') as PyValue;
  const t = toTensor(x, fc, ctx.limits, fn, toTensorDtype(name, fc, fn));
  return finish(t.array, t.info.dtype, fc, [t], true, fn);
};

/** `jax.numpy`'s functions by name (`jax.nn.softmax` is `nn.softmax`). */
const JNP: Readonly<Record<string, FrameworkImpl>> = {
  array, asarray: array,
  float32: scalarType('float32'), float64: scalarType('float64'), int32: scalarType('int32'), int64: scalarType('int64'), bool_: scalarType('bool'),
  zeros: filled(0), ones: filled(1), full: filled(undefined),
  eye: (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['N', 'M?', 'k?', 'dtype?'], args, kwargs);
    const n = toInt(b.get('N') as PyValue, `${fn} N`);
    const m = b.get('M') == null ? n : toInt(b.get('M') as PyValue, `${fn} M`);
    return finish(eye(n, m, ctx.limits, b.get('k') == null ? 0 : toInt(b.get('k') as PyValue, `${fn} k`)), toTensorDtype(b.get('dtype'), fc, fn) ?? (fc.x64 ? 'float64' : 'float32'), fc, [], true, fn);
  },
  arange: (fc, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['start', 'stop?', 'step?', 'dtype?'], args, kwargs);
    const hasStop = b.get('stop') != null;
    const vals = [hasStop ? b.get('start') : 0, hasStop ? b.get('stop') : b.get('start'), b.get('step') ?? 1] as PyValue[];
    const ints = vals.every((v) => typeof v === 'number' && Number.isInteger(v) && !tensorInfo(v));
    const [s, e, d] = vals.map((v, i) => toNumber(v, `${fn} argument ${i}`));
    const want = toTensorDtype(b.get('dtype'), fc, fn) ?? (ints ? (fc.x64 ? 'int64' : 'int32') : fc.x64 ? 'float64' : 'float32');
    if (!ints && ![s, e, d].every(Number.isInteger)) throw new NotReproduced(`${fn} with fractional float arguments is filled in ${want} by NumPy's rule, which is not reproduced`);
    return finish(arange(s, e, d, ctx.limits, ints ? 'int64' : 'float64'), want, fc, [], true, fn);
  },
  matmul: lift({ params: ['a', 'b'], tensors: ['a', 'b'], exact: false, sameDtype: false, compute: (t, _b, ctx) => matmul(one(t, 'a'), one(t, 'b'), 'a', 'b', ctx.limits) }),
  dot: lift({
    params: ['a', 'b'], tensors: ['a', 'b'], exact: false, sameDtype: false,
    compute: (t, _b, ctx, fn) => {
      const A = one(t, 'a'), B = one(t, 'b');
      if (A.shape.length > 2 || B.shape.length > 2) throw new NotReproduced(`${fn} of arrays of more than 2 dimensions is not evaluated (use matmul)`);
      return matmul(A, B, 'a', 'b', ctx.limits);
    },
  }),
  einsum: (fc, args, kwargs, ctx, fn) => {
    if (typeof args[0] !== 'string') throw new NotReproduced(`${fn}: write the subscripts as a string`);
    const eq = args[0];
    return lift({ params: ['*operands'], tensors: [], lists: ['operands'], exact: false, sameDtype: false, compute: (t) => einsum(eq, many(t, 'operands'), ctx.limits) })(fc, args.slice(1), kwargs, ctx, fn);
  },
  transpose: lift({ params: ['a', 'axes?'], tensors: ['a'], exact: true, compute: (t, b, _ctx, fn) => transpose(one(t, 'a'), b.get('axes') == null ? undefined : toShape(b.get('axes') as PyValue, `${fn} axes`)) }),
  swapaxes: lift({ params: ['a', 'axis1', 'axis2'], tensors: ['a'], exact: true, compute: (t, b, _ctx, fn) => swapaxes(one(t, 'a'), toInt(b.get('axis1') as PyValue, `${fn} axis1`), toInt(b.get('axis2') as PyValue, `${fn} axis2`)) }),
  moveaxis: lift({ params: ['a', 'source', 'destination'], tensors: ['a'], exact: true, compute: (t, b, _ctx, fn) => moveaxis(one(t, 'a'), toShape(b.get('source') as PyValue, fn), toShape(b.get('destination') as PyValue, fn)) }),
  reshape: lift({ params: ['a', 'shape?'], tensors: ['a'], exact: true, compute: (t, b, ctx, fn) => reshape(one(t, 'a'), toShape(b.get('shape') ?? b.get('newshape') ?? null, `${fn} shape`), ctx.limits) }),
  expand_dims: lift({
    params: ['a', 'axis'], tensors: ['a'], exact: true,
    compute: (t, b, _ctx, fn) => { const ax = toAxes(b.get('axis'), `${fn} axis`) as number | number[]; return expandDims(one(t, 'a'), typeof ax === 'number' ? [ax] : ax); },
  }),
  squeeze: lift({
    params: ['a', 'axis?'], tensors: ['a'], exact: true,
    compute: (t, b, _ctx, fn) => { const ax = toAxes(b.get('axis'), `${fn} axis`); return squeeze(one(t, 'a'), ax === undefined ? undefined : typeof ax === 'number' ? [ax] : ax); },
  }),
  concatenate: lift({ params: ['arrays', 'axis?'], tensors: [], lists: ['arrays'], exact: true, sameDtype: false, compute: (t, b, ctx, fn) => concatenate(many(t, 'arrays'), b.get('axis') == null ? 0 : toInt(b.get('axis') as PyValue, `${fn} axis`), ctx.limits, fn) }),
  stack: lift({ params: ['arrays', 'axis?'], tensors: [], lists: ['arrays'], exact: true, sameDtype: false, compute: (t, b, ctx, fn) => stack(many(t, 'arrays'), b.get('axis') == null ? 0 : toInt(b.get('axis') as PyValue, `${fn} axis`), ctx.limits, fn) }),
  tril: triangleOf(true), triu: triangleOf(false),
  where: lift({
    params: ['condition', 'x?', 'y?'], tensors: ['x', 'y'], exact: true, sameDtype: false,
    compute: (t, b, ctx, fn) => {
      if (!t.has('x') || !t.has('y')) throw new NotReproduced(`${fn}(condition) with one argument (the indices) is not evaluated`);
      return where(toTensor(b.get('condition') as PyValue, { framework: 'jax', x64: false }, ctx.limits, `${fn} condition`).array, one(t, 'x'), one(t, 'y'), ctx.limits);
    },
  }),
  zeros_like: lift({ params: ['a', 'dtype?'], tensors: ['a'], exact: true, dtypeParam: 'dtype', compute: (t, _b, ctx) => full(one(t, 'a').shape, 0, ctx.limits, one(t, 'a').dtype) }),
  ones_like: lift({ params: ['a', 'dtype?'], tensors: ['a'], exact: true, dtypeParam: 'dtype', compute: (t, _b, ctx) => full(one(t, 'a').shape, 1, ctx.limits, one(t, 'a').dtype) }),
  square: lift({ params: ['x'], tensors: ['x'], exact: true, compute: (t, _b, ctx, fn) => arithmetic('*', one(t, 'x'), one(t, 'x'), fn, ctx.limits) }),
  outer: lift({ params: ['a', 'b'], tensors: ['a', 'b'], exact: true, sameDtype: false, compute: (t, _b, ctx) => outer(one(t, 'a'), one(t, 'b'), ctx.limits) }),
  vstack: lift({ params: ['tup'], tensors: [], lists: ['tup'], exact: true, sameDtype: false, compute: (t, _b, ctx, fn) => vstack(many(t, 'tup'), ctx.limits, fn) }),
  hstack: lift({ params: ['tup'], tensors: [], lists: ['tup'], exact: true, sameDtype: false, compute: (t, _b, ctx, fn) => hstack(many(t, 'tup'), ctx.limits, fn) }),
  clip: lift({
    params: ['a', 'a_min?', 'a_max?'], tensors: ['a'], exact: true,
    compute: (t, b, ctx) => {
      const lo = b.get('a_min') ?? b.get('min'), hi = b.get('a_max') ?? b.get('max');
      const bound = (v: PyValue | undefined): number | null => (v == null ? null : toNumber(v, 'clip bound'));
      return clip(one(t, 'a'), bound(lo), bound(hi), ctx.limits);
    },
  }),
  'linalg.norm': lift({
    params: ['x', 'ord?', 'axis?', 'keepdims?'], tensors: ['x'], exact: false, float: true,
    compute: (t, b, _ctx, fn) => {
      if (b.get('ord') != null) throw new NotReproduced(`${fn} with ord= is not evaluated`);
      return norm(one(t, 'x'), undefined, toAxes(b.get('axis'), `${fn} axis`), b.get('keepdims') === true);
    },
  }),
  sqrt: unaryFloat('sqrt', true), exp: unaryFloat('exp', false), tanh: unaryFloat('tanh', false), log: unaryFloat('log', false),
  abs: lift({ params: ['x'], tensors: ['x'], exact: true, compute: (t) => ({ ...one(t, 'x'), data: one(t, 'x').data.map(Math.abs) }) }),
  add: binary('+', true), subtract: binary('-', true), multiply: binary('*', true), divide: binary('/', true), true_divide: binary('/', true),
  power: binary('**', false),
  maximum: lift({ params: ['x1', 'x2'], tensors: ['x1', 'x2'], exact: true, sameDtype: false, compute: (t, _b, ctx, fn) => extremum(one(t, 'x1'), one(t, 'x2'), true, fn, ctx.limits) }),
  minimum: lift({ params: ['x1', 'x2'], tensors: ['x1', 'x2'], exact: true, sameDtype: false, compute: (t, _b, ctx, fn) => extremum(one(t, 'x1'), one(t, 'x2'), false, fn, ctx.limits) }),
  sum: reduction('sum', false), mean: reduction('mean', false), max: reduction('max', true), min: reduction('min', true), prod: reduction('prod', false),
  argmax: reduction('argmax', true), argmin: reduction('argmin', true),
  'nn.softmax': lift({
    params: ['x', 'axis?'], tensors: ['x'], exact: false, float: true,
    compute: (t, b, _ctx, fn) => {
      const ax = b.get('axis') === undefined ? -1 : toAxes(b.get('axis'), `${fn} axis`);
      if (Array.isArray(ax)) throw new NotReproduced(`${fn} over several axes is not evaluated`);
      return softmax(one(t, 'x'), ax);
    },
  }),
};

/** True for a path handled here: `jax.numpy.…` and `jax.nn.softmax`. */
export function isJaxNumpyPath(path: string): boolean {
  return path.startsWith('jax.numpy.') || path.startsWith('jax.nn.');
}

/**
 * Calls the `jax.numpy` / `jax.nn` function `path` with the program's x64 flag.
 * @throws NotReproduced for anything not modelled (with the function's name); InputError where JAX raises.
 */
export function callJaxNumpy(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const name = path.startsWith('jax.nn.') ? `nn.${path.slice('jax.nn.'.length)}` : path.slice('jax.numpy.'.length);
  const short = path.replace(/^jax\.numpy\./, 'jnp.');
  const impl = Object.prototype.hasOwnProperty.call(JNP, name) ? JNP[name] : undefined;
  if (!impl) throw new NotReproduced(`${short}() is not supported for JAX arrays`);
  const fc: FrameworkContext = { framework: 'jax', x64: ctx.random.jaxX64 };
  if (kwargs.get('out') != null) throw new InputError(`${short}: JAX arrays are immutable (out= is not supported)`);
  return impl(fc, args, kwargs, ctx, short);
}
