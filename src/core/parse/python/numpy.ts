/**
 * NumPy's array functions (`np.array`, creation, shape manipulation, reductions, element-wise math, products,
 * `einsum`, `linalg.norm`), bound to their Python signatures and evaluated with NumPy's semantics by
 * src/core/ndarray. Names are relative to `numpy.` (`linalg.norm` is `numpy.linalg.norm`).
 */
import { InputError } from '../../errors';
import {
  type DType, type NDArray, type NormOrder, type ReduceKind, NotReproduced, absolute, arange, arithmetic, arrayEqual, astype, clip, concatenate, cumsum, dot,
  dtypeOf, einsum, expandDims, ndarray, extremum, eye, floatFunction, full, hstack, isclose, isNDArray, linspace, matmul, moveaxis, norm, outer,
  reduce, repeat, reshapeInOrder, round, sign, softmax, sortAlong, split, squeeze, stack, swapaxes, tile, transpose, triangle, vstack, where,
} from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext, Impl } from './callContext';
import { toArray, toAxes, toDType, toInt, toNumber, toOperand, toOrder, toShape, unwrap } from './convert';
import { type Kwargs, type PyValue, isList } from './values';

const arg = (b: Map<string, PyValue>, name: string): PyValue => b.get(name) as PyValue;
const keepdimsOf = (kwargs: Kwargs, b?: Map<string, PyValue>): boolean => kwargs.get('keepdims') === true || kwargs.get('keepdim') === true || b?.get('keepdims') === true;

/** `np.array(object, dtype=None)` and its relatives. */
export const arrayOf: Impl = (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['object', 'dtype?'], args, kwargs);
  return toArray(arg(b, 'object'), ctx.limits, fn, toDType(b.get('dtype')));
};

/** A scalar type used as a function (`np.float64(x)`, `np.int64(3)`): a scalar for a scalar, else a converted array. */
const scalarType = (dtype: DType): Impl => (args, kwargs, ctx, fn) => {
  const x = bindArgs(fn, ['x?'], args, kwargs).get('x') ?? 0;
  if (typeof x === 'number' || typeof x === 'boolean') {
    if (dtype === 'float32') throw new NotReproduced(`${fn}() scalars compute in float32, which is not reproduced`);
    const v = Number(x);
    return dtype === 'bool' ? v !== 0 : dtype === 'int64' ? Math.trunc(v) : v;
  }
  return unwrap(toArray(x, ctx.limits, fn, dtype));
};

const filled = (value: number | undefined): Impl => (args, kwargs, ctx, fn) => {
  const torchStyle = fn.startsWith('torch.') && args.length > 0 && args.every((a) => typeof a === 'number');
  const b = torchStyle
    ? new Map<string, PyValue>([['shape', { kind: 'list', items: args, tuple: true }]])
    : bindArgs(fn, value === undefined ? ['shape', 'fill_value', 'dtype?'] : ['shape', 'dtype?'], args, kwargs);
  const shape = toShape(b.get('shape') ?? kwargs.get('size') ?? null, `${fn} shape`);
  const fill = value ?? toNumber(arg(b, 'fill_value'), `${fn} fill_value`);
  const fv = b.get('fill_value');
  const natural: DType = value !== undefined ? 'float64' : typeof fv === 'boolean' ? 'bool' : isNDArray(fv) ? dtypeOf(fv) : Number.isInteger(fill) ? 'int64' : 'float64';
  return full(shape, fill, ctx.limits, toDType(b.get('dtype') ?? kwargs.get('dtype')) ?? natural);
};

const like = (value: number | undefined): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, value === undefined ? ['a', 'fill_value', 'dtype?'] : ['a', 'dtype?'], args, kwargs);
  const a = toArray(arg(b, 'a'), ctx.limits, fn);
  const fill = value ?? toNumber(arg(b, 'fill_value'), `${fn} fill_value`);
  return full(a.shape, fill, ctx.limits, toDType(b.get('dtype')) ?? dtypeOf(a));
};

