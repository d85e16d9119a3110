/**
 * The one table of score functions: what people call each one (a title for controls, a name for summaries),
 * its formula and where that comes from, and which parameter matrices it needs. Engine, panel, Live view,
 * hovers and the CLI all read it (its only imports are dependency-free formula builders, so the webview
 * bundles import it as it is).
 */
import { type Formula, call, equation, frac, inner, list, norm, plus, product, transpose } from '../formula/expr';
import { K, Q, S, U_A, V_A, W_A, kRow, qRow, queryKey, scoreEntry } from './formulas';
import type { ScoreFunction } from './types';

export interface ScoreInfo {
  /** For controls and headings: `Scaled dot-product`. */
  readonly title: string;
  /** For a summary sentence: `scaled dot-product`, `additive score (Bahdanau)`. */
  readonly name: string;
  /** The paper and equation the formula is taken from. */
  readonly source: string;
  /** The roles of its parameter matrices (W_a, U_a, v_a). */
  readonly params: readonly ('wa' | 'ua' | 'va')[];
  /**
   * The raw scores' formula, as written in `source` (row-vector convention: `Q: (L, d_q)`, `K: (S, d_k)`);
   * with `head`, in that head's symbols (`S_0 = Q_0 K_0ᵀ`).
   */
  readonly formula: (head?: number) => Formula;
}

/** `tanh(W_aᵀ x)`-style scores read out by v_a: `v_aᵀ tanh(inside)`. */
const readOut = (inside: Formula): Formula => product(transpose(V_A), call('tanh', inside));

export const SCORE_INFO: Readonly<Record<ScoreFunction, ScoreInfo>> = {
  scaled_dot: {
    title: 'Scaled dot-product', name: 'scaled dot-product', source: 'Vaswani et al. 2017, eq. 1', params: [],
    formula: (h) => equation(S(h), queryKey(h)),
  },
  dot: {
    title: 'Dot product', name: 'dot-product', source: 'Luong et al. 2015, eq. 8 (dot)', params: [],
    formula: (h) => equation(S(h), queryKey(h)),
  },
  general: {
    title: 'General (bilinear)', name: 'general score (Luong)', source: 'Luong et al. 2015, eq. 8 (general)', params: ['wa'],
    formula: (h) => equation(S(h), product(Q(h), W_A, transpose(K(h)))),
  },
  additive: {
    title: 'Additive', name: 'additive score (Bahdanau)', source: 'Bahdanau et al. 2014, eq. 6 and appendix A.1.2', params: ['wa', 'ua', 'va'],
    formula: (h) => equation(scoreEntry('e', h), readOut(plus(product(transpose(W_A), qRow), product(transpose(U_A), kRow)))),
  },
  concat: {
    title: 'Concat', name: 'concat score (Luong)', source: 'Luong et al. 2015, eq. 8 (concat)', params: ['wa', 'va'],
    formula: (h) => equation(scoreEntry('e', h), readOut(product(transpose(W_A), list([qRow, kRow], 'semicolon')))),
  },
  cosine: {
    title: 'Cosine similarity', name: 'cosine similarity', source: 'Graves et al. 2014 (content-based addressing), eq. 6', params: [],
    formula: (h) => equation(scoreEntry('S', h), frac(inner(qRow, kRow), product(norm(qRow), norm(kRow)))),
  },
};

/**
 * The scale scaled dot-product attention applies to Q·Kᵀ when none is chosen: 1/√d_k (Vaswani et al. 2017,
 * eq. 1), in float64. `dk`: the key width of one head (> 0).
 */
export function defaultScale(dk: number): number {
  return 1 / Math.sqrt(dk);
}
