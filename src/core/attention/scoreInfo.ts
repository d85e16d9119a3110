/**
 * The one table of score functions: what people call each one (a title for controls, a name for summaries),
 * where its formula comes from, and which parameter matrices it needs. Engine, panel, Live view, hovers and
 * the CLI all read it (it has no dependencies, so the webview bundles import it as it is).
 */
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
}

export const SCORE_INFO: Readonly<Record<ScoreFunction, ScoreInfo>> = {
  scaled_dot: { title: 'Scaled dot-product', name: 'scaled dot-product', source: 'Vaswani et al. 2017, eq. 1', params: [] },
  dot: { title: 'Dot product', name: 'dot-product', source: 'Luong et al. 2015, eq. 8 (dot)', params: [] },
  general: { title: 'General (bilinear)', name: 'general score (Luong)', source: 'Luong et al. 2015, eq. 8 (general)', params: ['wa'] },
  additive: { title: 'Additive', name: 'additive score (Bahdanau)', source: 'Bahdanau et al. 2014, eq. 6 and appendix A.1.2', params: ['wa', 'ua', 'va'] },
  concat: { title: 'Concat', name: 'concat score (Luong)', source: 'Luong et al. 2015, eq. 8 (concat)', params: ['wa', 'va'] },
  cosine: { title: 'Cosine similarity', name: 'cosine similarity', source: 'Graves et al. 2014 (content-based addressing), eq. 6', params: [] },
};
