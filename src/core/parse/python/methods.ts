/** Attributes, methods and indexing of arrays (`X.T`, `K.shape[1]`, `x.sum(axis=-1)`, `W[0]`, `X[:, None, 1:]`). */
import { InputError } from '../../errors';
import {
  type ArrayLimits, type NDArray, NotReproduced, astype, dtypeOf, expandDims, getItem, isNDArray, ndarray, normaliseAxis, reshapeInOrder, setItem, typed,
  shapeString, squeeze, swapaxes, transpose,
} from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import { toArray, toAxes, toDType, toIndexItems, toInt, toList, toOperand, toOrder, toShape, unwrap } from './convert';
import { frameworkAttribute, frameworkMethod, frameworkSubscript, refuseItemAssignment } from './frameworkOps';
import { NotEvaluable, callLibrary } from './library';
import { isTensor, markTensor } from './tensorOrigin';
import { callTensorMethod, tensorAttribute } from './torchMethods';
import { asArray, tensorResult } from './torchOps';
import type { Kwargs, PyMethod, PyValue } from './values';

/**
 * `X.T`, `X.shape`, `X.ndim`, `X.size`, `X.dtype`, or a bound method waiting for its call. `X.size` of a NumPy
 * array is NumPy's entry count, a Python int (`np.array([x.size])` works); a tensor's is PyTorch's method
 * `x.size()` / `x.size(dim)` (torchMethods.ts).
 */
export function arrayAttribute(a: NDArray, name: string): PyValue {
  const tensor = frameworkAttribute(a, name); // TensorFlow tensors, JAX arrays (frameworkOps.ts)
  if (tensor !== undefined) return tensor;
  const t = isTensor(a) ? tensorAttribute(a, name) : undefined; // torch's attributes (torchMethods.ts)
  if (t !== undefined) return t;
  switch (name) {
    case 'T': return transpose(a);
    case 'mT': return a.shape.length < 2 ? (() => { throw new InputError(`matrix transpose with ndim < 2 is undefined (shape ${shapeString(a.shape)})`); })() : swapaxes(a, -1, -2);
    case 'shape': return { kind: 'list', items: [...a.shape], tuple: true };
    case 'ndim': return a.shape.length;
    case 'size': return a.data.length;
    case 'dtype': return dtypeOf(a);
    default:
      if (METHODS.has(name)) return { kind: 'method', self: a, name };
      throw new NotEvaluable(`array attribute .${name} is not evaluated`);
  }
}

const REDUCTIONS = new Set(['sum', 'max', 'min', 'mean', 'prod', 'argmax', 'argmin', 'std', 'var', 'any', 'all']);
const FUNCTIONS = new Set(['exp', 'sqrt', 'tanh', 'abs', 'log', 'sin', 'cos']);
const METHODS = new Set(['transpose', 't', 'reshape', 'view', 'dot', 'matmul', 'astype', 'copy', 'numpy', 'float', 'double',
  'flatten', 'ravel', 'item', 'softmax', 'size', 'detach', 'cpu', 'clone', 'contiguous', 'squeeze', 'unsqueeze', 'tolist',
  'swapaxes', 'permute', 'clip', 'round', 'repeat', 'masked_fill', ...REDUCTIONS, ...FUNCTIONS]);

/** Calls a method of an array with NumPy's semantics, or PyTorch's for a tensor (see tensorOrigin.ts). */
export function callMethod(m: PyMethod, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const tensor = frameworkMethod(m, args, kwargs, (path, a, kw) => callLibrary(path, a, kw, ctx));
  if (tensor !== undefined) return tensor;
  const t = isTensor(m.self) ? callTensorMethod(m.self, m.name, args, kwargs, ctx) : undefined; // torch's methods (torchMethods.ts)
  if (t !== undefined) return t;
  const r = arrayMethod(m, args, kwargs, ctx);
  // torch's `mask.any()` / `.all()` is a 0-d bool tensor (NumPy's a Python-like bool)
  if (isTensor(m.self) && typeof r === 'boolean') return markTensor(typed([], Float64Array.of(r ? 1 : 0), 'bool'), true);
  return markTensor(r, isTensor(m.self));
}

