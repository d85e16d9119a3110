/**
 * Which values share data, so that a change in place never leaves a stale value on display. Values are
 * immutable (values.ts): `A[0] = 1` makes a new array and rebinds `A`. In NumPy and Python the old object
 * changes for every holder: another name bound to it, a list that holds it, or an array that views the same
 * memory (`row = A[0]`, `B = A.T`, `for row in A`). Those holders lose their value instead (they become
 * unknown, with the reason), which is never wrong.
 *
 * The table of possible views is a side table of facts about immutable values ("this array may view that
 * one"), kept in a WeakMap so that it costs nothing once the values are gone, and shared by every run (the
 * incremental evaluator reuses values across runs).
 */
import { isNDArray } from '../../ndarray/ndarray';
import type { PyValue } from './values';

type Obj = object;

const VIEW_BASES = new WeakMap<Obj, readonly Obj[]>();

/** Records that `result` (an array) may share memory with the arrays among `inputs`. */
export function noteView(result: PyValue, inputs: readonly PyValue[]): void {
  if (!isNDArray(result)) return;
  const bases = inputs.filter((x): x is Exclude<PyValue, null | number | string | boolean> => isNDArray(x) && x !== result);
  if (bases.length === 0) return;
  VIEW_BASES.set(result, [...(VIEW_BASES.get(result) ?? []), ...bases]);
}

/** True when `v` may view the memory of another array (so that arrays viewing that memory hold it too). */
export function mayView(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && VIEW_BASES.has(v);
}

/** The array and every array it may view, transitively. */
function memoryOf(a: Obj): Set<Obj> {
  const out = new Set<Obj>([a]);
  const todo = [a];
  while (todo.length) {
    const x = todo.pop() as Obj;
    for (const b of VIEW_BASES.get(x) ?? []) if (!out.has(b)) { out.add(b); todo.push(b); }
  }
  return out;
}

/**
 * A predicate: does a value hold `changed` (the object changed in place), directly, inside a container, or
 * (for arrays) as a view of the same memory?
 */
export function holderTest(changed: PyValue): (v: PyValue) => boolean {
  if (typeof changed !== 'object' || changed === null) return () => false;
  const memory = isNDArray(changed) ? memoryOf(changed) : undefined;
  const holds = (v: PyValue, depth: number): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (v === changed) return true;
    if (depth > 64) return true; // deeper than we look: assume it does
    switch (v.kind) {
      case 'ndarray': {
        if (!memory) return false;
        if (memory.has(v)) return true;
        if (!VIEW_BASES.has(v)) return false; // not a view of anything: only itself (the common case, no allocation)
        for (const m of memoryOf(v)) if (memory.has(m)) return true;
        return false;
      }
      case 'list': return v.items.some((x) => holds(x, depth + 1));
      case 'dict': for (const [k, x] of v.entries.values()) if (holds(k, depth + 1) || holds(x, depth + 1)) return true; return false;
      case 'set': for (const x of v.entries.values()) if (holds(x, depth + 1)) return true; return false;
      case 'view': return holds(v.dict, depth + 1);
      case 'iterator': return v.items.some((x) => holds(x, depth + 1));
      case 'method': return holds(v.self, depth + 1);
      case 'bound': return holds(v.self, depth + 1);
      case 'boundMethod': return holds(v.self, depth + 1);
      case 'object':
        for (const x of v.attrs.values()) if (holds(x, depth + 1)) return true;
        return v.cls !== null && holds(v.cls, depth + 1); // an instance reads its class's attributes (`Layer.scale = 5`)
      case 'class': return v.base !== null && holds(v.base, depth + 1);
      default: return false;
    }
  };
  return (v) => holds(v, 0);
}

/**
 * True when `container` holds the object `obj` (by identity) at two or more places: the rows of
 * `[[0] * 3] * 3`, or `[a] * 2` with an array `a`. Lists, tuples and dict values are followed, to a bounded
 * depth (deeper counts as held twice). Python changes such an object in place, so every place shows the change.
 */
export function heldTwice(container: PyValue, obj: PyValue): boolean {
  if (typeof obj !== 'object' || obj === null) return false;
  let count = 0;
  const visit = (v: PyValue, depth: number): void => {
    if (count > 1 || typeof v !== 'object' || v === null) return;
    if (v === obj) { count++; return; }
    if (depth > 64) { count = 2; return; }
    if (v.kind === 'list') for (const x of v.items) visit(x, depth + 1);
    else if (v.kind === 'dict') for (const [, x] of v.entries.values()) visit(x, depth + 1);
  };
  visit(container, 0);
  return count > 1;
}

/** True for a value that can change in place (or holds one that can). */
export function isMutable(v: PyValue): boolean {
  if (typeof v !== 'object' || v === null) return false;
  switch (v.kind) {
    case 'ndarray': case 'dict': case 'set': case 'view': case 'iterator': case 'object': case 'class': return true; // `Cls.attr = v` changes a class
    case 'list': return !v.tuple || v.items.some(isMutable);
    default: return false;
  }
}

/**
 * `v` and the changeable objects it holds (list items, dict values, object attributes), to a bounded depth and
 * count: what a change in place to `v` or to something inside it (`d["s"][0] = 1`) may change.
 */
export function reachableObjects(v: PyValue, limit = 256): Exclude<PyValue, null | number | string | boolean>[] {
  const out: Exclude<PyValue, null | number | string | boolean>[] = [];
  const seen = new Set<object>();
  const stack: [PyValue, number][] = [[v, 0]];
  while (stack.length && out.length < limit) {
    const [x, depth] = stack.pop() as [PyValue, number];
    if (typeof x !== 'object' || x === null || seen.has(x) || !isMutable(x)) continue;
    seen.add(x);
    out.push(x);
    if (depth >= 8) continue;
    switch (x.kind) {
      case 'list': case 'iterator': for (const i of x.items) stack.push([i, depth + 1]); break;
      case 'dict': for (const [, i] of x.entries.values()) stack.push([i, depth + 1]); break;
      case 'object': for (const i of x.attrs.values()) stack.push([i, depth + 1]); break;
      case 'class': for (const i of x.attrs.values()) stack.push([i, depth + 1]); if (x.base) stack.push([x.base, depth + 1]); break;
      case 'view': stack.push([x.dict, depth + 1]); break;
      default: break;
    }
  }
  return out;
}
