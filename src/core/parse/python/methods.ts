/** Attributes, methods and indexing of arrays (`X.T`, `K.shape[1]`, `x.sum(axis=-1)`, `W[0]`, `X[:, 1:]`). */
import { InputError } from '../../errors';
import { type NDArray, mapArray, ndarray, reduce, reshape, shapeString, softmax, transpose } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import { toArray, toInt, toShape } from './convert';
import { type CallContext, NotEvaluable, callLibrary } from './library';
import { type Kwargs, type PyMethod, type PyValue, typeName } from './values';

/** `X.T`, `X.shape`, `X.ndim`, `X.size`, `X.dtype`, or a bound method waiting for its call. */
export function arrayAttribute(a: NDArray, name: string): PyValue {
  switch (name) {
    case 'T': case 'mT': return transpose(a);
    case 'shape': return { kind: 'list', items: [...a.shape], tuple: true };
    case 'ndim': return a.shape.length;
    case 'size': return { kind: 'method', self: a, name: 'size' }; // PyTorch's `.size()`; NumPy's `.size` attribute is rare in tutorials
    case 'dtype': return 'float64';
    default:
      if (METHODS.has(name)) return { kind: 'method', self: a, name };
      throw new NotEvaluable(`array attribute .${name} is not evaluated`);
  }
}

const METHODS = new Set(['transpose', 't', 'reshape', 'view', 'sum', 'max', 'min', 'mean', 'dot', 'matmul', 'astype', 'copy', 'numpy', 'float',
  'double', 'flatten', 'ravel', 'item', 'softmax', 'size', 'detach', 'cpu', 'clone', 'contiguous', 'squeeze', 'tolist', 'exp', 'sqrt', 'tanh', 'abs']);

/** Calls a method of an array with NumPy's (or PyTorch's, where they differ) semantics. */
export function callMethod(m: PyMethod, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const a = m.self;
  const fn = `.${m.name}()`;
  switch (m.name) {
    case 'transpose': case 't': return transpose(a);
    case 'reshape': case 'view': {
      const shape = args.length === 1 ? toShape(args[0], `${fn} shape`) : args.map((x, i) => toInt(x, `${fn} dimension ${i}`));
      if (args.length === 0 && kwargs.has('shape')) return reshape(a, toShape(kwargs.get('shape') as PyValue, fn), ctx.limits);
      return reshape(a, shape, ctx.limits);
    }
    case 'flatten': case 'ravel': return ndarray([a.data.length], a.data);
    case 'squeeze': {
      const shape = a.shape.filter((d) => d !== 1);
      return ndarray(shape.length ? shape : [1], a.data);
    }
    case 'sum': case 'max': case 'min': case 'mean': {
      const b = bindArgs(fn, ['axis?'], args, kwargs);
      const axis = b.get('axis') ?? kwargs.get('dim');
      const keep = kwargs.get('keepdims') === true || kwargs.get('keepdim') === true;
      return reduce(a, axis == null ? undefined : toInt(axis, `${fn} axis`), keep, m.name, fn);
    }
    case 'softmax': {
      const axis = args[0] ?? kwargs.get('dim') ?? kwargs.get('axis');
      return softmax(a, axis == null ? -1 : toInt(axis, `${fn} dim`));
    }
    case 'dot': case 'matmul':
      return callLibrary('numpy.matmul', [a, toArray(bindArgs(fn, ['b'], args, kwargs).get('b') as PyValue, ctx.limits, fn)], new Map(), ctx);
    case 'exp': case 'sqrt': case 'tanh': case 'abs':
      return callLibrary(`numpy.${m.name}`, [a], new Map(), ctx);
    case 'astype': {
      // Booleans and integers as NumPy converts them (non-zero → 1; truncation toward zero).
      const t = args[0] ?? kwargs.get('dtype');
      const name = typeof t === 'string' ? t : typeof t === 'object' && t !== null && t.kind === 'ref' ? t.path.split('.').pop() ?? '' : '';
      if (/^bool_?$/.test(name)) return mapArray(a, (x) => (x !== 0 ? 1 : 0));
      if (/^u?int\d*$/.test(name)) return mapArray(a, Math.trunc);
      return a;
    }
    case 'copy': case 'numpy': case 'float': case 'double': case 'detach': case 'cpu': case 'clone': case 'contiguous':
      return a;
    case 'item': {
      if (a.data.length !== 1) throw new InputError(`${fn} needs an array of size 1, not shape ${shapeString(a.shape)}`);
      return a.data[0];
    }
    case 'size': {
      if (args.length === 0) return { kind: 'list', items: [...a.shape], tuple: true };
      return a.shape[axisIndex(toInt(args[0], `${fn} dim`), a.shape.length, fn)];
    }
    case 'tolist': return { kind: 'list', items: Array.from(a.data), tuple: false };
    default:
      throw new NotEvaluable(`method ${fn} is not evaluated`);
  }
}

function axisIndex(i: number, ndim: number, what: string): number {
  const j = i < 0 ? i + ndim : i;
  if (j < 0 || j >= ndim) throw new InputError(`${what}: dimension ${i} is out of range for ${ndim}-D array`);
  return j;
}

