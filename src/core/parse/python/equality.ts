/** Value equality of Python values, to tell whether a statement's result changed after an edit. */
import { isNDArray } from '../../ndarray/ndarray';
import type { PyValue } from './values';

/** Deep equality: same shape and bits for arrays, same items for lists; functions are never equal. */
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
  if (a.kind === 'slice' && b.kind === 'slice') return a.start === b.start && a.stop === b.stop && a.step === b.step;
  return false;
}