/** NumPy's positional parameters of each reduction (numpy/_core/fromnumeric.py): `np.sum(a, 0, None, None, True)` is valid. */
const REDUCTION_PARAMS: Readonly<Record<ReduceKind, readonly string[]>> = {
  sum: ['a', 'axis?', 'dtype?', 'out?', 'keepdims?'], prod: ['a', 'axis?', 'dtype?', 'out?', 'keepdims?'], mean: ['a', 'axis?', 'dtype?', 'out?', 'keepdims?'],
  std: ['a', 'axis?', 'dtype?', 'out?', 'ddof?', 'keepdims?'], var: ['a', 'axis?', 'dtype?', 'out?', 'ddof?', 'keepdims?'],
  max: ['a', 'axis?', 'out?', 'keepdims?'], min: ['a', 'axis?', 'out?', 'keepdims?'], any: ['a', 'axis?', 'out?', 'keepdims?'], all: ['a', 'axis?', 'out?', 'keepdims?'],
  argmax: ['a', 'axis?', 'out?'], argmin: ['a', 'axis?', 'out?'],
};

const reduction = (kind: ReduceKind): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, REDUCTION_PARAMS[kind], args, kwargs);
  const axis = toAxes(b.get('axis') ?? kwargs.get('dim'), `${fn} axis`);
  const ddof = b.get('ddof') != null ? toNumber(b.get('ddof') as PyValue, `${fn} ddof`) : 0;
  if (b.get('dtype') != null || b.get('out') != null || kwargs.get('dtype') != null || kwargs.get('out') != null || kwargs.get('where') != null || kwargs.get('initial') != null) {
    throw new NotReproduced(`${fn}() with dtype, out, where or initial is not evaluated`);
  }
  return reduce(toArray(arg(b, 'a'), ctx.limits, fn), axis, keepdimsOf(kwargs, b), kind, fn, ddof);
};

const floatUnary = (name: string): Impl => (args, kwargs, ctx, fn) => {
  const x = arg(bindArgs(fn, ['x'], args, kwargs), 'x');
  return unwrap(floatFunction(name, toArray(x, ctx.limits, fn)));
};

const axisOr = (v: PyValue | undefined, def: number, what: string): number => (v == null ? def : toInt(v, what));

const operands = (v: PyValue, ctx: CallContext, fn: string): NDArray[] => {
  if (!isList(v)) {
    if (isNDArray(v) && v.shape.length > 0) return Array.from({ length: v.shape[0] }, (_, i) => toArray(unwrapRow(v, i), ctx.limits, fn));
    throw new InputError(`${fn}() expects a sequence of arrays`);
  }
  return v.items.map((x, i) => toArray(x, ctx.limits, `${fn} element ${i}`));
};

function unwrapRow(a: NDArray, i: number): NDArray {
  const inner = a.data.length / a.shape[0];
  return { kind: 'ndarray', shape: a.shape.slice(1), data: a.data.slice(i * inner, (i + 1) * inner), ...(a.dtype ? { dtype: a.dtype } : {}) };
}

const ufunc2 = (op: string): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['x1', 'x2'], args, kwargs);
  return unwrap(arithmetic(op, toOperand(arg(b, 'x1'), ctx.limits, fn), toOperand(arg(b, 'x2'), ctx.limits, fn), fn, ctx.limits));
};

const extremumImpl = (max: boolean): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['x1', 'x2'], args, kwargs);
  return unwrap(extremum(toOperand(arg(b, 'x1'), ctx.limits, fn), toOperand(arg(b, 'x2'), ctx.limits, fn), max, fn, ctx.limits));
};

const normOrder = (v: PyValue | undefined): NormOrder => {
  if (v == null) return undefined;
  if (typeof v === 'string') {
    if (v === 'fro' || v === 'f' || v === 'nuc') return v;
    throw new InputError(`Invalid norm order '${v}'`);
  }
  return toNumber(v, 'norm ord');
};

