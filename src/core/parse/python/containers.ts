/**
 * Python's containers as the evaluator models them: hashing (dict and set keys), equality (`==`, `in`),
 * iteration (`for x in …`, `list(…)`, unpacking) and lengths, with Python's rules and errors.
 */
import { InputError } from '../../errors';
import { type NDArray, isNDArray } from '../../ndarray/ndarray';
import { noteView } from './aliases';
import { NotEvaluable } from './library';
import { subscriptArray } from './methods';
import { approximateItems } from './approximation';
import { type PyDict, type PySet, type PyValue, tuple, typeName } from './values';

/**
 * The key of a hashable value in a dict or set: equal Python values (`1 == 1.0 == True`, `0 == -0.0`) get
 * equal keys. @throws InputError for an unhashable value (list, dict, set, array) as Python raises TypeError;
 * NotEvaluable for NaN (whether two NaN keys are one depends on object identity).
 */
export function hashKey(v0: PyValue): string {
  const v = scalarOf(v0); // `d[x.max()]`, `d[x[0]]`: a NumPy scalar is hashable (it was "unhashable type: 'ndarray'")
  if (v === null) return 'None';
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) throw new NotEvaluable('NaN as a dict key or set item is not evaluated');
      return `n${v === 0 ? 0 : v}`;
    case 'boolean': return `n${v ? 1 : 0}`;
    case 'string': return `s${v}`;
  }
  if (v.kind === 'list' && v.tuple) return `t(${v.items.map(hashKey).join(',')})`;
  if (v.kind === 'function' || v.kind === 'ref' || v.kind === 'range' || v.kind === 'object' || v.kind === 'class') throw new NotEvaluable(`${typeName(v)} as a dict key is not evaluated`);
  throw new InputError(`unhashable type: '${typeName(v)}'`);
}

export function makeDict(pairs: Iterable<readonly [PyValue, PyValue]>): PyDict {
  const entries = new Map<string, readonly [PyValue, PyValue]>();
  for (const [k, v] of pairs) {
    const h = hashKey(k);
    const old = entries.get(h);
    entries.set(h, [old ? old[0] : k, v]); // Python keeps the first key object, updates the value
  }
  return { kind: 'dict', entries };
}

export function makeSet(items: Iterable<PyValue>): PySet {
  const entries = new Map<string, PyValue>();
  for (const x of items) {
    const h = hashKey(x);
    if (!entries.has(h)) entries.set(h, x);
  }
  return { kind: 'set', entries };
}

/** `d[key]`. @throws InputError (Python's KeyError) when the key is missing. */
export function dictGet(d: PyDict, key: PyValue): PyValue {
  const e = d.entries.get(hashKey(key));
  if (!e) throw new InputError(`KeyError: ${repr(key)}`);
  return e[1];
}

/** A new dict with `key` set to `value` (insertion order kept for an existing key). */
export function dictSet(d: PyDict, key: PyValue, value: PyValue): PyDict {
  const entries = new Map(d.entries);
  const h = hashKey(key);
  const old = entries.get(h);
  entries.set(h, [old ? old[0] : key, value]);
  return { kind: 'dict', entries };
}

/**
 * A NumPy scalar held as a 0-D array (`x.max()`, an integral `x[0]`: convert.ts, unwrap) as the Python number it
 * compares and hashes as (`np.float64(5.0) == 5`, `hash(np.float64(1.0)) == hash(1)`); anything else as it is.
 */
export function scalarOf(v: PyValue): PyValue {
  return isNDArray(v) && v.shape.length === 0 ? (v.dtype === 'bool' ? v.data[0] !== 0 : v.data[0]) : v;
}

