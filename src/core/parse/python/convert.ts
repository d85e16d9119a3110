/** Conversions between Python values and arrays, with NumPy's rules and messages. */
import { InputError } from '../../errors';
import {
  type ArrayLimits, type DType, type IndexItem, type NDArray, NotReproduced, astype, checkShape, dtypeOf, isNDArray, ndarray,
  promoteTypes, shapeString, size,
} from '../../ndarray/ndarray';
import { type PyList, type PyValue, isList, isRef, typeName } from './values';

/** A number from a Python scalar (`True` is 1), or an error naming what it got. */
export function toNumber(v: PyValue, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isNDArray(v) && v.data.length === 1) return v.data[0];
  // NumPy's `x.size` (an int) is kept callable for PyTorch's `x.size()`: read as a number, it is the entry count.
  if (typeof v === 'object' && v !== null && v.kind === 'method' && v.name === 'size') return v.self.data.length;
  throw new InputError(`${what} must be a number, not ${typeName(v)}`);
}

/** An integer (for sizes, axes and indices). */
export function toInt(v: PyValue, what: string): number {
  // A NumPy float scalar (x[0] of a float64 array, x.max(), held as a 0-D array) has no __index__: range(x[1]),
  // np.zeros(x[1]) and lst[x[0]] raise TypeError in NumPy, even for 2.0 (they gave [0, 1], [0, 0] here).
  if (isNDArray(v) && v.shape.length === 0 && (v.dtype === undefined || v.dtype === 'float64' || v.dtype === 'float32')) {
    throw new InputError(`TypeError: 'numpy.${v.dtype ?? 'float64'}' object cannot be interpreted as an integer (${what})`);
  }
  const n = toNumber(v, what);
  if (!Number.isInteger(n)) throw new InputError(`${what} must be an integer, got ${n}`);
  return n;
}

/** A shape from an int or a tuple/list of ints. */
export function toShape(v: PyValue, what: string): number[] {
  if (isList(v)) return v.items.map((x, i) => toInt(x, `${what}[${i}]`));
  if (isNDArray(v) && v.shape.length === 1) return Array.from(v.data);
  return [toInt(v, what)];
}

/** One int or a tuple/list of ints (an `axis` argument); undefined for None. */
export function toAxes(v: PyValue | undefined, what: string): number | number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (isList(v)) return v.items.map((x, i) => toInt(x, `${what}[${i}]`));
  return toInt(v, what);
}

/** A NumPy dtype from a dtype argument (`float`, `np.float32`, `'int64'`, `bool`…); undefined for None. */
export function toDType(v: PyValue | undefined): DType | undefined {
  if (v === undefined || v === null) return undefined;
  const name = typeof v === 'string' ? v : isRef(v) ? v.path.split('.').pop() ?? '' : isNDArray(v) ? '' : '';
  if (/^(float|float64|double|f8|float_|d)$/.test(name)) return 'float64';
  if (/^(float32|single|f4|f)$/.test(name)) return 'float32';
  if (/^(int|int64|int_|i8|long|intp)$/.test(name)) return 'int64';
  if (/^(bool|bool_|\?)$/.test(name)) return 'bool';
  throw new NotReproduced(`dtype ${typeof v === 'string' ? `'${v}'` : name || typeName(v)} is not modelled (only bool, int64, float64 and float32)`);
}

/** The dtype of a Python scalar as NumPy makes an array of it: bool, int64 or float64. */
function scalarDType(x: number | boolean, float: boolean): DType {
  if (typeof x === 'boolean') return 'bool';
  return float || !Number.isInteger(x) ? 'float64' : 'int64';
}

/** `open`: an entry is an integral number whose int-or-float kind is not known (PyList.open). */
interface Nest { shape: number[]; dtype: DType; values: number[]; open?: boolean }