function arrayMethod(m: PyMethod, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const a = m.self;
  const torch = isTensor(a);
  if (torch && (m.name === 'max' || m.name === 'min') && (args.length > 0 || kwargs.has('dim'))) {
    throw new NotEvaluable(`tensor.${m.name}(dim) returns values and indices, which is not evaluated`);
  }
  if (torch && (m.name === 'std' || m.name === 'var')) throw new NotEvaluable(`tensor.${m.name}() (unbiased by default in PyTorch) is not evaluated`);
  const fn = `.${m.name}()`;
  const lib = (name: string, rest: readonly PyValue[] = args): PyValue => callLibrary(`numpy.${name}`, [a, ...rest], kwargs, ctx);
  if (REDUCTIONS.has(m.name)) return lib(m.name);
  if (FUNCTIONS.has(m.name)) return lib(m.name);
  switch (m.name) {
    case 't': return transpose(a);
    case 'transpose': {
      if (args.length === 0) return transpose(a);
      const axes = args.length === 1 ? toShape(args[0], `${fn} axes`) : args.map((x, i) => toInt(x, `${fn} axis ${i}`));
      if (torch) return swapaxes(a, toInt(args[0], `${fn} dim0`), toInt(args[1] ?? null, `${fn} dim1`)); // PyTorch: swap two dims
      return transpose(a, axes);
    }
    case 'permute': return transpose(a, args.length === 1 ? toShape(args[0], `${fn} dims`) : args.map((x, i) => toInt(x, `${fn} dim ${i}`)));
    case 'swapaxes': return swapaxes(a, toInt(args[0] ?? null, `${fn} axis1`), toInt(args[1] ?? null, `${fn} axis2`));
    case 'reshape': case 'view': {
      if (m.name === 'view' && !torch) { // NumPy: a.view() is a view of the same data; a.view(dtype) reinterprets its bytes
        if (args.length || kwargs.size) throw new NotReproduced('ndarray.view(dtype) reinterprets the bytes of the array, which is not evaluated');
        return a;
      }
      // NumPy's order= (keyword only for the method); torch has none.
      const order = m.name === 'reshape' && !torch ? toOrder(kwargs.get('order'), fn) : 'C';
      if (args.length === 0 && kwargs.has('shape')) return reshapeInOrder(a, toShape(kwargs.get('shape') as PyValue, fn), order, ctx.limits);
      const shape = args.length === 1 ? toShape(args[0], `${fn} shape`) : args.map((x, i) => toInt(x, `${fn} dimension ${i}`));
      return reshapeInOrder(a, shape, order, ctx.limits);
    }
    case 'flatten': case 'ravel': {
      if (torch) {
        if (args.length || kwargs.size) throw new NotEvaluable(`tensor${fn} with start_dim/end_dim is not evaluated`);
        return ndarray([a.data.length], a.data.slice(), undefined, a.dtype);
      }
      // NumPy: a.ravel(order='C'), a.flatten(order='C'), the order also positional.
      return reshapeInOrder(ndarray(a.shape, a.data.slice(), undefined, a.dtype), [-1], toOrder(args[0] ?? kwargs.get('order'), fn), ctx.limits);
    }
    case 'squeeze': {
      const axis = toAxes(args[0] ?? kwargs.get('axis') ?? kwargs.get('dim'), `${fn} axis`);
      return unwrap(squeeze(a, axis === undefined ? undefined : typeof axis === 'number' ? [axis] : axis));
    }
    case 'unsqueeze': return expandDims(a, [toInt(args[0] ?? kwargs.get('dim') ?? null, `${fn} dim`)]);
    case 'softmax': {
      const axis = args[0] ?? kwargs.get('dim') ?? kwargs.get('axis');
      return callLibrary('numpy.softmax', [a, axis == null ? -1 : axis], new Map(), ctx);
    }
    case 'dot': return callLibrary('numpy.dot', [a, bindArgs(fn, ['b'], args, kwargs).get('b') as PyValue], new Map(), ctx);
    case 'matmul': return callLibrary('numpy.matmul', [a, bindArgs(fn, ['b'], args, kwargs).get('b') as PyValue], new Map(), ctx);
    case 'clip': return lib('clip');
    case 'round': return lib('round');
    case 'repeat': return lib('repeat');
    case 'astype': {
      const t = toDType(args[0] ?? kwargs.get('dtype') ?? null);
      return t ? astype(a, t) : a;
    }
    case 'float': case 'double': return astype(a, 'float64');
    case 'copy': case 'clone': return ndarray(a.shape, a.data.slice(), a.rowLabels, a.dtype);
    case 'numpy': case 'detach': case 'cpu': case 'contiguous':
      return a;
    case 'item': {
      if (a.data.length !== 1) throw new InputError(`can only convert an array of size 1 to a Python scalar (${fn} on shape ${shapeString(a.shape)})`);
      return dtypeOf(a) === 'bool' ? a.data[0] !== 0 : a.data[0];
    }
    case 'size': {
      if (args.length === 0) return { kind: 'list', items: [...a.shape], tuple: true };
      return a.shape[normaliseAxis(toInt(args[0], `${fn} dim`), a.shape.length, fn)];
    }
    case 'tolist': return toList(a);
    case 'masked_fill': {
      const b = bindArgs(fn, ['mask', 'value'], args, kwargs);
      const mask = toArray(b.get('mask') as PyValue, ctx.limits, `${fn} mask`);
      return callLibrary('numpy.where', [mask, b.get('value') as PyValue, a], new Map(), ctx);
    }
    default:
      throw new NotEvaluable(`method ${fn} is not evaluated`);
  }
}

/** `a[i]`, `a[i, j]`, `a[:, None]`, `a[..., ::2]`, `table[ids]`, `x[x > 0]` with NumPy's rules. */
export function subscriptArray(a: NDArray, index: readonly PyValue[], name: string, limits: ArrayLimits = { maxElements: 2048 * 2048 }): PyValue {
  const tensor = frameworkSubscript(a, index, name, limits);
  if (tensor !== undefined) return tensor;
  const r = getItem(a, toIndexItems(index, limits, name), name, limits);
  if (isTensor(a)) return tensorResult(isNDArray(r) ? r : asArray(r, dtypeOf(a)), [a]); // torch: an element is a 0-d tensor
  return r;
}

/**
 * `a[index] = value` with NumPy's rules, as a new array (the caller rebinds the name): any index
 * {@link subscriptArray} accepts; `value` is broadcast to the selection and cast to `a`'s dtype.
 * @throws InputError for an index out of range or a value that does not broadcast.
 */
export function assignItems(a: NDArray, index: readonly PyValue[], value: PyValue, name: string, limits: ArrayLimits): NDArray {
  refuseItemAssignment(a, name); // TensorFlow tensors and JAX arrays are immutable (frameworkOps.ts)
  const v = toOperand(value, limits, `value assigned to ${name}`);
  return markTensor(setItem(a, toIndexItems(index, limits, name), v, name, limits), isTensor(a)) as NDArray;
}
