/**
 * The library functions a tutorial-style program calls (NumPy, SciPy's softmax, `math`, PyTorch,
 * TensorFlow, JAX), evaluated with NumPy's semantics. Anything not listed here is "not evaluable":
 * the evaluator skips it and names it when a matrix depends on it.
 */
import { InputError } from '../../errors';
import {
  type NDArray, arange, elementwise, eye, full, hstack, mapArray, matmul, ndarray,
  reduce, reshape, shapeString, softmax, transpose, vstack,
} from '../../ndarray/ndarray';
import { type CallContext, type Impl, NotEvaluable } from './callContext';
import { RANDOM_FUNCTIONS } from './randomCalls';
import { bindArgs } from './args';
import { toArray, toInt, toNumber, toShape } from './convert';
import { JaxNotEvaluable, callJaxRandom } from './jaxCalls';
import { TorchNotEvaluable, callTorchRandom, refusal } from './torchCalls';
import { type Kwargs, type PyValue, isList } from './values';

export { type CallContext, NotEvaluable } from './callContext';

/** Library prefixes that behave like NumPy's namespace for the functions below. */
const NAMESPACE_ALIASES: readonly [string, string][] = [
  ['jax.numpy.', 'numpy.'],
  ['cupy.', 'numpy.'],
  ['torch.nn.functional.', 'torch.'],
  ['tensorflow.math.', 'tensorflow.'],
  ['tensorflow.linalg.', 'tensorflow.'],
  ['tensorflow.nn.', 'tensorflow.'],
  ['tensorflow.experimental.numpy.', 'numpy.'],
  ['scipy.special.', 'numpy.'],
];

/** The canonical name of a library path: `jax.numpy.array` → `numpy.array`, `torch.nn.functional.softmax` → `torch.softmax`. */
export function canonicalPath(path: string): string {
  for (const [from, to] of NAMESPACE_ALIASES) if (path.startsWith(from)) return to + path.slice(from.length);
  return path;
}

/** Constants the program may read (`np.pi`, `math.sqrt`'s neighbours). */
const CONSTANTS: Readonly<Record<string, number>> = {
  'numpy.pi': Math.PI, 'numpy.e': Math.E, 'numpy.inf': Infinity, 'numpy.nan': NaN, 'numpy.newaxis': NaN,
  'math.pi': Math.PI, 'math.e': Math.E, 'math.inf': Infinity, 'math.nan': NaN, 'math.tau': 2 * Math.PI,
  'torch.pi': Math.PI,
};

/** The value of a constant such as `np.pi`, if `path` names one. */
export function libraryConstant(path: string): number | undefined {
  const c = canonicalPath(path);
  return Object.prototype.hasOwnProperty.call(CONSTANTS, c) ? CONSTANTS[c] : undefined;
}


const unary = (f: (x: number) => number): Impl => (args, kwargs, ctx, fn) => {
  const x = bindArgs(fn, ['x'], args, kwargs).get('x') as PyValue;
  return typeof x === 'number' || typeof x === 'boolean' ? f(toNumber(x, fn)) : mapArray(toArray(x, ctx.limits, fn), f);
};

const arrayOf: Impl = (args, kwargs, ctx, fn) => toArray(bindArgs(fn, ['object'], args, kwargs).get('object') as PyValue, ctx.limits, fn);

const filled = (value: number | undefined): Impl => (args, kwargs, ctx, fn) => {
  const torchStyle = fn.startsWith('torch.') && args.length > 0 && args.every((a) => typeof a === 'number');
  const b = torchStyle ? new Map<string, PyValue>([['shape', { kind: 'list', items: args, tuple: true }]]) : bindArgs(fn, value === undefined ? ['shape', 'fill_value'] : ['shape'], args, kwargs);
  const shape = toShape(b.get('shape') ?? b.get('size') ?? null, `${fn} shape`);
  return full(shape, value ?? toNumber(b.get('fill_value') as PyValue, `${fn} fill_value`), ctx.limits);
};

const reduction = (kind: 'sum' | 'max' | 'min' | 'mean'): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['a', 'axis?', 'keepdims?'], args, kwargs);
  const axis = b.get('axis') ?? kwargs.get('dim');
  return reduce(toArray(b.get('a') as PyValue, ctx.limits, fn), axis == null ? undefined : toInt(axis, `${fn} axis`), kwargs.get('keepdims') === true || kwargs.get('keepdim') === true || b.get('keepdims') === true, kind, fn);
};

const softmaxImpl: Impl = (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['x', 'axis?'], args, kwargs);
  const axis = b.get('axis') ?? kwargs.get('dim');
  const x = toArray(b.get('x') as PyValue, ctx.limits, fn);
  const defaultAxis = fn.startsWith('np.') ? undefined : -1; // SciPy's default is all axes; PyTorch/TF use the last
  return softmax(x, axis == null ? defaultAxis : toInt(axis, `${fn} axis`));
};

