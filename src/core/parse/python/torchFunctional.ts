/**
 * `torch.nn.functional` for attention code: `linear`, `scaled_dot_product_attention`, and the dimension rule of
 * `F.softmax` without `dim`. Usable by other evaluator modules (nn.Linear, nn.MultiheadAttention call
 * {@link torchLinear} and {@link scaledDotProductAttention}).
 */
import { InputError } from '../../errors';
import { layerNorm } from '../../torch/nnMath';
import {
  type ArrayLimits, type NDArray, NotReproduced, arithmetic, dtypeOf, elementwise, matmul, ndarray, shapeString, softmax, swapaxes,
} from '../../ndarray/ndarray';
import { category } from './torchTypes';
import { asArray, tensorResult } from './torchOps';
import { viaFloat64 } from './torchPrecision';

/**
 * `F.linear(input, weight, bias)` = `input @ weight.T + bias`, computed as one float64 expression and rounded
 * once for float32 (torch adds the bias inside its matrix product). Shapes: input `(*, in)`, weight
 * `(out, in)` (or `(in,)`: then the output drops that dimension), bias `(out,)` or None; output `(*, out)`.
 * @throws InputError for dtypes that differ or shapes that do not fit, as torch raises.
 */
export function torchLinear(input: NDArray, weight: NDArray, bias: NDArray | null, limits: ArrayLimits, fn = 'F.linear'): NDArray {
  const t = dtypeOf(input);
  for (const [w, name] of [[weight, 'weight'], [bias, 'bias']] as const) {
    if (w && dtypeOf(w) !== t) throw new InputError(`${fn}: expected ${name} to have dtype ${t} like the input, but got ${dtypeOf(w)} (mat1 and mat2 must have the same dtype)`);
  }
  if (category(t) < 2) throw new InputError(`${fn}: "addmm_impl_cpu_" not implemented for '${t === 'bool' ? 'Bool' : 'Long'}'`);
  if (weight.shape.length > 2 || weight.shape.length === 0) throw new InputError(`${fn}: weight must be 1-D or 2-D, got shape ${shapeString(weight.shape)}`);
  const inF = weight.shape[weight.shape.length - 1];
  if (input.shape[input.shape.length - 1] !== inF) {
    throw new InputError(`${fn}: mat1 and mat2 shapes cannot be multiplied (input ${shapeString(input.shape)} and weight.T ${shapeString([...weight.shape].reverse())})`);
  }
  const inputs = bias ? [input, weight, bias] : [input, weight];
  const r = viaFloat64(inputs, t, ([x, w, b]) => {
    const wt = w.shape.length === 2 ? swapaxes(w, 0, 1) : w;
    const y = asArray(matmul(x, wt, 'input', 'weight.T', limits), 'float64');
    return b ? arithmetic('+', y, b, `${fn} bias`, limits) : y;
  });
  return tensorResult(r, inputs);
}

/** The dimension `F.softmax(x)` uses without `dim` (torch's deprecated implicit choice): 0 for 0-, 1- and 3-D inputs, else 1. */
export function implicitSoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** Options of {@link scaledDotProductAttention}, as `F.scaled_dot_product_attention` takes them. */
export interface SdpaOptions {
  /** A bool mask (True = may attend) or a float bias added to the scores; broadcast to `(..., L, S)`. */
  readonly attnMask?: NDArray | null;
  readonly dropoutP?: number;
  /** Causal, upper-left aligned: query i sees keys j ≤ i (also when L ≠ S). */
  readonly isCausal?: boolean;
  /** The scale of the scores; default `1/√E`. */
  readonly scale?: number | null;
}

/**
 * `F.scaled_dot_product_attention(query, key, value, attn_mask, dropout_p, is_causal, scale)`:
 * `softmax(Q·Kᵀ·scale + bias, dim=-1)·V` as torch's documented reference implementation computes it.
 * Shapes: query `(..., L, E)`, key `(..., S, E)`, value `(..., S, Ev)`; output `(..., L, Ev)`; the batch
 * dimensions broadcast. Returns the output and the attention weights `(..., L, S)` (both float32-approximate
 * for float32 inputs: computed in float64, rounded once).
 * @throws InputError where torch raises (dtypes that differ, is_causal with attn_mask, shapes);
 *   NotReproduced for dropout_p > 0 (random) and for a query row whose every key is masked (torch's CPU kernels
 *   give NaN or 0 there, depending on the kernel chosen).
 */
