/**
 * The formulas of the pipeline's steps, as data (see ../formula/expr.ts), with the symbols of the field:
 * `Q = X W_Q`, `S = Q Kᵀ` (the score table, scoreInfo.ts, has one per score function), `S / √d_k`,
 * the mask's cases, `A = softmax(…)`, `Z = A V`, and for multi-head attention the heads' own symbols
 * (`Q_0`, `A_1`), the mean of their weights and their concatenation (Vaswani et al. 2017, eq. 1 and §3.2.2).
 * One head's symbols carry its number as a subscript; without `head` they have none.
 */
import { DOTS, NEG_INFINITY, type Formula, type FormulaSymbol, and, argmax, call, cases, equation, frac, index, indices, list, mapSymbols, minus, name, num, over, plus, product, relation, sqrt, sum, sym, transpose, where, word } from '../formula/expr';
import type { MaskConvention, Role } from './types';

const I = index('i');
const J = index('j');
/** The `ij` of an entry. */
const IJ = indices(I, J);
/** d_k, the width of the keys (of one head's keys). */
const DK = sym('d_k', 'd', [sym(undefined, 'k')]);

function headSub(head: number | undefined, rest: readonly Formula[] = []): Formula[] {
  return [...(head === undefined ? [] : [num(head)]), ...rest];
}

/** A matrix of the pipeline: `Q`, or `Q_0` for head 0. */
function matrix(id: string, base: string, head?: number): FormulaSymbol {
  return sym(id, base, headSub(head));
}

/** The quantities one head has its own of, written with the head's number first in the subscript. */
const PER_HEAD = new Set(['Q', 'K', 'V', 'scores', 'masked', 'weights', 'output']);

/**
 * One head's formula written for every head: head `head`'s number in the subscripts becomes the index `h`
 * (`S_0 = Q_0 K_0ᵀ` → `S_h = Q_h K_hᵀ`), for a step that holds all heads at once (a batched per-head step).
 */
export function forEveryHead(f: Formula, head: number): Formula {
  return mapSymbols(f, (s) => {
    const first = s.sub?.[0];
    if (!s.sub || !first || first.kind !== 'number' || first.value !== head || s.id === undefined || !PER_HEAD.has(s.id)) return s;
    return { ...s, sub: [index('h'), ...s.sub.slice(1)] };
  });
}

/** Queries, keys and values (one head's slices with `head`). */
export const Q = (head?: number): FormulaSymbol => matrix('Q', 'Q', head);
export const K = (head?: number): FormulaSymbol => matrix('K', 'K', head);
export const V = (head?: number): FormulaSymbol => matrix('V', 'V', head);
/** The raw scores `S` (`L × S`). */
export const S = (head?: number): FormulaSymbol => matrix('scores', 'S', head);
/** Entry (i, j) of a score matrix named `base` (`S_{ij}`; Bahdanau's `e_{ij}`). */
export const scoreEntry = (base: string, head?: number): FormulaSymbol => sym('scores', base, headSub(head, [IJ]));
/** Row i of Q and row j of K, as the row-wise score formulas write them. */
export const qRow: FormulaSymbol = sym('Q', 'q', [I]);
export const kRow: FormulaSymbol = sym('K', 'k', [J]);
/** The score functions' parameters. */
export const W_A: FormulaSymbol = sym('wa', 'W', [sym(undefined, 'a')]);
export const U_A: FormulaSymbol = sym('ua', 'U', [sym(undefined, 'a')]);
export const V_A: FormulaSymbol = sym('va', 'v', [sym(undefined, 'a')]);

/** `Q Kᵀ` (one head's with `head`). */
export function queryKey(head?: number): Formula {
  return product(Q(head), transpose(K(head)));
}

/** The conventional symbol of each role: `X`, `W_Q`, …, `W_a`, and words for the masks. */
export function roleSymbol(role: Role): FormulaSymbol {
  switch (role) {
    case 'x': return sym('x', 'X');
    case 'wq': return sym('wq', 'W', [sym(undefined, 'Q')]);
    case 'wk': return sym('wk', 'W', [sym(undefined, 'K')]);
    case 'wv': return sym('wv', 'W', [sym(undefined, 'V')]);
    case 'wo': return sym('wo', 'W', [sym(undefined, 'O')]);
    case 'q': return sym('q', 'Q');
    case 'k': return sym('k', 'K');
    case 'v': return sym('v', 'V');
    case 'wa': return W_A;
    case 'ua': return U_A;
    case 'va': return V_A;
    case 'mask': return word('mask', 'mask');
    case 'padding': return word('key padding mask', 'padding');
  }
}

/** `Q = X W_Q` (likewise K, V): the projection of the input. */
export function projectionFormula(id: 'Q' | 'K' | 'V'): Formula {
  const target = { Q: Q(), K: K(), V: V() }[id];
  return equation(target, product(roleSymbol('x'), roleSymbol(({ Q: 'wq', K: 'wk', V: 'wv' } as const)[id])));
}

