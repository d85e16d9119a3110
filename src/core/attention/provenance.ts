/**
 * The one reading of the engine's provenance data (see `Provenance` and `MaskRule` in types.ts): which entries
 * of a mask block a key, which keys a causal rule keeps, which key a hard-attention row picks. The engine
 * applies masks and picks the argmax with these functions, and the explanations of the panel and the hovers
 * read the same data with them, so no view re-derives a mask rule or an argmax. No dependencies: the webview
 * bundles import it as it is.
 */
import type { MaskConvention, MaskKind, MaskRule, MaskTest } from './types';

/** The test of a 0/1 mask under `convention`: `keep` (non-zero = attend) blocks the zeros, `block` the non-zeros. */
export function maskTest(convention: MaskConvention): MaskTest {
  return convention === 'keep' ? 'zero' : 'nonzero';
}

/** Whether a mask entry `x` blocks under `test` (`null` is how JSON carries −∞). */
export function blocksEntry(test: MaskTest, x: number | null): boolean {
  switch (test) {
    case 'zero': return x === 0;
    case 'nonzero': return x !== 0;
    case 'neg_inf': return x === null || x === -Infinity;
  }
}

/** The causal rule of `kind` for `L` queries and `S` keys (undefined for a mask that is not causal). */
export function causalRule(kind: MaskKind, L: number, S: number): Extract<MaskRule, { kind: 'causal' }> | undefined {
  if (kind === 'causal') return { kind: 'causal', align: 'upper_left', offset: 0 };
  if (kind === 'causal_lower_right') return { kind: 'causal', align: 'lower_right', offset: S - L };
  return undefined;
}

/** The last key query `i` keeps under a causal rule (keys j ≤ this; −1 or less: none). */
export function lastKeptKey(rule: Extract<MaskRule, { kind: 'causal' }>, i: number): number {
  return i + rule.offset;
}

/**
 * Which entry of a mask rule's input decides logit (i, j): for a mask matrix shown as `rows × cols`, entry
 * (`row`, `col`) with a size-1 axis broadcast (NumPy rules: a `(1, S)` mask gives every query the same row); for
 * key padding, entry j. `flat` is its row-major position in the input's values.
 */
export function maskEntryIndex(rule: Exclude<MaskRule, { kind: 'causal' }>, i: number, j: number): { readonly row: number; readonly col: number; readonly flat: number } {
  if (rule.kind === 'padding') return { row: 0, col: j, flat: j };
  const row = rule.rows === 1 ? 0 : i, col = rule.cols === 1 ? 0 : j;
  return { row, col, flat: row * rule.cols + col };
}

/**
 * Whether `rule` blocks logit (i, j). `read(flat)` gives entry `flat` (row-major) of the rule's input as the
 * result shows it (the mask matrix, or the padding vector); not called for a causal rule.
 */
export function ruleBlocks(rule: MaskRule, i: number, j: number, read: (flat: number) => number | null): boolean {
  if (rule.kind === 'causal') return j > lastKeptKey(rule, i);
  return blocksEntry(rule.blocks, read(maskEntryIndex(rule, i, j).flat));
}

/**
 * The index of the largest entry of each row of `rows × cols` entries `data` (row-major), the first on ties;
 * −1 for a row whose entries are all −∞ (every key masked). The keys hard attention picks.
 */
export function rowArgmax(data: ArrayLike<number>, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    let best = -Infinity, arg = -1;
    for (let j = 0; j < cols; j++) if (data[i * cols + j] > best) { best = data[i * cols + j]; arg = j; }
    out.push(arg);
  }
  return out;
}
