/**
 * Masks on the logits `(L, S)`: which keys each query may attend to. A masked logit becomes `−∞` and its
 * weight exactly 0. Sources: causal (upper-left, PyTorch `is_causal=True`), causal lower-right, a mask matrix
 * bound to the `mask` role, and a key-padding vector bound to the `padding` role.
 */
import { InputError } from '../errors';
import { type Matrix, shapeText, zeros } from '../matrix/matrix';
import { wasmKernels } from '../matrix/wasm/kernels';
import { blocksEntry, causalRule, lastKeptKey, maskTest } from './provenance';
import type { ExtraRoles } from './roles';
import type { MaskConvention, MaskKind, MaskRule } from './types';

export interface MaskPlan {
  /** 1 = the query may attend to the key, 0 = masked; `(L, S)`. */
  readonly keep: Uint8Array;
  /** Why entries are masked: one rule per source (causal, mask matrix, key padding), in that order. */
  readonly rules: readonly MaskRule[];
  readonly formula: string;
  readonly description: string;
}

/**
 * The combined mask, or undefined when nothing is masked.
 * @throws InputError when the mask matrix is not L × S or the padding vector has not S entries, or when the
 *   `matrix` mask is asked for but no matrix has the `mask` role.
 */
export function planMask(kind: MaskKind, convention: MaskConvention, L: number, S: number, extras: ExtraRoles): MaskPlan | undefined {
  if (kind === 'none' && !extras.padding) return undefined; // nothing to mask: no L × S bytes
  const keep = new Uint8Array(L * S).fill(1);
  const parts: string[] = [];
  const why: string[] = [];
  const rules: MaskRule[] = [];
  const blocks = maskTest(convention);
  const conventionText = convention === 'keep' ? 'non-zero = attend (PyTorch scaled_dot_product_attention: True = attend)' : 'non-zero = blocked (nn.MultiheadAttention: True = not allowed)';
  const causal = causalRule(kind, L, S);
  if (causal) {
    rules.push(causal);
    for (let i = 0; i < L; i++) for (let j = Math.max(0, lastKeptKey(causal, i) + 1); j < S; j++) keep[i * S + j] = 0;
    parts.push(kind === 'causal' ? 'j \\le i' : 'j \\le i + S - L');
    why.push(kind === 'causal'
      ? 'causal: query i may only attend to keys j ≤ i (upper-left aligned, as PyTorch is_causal=True)'
      : `causal, lower-right aligned: query i may attend to keys j ≤ i + S − L = i + ${S - L} (the last query sees every key)`);
  }
  if (kind === 'matrix') {
    const m = extras.mask;
    if (!m) throw new InputError('the mask is set to "matrix" but no matrix has the mask role (name it `mask` or choose it)');
    if (m.matrix.rows !== L || m.matrix.cols !== S) {
      throw new InputError(`${m.name} is ${shapeText(m.matrix)} but the mask must be L × S = ${L} × ${S}`, m.range);
    }
    for (let k = 0; k < L * S; k++) if (blocksEntry(blocks, m.matrix.data[k])) keep[k] = 0;
    rules.push({ kind: 'matrix', input: m.name, blocks, convention, rows: L, cols: S });
    parts.push(`M_{ij} ${convention === 'keep' ? '\\ne' : '='} 0`);
    why.push(`the mask matrix ${m.name}, ${conventionText}`);
  }
  const pad = extras.padding;
  if (pad) {
    const v: Matrix = pad.matrix;
    if (v.data.length !== S || (v.rows !== 1 && v.cols !== 1)) {
      throw new InputError(`${pad.name} is ${shapeText(v)} but the key padding mask must have S = ${S} entries, one per key`, pad.range);
    }
    for (let j = 0; j < S; j++) if (blocksEntry(blocks, v.data[j])) for (let i = 0; i < L; i++) keep[i * S + j] = 0;
    rules.push({ kind: 'padding', input: pad.name, blocks, convention });
    parts.push(`p_j ${convention === 'keep' ? '\\ne' : '='} 0`);
    why.push(`the key padding mask ${pad.name}, ${conventionText}`);
  }
  if (parts.length === 0) return undefined;
  return {
    keep,
    rules,
    formula: `M_{ij} = \\begin{cases} \\text{logit}_{ij} & ${parts.join(' \\wedge ')} \\\\ -\\infty & \\text{otherwise} \\end{cases}`,
    description: `${why.join('; ')}. Masked entries become −∞ and get weight 0.`,
  };
}

/** The logits with masked entries set to `−∞`. */
export function applyMask(logits: Matrix, keep: Uint8Array): Matrix {
  const r = wasmKernels(keep.length)?.applyMask(logits, keep);
  if (r) return r;
  return applyMaskJs(logits, keep);
}

/** {@link applyMask} by the JavaScript kernel only (the oracle of the WebAssembly one). */
export function applyMaskJs(logits: Matrix, keep: Uint8Array): Matrix {
  const out = zeros(logits.rows, logits.cols);
  for (let k = 0; k < keep.length; k++) out.data[k] = keep[k] ? logits.data[k] : -Infinity;
  return out;
}
