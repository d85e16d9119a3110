/** Conversions between Python values and arrays, with NumPy's rules and messages. */
import { InputError } from '../../errors';
import { type ArrayLimits, type NDArray, checkShape, isNDArray, ndarray, shapeString, stackRows } from '../../ndarray/ndarray';
import { type PyValue, isList, typeName } from './values';

/** A number from a Python scalar (`True` is 1), or an error naming what it got. */
export function toNumber(v: PyValue, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isNDArray(v) && v.data.length === 1) return v.data[0];
  throw new InputError(`${what} must be a number, not ${typeName(v)}`);
}

/** An integer (for sizes, axes and indices). */
export function toInt(v: PyValue, what: string): number {
  const n = toNumber(v, what);
  if (!Number.isInteger(n)) throw new InputError(`${what} must be an integer, got ${n}`);
  return n;
}

/** A shape from an int or a tuple/list of ints. */
export function toShape(v: PyValue, what: string): number[] {
  if (isList(v)) return v.items.map((x, i) => toInt(x, `${what}[${i}]`));
  return [toInt(v, what)];
}

/**
 * An array from a value as `np.array` reads it: nested lists of numbers (ragged rows are an error), a list of
 * vectors (stacked; their names label the rows), or an array (returned as is). A scalar gives a 1-element vector.
 */
export function toArray(v: PyValue, limits: ArrayLimits, what = 'array'): NDArray {
  if (isNDArray(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return ndarray([1], Float64Array.of(toNumber(v, what)));
  if (!isList(v)) throw new InputError(`${what}: cannot make an array from ${typeName(v)}`);
  const items = v.items;
  if (items.length === 0) return ndarray([0], new Float64Array(0));
  if (items.every((x) => typeof x === 'number' || typeof x === 'boolean')) {
    checkShape([items.length], limits);
    return ndarray([items.length], Float64Array.from(items, (x) => toNumber(x, what)));
  }
  if (items.every(isNDArray) || items.every((x) => isList(x) || isNDArray(x))) {
    const rows = items.map((x, i) => {
      const a = toArray(x, limits, `${what}[${i}]`);
      if (a.shape.length !== 1) throw new InputError(`${what}: element ${i} has shape ${shapeString(a.shape)}; 3-D arrays are not supported`);
      return a;
    });
    const n = rows[0].shape[0];
    const bad = rows.findIndex((r) => r.shape[0] !== n);
    if (bad >= 0) {
      throw new InputError(`ragged rows: row ${bad} has ${rows[bad].shape[0]} entries but row 0 has ${n}`);
    }
    const names = v.names && v.names.every((x) => x !== null) ? (v.names as string[]) : undefined;
    return stackRows(rows, names, what, limits);
  }
  const bad = items.find((x) => !(typeof x === 'number' || typeof x === 'boolean'));
  throw new InputError(`${what}: rows mix numbers and ${typeName(bad ?? null)}`);
}