export function scaledDotProductAttention(query: NDArray, key: NDArray, value: NDArray, opts: SdpaOptions, limits: ArrayLimits, fn = 'F.scaled_dot_product_attention'): { output: NDArray; weights: NDArray } {
  if ((opts.dropoutP ?? 0) !== 0) {
    throw new NotReproduced(`${fn}(dropout_p=${opts.dropoutP}): dropout draws a random mask on every call, which is not reproduced; pass dropout_p=0.0 (as in evaluation)`);
  }
  const t = dtypeOf(query);
  if (dtypeOf(key) !== t || dtypeOf(value) !== t) throw new InputError(`${fn}: Expected query, key, and value to have the same dtype, but got query.dtype: ${t}, key.dtype: ${dtypeOf(key)} and value.dtype: ${dtypeOf(value)} instead.`);
  if (category(t) < 2) throw new InputError(`${fn}: query, key and value must be floating-point tensors (got ${t})`);
  for (const [a, name] of [[query, 'query'], [key, 'key'], [value, 'value']] as const) {
    if (a.shape.length < 2) throw new InputError(`${fn}: ${name} must have at least 2 dimensions, got shape ${shapeString(a.shape)}`);
  }
  const L = query.shape[query.shape.length - 2], E = query.shape[query.shape.length - 1];
  const S = key.shape[key.shape.length - 2];
  if (key.shape[key.shape.length - 1] !== E) throw new InputError(`${fn}: query ${shapeString(query.shape)} and key ${shapeString(key.shape)} must have the same last dimension`);
  if (value.shape[value.shape.length - 2] !== S) throw new InputError(`${fn}: key ${shapeString(key.shape)} and value ${shapeString(value.shape)} must have the same number of positions`);
  const mask = opts.attnMask ?? null;
  if (mask && opts.isCausal) throw new InputError(`${fn}: Explicit attn_mask should not be set when is_causal=True`);
  if (mask && dtypeOf(mask) !== 'bool' && dtypeOf(mask) !== t) throw new InputError(`${fn}: Expected attn_mask dtype to be bool or float or to match query dtype (got ${dtypeOf(mask)} for query ${t})`);
  const scale = opts.scale ?? 1 / Math.sqrt(E);
  const inputs = mask && dtypeOf(mask) !== 'bool' ? [query, key, value, mask] : [query, key, value];
  let weights: NDArray | undefined;
  const output = viaFloat64(inputs, t, ([q, k, v, m]) => {
    const scores0 = asArray(matmul(q, swapaxes(k, -2, -1), 'query', 'key.T', limits), 'float64');
    let scores = elementwise(scores0, scale, (a, b) => a * b, fn, 'float64', limits);
    if (opts.isCausal) {
      const causal = ndarray([L, S], Float64Array.from({ length: L * S }, (_, i) => (i % S <= Math.floor(i / S) ? 0 : -Infinity)));
      scores = arithmetic('+', scores, causal, fn, limits);
    }
    if (mask && dtypeOf(mask) === 'bool') scores = elementwise(scores, mask, (s, keep) => (keep ? s : -Infinity), fn, 'float64', limits);
    else if (m) scores = arithmetic('+', scores, m, `${fn} attn_mask`, limits);
    const n = scores.data.length / S;
    for (let r = 0; r < n; r++) {
      let any = false;
      for (let j = 0; j < S && !any; j++) any = scores.data[r * S + j] !== -Infinity;
      if (!any && S > 0) throw new NotReproduced(`${fn}: a query row with every key masked (row ${r % L} of the scores): torch's CPU kernels give NaN or 0 there depending on the kernel, so it is not shown`);
    }
    const w = softmax(scores, scores.shape.length - 1);
    weights = w;
    return asArray(matmul(w, v, 'weights', 'value', limits), 'float64');
  });
  const w = weights as unknown as NDArray;
  const shownWeights = viaFloat64([w], t, ([x]) => x);
  return { output: tensorResult(output, inputs, t === 'float32'), weights: tensorResult(shownWeights, inputs, t === 'float32') };
}

/**
 * `F.layer_norm(input, normalized_shape, weight, bias, eps)`: over the last `normalized_shape.length`
 * dimensions, `(x − mean) / √(var + eps) · weight + bias` with the biased variance, computed in float64 and
 * rounded once for float32 (approximate). Shapes: input `(*, *normalized_shape)`, weight and bias
 * `normalized_shape` or None; output like input.
 * @throws InputError when the trailing dimensions of the input are not `normalized_shape`.
 */
export function torchLayerNorm(input: NDArray, normalizedShape: readonly number[], weight: NDArray | null, bias: NDArray | null, eps: number, fn = 'F.layer_norm'): NDArray {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.shape.length - k);
  if (k === 0 || k > input.shape.length || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new InputError(`${fn}: Given normalized_shape=${shapeString(normalizedShape)}, expected input with shape (*, ${normalizedShape.join(', ')}), but got input of size ${shapeString(input.shape)}`);
  }
  const t = dtypeOf(input);
  if (category(t) < 2) throw new InputError(`${fn}: "LayerNormKernelImpl" not implemented for '${t === 'bool' ? 'Bool' : 'Long'}'`);
  for (const [p, name] of [[weight, 'weight'], [bias, 'bias']] as const) {
    if (p && (p.shape.length !== k || p.shape.some((d, i) => d !== normalizedShape[i]))) throw new InputError(`${fn}: ${name} has shape ${shapeString(p.shape)}, expected ${shapeString(normalizedShape)}`);
  }
  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const r = viaFloat64(inputs, t, ([x]) => {
    const n = normalizedShape.reduce((p, v) => p * v, 1);
    return ndarray(x.shape, layerNorm(x.data, n === 0 ? 0 : x.data.length / n, n, eps, weight?.data, bias?.data));
  });
  return tensorResult(r, inputs, t === 'float32');
}
