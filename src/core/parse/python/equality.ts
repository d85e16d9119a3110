/** Value equality of Python values, to tell whether a statement's result changed after an edit. */
import { isNDArray } from '../../ndarray/ndarray';
import type { PyValue } from './values';
import type { Scope } from './scope';

/** Deep equality: same shape and bits for arrays, same items for lists; a function only as the same `def` run again. */
export function sameValue(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return typeof a === 'number' && typeof b === 'number' && Object.is(a, b);
  if (isNDArray(a) && isNDArray(b)) {
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]) || a.data.length !== b.data.length) return false;
    if ((a.dtype ?? 'float64') !== (b.dtype ?? 'float64')) return false;
    for (let i = 0; i < a.data.length; i++) if (!Object.is(a.data[i], b.data[i])) return false;
    return (a.rowLabels ?? []).join('\u0000') === (b.rowLabels ?? []).join('\u0000');
  }
  if (a.kind === 'list' && b.kind === 'list') {
    return a.tuple === b.tuple && a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i])) &&
      (a.names ?? []).join('\u0000') === (b.names ?? []).join('\u0000');
  }
  if (a.kind === 'ref' && b.kind === 'ref') return a.path === b.path;
  if (a.kind === 'function' && b.kind === 'function') {
    // The same `def` run again: same text, same enclosing scope (the module's, of this run or the last), equal defaults. What its body reads from
    // outside is checked where it is called (incremental.ts, readsDirty).
    return a.source !== undefined && a.source === b.source && sameClosure(a.closure, b.closure) && a.name === b.name && a.unsupported === b.unsupported &&
      a.params.length === b.params.length && a.params.every((p, i) => {
        const q = b.params[i];
        return p.name === q.name && p.kind === q.kind && (p.default === undefined ? q.default === undefined : q.default !== undefined && sameValue(p.default, q.default));
      });
  }
  if (a.kind === 'slice' && b.kind === 'slice') return a.start === b.start && a.stop === b.stop && a.step === b.step;
  return false;
}

/** The same scope, or both the module scope (each run has its own evaluator and module scope). */
function sameClosure(a: Scope, b: Scope): boolean {
  return a === b || (a.parent === undefined && b.parent === undefined);
}
