/**
 * The forward computations of PyTorch's built-in modules on plain float64 buffers: `nn.Linear`,
 * `nn.LayerNorm`, `nn.MultiheadAttention` (PyTorch's `F.multi_head_attention_forward`), `nn.Embedding` and
 * softmax along a dimension. Every sum is accumulated in float64; the caller rounds the results once to the
 * module's dtype (float32: within 1e-6 relative of torch's float32 kernels, whose accumulation order differs).
 *
 * Shapes use PyTorch's letters: N batch, L target (query) length, S source (key) length, E embedding dim,
 * H heads, D = E / H head dim. Buffers are C-order. Nothing here knows about the evaluator.
 *
 * Sources (pytorch/pytorch): `torch/nn/modules/linear.py`, `normalization.py`, `sparse.py`,
 * `activation.py` (`MultiheadAttention.forward`), `torch/nn/functional.py` (`multi_head_attention_forward`,
 * `_in_projection_packed`, `_canonical_mask`).
 */
import { InputError } from '../errors';
import { ndarray } from '../ndarray/array';
import { softmax } from '../ndarray/softmax';

/**
 * `y = x·Wᵀ + b` over the last axis: `x` holds `rows` rows of `inF` values, `w` is (outF, inF), `b` (outF)
 * or undefined. Returns (rows, outF).
 */
export function linear(x: Float64Array, rows: number, inF: number, w: Float64Array, outF: number, b: Float64Array | undefined): Float64Array {
  const out = new Float64Array(rows * outF);
  for (let r = 0; r < rows; r++) {
    const xo = r * inF;
    for (let o = 0; o < outF; o++) {
      const wo = o * inF;
      let s = 0;
      for (let i = 0; i < inF; i++) s += x[xo + i] * w[wo + i];
      out[r * outF + o] = b ? s + b[o] : s;
    }
  }
  return out;
}

/**
 * Layer normalisation over the last `n` values of each of `rows` groups: `(x − mean) / √(var + eps) · w + b`
 * with the biased variance (divided by n), `w`/`b` of n values or undefined (no affine).
 */
export function layerNorm(x: Float64Array, rows: number, n: number, eps: number, w: Float64Array | undefined, b: Float64Array | undefined): Float64Array {
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[o + i];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[o + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / n + eps);
    for (let i = 0; i < n; i++) {
      const y = (x[o + i] - mean) * inv;
      out[o + i] = (w ? y * w[i] : y) + (b ? b[i] : 0);
    }
  }
  return out;
}

/**
 * Softmax along axis `dim` (0 ≤ dim < rank) of a float64 buffer of `shape`: the core softmax
 * (core/ndarray/softmax.ts, `exp(x − max) / Σ exp(x − max)` with NumPy's pairwise sums along the last axis) on
 * a plain buffer. A slice that is all −∞ gives NaN, as torch does. Returns a new buffer of the same shape.
 *
 * torch's float32 kernels accumulate in float32 in their own order (and multiply by 1/Σ), so no float64 order
 * is theirs bit for bit; the caller rounds once to float32 (within the stated tolerance). This used to be a
 * second implementation that summed in plain order: on every softmax of the torch fixtures (test/fixtures/
 * torch_modules.json and the frame tests) both gave identical float64 results, and on 2 million random
 * entries (rows of 1–200) identical float32-rounded results, so they were merged.
 */
export function softmaxAlong(x: Float64Array, shape: readonly number[], dim: number): Float64Array {
  return softmax(ndarray(shape, x), dim).data;
}

/** The parameters of `nn.MultiheadAttention` with kdim = vdim = E. */
export interface MhaWeights {
  readonly embedDim: number;
  readonly numHeads: number;
  /** (3E, E): rows 0…E−1 project queries, E…2E−1 keys, 2E…3E−1 values. */
  readonly inProjWeight: Float64Array;
  /** (3E) or undefined (`bias=False`). */
  readonly inProjBias: Float64Array | undefined;
  /** (E, E). */
  readonly outProjWeight: Float64Array;
  /** (E) or undefined. */
  readonly outProjBias: Float64Array | undefined;
}