const matmulImpl: Impl = (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['a', 'b'], args, kwargs);
  let A = toArray(b.get('a') as PyValue, ctx.limits, fn);
  let B = toArray(b.get('b') as PyValue, ctx.limits, fn);
  if (kwargs.get('transpose_a') === true) A = transpose(A);
  if (kwargs.get('transpose_b') === true) B = transpose(B);
  return matmul(A, B, 'the first argument', 'the second argument');
};

const transposeImpl: Impl = (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['a', '*axes'], args, kwargs);
  return transpose(toArray(b.get('a') as PyValue, ctx.limits, fn));
};

const concatImpl = (how: 'v' | 'h' | 'axis'): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['tup', 'axis?'], args, kwargs);
  const seq = b.get('tup') as PyValue;
  if (!isList(seq)) throw new InputError(`${fn}() expects a list or tuple of arrays`);
  const arrays = seq.items.map((x, i) => toArray(x, ctx.limits, `${fn} element ${i}`));
  const axis = how === 'axis' ? toInt(b.get('axis') ?? kwargs.get('dim') ?? 0, `${fn} axis`) : how === 'v' ? 0 : 1;
  if (how === 'v' && arrays.every((a) => a.shape.length === 1)) return toArray(seq, ctx.limits, fn);
  return axis === 0 ? vstack(arrays, fn, ctx.limits) : hstack(arrays, fn, ctx.limits);
};

const stackImpl: Impl = (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['arrays', 'axis?'], args, kwargs);
  const seq = b.get('arrays') as PyValue;
  if (!isList(seq)) throw new InputError(`${fn}() expects a list or tuple of arrays`);
  const stacked = toArray(seq, ctx.limits, fn);
  const axis = toInt(b.get('axis') ?? kwargs.get('dim') ?? 0, `${fn} axis`);
  return axis === 0 ? stacked : transpose(stacked);
};

const triangle = (lower: boolean): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['m', 'k?'], args, kwargs);
  const a = toArray(b.get('m') as PyValue, ctx.limits, fn);
  const k = toInt(b.get('k') ?? kwargs.get('diagonal') ?? 0, `${fn} k`);
  if (a.shape.length !== 2) throw new InputError(`${fn}: expected a matrix, got shape ${shapeString(a.shape)}`);
  const [r, c] = a.shape;
  const out = new Float64Array(a.data);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) {
    const keep = lower ? j - i <= k : j - i >= k;
    if (!keep) out[i * c + j] = 0;
  }
  return ndarray(a.shape, out, a.rowLabels);
};

const NUMPY: Readonly<Record<string, Impl>> = {
  array: arrayOf, asarray: arrayOf, asanyarray: arrayOf, matrix: arrayOf, copy: arrayOf, float64: arrayOf, float32: arrayOf,
  vstack: concatImpl('v'), row_stack: concatImpl('v'), hstack: concatImpl('h'), concatenate: concatImpl('axis'), stack: stackImpl,
  matmul: matmulImpl, dot: matmulImpl, transpose: transposeImpl,
  sqrt: unary(Math.sqrt), exp: unary(Math.exp), log: unary(Math.log), tanh: unary(Math.tanh), abs: unary(Math.abs),
  absolute: unary(Math.abs), square: unary((x) => x * x),
  eye: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['N', 'M?'], args, kwargs);
    const n = toInt(b.get('N') as PyValue, `${fn} N`);
    return eye(n, b.get('M') == null ? n : toInt(b.get('M') as PyValue, `${fn} M`), ctx.limits);
  },
  identity: (args, kwargs, ctx, fn) => { const n = toInt(bindArgs(fn, ['n'], args, kwargs).get('n') as PyValue, `${fn} n`); return eye(n, n, ctx.limits); },
  zeros: filled(0), ones: filled(1), full: filled(undefined),
  arange: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['start', 'stop?', 'step?'], args, kwargs);
    const hasStop = b.get('stop') != null;
    const start = hasStop ? toNumber(b.get('start') as PyValue, `${fn} start`) : 0;
    const stop = toNumber(hasStop ? (b.get('stop') as PyValue) : (b.get('start') as PyValue), `${fn} stop`);
    return arange(start, stop, toNumber(b.get('step') ?? 1, `${fn} step`), ctx.limits);
  },
  reshape: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'newshape'], args, kwargs);
    return reshape(toArray(b.get('a') as PyValue, ctx.limits, fn), toShape(b.get('newshape') as PyValue, `${fn} shape`), ctx.limits);
  },
  sum: reduction('sum'), max: reduction('max'), amax: reduction('max'), min: reduction('min'), amin: reduction('min'), mean: reduction('mean'),
  softmax: softmaxImpl, tril: triangle(true), triu: triangle(false),
  maximum: (args, kwargs, ctx, fn) => binary(args, kwargs, ctx, fn, Math.max),
  minimum: (args, kwargs, ctx, fn) => binary(args, kwargs, ctx, fn, Math.min),
};