/** Reads nested lists/tuples/arrays into a shape, a dtype and the values in C order (ragged → error). */
function readNest(v: PyValue, what: string, float: boolean, limits: ArrayLimits, depth: number): Nest {
  if (typeof v === 'number' || typeof v === 'boolean') return { shape: [], dtype: scalarDType(v, float), values: [Number(v)] };
  if (isNDArray(v)) return { shape: [...v.shape], dtype: dtypeOf(v), values: Array.from(v.data) };
  if (!isList(v)) {
    if (v === null) throw new NotReproduced(`${what}: an array with None in it has dtype object, which is not modelled`);
    if (typeof v === 'string') throw new NotReproduced(`${what}: arrays of strings are not modelled`);
    throw new InputError(`${what}: cannot make an array from ${typeName(v)}`);
  }
  if (depth > 32) throw new InputError(`${what}: lists nested more than 32 deep`);
  const list = v as PyList;
  const leaf = numberRow(list, limits);
  if (leaf) return leaf;
  const items = list.items.map((x, i) => {
    const nest = readNest(x, what, list.floats?.[i] === true, limits, depth + 1);
    return list.open?.[i] === true ? { ...nest, open: true } : nest;
  });
  if (items.length === 0) return { shape: [0], dtype: 'float64', values: [] };
  const s0 = items[0].shape;
  const bad = items.findIndex((it) => it.shape.length !== s0.length || it.shape.some((d, k) => d !== s0[k]));
  if (bad >= 0) {
    const a = items[bad].shape, b = s0;
    if (a.length === 1 && b.length === 1) throw new InputError({ kind: 'ragged-rows', row: bad, length: a[0], expected: b[0] });
    throw new InputError(`${what}: setting an array element with a sequence: element ${bad} has shape ${shapeString(a)} but element 0 has shape ${shapeString(b)} (inhomogeneous shape)`);
  }
  const shape = [items.length, ...s0];
  checkShape(shape, limits);
  const dtype = items.map((it) => it.dtype).reduce(promoteTypes);
  const values: number[] = [];
  for (const it of items) for (const x of it.values) values.push(x);
  return { shape, dtype, values, open: items.some((it) => it.open === true) };
}

/**
 * A non-empty list of plain numbers (a row of a literal) as {@link readNest} reads it, without a {@link Nest}
 * per number: float64 as soon as one entry is a float literal or not an integer, else int64. Undefined for
 * anything else (bools, lists, arrays…).
 */
function numberRow(list: PyList, limits: ArrayLimits): Nest | undefined {
  const items = list.items, n = items.length;
  if (n === 0) return undefined;
  let float = false;
  const values: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = items[i];
    if (typeof x !== 'number') return undefined;
    if (!float && (list.floats?.[i] === true || !Number.isInteger(x))) float = true;
    values[i] = x;
  }
  const shape = [n];
  checkShape(shape, limits);
  return { shape, dtype: float ? 'float64' : 'int64', values, open: list.open?.some((o) => o) === true };
}

/**
 * An array from a value as `np.array` reads it: nested lists/tuples of numbers and arrays of any depth (ragged
 * ones are an error), with NumPy's dtype (bool, int64, or float64 as soon as one entry is a float), or an
 * array (returned as is). A scalar gives a 0-D array. Stacked named vectors keep their names as row labels.
 * `dtype` converts the result.
 */
export function toArray(v: PyValue, limits: ArrayLimits, what = 'array', dtype?: DType): NDArray {
  let out: NDArray;
  if (isNDArray(v)) out = v;
  else {
    const nest = readNest(v, what, false, limits, 0);
    // `np.array([cfg["scale"], 1])`: int64 if the item is a Python int, float64 if it is a float; not chosen blindly.
    if (nest.open === true && nest.dtype === 'int64' && dtype === undefined) {
      throw new NotReproduced(`${what}: an entry is an integral number that may be a Python int or a float (an item, an attribute or a call's result), and that decides the array's dtype (int64 or float64), which the evaluator does not know here (write float(…) or int(…), or give dtype=)`);
    }
    const names = isList(v) && v.names && v.names.length > 0 && v.names.every((x) => x !== null) && nest.shape.length === 2 ? (v.names as string[]) : undefined;
    checkShape(nest.shape, limits);
    out = ndarray(nest.shape, Float64Array.from(nest.values), names, nest.dtype);
  }
  return dtype && dtype !== dtypeOf(out) ? astype(out, dtype) : out;
}

/** An operand of an array operation: arrays stay arrays, Python scalars stay scalars, lists become arrays. */
export function toOperand(v: PyValue, limits: ArrayLimits, what: string): NDArray | number | boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return toArray(v, limits, what);
}

/**
 * NumPy returns a scalar for a 0-D result: this unwraps one (a boolean for bool arrays, a number otherwise). A
 * float64 scalar with an integer value (`np.sqrt(4.0)`) stays a 0-D float64 array: as a JavaScript number it
 * would read as a Python int, and `I * np.sqrt(4)` must give float64 as NumPy does.
 */
export function unwrap(a: NDArray | number | boolean): PyValue {
  if (typeof a !== 'object') return a;
  if (a.shape.length > 0) return a;
  const t = dtypeOf(a);
  if (t === 'bool') return a.data[0] !== 0;
  // A float32 scalar stays a 0-D float32 array: arithmetic on it is float32 (`x[0] * 0.1` is np.float32), which a
  // plain number would compute in float64.
  if (t === 'float32' || (t === 'float64' && Number.isInteger(a.data[0]))) return a;
  return a.data[0];
}