/**
 * Inputs of one `F.multi_head_attention_forward` call, batch-major: `query` (N, L, E), `key`/`value`
 * (N, S, E); `mask` an additive float mask (N·H, L, S) already merged from `attn_mask` and
 * `key_padding_mask` (−∞ where not allowed), or undefined.
 */
export interface MhaInputs {
  readonly n: number;
  readonly l: number;
  readonly s: number;
  readonly query: Float64Array;
  readonly key: Float64Array;
  readonly value: Float64Array;
  readonly mask: Float64Array | undefined;
}

/**
 * PyTorch's multi-head attention: `q, k, v = x·W_inᵀ + b_in` split into Q/K/V rows of `in_proj_weight`;
 * head h takes columns h·D…(h+1)·D−1; weights `softmax(q·kᵀ/√D + mask)`; output `concat_h(P_h·v_h)·W_outᵀ + b_out`.
 * Returns the output (N, L, E), the weights per head (N, H, L, S) and the projections q (N, L, E), k, v (N, S, E).
 */
export function multiheadAttention(w: MhaWeights, x: MhaInputs): { output: Float64Array; weights: Float64Array; q: Float64Array; k: Float64Array; v: Float64Array } {
  const E = w.embedDim, H = w.numHeads, D = E / H;
  const { n: N, l: L, s: S } = x;
  const rowsOf = (from: number): Float64Array => w.inProjWeight.subarray(from * E * E, (from + 1) * E * E);
  const biasOf = (from: number): Float64Array | undefined => w.inProjBias?.subarray(from * E, (from + 1) * E);
  const q = linear(x.query, N * L, E, rowsOf(0), E, biasOf(0));
  const k = linear(x.key, N * S, E, rowsOf(1), E, biasOf(1));
  const v = linear(x.value, N * S, E, rowsOf(2), E, biasOf(2));
  const scale = Math.sqrt(1.0 / D);
  const weights = new Float64Array(N * H * L * S);
  const heads = new Float64Array(N * L * E);
  for (let b = 0; b < N; b++) {
    for (let h = 0; h < H; h++) {
      const wBase = (b * H + h) * L * S;
      for (let i = 0; i < L; i++) {
        const qo = (b * L + i) * E + h * D;
        for (let j = 0; j < S; j++) {
          const ko = (b * S + j) * E + h * D;
          let dot = 0;
          for (let d = 0; d < D; d++) dot += q[qo + d] * scale * k[ko + d];
          weights[wBase + i * S + j] = dot + (x.mask ? x.mask[wBase + i * S + j] : 0);
        }
      }
      const p = softmaxAlong(weights.subarray(wBase, wBase + L * S), [L, S], 1);
      weights.set(p, wBase);
      for (let i = 0; i < L; i++) {
        for (let d = 0; d < D; d++) {
          let acc = 0;
          for (let j = 0; j < S; j++) acc += p[i * S + j] * v[(b * S + j) * E + h * D + d];
          heads[(b * L + i) * E + h * D + d] = acc;
        }
      }
    }
  }
  return { output: linear(heads, N * L, E, w.outProjWeight, E, w.outProjBias), weights, q, k, v };
}

/** The mean over heads of weights (N, H, L, S): (N, L, S). */
export function averageHeads(weights: Float64Array, N: number, H: number, L: number, S: number): Float64Array {
  const out = new Float64Array(N * L * S);
  for (let b = 0; b < N; b++) {
    for (let t = 0; t < L * S; t++) {
      let s = 0;
      for (let h = 0; h < H; h++) s += weights[(b * H + h) * L * S + t];
      out[b * L * S + t] = s / H;
    }
  }
  return out;
}

/**
 * Rows of `weight` (num, dim) picked by integer indices: (…indices, dim).
 * @throws InputError (torch's IndexError) for an index outside [0, num).
 */
export function embedding(indices: Float64Array, weight: Float64Array, num: number, dim: number): Float64Array {
  const out = new Float64Array(indices.length * dim);
  indices.forEach((ix, r) => {
    if (!Number.isInteger(ix) || ix < 0 || ix >= num) throw new InputError(`IndexError: index out of range in self (index ${ix}, num_embeddings ${num})`);
    out.set(weight.subarray(ix * dim, (ix + 1) * dim), r * dim);
  });
  return out;
}
