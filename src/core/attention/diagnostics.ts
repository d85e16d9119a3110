import type { Matrix } from '../matrix/matrix';
import type { RowDiagnostics } from './types';

/**
 * Per query row of `weights: (L, S)`: the sum of the weights, their Shannon entropy in nats
 * (`−Σ_j w_ij ln w_ij`, with `0 ln 0 = 0`) and the index of the largest weight (first on ties).
 */
export function rowDiagnostics(weights: Matrix): RowDiagnostics[] {
  const out: RowDiagnostics[] = [];
  const W = weights.data, m = weights.cols;
  for (let i = 0; i < weights.rows; i++) {
    let sum = 0, entropy = 0, argmax = 0, best = -Infinity;
    for (let j = 0; j < m; j++) {
      const w = W[i * m + j];
      sum += w;
      if (w > 0) entropy -= w * Math.log(w);
      if (w > best) { best = w; argmax = j; }
    }
    out.push({ sum, entropy, argmax });
  }
  return out;
}