/** The functions of the `numpy` namespace, by name. */
export const NUMPY: Readonly<Record<string, Impl>> = {
  array: arrayOf, asarray: arrayOf, asanyarray: arrayOf, matrix: arrayOf, copy: arrayOf, ascontiguousarray: arrayOf,
  float64: scalarType('float64'), double: scalarType('float64'), float32: scalarType('float32'), single: scalarType('float32'),
  int64: scalarType('int64'), int_: scalarType('int64'), bool_: scalarType('bool'),
  zeros: filled(0), ones: filled(1), full: filled(undefined),
  zeros_like: like(0), ones_like: like(1), full_like: like(undefined),
  // Uninitialised memory: known only when it has no entries (`K_cache = np.empty((0, d))`, grown with vstack).
  empty: (args, kwargs, ctx, fn) => emptyOnly(filled(0)(args, kwargs, ctx, fn), fn),
  empty_like: (args, kwargs, ctx, fn) => emptyOnly(like(0)(args, kwargs, ctx, fn), fn),
  triu_indices: (args, kwargs, ctx, fn) => triangleIndices(args, kwargs, ctx, fn, false),
  tril_indices: (args, kwargs, ctx, fn) => triangleIndices(args, kwargs, ctx, fn, true),
  eye: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['N', 'M?', 'k?', 'dtype?'], args, kwargs);
    const n = toInt(arg(b, 'N'), `${fn} N`);
    const m = b.get('M') == null ? n : toInt(arg(b, 'M'), `${fn} M`);
    return eye(n, m, ctx.limits, axisOr(b.get('k'), 0, `${fn} k`), toDType(b.get('dtype')) ?? 'float64');
  },
  identity: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['n', 'dtype?'], args, kwargs);
    const n = toInt(arg(b, 'n'), `${fn} n`);
    return eye(n, n, ctx.limits, 0, toDType(b.get('dtype')) ?? 'float64');
  },
  arange: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['start', 'stop?', 'step?', 'dtype?'], args, kwargs);
    const hasStop = b.get('stop') != null;
    const startV = hasStop ? arg(b, 'start') : 0;
    const stopV = hasStop ? arg(b, 'stop') : arg(b, 'start');
    const stepV = b.get('step') ?? 1;
    const allInt = [startV, stopV, stepV].every((x) => (typeof x === 'number' && Number.isInteger(x)) || typeof x === 'boolean' || (isNDArray(x) && dtypeOf(x) !== 'float64' && dtypeOf(x) !== 'float32'));
    const want = toDType(b.get('dtype'));
    const r = arange(toNumber(startV, `${fn} start`), toNumber(stopV, `${fn} stop`), toNumber(stepV, `${fn} step`), ctx.limits, allInt ? 'int64' : 'float64');
    return want && want !== dtypeOf(r) ? astype(r, want) : r;
  },
  linspace: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['start', 'stop', 'num?', 'endpoint?'], args, kwargs);
    if (kwargs.get('retstep') === true || kwargs.get('dtype') != null || kwargs.get('axis') != null) throw new NotReproduced(`${fn}() with retstep, dtype or axis is not evaluated`);
    return linspace(toNumber(arg(b, 'start'), `${fn} start`), toNumber(arg(b, 'stop'), `${fn} stop`), axisOr(b.get('num'), 50, `${fn} num`), b.get('endpoint') !== false, ctx.limits);
  },
  reshape: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'newshape?', 'order?'], args, kwargs);
    const order = toOrder(b.get('order'), fn);
    return reshapeInOrder(toArray(arg(b, 'a'), ctx.limits, fn), toShape(b.get('newshape') ?? kwargs.get('shape') ?? null, `${fn} shape`), order, ctx.limits);
  },
  ravel: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'order?'], args, kwargs);
    return reshapeInOrder(toArray(arg(b, 'a'), ctx.limits, fn), [-1], toOrder(b.get('order'), fn), ctx.limits);
  },
  transpose: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'axes?'], args, kwargs);
    const axes = b.get('axes');
    return transpose(toArray(arg(b, 'a'), ctx.limits, fn), axes == null ? undefined : toShape(axes, `${fn} axes`));
  },
  swapaxes: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'axis1', 'axis2'], args, kwargs);
    return swapaxes(toArray(arg(b, 'a'), ctx.limits, fn), toInt(arg(b, 'axis1'), `${fn} axis1`), toInt(arg(b, 'axis2'), `${fn} axis2`));
  },
  moveaxis: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'source', 'destination'], args, kwargs);
    return moveaxis(toArray(arg(b, 'a'), ctx.limits, fn), toShape(arg(b, 'source'), `${fn} source`), toShape(arg(b, 'destination'), `${fn} destination`));
  },
  squeeze: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'axis?'], args, kwargs);
    const axis = toAxes(b.get('axis'), `${fn} axis`);
    return unwrap(squeeze(toArray(arg(b, 'a'), ctx.limits, fn), axis === undefined ? undefined : typeof axis === 'number' ? [axis] : axis));
  },
  expand_dims: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'axis'], args, kwargs);
    const axis = toAxes(arg(b, 'axis'), `${fn} axis`) as number | number[];
    return expandDims(toArray(arg(b, 'a'), ctx.limits, fn), typeof axis === 'number' ? [axis] : axis);
  },
  concatenate: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['arrays', 'axis?'], args, kwargs);
    const axis = b.has('axis') && b.get('axis') === null ? null : axisOr(b.get('axis') ?? kwargs.get('dim'), 0, `${fn} axis`);
    return concatenate(operands(arg(b, 'arrays'), ctx, fn), axis, ctx.limits, fn);
  },
  stack: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['arrays', 'axis?'], args, kwargs);
    const seq = arg(b, 'arrays');
    const names = isList(seq) && seq.names && seq.names.every((x) => x !== null) ? (seq.names as string[]) : undefined;
    return stack(operands(seq, ctx, fn), axisOr(b.get('axis') ?? kwargs.get('dim'), 0, `${fn} axis`), ctx.limits, fn, names);
  },
  vstack: (args, kwargs, ctx, fn) => {
    const seq = arg(bindArgs(fn, ['tup'], args, kwargs), 'tup');
    const r = vstack(operands(seq, ctx, fn), ctx.limits, fn);
    const names = isList(seq) && seq.names && seq.names.every((x) => x !== null) && seq.items.every((x) => isNDArray(x) && x.shape.length === 1) ? (seq.names as string[]) : undefined;
    return names ? { ...r, rowLabels: names } : r;
  },
  row_stack: (args, kwargs, ctx, fn) => NUMPY.vstack(args, kwargs, ctx, fn),
  hstack: (args, kwargs, ctx, fn) => hstack(operands(arg(bindArgs(fn, ['tup'], args, kwargs), 'tup'), ctx, fn), ctx.limits, fn),
  split: (args, kwargs, ctx, fn) => splitImpl(args, kwargs, ctx, fn, true),
  array_split: (args, kwargs, ctx, fn) => splitImpl(args, kwargs, ctx, fn, false),
  repeat: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'repeats', 'axis?'], args, kwargs);
    const r = arg(b, 'repeats');
    const reps = isList(r) || isNDArray(r) ? toShape(r, `${fn} repeats`) : toInt(r, `${fn} repeats`);
    return repeat(toArray(arg(b, 'a'), ctx.limits, fn), reps, b.get('axis') == null ? null : toInt(arg(b, 'axis'), `${fn} axis`), ctx.limits);
  },
  tile: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['A', 'reps'], args, kwargs);
    return tile(toArray(arg(b, 'A'), ctx.limits, fn), toShape(arg(b, 'reps'), `${fn} reps`), ctx.limits);
  },
  tril: (args, kwargs, ctx, fn) => triangleImpl(args, kwargs, ctx, fn, true),
  triu: (args, kwargs, ctx, fn) => triangleImpl(args, kwargs, ctx, fn, false),
  where: (args, kwargs, ctx, fn) => {
    if (args.length === 1 && kwargs.size === 0) throw new NotReproduced('np.where(condition) with one argument (the indices) is not evaluated');
    const b = bindArgs(fn, ['condition', 'x', 'y'], args, kwargs);
    return unwrap(where(toOperand(arg(b, 'condition'), ctx.limits, fn), toOperand(arg(b, 'x'), ctx.limits, fn), toOperand(arg(b, 'y'), ctx.limits, fn), ctx.limits));
  },
  einsum: (args, kwargs, ctx, fn) => {
    if (typeof args[0] !== 'string') throw new NotReproduced('einsum with operands and sublists is not evaluated (write the subscripts as a string)');
    if (kwargs.get('out') != null || kwargs.get('dtype') != null) throw new NotReproduced('einsum with out or dtype is not evaluated');
    return unwrap(einsum(args[0], args.slice(1).map((x, i) => toArray(x, ctx.limits, `${fn} operand ${i}`)), ctx.limits));
  },
  matmul: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'b'], args, kwargs);
    let A = toArray(arg(b, 'a'), ctx.limits, fn);
    let B = toArray(arg(b, 'b'), ctx.limits, fn);
    if (kwargs.get('transpose_a') === true) A = swapaxes(A, -1, -2);
    if (kwargs.get('transpose_b') === true) B = swapaxes(B, -1, -2);
    return matmul(A, B, 'the first argument', 'the second argument', ctx.limits);
  },
  dot: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'b'], args, kwargs);
    return dot(toArray(arg(b, 'a'), ctx.limits, fn), toArray(arg(b, 'b'), ctx.limits, fn), 'the first argument', 'the second argument', ctx.limits);
  },
  outer: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'b'], args, kwargs);
    return outer(toArray(arg(b, 'a'), ctx.limits, fn), toArray(arg(b, 'b'), ctx.limits, fn), ctx.limits);
  },
  'linalg.norm': (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['x', 'ord?', 'axis?', 'keepdims?'], args, kwargs);
    return norm(toArray(arg(b, 'x'), ctx.limits, fn), normOrder(b.get('ord')), toAxes(b.get('axis'), `${fn} axis`), b.get('keepdims') === true);
  },
  sum: reduction('sum'), prod: reduction('prod'), mean: reduction('mean'), max: reduction('max'), amax: reduction('max'),
  min: reduction('min'), amin: reduction('min'), argmax: reduction('argmax'), argmin: reduction('argmin'),
  std: reduction('std'), var: reduction('var'), any: reduction('any'), all: reduction('all'),
  exp: floatUnary('exp'), log: floatUnary('log'), sqrt: floatUnary('sqrt'), tanh: floatUnary('tanh'), sin: floatUnary('sin'),
  cos: floatUnary('cos'), tan: floatUnary('tan'), log2: floatUnary('log2'), log10: floatUnary('log10'), log1p: floatUnary('log1p'),
  expm1: floatUnary('expm1'), arctan: floatUnary('arctan'), sinh: floatUnary('sinh'), cosh: floatUnary('cosh'),
  abs: (args, kwargs, ctx, fn) => { const x = arg(bindArgs(fn, ['x'], args, kwargs), 'x'); return typeof x === 'number' ? Math.abs(x) : unwrap(absolute(toArray(x, ctx.limits, fn))); },
  absolute: (args, kwargs, ctx, fn) => NUMPY.abs(args, kwargs, ctx, fn),
  sign: (args, kwargs, ctx, fn) => unwrap(sign(toArray(arg(bindArgs(fn, ['x'], args, kwargs), 'x'), ctx.limits, fn))),
  square: (args, kwargs, ctx, fn) => { const x = toOperand(arg(bindArgs(fn, ['x'], args, kwargs), 'x'), ctx.limits, fn); return unwrap(arithmetic('*', x, x, fn, ctx.limits)); },
  round: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'decimals?'], args, kwargs);
    return unwrap(round(toArray(arg(b, 'a'), ctx.limits, fn), axisOr(b.get('decimals'), 0, `${fn} decimals`)));
  },
  around: (args, kwargs, ctx, fn) => NUMPY.round(args, kwargs, ctx, fn),
  clip: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'a_min?', 'a_max?'], args, kwargs);
    const lo = b.get('a_min') ?? kwargs.get('min') ?? null, hi = b.get('a_max') ?? kwargs.get('max') ?? null;
    return unwrap(clip(toArray(arg(b, 'a'), ctx.limits, fn), lo === null ? null : toOperand(lo, ctx.limits, fn), hi === null ? null : toOperand(hi, ctx.limits, fn), ctx.limits));
  },
  maximum: extremumImpl(true), minimum: extremumImpl(false),
  power: ufunc2('**'), add: ufunc2('+'), subtract: ufunc2('-'), multiply: ufunc2('*'), divide: ufunc2('/'), true_divide: ufunc2('/'),
  floor_divide: ufunc2('//'), mod: ufunc2('%'), remainder: ufunc2('%'),
  softmax: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['x', 'axis?'], args, kwargs);
    const axis = b.get('axis') ?? kwargs.get('dim');
    const x = toArray(arg(b, 'x'), ctx.limits, fn);
    return softmax(x, axis == null ? undefined : toInt(axis, `${fn} axis`)); // SciPy's default is all axes
  },
  isclose: (args, kwargs, ctx, fn) => unwrap(closeness(args, kwargs, ctx, fn)),
  allclose: (args, kwargs, ctx, fn) => closeness(args, kwargs, ctx, fn).data.every((x) => x === 1),
  array_equal: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a1', 'a2', 'equal_nan?'], args, kwargs);
    return arrayEqual(toArray(arg(b, 'a1'), ctx.limits, fn), toArray(arg(b, 'a2'), ctx.limits, fn), b.get('equal_nan') === true);
  },
  sort: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'axis?', 'kind?', 'order?'], args, kwargs);
    if (b.get('order') != null) throw new NotReproduced(`${fn}() with order (structured arrays) is not evaluated`);
    const axis = b.has('axis') ? b.get('axis') : -1;
    return sortAlong(toArray(arg(b, 'a'), ctx.limits, fn), axis == null ? null : toInt(axis, `${fn} axis`));
  },
  cumsum: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'axis?', 'dtype?', 'out?'], args, kwargs);
    if (b.get('dtype') != null || b.get('out') != null) throw new NotReproduced(`${fn}() with dtype or out is not evaluated`);
    const axis = b.get('axis');
    return cumsum(toArray(arg(b, 'a'), ctx.limits, fn), axis == null ? null : toInt(axis, `${fn} axis`));
  },
  shape: (args, kwargs, ctx, fn) => ({ kind: 'list', items: [...toArray(arg(bindArgs(fn, ['a'], args, kwargs), 'a'), ctx.limits, fn).shape], tuple: true }),
  ndim: (args, kwargs, ctx, fn) => toArray(arg(bindArgs(fn, ['a'], args, kwargs), 'a'), ctx.limits, fn).shape.length,
  size: (args, kwargs, ctx, fn) => toArray(arg(bindArgs(fn, ['a'], args, kwargs), 'a'), ctx.limits, fn).data.length,
};