/** The items of `a` along its first axis (`for row in a`, `a, b = x`): sub-arrays, or scalars for a vector. */
export function rowsOf(a: NDArray): PyValue[] {
  if (a.shape.length === 0) throw new InputError('iteration over a 0-d array');
  const n = a.shape[0], inner = size(a.shape.slice(1));
  const out: PyValue[] = [];
  for (let i = 0; i < n; i++) {
    out.push(unwrap(ndarray(a.shape.slice(1), a.data.slice(i * inner, (i + 1) * inner), undefined, a.dtype)));
  }
  return out;
}

/** The entries of an array as `tolist()` gives them: nested lists of Python ints, floats or bools. */
export function toList(a: NDArray): PyValue {
  const t = dtypeOf(a);
  const scalar = (x: number): PyValue => (t === 'bool' ? x !== 0 : x);
  if (a.shape.length === 0) return scalar(a.data[0]);
  const build = (off: number, d: number): PyValue => {
    const n = a.shape[d];
    const inner = size(a.shape.slice(d + 1));
    const items: PyValue[] = [];
    for (let i = 0; i < n; i++) items.push(d === a.shape.length - 1 ? scalar(a.data[off + i]) : build(off + i * inner, d + 1));
    return { kind: 'list', items, tuple: false, ...(t === 'float64' || t === 'float32' ? { floats: items.map(() => true) } : {}) };
  };
  return build(0, 0);
}

/** An index tuple entry from a Python value: int, slice, None/np.newaxis, `...`, list or array. */
export function toIndexItems(index: readonly PyValue[], limits: ArrayLimits, name: string): IndexItem[] {
  const parts = index.length === 1 && isList(index[0]) && index[0].tuple ? index[0].items : index;
  return parts.map((p): IndexItem => {
    if (p === null) return { kind: 'newaxis' };
    if (typeof p === 'number') return { kind: 'int', value: p };
    if (typeof p === 'boolean') throw new NotReproduced(`indexing ${name} with a Python bool is not evaluated`);
    if (isRef(p)) {
      if (p.path === 'builtins.Ellipsis') return { kind: 'ellipsis' };
      if (/\.newaxis$/.test(p.path)) return { kind: 'newaxis' };
    }
    if (typeof p === 'object' && p.kind === 'slice') return { kind: 'slice', ...(p.start !== undefined ? { start: p.start } : {}), ...(p.stop !== undefined ? { stop: p.stop } : {}), ...(p.step !== undefined ? { step: p.step } : {}) };
    if (isNDArray(p)) {
      if (p.shape.length === 0 && dtypeOf(p) === 'int64') return { kind: 'int', value: p.data[0] };
      return { kind: 'array', array: p };
    }
    if (typeof p === 'object' && p.kind === 'range') { // `G[range(3), cols]`: NumPy indexes with the range's integers
      const n = Math.max(0, Math.ceil((p.stop - p.start) / p.step));
      checkShape([n], limits);
      return { kind: 'array', array: ndarray([n], Float64Array.from({ length: n }, (_, i) => p.start + i * p.step), undefined, 'int64') };
    }
    if (isList(p)) {
      const arr = toArray(p, limits, `index of ${name}`);
      if (arr.data.length === 0) return { kind: 'array', array: ndarray(arr.shape, arr.data, undefined, 'int64') };
      if (dtypeOf(arr) === 'float64') throw new InputError(`arrays used as indices must be of integer (or boolean) type (index of ${name})`);
      return { kind: 'array', array: arr };
    }
    throw new InputError(`only integers, slices (\`:\`), ellipsis (\`...\`), numpy.newaxis (\`None\`) and integer or boolean arrays are valid indices (${name} got ${typeName(p)})`);
  });
}

/**
 * A NumPy `order` argument of `reshape`, `ravel` and `flatten`: 'C' (also when absent or None) or 'F'.
 * @throws NotReproduced for 'A' and 'K' (they follow the array's memory layout, which is not modelled)
 * @throws InputError for anything else, as NumPy raises
 */
export function toOrder(v: PyValue | undefined, fn: string): 'C' | 'F' {
  if (v === undefined || v === null || v === 'C' || v === 'c') return 'C';
  if (v === 'F' || v === 'f') return 'F';
  if (v === 'A' || v === 'K' || v === 'a' || v === 'k') throw new NotReproduced(`${fn} with order='${v}' follows the array's memory layout, which is not modelled`);
  throw new InputError(`${fn}: order must be one of 'C', 'F', 'A', or 'K' (got ${typeof v === 'string' ? `'${v}'` : typeName(v)})`);
}