/** `a[i]`, `a[i, j]`, `a[i][j]`, `a[:, j]`, `a[1:3]` with NumPy's rules (negative indices count from the end). */
export function subscriptArray(a: NDArray, index: readonly PyValue[], name: string): PyValue {
  const parts = index.length === 1 && typeof index[0] === 'object' && index[0] !== null && index[0].kind === 'list' ? index[0].items : index;
  if (parts.length > a.shape.length) throw new InputError(`too many indices for ${name}: it is ${a.shape.length}-dimensional (shape ${shapeString(a.shape)})`);
  const picks = a.shape.map((dim, axis) => select(parts[axis], dim, axis, name));
  if (a.shape.length === 1) {
    const p = picks[0];
    if (p.scalar) return a.data[p.indices[0]];
    return ndarray([p.indices.length], Float64Array.from(p.indices, (i) => a.data[i]));
  }
  const [rows, cols] = picks;
  const c = a.shape[1];
  const data = new Float64Array(rows.indices.length * cols.indices.length);
  let k = 0;
  for (const i of rows.indices) for (const j of cols.indices) data[k++] = a.data[i * c + j];
  if (rows.scalar && cols.scalar) return data[0];
  if (rows.scalar) return ndarray([cols.indices.length], data);
  if (cols.scalar) return ndarray([rows.indices.length], data);
  const labels = a.rowLabels ? rows.indices.map((i) => a.rowLabels?.[i] ?? String(i)) : undefined;
  return ndarray([rows.indices.length, cols.indices.length], data, labels);
}

function select(p: PyValue | undefined, dim: number, axis: number, name: string): { scalar: boolean; indices: number[] } {
  if (p === undefined) return { scalar: false, indices: range(0, dim, 1) };
  if (typeof p === 'object' && p !== null && p.kind === 'slice') {
    const step = p.step ?? 1;
    if (step === 0) throw new InputError('slice step cannot be zero');
    const norm = (x: number | undefined, def: number): number => (x === undefined ? def : x < 0 ? Math.max(x + dim, step > 0 ? 0 : -1) : Math.min(x, dim));
    return { scalar: false, indices: range(norm(p.start, step > 0 ? 0 : dim - 1), norm(p.stop, step > 0 ? dim : -1), step) };
  }
  const i = toInt(p, `index of ${name}`);
  const j = i < 0 ? i + dim : i;
  if (j < 0 || j >= dim) throw new InputError(`index ${i} is out of bounds for axis ${axis} of ${name} with size ${dim}`);
  return { scalar: true, indices: [j] };
}

function range(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/**
 * `a[index] = value` with NumPy's rules, as a new array (the caller rebinds the name): integer and slice
 * indices (`A[0] = …`, `A[:, 1] = …`, `A[i, j] = …`), or a boolean mask of the same shape
 * (`scores[mask] = -np.inf`, where `mask` holds 0/1). `value` is a scalar or an array of the selected shape.
 * @throws InputError for an index out of range or a value of the wrong shape.
 */
export function assignItems(a: NDArray, index: readonly PyValue[], value: PyValue, name: string, limits: { maxElements: number }): NDArray {
  const out = new Float64Array(a.data);
  const parts = index.length === 1 && typeof index[0] === 'object' && index[0] !== null && index[0].kind === 'list' ? index[0].items : index;
  const mask = parts.length === 1 && isNDArrayValue(parts[0]) ? parts[0] : undefined;
  if (mask) {
    if (mask.data.length !== a.data.length || mask.shape.some((d, i) => d !== a.shape[i]) || mask.data.some((x) => x !== 0 && x !== 1)) {
      throw new NotEvaluable(`indexing ${name} with an array other than a boolean mask of its shape is not evaluated`);
    }
    const v = typeof value === 'number' || typeof value === 'boolean' ? Number(value) : undefined;
    if (v === undefined) throw new NotEvaluable(`assigning ${typeName(value)} through a boolean mask is not evaluated`);
    for (let k = 0; k < out.length; k++) if (mask.data[k] === 1) out[k] = v;
    return ndarray(a.shape, out, a.rowLabels);
  }
  if (parts.length > a.shape.length) throw new InputError(`too many indices for ${name}: it is ${a.shape.length}-dimensional (shape ${shapeString(a.shape)})`);
  const picks = a.shape.map((dim, axis) => select(parts[axis], dim, axis, name));
  const rows = a.shape.length === 2 ? picks[0].indices : [0];
  const cols = a.shape.length === 2 ? picks[1].indices : picks[0].indices;
  const c = a.shape.length === 2 ? a.shape[1] : a.shape[0];
  const count = rows.length * cols.length;
  let values: (k: number) => number;
  if (typeof value === 'number' || typeof value === 'boolean') {
    const v = Number(value);
    values = () => v;
  } else {
    const arr = toArray(value, limits, `value assigned to ${name}`);
    if (arr.data.length === count) values = (k) => arr.data[k];
    else if (arr.shape.length === 1 && arr.data.length === cols.length) values = (k) => arr.data[k % cols.length];
    else throw new InputError(`could not broadcast a value of shape ${shapeString(arr.shape)} into ${count} selected entries of ${name}`);
  }
  let k = 0;
  for (const i of rows) for (const j of cols) out[i * c + j] = values(k++);
  return ndarray(a.shape, out, a.rowLabels);
}

function isNDArrayValue(v: PyValue | undefined): v is NDArray {
  return typeof v === 'object' && v !== null && v.kind === 'ndarray';
}
