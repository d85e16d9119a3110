/**
 * NumPy indexing (`a[...]`) and item assignment (`a[...] = v`): integers, slices with steps, `None`/`np.newaxis`,
 * `...`, integer arrays (`table[ids]`, advanced indexing with broadcasting of the index arrays and NumPy's
 * placement of their dimensions) and boolean masks (`x[x > 0]`, `scores[mask] = -inf`).
 */
import { InputError } from '../errors';
import { NotReproduced } from './ufunc';
import { broadcastShapes, broadcastTo } from './broadcast';
import { type ArrayLimits, type NDArray, castValue, checkShape, dtypeOf, ndarray, shapeString, size, stridesOf } from './array';

/** One entry of an index tuple. */
export type IndexItem =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'slice'; readonly start?: number; readonly stop?: number; readonly step?: number }
  | { readonly kind: 'newaxis' }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'array'; readonly array: NDArray };

/** Python's `slice.indices(n)` as a list of positions. @throws InputError for a zero step. */
export function sliceIndices(s: { start?: number; stop?: number; step?: number }, n: number): number[] {
  const step = s.step ?? 1;
  if (step === 0) throw new InputError('slice step cannot be zero');
  const clamp = (x: number | undefined, def: number): number => {
    if (x === undefined) return def;
    if (x < 0) return Math.max(x + n, step > 0 ? 0 : -1);
    return Math.min(x, step > 0 ? n : n - 1);
  };
  const start = clamp(s.start, step > 0 ? 0 : n - 1);
  const stop = clamp(s.stop, step > 0 ? n : -1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

interface Plan {
  /** Shape of the selection. */
  readonly shape: number[];
  /** For each selected entry (C order), its position in the indexed array. */
  readonly offsets: Float64Array;
  /** True when every index was an integer: the selection is one entry, a scalar. */
  readonly scalar: boolean;
  /** Rows kept, when the first axis was sliced and the array has row labels. */
  readonly rows?: readonly number[];
}

type Dim =
  | { readonly kind: 'range'; readonly positions: readonly number[]; readonly stride: number; readonly axis: number }
  | { readonly kind: 'one' };

/**
 * Works out which entries of an array of `shape` the index selects, with NumPy's rules.
 * @throws InputError for too many indices, an index out of bounds or a mask of the wrong shape.
 */
function plan(shape: readonly number[], items: readonly IndexItem[], name: string, limits: ArrayLimits): Plan {
  const consumes = (it: IndexItem): number => (it.kind === 'newaxis' || it.kind === 'ellipsis' ? 0 : it.kind === 'array' && dtypeOf(it.array) === 'bool' ? Math.max(1, it.array.shape.length) : 1);
  const ellipses = items.filter((it) => it.kind === 'ellipsis').length;
  if (ellipses > 1) throw new InputError("an index can only have a single ellipsis ('...')");
  const used = items.reduce((s, it) => s + consumes(it), 0);
  if (used > shape.length) throw new InputError(`too many indices for ${name}: array is ${shape.length}-dimensional, but ${used} were indexed`);
  // Expand `...` (or append it) so that every axis is accounted for; booleans become integer arrays.
  const expanded: IndexItem[] = [];
  const withEllipsis = ellipses ? items : [...items, { kind: 'ellipsis' } as IndexItem];
  for (const it of withEllipsis) {
    if (it.kind === 'ellipsis') {
      for (let i = 0; i < shape.length - used; i++) expanded.push({ kind: 'slice' });
    } else expanded.push(it);
  }
  // `x[mask]` with a mask of x's own shape (`scores[mask] = -inf`): the positions where the mask holds.
  if (items.length === 1 && items[0].kind === 'array' && dtypeOf(items[0].array) === 'bool' && items[0].array.shape.length === shape.length && items[0].array.shape.length > 0 && items[0].array.shape.every((d, i) => d === shape[i])) {
    const m = items[0].array.data;
    let count = 0;
    for (let i = 0; i < m.length; i++) if (m[i] !== 0) count++;
    const offsets = new Float64Array(count);
    for (let i = 0, k = 0; i < m.length; i++) if (m[i] !== 0) offsets[k++] = i;
    return { shape: [count], offsets, scalar: false };
  }
  const st = stridesOf(shape);
  const hasAdvanced = expanded.some((it) => it.kind === 'array');
  // Pass 1: per index item, the axis it reads and its advanced index arrays.
  let axis = 0;
  const dims: Dim[] = [];
  const adv: { positions: Float64Array; shape: readonly number[]; stride: number }[] = [];
  const advSlots: number[] = []; // position in `expanded` of each advanced item (for adjacency)
  let rows: number[] | undefined;
  expanded.forEach((it, slot) => {
    if (it.kind === 'ellipsis') return; // already expanded
    if (it.kind === 'newaxis') { dims.push({ kind: 'one' }); return; }
    if (it.kind === 'slice') {
      const positions = sliceIndices(it, shape[axis]);
      if (axis === 0) rows = positions;
      dims.push({ kind: 'range', positions, stride: st[axis], axis });
      axis++;
      return;
    }
    if (it.kind === 'int' && !hasAdvanced) {
      const d = shape[axis];
      const j = it.value < 0 ? it.value + d : it.value;
      if (!Number.isInteger(it.value) || j < 0 || j >= d) throw new InputError(`index ${it.value} is out of bounds for axis ${axis} with size ${d} (${name})`);
      dims.push({ kind: 'range', positions: [j], stride: st[axis], axis: -1 });
      axis++;
      return;
    }
    const arr = it.kind === 'int' ? ndarray([], Float64Array.of(it.value), undefined, 'int64') : it.array;
    if (dtypeOf(arr) === 'bool') {
      const k = Math.max(1, arr.shape.length);
      const want = shape.slice(axis, axis + k);
      if (arr.shape.length === 0) throw new InputError(`indexing ${name} with a 0-d boolean is not evaluated`);
      if (arr.shape.some((d, i) => d !== want[i])) {
        throw new InputError(`boolean index did not match indexed array along axis ${axis}; size of axis is ${want[arr.shape.findIndex((d, i) => d !== want[i])]} but size of corresponding boolean axis is ${arr.shape[arr.shape.findIndex((d, i) => d !== want[i])]} (${name} has shape ${shapeString(shape)}, the mask ${shapeString(arr.shape)})`);
      }
      // nonzero(): one integer array per axis of the mask.
      const hits: number[] = [];
      arr.data.forEach((v, i) => { if (v !== 0) hits.push(i); });
      const mst = stridesOf(arr.shape);
      for (let a = 0; a < k; a++) {
        const pos = Float64Array.from(hits, (h) => Math.floor(h / mst[a]) % arr.shape[a]);
        adv.push({ positions: pos, shape: [hits.length], stride: st[axis + a] });
        advSlots.push(slot);
      }
      axis += k;
      return;
    }
    if (dtypeOf(arr) !== 'int64') throw new InputError(`arrays used as indices must be of integer (or boolean) type (${name})`);
    const d = shape[axis];
    const pos = new Float64Array(arr.data.length);
    for (let i = 0; i < pos.length; i++) {
      const v = arr.data[i];
      const j = v < 0 ? v + d : v;
      if (j < 0 || j >= d) throw new InputError(`index ${v} is out of bounds for axis ${axis} with size ${d} (${name})`);
      pos[i] = j;
    }
    adv.push({ positions: pos, shape: arr.shape, stride: st[axis] });
    advSlots.push(slot);
    axis++;
  });
  if (!hasAdvanced) {
    const outShape = dims.filter((d) => d.kind === 'one' || d.axis >= 0).map((d) => (d.kind === 'range' ? d.positions.length : 1));
    checkShape(outShape, limits);
    const ranges = dims.filter((d): d is Extract<Dim, { kind: 'range' }> => d.kind === 'range');
    const offsets = gather(ranges.map((r) => r.positions), ranges.map((r) => r.stride), 0);
    return { shape: outShape, offsets, scalar: outShape.length === 0 && dims.every((d) => d.kind === 'range'), ...(rows ? { rows } : {}) };
  }
  // Advanced indexing: the index arrays broadcast together; their dimensions go where the first one was when
  // all advanced indices are next to each other, else first.
  const bshape = broadcastShapes(adv.map((a) => a.shape), `indexing ${name}`);
  const adjacent = advSlots.every((s, i) => i === 0 || s - advSlots[i - 1] <= 1);
  const advCount = size(bshape);
  const advOff = new Float64Array(advCount);
  for (const a of adv) {
    const b = broadcastTo(ndarray(a.shape, a.positions), bshape, limits, `indexing ${name}`);
    for (let k = 0; k < advCount; k++) advOff[k] += b.data[k] * a.stride;
  }
  // Output dims in index order: the non-advanced ones, with the advanced block inserted.
  const firstSlot = advSlots[0];
  let blockAt = 0;
  if (adjacent) blockAt = expanded.filter((it, slot) => slot < firstSlot && it.kind !== 'int' && it.kind !== 'array').length;
  const outShape: number[] = [];
  dims.forEach((d, i) => {
    if (i === blockAt) outShape.push(...bshape);
    outShape.push(d.kind === 'range' ? d.positions.length : 1);
  });
  if (blockAt === dims.length) outShape.push(...bshape);
  checkShape(outShape, limits);
  const lists: (readonly number[])[] = dims.map((d) => (d.kind === 'range' ? d.positions : [0]));
  const strides = dims.map((d) => (d.kind === 'range' ? d.stride : 0));
  lists.splice(blockAt, 0, Array.from({ length: advCount }, (_, k) => k));
  strides.splice(blockAt, 0, NaN); // marks the advanced block
  const offsets = gather(lists, strides, 0, advOff);
  return { shape: outShape, offsets, scalar: false };
}

/**
 * Every combination (C order) of one position per list, as offsets `Σ position·stride`; a stride of NaN marks
 * the advanced block, whose positions index `advOff`.
 */
function gather(lists: readonly (readonly number[])[], strides: readonly number[], base: number, advOff?: Float64Array): Float64Array {
  const n = lists.reduce((s, l) => s * l.length, 1);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const contrib = lists.map((l, i) => Float64Array.from(l, Number.isNaN(strides[i]) && advOff ? (k: number) => advOff[k] : (p: number) => p * strides[i]));
  const nd = contrib.length;
  if (nd === 0) { out[0] = base; return out; }
  const last = contrib[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let k = 0;
  for (;;) {
    let off = base;
    for (let d = 0; d < nd - 1; d++) off += contrib[d][idx[d]];
    for (let j = 0; j < last.length; j++) out[k++] = off + last[j];
    let d = nd - 2;
    for (; d >= 0; d--) { if (++idx[d] < contrib[d].length) break; idx[d] = 0; }
    if (d < 0) return out;
  }
}

/**
 * `a[items]`: a scalar (number, or boolean for a bool array) when every index is an integer, else a new array.
 * @throws InputError where NumPy raises IndexError.
 */
export function getItem(a: NDArray, items: readonly IndexItem[], name: string, limits: ArrayLimits): NDArray | number | boolean {
  const p = plan(a.shape, items, name, limits);
  if (p.scalar) {
    const v = a.data[p.offsets[0]];
    // An entry of a float32 array is np.float32: a 0-D float32 array, so that arithmetic on it stays float32.
    if (dtypeOf(a) === 'float32') return ndarray([], Float64Array.of(v), undefined, 'float32');
    // An integral entry of a float64 array is np.float64, not an int: a 0-D float64 array, as NumPy's scalar results
    // are held (convert.ts, unwrap), so that np.array([x[0, 1]]) and [v for v in x[0]] are float64 (they were int64).
    if (dtypeOf(a) === 'float64' && Number.isInteger(v)) return ndarray([], Float64Array.of(v), undefined, 'float64');
    return dtypeOf(a) === 'bool' ? v !== 0 : v;
  }
  const out = new Float64Array(p.offsets.length);
  for (let k = 0; k < out.length; k++) out[k] = a.data[p.offsets[k]];
  const labels = a.rowLabels && p.rows && p.shape.length === a.shape.length ? p.rows.map((i) => a.rowLabels?.[i] ?? String(i)) : undefined;
  return ndarray(p.shape, out, labels, a.dtype);
}

/**
 * `a[items] = value` as a new array (NumPy changes `a` in place; the caller rebinds the name). `value` is
 * broadcast to the selection and cast to `a`'s dtype (a float stored in an int array is truncated).
 * @throws InputError where NumPy raises (index out of bounds, a value that does not broadcast).
 */
export function setItem(a: NDArray, items: readonly IndexItem[], value: NDArray | number | boolean, name: string, limits: ArrayLimits): NDArray {
  const p = plan(a.shape, items, name, limits);
  const out = new Float64Array(a.data);
  const t = dtypeOf(a);
  // NumPy truncates a float stored into an int64 array. An int64 dtype may come from an integer-valued Python float
  // held in a variable (`scale = 1.0`; `x = ids * scale`), which the evaluator cannot tell from an int: rather
  // than truncate what NumPy might store as is, such an assignment is left unknown.
  const fractional = (x: number): boolean => t === 'int64' && Number.isFinite(x) && !Number.isInteger(x);
  const refuse = (): never => { throw new NotReproduced(`a non-integer value stored into the int64 array ${name} (NumPy truncates it; the dtype may be float64 if it came from a Python float variable)`); };
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (fractional(Number(value))) refuse();
    const v = castValue(Number(value), t);
    if (t === 'int64' && !Number.isFinite(Number(value))) throw new InputError(`cannot convert float ${Number(value)} to integer (assigning to ${name})`);
    for (let k = 0; k < p.offsets.length; k++) out[p.offsets[k]] = v;
    return ndarray(a.shape, out, a.rowLabels, a.dtype);
  }
  let b: NDArray;
  try {
    b = broadcastTo(value, p.shape, limits, `assignment to ${name}`);
  } catch {
    throw new InputError({ kind: 'not-broadcastable', form: 'assign', op: name, from: value.shape, to: p.shape });
  }
  for (let k = 0; k < p.offsets.length; k++) {
    const x = b.data[k];
    if (t === 'int64' && !Number.isFinite(x)) throw new InputError(`cannot convert float ${x} to integer (assigning to ${name})`);
    if (fractional(x)) refuse();
    out[p.offsets[k]] = castValue(x, t);
  }
  return ndarray(a.shape, out, a.rowLabels, a.dtype);
}