/** `Q` given directly, `Q = query_x` when the program calls it otherwise. */
export function givenFormula(id: 'Q' | 'K' | 'V', programName: string): Formula {
  const target = { Q: Q(), K: K(), V: V() }[id];
  return programName === id ? target : equation(target, name(programName, id.toLowerCase()));
}

/**
 * The scaled scores: `Q Kᵀ / √d_k = S / √dk` (Vaswani et al. 2017, eq. 1), or with a chosen `scale`
 * `s Q Kᵀ = scale · S`.
 */
export function scaledFormula(dk: number, scale: number | null, head?: number): Formula {
  return scale === null
    ? equation(frac(queryKey(head), sqrt(DK)), frac(S(head), sqrt(num(dk))))
    : equation(product(sym('s', 's'), queryKey(head)), product(num(scale), S(head)));
}

/** The symbol of the logits the weights are computed from: `M` when masked, else the scaled or raw scores. */
export function logitsFormula(opts: { readonly masked: boolean; readonly scaled: boolean; readonly scale: number | null }, head?: number): Formula {
  if (opts.masked) return matrix('masked', 'M', head);
  if (opts.scaled) return opts.scale === null ? frac(queryKey(head), sqrt(DK)) : product(sym('s', 's'), queryKey(head));
  return S(head);
}

/** Query i keeps key j when `j ≤ i` (causal, upper-left aligned). */
export function causalCondition(): Formula {
  return relation('le', J, I);
}

/** `j ≤ i + S − L` (causal, lower-right aligned; S keys, L queries). */
export function causalLowerRightCondition(): Formula {
  return relation('le', J, minus(plus(I, sym('keys', 'S')), sym('queries', 'L')));
}

/** `attn_mask[i, j] ≠ 0` (keep convention) or `= 0` (block convention): the mask matrix, by its program name. */
export function maskMatrixCondition(maskName: string, convention: MaskConvention): Formula {
  return relation(convention === 'keep' ? 'ne' : 'eq', name(maskName, 'mask', [IJ]), num(0));
}

/** `pad[j] ≠ 0` (or `= 0`): the key-padding vector, by its program name. */
export function paddingCondition(paddingName: string, convention: MaskConvention): Formula {
  return relation(convention === 'keep' ? 'ne' : 'eq', name(paddingName, 'padding', [J]), num(0));
}

/** `M_{ij} = logit_{ij}` where every condition holds, `−∞` otherwise. */
export function maskedFormula(conditions: readonly Formula[], head?: number): Formula {
  return equation(sym('masked', 'M', headSub(head, [IJ])), cases([{ value: word('logit', 'logits', [IJ]), when: and(conditions) }], NEG_INFINITY));
}

/** `A = softmax(logits / T), T = …`, or with `hard` `A = onehot(argmax_j logits / T)`. */
export function weightsFormula(logits: Formula, temperature: number, hard: boolean, head?: number): Formula {
  const T = sym('T', 'T');
  const arg = temperature === 1 ? logits : over(logits, T);
  const main = equation(matrix('weights', 'A', head), hard ? call('onehot', argmax(J, arg)) : call('softmax', arg));
  return temperature === 1 ? main : where(main, equation(T, num(temperature)));
}

/** `Z = A V`: the context vectors (one head's output with `head`). */
export function outputFormula(head?: number): Formula {
  return equation(matrix('output', 'Z', head), product(matrix('weights', 'A', head), V(head)));
}

/** `Ā = (1/H) Σ_h A_h`: the mean of the heads' weights. */
export function meanWeightsFormula(heads: number): Formula {
  return equation({ ...sym('weights', 'A'), accent: 'bar' }, product(frac(num(1), num(heads)), sum(index('h'), sym('weights', 'A', [index('h')]))));
}

/** `[Z_0, Z_1, …, Z_7]`: the heads' outputs side by side (all of them up to four heads). */
function headOutputs(heads: number): Formula {
  const z = (h: number): Formula => matrix('output', 'Z', h);
  return list(heads <= 4 ? Array.from({ length: heads }, (_, h) => z(h)) : [z(0), z(1), DOTS, z(heads - 1)]);
}

/** `H = [Z_0, …]`: the concatenated heads, before W_O. */
export function concatFormula(heads: number): Formula {
  return equation(sym('concat', 'H'), headOutputs(heads));
}

/** `Z = H W_O`: the output projection of the concatenated heads. */
export function outputProjectionFormula(): Formula {
  return equation(matrix('output', 'Z'), product(sym('concat', 'H'), roleSymbol('wo')));
}

/** `Z = [Z_0, …]`: the output when no W_O is given. */
export function concatOutputFormula(heads: number): Formula {
  return equation(matrix('output', 'Z'), headOutputs(heads));
}