/** `np.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)` as an array (allclose reads all of it). */
function closeness(args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string): NDArray {
  const b = bindArgs(fn, ['a', 'b', 'rtol?', 'atol?', 'equal_nan?'], args, kwargs);
  const rtol = b.get('rtol') == null ? 1e-5 : toNumber(arg(b, 'rtol'), `${fn} rtol`);
  const atol = b.get('atol') == null ? 1e-8 : toNumber(arg(b, 'atol'), `${fn} atol`);
  return isclose(toOperand(arg(b, 'a'), ctx.limits, fn), toOperand(arg(b, 'b'), ctx.limits, fn), rtol, atol, b.get('equal_nan') === true, ctx.limits);
}

/** `np.empty(shape)`: its entries are whatever the memory held, so only an array with no entries is known. */
function emptyOnly(a: PyValue, fn: string): PyValue {
  if (isNDArray(a) && a.data.length === 0) return a;
  throw new NotReproduced(`${fn}() returns uninitialised memory, whose values are not reproducible (use np.zeros)`);
}

/**
 * `np.triu_indices(n, k=0, m=None)` / `np.tril_indices`: the row and column indices (int64, row-major order)
 * of the entries with `j - i >= k` (upper) or `j - i <= k` (lower) in an `n × m` array, as a tuple.
 */