function binary(args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string, f: (a: number, b: number) => number): PyValue {
  const b = bindArgs(fn, ['x1', 'x2'], args, kwargs);
  const lift = (v: PyValue): NDArray | number => (typeof v === 'number' || typeof v === 'boolean' ? toNumber(v, fn) : toArray(v, ctx.limits, fn));
  return elementwise(lift(b.get('x1') as PyValue), lift(b.get('x2') as PyValue), f, fn);
}

const MATH: Readonly<Record<string, Impl>> = {
  sqrt: unary(Math.sqrt), exp: unary(Math.exp), log: unary(Math.log), tanh: unary(Math.tanh), fabs: unary(Math.abs),
  pow: (args, kwargs, _ctx, fn) => { const b = bindArgs(fn, ['x', 'y'], args, kwargs); return Math.pow(toNumber(b.get('x') as PyValue, fn), toNumber(b.get('y') as PyValue, fn)); },
};

const TORCH: Readonly<Record<string, Impl>> = {
  tensor: arrayOf, Tensor: arrayOf, FloatTensor: arrayOf, DoubleTensor: arrayOf, as_tensor: arrayOf, from_numpy: arrayOf,
  matmul: matmulImpl, mm: matmulImpl,
  t: transposeImpl, transpose: (args, kwargs, ctx, fn) => transpose(toArray(bindArgs(fn, ['input', 'dim0?', 'dim1?'], args, kwargs).get('input') as PyValue, ctx.limits, fn)),
  softmax: softmaxImpl, sqrt: unary(Math.sqrt), exp: unary(Math.exp), tanh: unary(Math.tanh),
  zeros: filled(0), ones: filled(1), full: filled(undefined), eye: NUMPY.eye, arange: NUMPY.arange,
  tril: triangle(true), triu: triangle(false), stack: stackImpl, cat: concatImpl('axis'), vstack: concatImpl('v'),
  sum: reduction('sum'), mean: reduction('mean'),
};

const TENSORFLOW: Readonly<Record<string, Impl>> = {
  constant: arrayOf, convert_to_tensor: arrayOf, Variable: arrayOf,
  matmul: matmulImpl, transpose: transposeImpl, softmax: softmaxImpl, sqrt: unary(Math.sqrt), exp: unary(Math.exp), tanh: unary(Math.tanh),
  zeros: filled(0), ones: filled(1), eye: NUMPY.eye, stack: stackImpl, concat: concatImpl('axis'),
  reduce_sum: reduction('sum'), reduce_max: reduction('max'), reduce_mean: reduction('mean'),
  cast: (args, kwargs, ctx, fn) => toArray(bindArgs(fn, ['x', 'dtype?'], args, kwargs).get('x') as PyValue, ctx.limits, fn),
};

const LIBRARIES: readonly [string, Readonly<Record<string, Impl>>][] = [
  ['numpy.random.', RANDOM_FUNCTIONS], ['numpy.', NUMPY], ['math.', MATH], ['torch.', TORCH], ['tensorflow.', TENSORFLOW],
];

/** Looks up the implementation of a library function by its qualified name. */
export function libraryFunction(path: string): Impl | undefined {
  const c = canonicalPath(path);
  for (const [prefix, table] of LIBRARIES) {
    if (!c.startsWith(prefix)) continue;
    const name = c.slice(prefix.length);
    if (Object.prototype.hasOwnProperty.call(table, name)) return table[name];
  }
  return undefined;
}

/** Calls the library function `path`. @throws NotEvaluable when it is not modelled. */
export function callLibrary(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  try {
    const torch = callTorchRandom(canonicalPath(path), args, kwargs, ctx.random.torch); // torch's generator (torchCalls.ts)
    if (torch !== undefined) return torch;
    const jax = callJaxRandom(path, args, kwargs, ctx.random); // JAX keys (jaxCalls.ts)
    if (jax !== undefined) return jax;
  } catch (e) {
    if (e instanceof TorchNotEvaluable) throw new NotEvaluable(refusal(ctx.random.torch, e).message);
    throw e instanceof JaxNotEvaluable ? new NotEvaluable(e.message) : e;
  }
  const impl = libraryFunction(path);
  if (!impl) {
    if (/^(torch|tensorflow|jax)\..*rand|^jax\.random/.test(canonicalPath(path))) {
      throw new NotEvaluable(`${path}() uses a random generator that Attention Explorer does not reproduce (only NumPy's are)`);
    }
    throw new NotEvaluable(`${path}() is not supported`);
  }
  const short = canonicalPath(path).replace(/^numpy\./, 'np.');
  return impl(args, kwargs, ctx, short);
}