/** Python's `==` on two values (deep for containers; arrays are not compared here). */
export function pyEquals(a0: PyValue, b0: PyValue): boolean {
  if (a0 === b0) return true;
  // `x.max() in [5, 6]` is True in NumPy: a 0-D array compares as its number (it was False here)
  const a = scalarOf(a0), b = scalarOf(b0);
  const na = typeof a === 'number' || typeof a === 'boolean', nb = typeof b === 'number' || typeof b === 'boolean';
  if (na || nb) return na && nb && Number(a) === Number(b);
  // An array's dtype is held as its name (`x.dtype` is 'float32'): against a type (`x.dtype == np.float32`,
  // True in NumPy) the string could be a dtype or a str (False in Python), which is not told apart.
  for (const [s, r] of [[a, b], [b, a]] as const) {
    if (typeof s === 'string' && typeof r === 'object' && r !== null && r.kind === 'ref' && /^(?:numpy\.|builtins\.(?:float|int|bool)$)/.test(r.path)) {
      throw new NotEvaluable(`comparing '${s}' with ${r.path.replace(/^numpy\./, 'np.').replace(/^builtins\./, '')}: an array's dtype is held as its name here, and a dtype equals its type in NumPy where a str does not, which is not told apart`);
    }
  }
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) return false;
  if (isNDArray(a) || isNDArray(b)) throw new NotEvaluable('== on arrays inside containers is not evaluated');
  if (a.kind === 'list' && b.kind === 'list') return a.tuple === b.tuple && a.items.length === b.items.length && a.items.every((x, i) => pyEquals(x, b.items[i]));
  if (a.kind === 'dict' && b.kind === 'dict') {
    if (a.entries.size !== b.entries.size) return false;
    for (const [h, [, v]] of a.entries) {
      const o = b.entries.get(h);
      if (!o || !pyEquals(v, o[1])) return false;
    }
    return true;
  }
  if (a.kind === 'set' && b.kind === 'set') return a.entries.size === b.entries.size && [...a.entries.keys()].every((h) => b.entries.has(h));
  if (a.kind === 'range' && b.kind === 'range') return pyEquals(tuple(rangeItems(a)), tuple(rangeItems(b)));
  if (a.kind === 'slice' && b.kind === 'slice') return a.start === b.start && a.stop === b.stop && a.step === b.step;
  if (a.kind === 'ref' && b.kind === 'ref') return a.path === b.path;
  if (a.kind === 'object' || b.kind === 'object') {
    // identity, unless a class defines __eq__ (not evaluated)
    for (const o of [a, b]) if (o.kind === 'object') for (let c = o.cls; c; c = c.base) if (c.attrs.has('__eq__')) throw new NotEvaluable(`== with ${typeName(o)}.__eq__ is not evaluated`);
  }
  return false;
}

/** `x in container`. */
export function contains(container: PyValue, x: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof x !== 'string') throw new InputError(`'in <string>' requires string as left operand, not ${typeName(x)}`);
    return container.includes(x);
  }
  if (container !== null && typeof container === 'object') {
    if (container.kind === 'dict') return container.entries.has(hashKey(x));
    if (container.kind === 'set') return container.entries.has(hashKey(x));
    if (container.kind === 'view' && container.what === 'keys') return container.dict.entries.has(hashKey(x));
    if (container.kind === 'range') {
      if (typeof x !== 'number' || !Number.isInteger(x)) return rangeItems(container).some((y) => pyEquals(x, y));
      const { start, stop, step } = container;
      return (step > 0 ? x >= start && x < stop : x <= start && x > stop) && (x - start) % step === 0;
    }
    if (container.kind === 'list') return container.items.some((y) => pyEquals(x, y));
    if (container.kind === 'view') return iterate(container).some((y) => pyEquals(x, y));
  }
  throw new NotEvaluable(`'in' on ${typeName(container)} is not evaluated`);
}

/** The number of items of `range(start, stop, step)`. */
export function rangeLength(r: { start: number; stop: number; step: number }): number {
  const n = r.step > 0 ? Math.ceil((r.stop - r.start) / r.step) : Math.ceil((r.start - r.stop) / -r.step);
  return Math.max(0, n);
}

/** Most items a range is expanded to at once (`list(range(n))`); loops walk a range without expanding it. */
const MAX_EXPANDED_RANGE = 1 << 26;

export function rangeItems(r: { start: number; stop: number; step: number }): number[] {
  const n = rangeLength(r);
  if (n > MAX_EXPANDED_RANGE) throw new InputError(`range of ${n} items is too large to expand (limit ${MAX_EXPANDED_RANGE})`);
  return Array.from({ length: n }, (_, i) => r.start + i * r.step);
}