function triangleIndices(args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string, lower: boolean): PyValue {
  const b = bindArgs(fn, ['n', 'k?', 'm?'], args, kwargs);
  const n = toInt(arg(b, 'n'), `${fn} n`);
  const k = axisOr(b.get('k'), 0, `${fn} k`);
  const m = b.get('m') == null ? n : toInt(arg(b, 'm'), `${fn} m`);
  if (n < 0 || m < 0) throw new InputError(`${fn}: negative dimensions are not allowed`);
  if (n * m > ctx.limits.maxElements) throw new InputError(`${fn}: ${n} × ${m} is more than the limit of ${ctx.limits.maxElements} entries`);
  const rows: number[] = [], cols: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (lower ? j - i <= k : j - i >= k) { rows.push(i); cols.push(j); }
  const vec = (xs: number[]): NDArray => ndarray([xs.length], Float64Array.from(xs), undefined, 'int64');
  return { kind: 'list', items: [vec(rows), vec(cols)], tuple: true };
}

function splitImpl(args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string, exact: boolean): PyValue {
  const b = bindArgs(fn, ['ary', 'indices_or_sections', 'axis?'], args, kwargs);
  const s = arg(b, 'indices_or_sections');
  const sections = isList(s) || isNDArray(s) ? toShape(s, `${fn} indices`) : toInt(s, `${fn} sections`);
  const parts = split(toArray(arg(b, 'ary'), ctx.limits, fn), sections, axisOr(b.get('axis'), 0, `${fn} axis`), exact, ctx.limits);
  return { kind: 'list', items: parts, tuple: false };
}

function triangleImpl(args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string, lower: boolean): PyValue {
  const b = bindArgs(fn, ['m', 'k?'], args, kwargs);
  const k = axisOr(b.get('k') ?? kwargs.get('diagonal'), 0, `${fn} k`);
  return triangle(toArray(arg(b, 'm'), ctx.limits, fn), k, lower, ctx.limits);
}
