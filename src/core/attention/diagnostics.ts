import type { Matrix } from '../matrix/matrix';
import type { RowDiagnostics } from './types';

/**
 * Per query row of `weights: (L, S)`: the sum of the weights, their Shannon entropy in nats
 * (`−Σ_j w_ij ln w_ij`, with `0 ln 0 = 0`) and the index of the largest weight (first on ties). For weights
 * that are not a softmax of known logits (hard attention, the mean over heads).
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

/**
 * {@link rowDiagnostics} of `weights = softmaxRows(logits)` (both `(L, S)`), with the entropy from the logits:
 * with `m_i` the row maximum, `e_ij = exp(x_ij − m_i)` and `z_i = Σ_j e_ij` as the softmax computes them,
 * `ln w_ij = x_ij − m_i − ln z_i`, so `−Σ_j w_ij ln w_ij = ln z_i − (Σ_j e_ij (x_ij − m_i)) / z_i`: one `log`
 * per row instead of one per entry. The sums run left to right over `e_ij > 0`; a row whose every logit is
 * `−∞` has sum, entropy and argmax 0. This is the JavaScript twin (and test oracle) of the diagnostics the
 * WebAssembly softmax kernel computes (assembly/kernels.ts, `normalizeWithDiagnostics`): the same bits.
 */
export function softmaxDiagnostics(logits: Matrix, weights: Matrix): RowDiagnostics[] {
  const out: RowDiagnostics[] = [];
  const X = logits.data, W = weights.data, m = logits.cols;
  for (let i = 0; i < logits.rows; i++) {
    const r = i * m;
    let max = -Infinity;
    for (let j = 0; j < m; j++) if (X[r + j] > max) max = X[r + j];
    if (max === -Infinity) {
      out.push({ sum: 0, entropy: 0, argmax: 0 });
      continue;
    }
    let z = 0, dot = 0;
    for (let j = 0; j < m; j++) {
      const xm = X[r + j] - max;
      const e = Math.exp(xm);
      z += e;
      if (e > 0) dot += e * xm;
    }
    let sum = 0, argmax = 0, best = -Infinity;
    for (let j = 0; j < m; j++) {
      const w = W[r + j];
      sum += w;
      if (w > best) { best = w; argmax = j; }
    }
    out.push({ sum, entropy: Math.log(z) - dot / z, argmax });
  }
  return out;
}
