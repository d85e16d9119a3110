import { InputError } from '../errors';
import type { TorchGenerator, TorchSample } from './torchGenerator';

/**
 * PyTorch's default parameter initialisation, drawing from a {@link TorchGenerator} in torch's order, so
 * that a module built right after `torch.manual_seed(n)` holds the very float32 values torch gives it.
 *
 * Sources (pytorch/pytorch): `torch/nn/init.py` (`calculate_gain`, `_calculate_fan_in_and_fan_out`,
 * `kaiming_uniform_`, `xavier_uniform_`, `normal_`, `uniform_`), `torch/nn/modules/linear.py`
 * (`Linear.reset_parameters`), `torch/nn/modules/activation.py` (`MultiheadAttention.__init__` and
 * `_reset_parameters`), `torch/nn/modules/sparse.py` (`Embedding.reset_parameters`). Bounds are computed
 * in double as Python does and rounded to float32 by `uniform_` (`static_cast<float>(from)`).
 *
 * Shapes follow torch: `weight` is (out_features, in_features). All parameters are float32.
 */

/** Parameters of `nn.Linear(in_features, out_features, bias)`. */
export interface LinearParams {
  /** (out_features, in_features). */
  readonly weight: TorchSample;
  /** (out_features), or undefined with `bias=False`. */
  readonly bias: TorchSample | undefined;
}

/** Parameters of `nn.MultiheadAttention(embed_dim, num_heads, bias)` with kdim = vdim = embed_dim. */
export interface MultiheadAttentionParams {
  /** (3·E, E): rows 0…E−1 project queries, E…2E−1 keys, 2E…3E−1 values. */
  readonly inProjWeight: TorchSample;
  /** (3·E) zeros, or undefined with `bias=False`. */
  readonly inProjBias: TorchSample | undefined;
  /** The output projection, a Linear(E, E) whose bias torch resets to zeros. */
  readonly outProj: LinearParams;
}

/** `fan_in`, `fan_out` of a 2-D weight (out, in) (`_calculate_fan_in_and_fan_out`). */
function fans(shape: readonly number[]): [number, number] {
  if (shape.length < 2) throw new InputError(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape (${shape.join(', ')}))`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1] * receptive, shape[0] * receptive];
}

/**
 * `nn.init.kaiming_uniform_(w, a, mode='fan_in', nonlinearity='leaky_relu')`:
 * `gain = √(2 / (1 + a²))`, `bound = √3 · gain / √fan_in`, then `uniform_(−bound, bound)`.
 * @throws InputError for a weight of fewer than 2 dimensions or a zero fan-in ("Initializing zero-element tensors is a no-op" is torch's warning; a zero fan divides by zero in torch).
 */
export function kaimingUniform(gen: TorchGenerator, shape: readonly number[], a: number): TorchSample {
  const [fanIn] = fans(shape);
  if (fanIn === 0) throw new InputError(`kaiming_uniform_: fan_in is 0 for shape (${shape.join(', ')})`);
  const gain = Math.sqrt(2.0 / (1 + a ** 2));
  const std = gain / Math.sqrt(fanIn);
  const bound = Math.sqrt(3.0) * std;
  return gen.uniform(shape, 'float32', -bound, bound);
}

/**
 * `nn.init.xavier_uniform_(w, gain=1)`: `a = √3 · gain · √(2 / (fan_in + fan_out))`, then `uniform_(−a, a)`.
 * @throws InputError for a weight of fewer than 2 dimensions.
 */
export function xavierUniform(gen: TorchGenerator, shape: readonly number[], gain = 1.0): TorchSample {
  const [fanIn, fanOut] = fans(shape);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return gen.uniform(shape, 'float32', -a, a);
}

/**
 * `nn.Linear(in_features, out_features, bias=True)` after construction (`reset_parameters`): weight by
 * `kaiming_uniform_(a=√5)` (so `bound = 1/√in_features`), then bias by `uniform_(−1/√fan_in, 1/√fan_in)`.
 * @throws InputError unless both sizes are positive integers.
 */
export function initLinear(gen: TorchGenerator, inFeatures: number, outFeatures: number, bias = true): LinearParams {
  checkSize('in_features', inFeatures);
  checkSize('out_features', outFeatures);
  const weight = kaimingUniform(gen, [outFeatures, inFeatures], Math.sqrt(5));
  if (!bias) return { weight, bias: undefined };
  const bound = 1 / Math.sqrt(inFeatures);
  return { weight, bias: gen.uniform([outFeatures], 'float32', -bound, bound) };
}

/**
 * `nn.MultiheadAttention(embed_dim, num_heads, bias=True)` after construction. Order of draws: `out_proj`
 * (a `NonDynamicallyQuantizableLinear(E, E)`) is built first and initialised like any Linear (weight, then
 * bias); then `_reset_parameters` draws `in_proj_weight` (3E, E) by `xavier_uniform_` and sets
 * `in_proj_bias` and `out_proj.bias` to zero. `batch_first` does not change the parameters.
 * @throws InputError unless embed_dim and num_heads are positive and embed_dim is divisible by num_heads.
 */
export function initMultiheadAttention(gen: TorchGenerator, embedDim: number, numHeads: number, bias = true): MultiheadAttentionParams {
  checkSize('embed_dim', embedDim);
  checkSize('num_heads', numHeads);
  if (embedDim % numHeads !== 0) throw new InputError(`MultiheadAttention: embed_dim (${embedDim}) must be divisible by num_heads (${numHeads})`);
  const outProjDrawn = initLinear(gen, embedDim, embedDim, bias);
  const inProjWeight = xavierUniform(gen, [3 * embedDim, embedDim]);
  const zeros = (n: number): TorchSample => ({ shape: [n], dtype: 'float32', data: new Float64Array(n) });
  return {
    inProjWeight,
    inProjBias: bias ? zeros(3 * embedDim) : undefined,
    outProj: { weight: outProjDrawn.weight, bias: bias ? zeros(embedDim) : undefined },
  };
}

/**
 * `nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)`: weight (num_embeddings, embedding_dim)
 * by `normal_(0, 1)` (float32), then the `padding_idx` row set to zero.
 * @throws InputError for non-positive sizes or a padding_idx outside [−num_embeddings, num_embeddings).
 */
export function initEmbedding(gen: TorchGenerator, numEmbeddings: number, embeddingDim: number, paddingIdx?: number): TorchSample {
  checkSize('num_embeddings', numEmbeddings);
  checkSize('embedding_dim', embeddingDim);
  const weight = gen.normal([numEmbeddings, embeddingDim], 'float32');
  if (paddingIdx !== undefined) {
    if (!Number.isInteger(paddingIdx) || paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
      throw new InputError(`Embedding: padding_idx (${paddingIdx}) must be within num_embeddings (${numEmbeddings})`);
    }
    const row = paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    weight.data.fill(0, row * embeddingDim, (row + 1) * embeddingDim);
  }
  return weight;
}

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(`${name} must be a positive integer (got ${n})`);
}
