/**
 * One head's chain of kernels after the projections: `S = Q·Kᵀ` (or given scores), `scale · S`, the mask,
 * `/ T`, the row softmax, the per-row diagnostics and `A·V`. With the WebAssembly kernels installed the whole
 * chain runs in one call that copies each intermediate out once (no `L × S` matrix is copied back in); without
 * them the JavaScript kernels run one after the other. Both give the same bits.
 */
import type { Matrix } from '../matrix/matrix';
import { matmul, matmulTransposed, scale, softmaxRows } from '../matrix/ops';
import { type ChainPlan, type ChainResult, wasmKernels } from '../matrix/wasm/kernels';
import { softmaxDiagnostics } from './diagnostics';
import { applyMask } from './masks';

export type { ChainPlan, ChainResult };

/**
 * `softmax(mask(scale · Q·Kᵀ) · invTemperature) · V` keeping every step. Shapes: `Q: (L, d)`, `K: (S, d)`,
 * `V: (S, d_v)`, or `scores: (L, S)` given instead of `Q·Kᵀ`; the caller has checked them.
 */
export function attentionChain(Q: Matrix, K: Matrix, V: Matrix, plan: ChainPlan, scores?: Matrix): ChainResult {
  const L = scores ? scores.rows : Q.rows, S = scores ? scores.cols : K.rows;
  const fused = wasmKernels(L * S * Math.max(Q.cols, V.cols))?.attention(Q, K, V, plan, scores);
  if (fused) return fused;
  const s = scores ?? matmulTransposed(Q, K, 'Q', 'K');
  const scaled = plan.scale !== undefined ? scale(s, plan.scale) : undefined;
  const masked = plan.keep ? applyMask(scaled ?? s, plan.keep) : undefined;
  const logits = masked ?? scaled ?? s;
  const tempered = plan.invTemperature !== undefined ? scale(logits, plan.invTemperature) : logits;
  const weights = softmaxRows(tempered);
  const output = matmul(weights, V, 'weights', 'V');
  return { scores: s, ...(scaled ? { scaled } : {}), ...(masked ? { masked } : {}), weights, output, diagnostics: softmaxDiagnostics(tempered, weights) };
}