/**
 * Calls `f` with each item `for x in v` visits, in order, until it returns false; a range is walked without
 * being expanded (`for i in range(10**9): … break` costs what it runs).
 */
export function forEachItem(v: PyValue, f: (item: PyValue) => boolean): void {
  if (v !== null && typeof v === 'object' && v.kind === 'range') {
    const n = rangeLength(v);
    for (let i = 0; i < n; i++) if (!f(v.start + i * v.step)) return;
    return;
  }
  for (const x of iterate(v)) if (!f(x)) return;
}

/** `len(v)`. */
export function length(v: PyValue): number {
  if (typeof v === 'string') return [...v].length;
  if (v !== null && typeof v === 'object') {
    switch (v.kind) {
      case 'list': return v.items.length;
      case 'dict': case 'set': return v.entries.size;
      case 'view': return v.dict.entries.size;
      case 'range': return rangeLength(v);
      case 'ndarray':
        if (v.shape.length === 0) throw new InputError('len() of unsized object (a 0-d array)');
        return v.shape[0];
      case 'iterator': throw new InputError(`object of type '${v.what}' has no len()`);
      case 'object':
        if (v.builtin === 'Sequential' || v.builtin === 'ModuleList') return v.attrs.size;
        if (v.builtin === undefined) throw new NotEvaluable(`len() of a ${typeName(v)} object (__len__) is not evaluated`);
        break;
    }
  }
  throw new InputError(`object of type '${typeName(v)}' has no len()`);
}

/**
 * The items `for x in v` visits, in Python's order: a list or tuple, a range, a string's characters, a dict's
 * keys, a view, an iterator (once), or an array's first axis (each item a row; a view of the array).
 * @throws NotEvaluable for a set (its order depends on hashes) or what is not modelled; InputError for what is
 * not iterable.
 */
export function iterate(v: PyValue): PyValue[] {
  return approximateItems(v, itemsOf(v), `iterating over ${typeName(v)}`);
}

function itemsOf(v: PyValue): PyValue[] {
  if (typeof v === 'string') return [...v];
  if (v !== null && typeof v === 'object') {
    switch (v.kind) {
      case 'list': return [...v.items];
      case 'range': return rangeItems(v);
      case 'dict': return [...v.entries.values()].map(([k]) => k);
      case 'view': {
        const es = [...v.dict.entries.values()];
        return v.what === 'keys' ? es.map(([k]) => k) : v.what === 'values' ? es.map(([, x]) => x) : es.map(([k, x]) => tuple([k, x]));
      }
      case 'iterator':
        if (v.state.used) throw new NotEvaluable(`this ${v.what} object was already consumed by an earlier loop or call; iterating it again is not evaluated`);
        v.state.used = true;
        return [...v.items];
      case 'ndarray': return rows(v);
      case 'object':
        // nn.Sequential / nn.ModuleList iterate over their modules (torchModules.ts); a class's __iter__ is not evaluated
        if (v.builtin === 'Sequential' || v.builtin === 'ModuleList') return [...v.attrs.values()];
        if (v.builtin === undefined) throw new NotEvaluable(`iterating a ${typeName(v)} object (__iter__) is not evaluated`);
        break;
      case 'set': throw new NotEvaluable('iterating a set is not evaluated (its order depends on hashing); use sorted(…)');
    }
  }
  throw new InputError(`'${typeName(v)}' object is not iterable`);
}

/** The items of an array along its first axis. */
function rows(a: NDArray): PyValue[] {
  if (a.shape.length === 0) throw new InputError('iteration over a 0-d array');
  return Array.from({ length: a.shape[0] }, (_, i) => {
    const row = subscriptArray(a, [i], 'array');
    noteView(row, [a]);
    return row;
  });
}

/** How Python writes a value in a message (`'word'`, `3`, `(1, 2)`). */
export function repr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (v.kind === 'list') return v.tuple ? `(${v.items.map(repr).join(', ')}${v.items.length === 1 ? ',' : ''})` : `[${v.items.map(repr).join(', ')}]`;
  return typeName(v);
}
