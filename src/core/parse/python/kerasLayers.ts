/**
 * Keras's attention layers called on given tensors (keras/src/layers/attention/attention.py and
 * additive_attention.py; tf.keras 2 computes the same):
 *
 * - `layers.Attention(use_scale=False, score_mode="dot")`: `scores = Q·Kᵀ` (no 1/√d), times `scale` when
 *   `use_scale=True` (a trained weight initialised to 1.0: exact before training);
 *   `score_mode="concat"`: `scores_ij = Σ_d tanh(scale·(q_i + k_j))` times `concat_score_weight` (initialised to 1).
 * - `layers.AdditiveAttention(use_scale=False)`: `scores_ij = Σ_d tanh(q_i + k_j)`. With `use_scale=True` (its
 *   default) the scale is a per-dimension weight initialised by glorot_uniform (random): refused.
 * - Masks: `mask=[query_mask, value_mask]` (True = keep) and `use_causal_mask=True` (query i sees keys j ≤ i,
 *   upper-left aligned); a masked score becomes `score − 1e9` in the layer's dtype; `weights = softmax(scores)`
 *   over the keys; `output = weights·V`, then zero where `query_mask` is False. Dropout applies only with
 *   `training=True` (refused: random); the default inference call is exact.
 *
 * Query `(batch, Tq, dim)`, value `(batch, Tv, dim_v)`, key `(batch, Tv, dim)` (the value when omitted);
 * output `(batch, Tq, dim_v)`, scores `(batch, Tq, Tv)`; float32 unless the layer's `dtype` says float64.
 *
 * A layer object is a reference whose path carries its configuration (`keras.layers.Attention#{…}`): it holds
 * no state, so calling it twice gives the same result, as a built layer with untrained weights does.
 */
import { InputError } from '../../errors';
import { type NDArray, NotReproduced, arithmetic, elementwise, expandDims, matmul, ndarray, reduce, shapeString, softmax, swapaxes } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import { type FrameworkContext, type Tensor, type TensorDtype, computeArray, finish, toTensor, toTensorDtype } from './frameworkTensor';
import { type Kwargs, type PyValue, isList, tuple } from './values';

const TF: FrameworkContext = { framework: 'tensorflow', x64: false };

/** A layer's configuration (what its constructor was given). */
interface LayerConfig {
  readonly layer: 'Attention' | 'AdditiveAttention';
  readonly useScale: boolean;
  readonly scoreMode: 'dot' | 'concat';
  readonly dropout: number;
  readonly causal: boolean;
  readonly dtype: TensorDtype;
}

const LAYER = /^keras\.layers\.(Attention|AdditiveAttention)(?:#(.*))?$/s;

/** The Keras path of a `tensorflow.keras.…` / `keras.…` path (`tf.keras.layers.Attention` → `keras.layers.Attention`). */
export function kerasPath(path: string): string | undefined {
  const p = path.replace(/^tensorflow\.keras\./, 'keras.').replace(/^tensorflow\.python\.keras\./, 'keras.').replace(/^keras\.src\.layers\.attention\.\w+\./, 'keras.layers.');
  return p.startsWith('keras.') ? p : undefined;
}

/**
 * Calls a Keras path: a layer constructor (returns the layer) or a layer (returns its output).
 * @throws NotReproduced for layers and options not modelled (random weights, dropout in training); InputError
 * where Keras raises.
 */
export function callKeras(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const m = LAYER.exec(path);
  if (!m) {
    if (/^keras\.layers\.(Dense|MultiHeadAttention|EinsumDense|Embedding|Conv\w*|LSTM|GRU|SimpleRNN|LayerNormalization|BatchNormalization)$/.test(path)) {
      throw new NotReproduced(`${path}(): its weights are initialised at random (glorot_uniform and the like) from Keras's seed generator, which is not reproducible statically`);
    }
    if (/initializers|random/.test(path)) throw new NotReproduced(`${path}(): Keras's initializers and random layers draw from TensorFlow's or Keras's seed generators, which are not reproducible statically`);
    throw new NotReproduced(`${path}() is not supported (Keras's Attention and AdditiveAttention layers are)`);
  }
  if (m[2] === undefined) return construct(m[1] as LayerConfig['layer'], args, kwargs);
  return callLayer(JSON.parse(m[2]) as LayerConfig, args, kwargs, ctx);
}

/** A layer from its constructor's arguments (as a reference carrying its configuration). */
function construct(layer: LayerConfig['layer'], args: readonly PyValue[], kwargs: Kwargs): PyValue {
  const fn = `keras.layers.${layer}`;
  const b = bindArgs(fn, layer === 'Attention' ? ['use_scale?', 'score_mode?', 'dropout?', 'seed?'] : ['use_scale?', 'dropout?'], args, kwargs);
  const useScale = b.get('use_scale') ?? (layer === 'AdditiveAttention');
  const scoreMode = b.get('score_mode') ?? 'dot';
  if (scoreMode !== 'dot' && scoreMode !== 'concat') throw new InputError(`${fn}: Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=${String(scoreMode)}`);
  const dropout = b.get('dropout') ?? 0;
  if (typeof dropout !== 'number') throw new InputError(`${fn}: dropout must be a number`);
  const dt = kwargs.get('dtype');
  const dtype = dt == null ? 'float32' : toTensorDtype(dt, TF, fn);
  if (dtype !== 'float32' && dtype !== 'float64') throw new NotReproduced(`${fn}(dtype=${String(dtype)}) is not evaluated (float32 and float64 are)`);
  if (layer === 'AdditiveAttention' && useScale !== false) {
    throw new NotReproduced(`${fn}(use_scale=True) multiplies the scores by a trained weight initialised with glorot_uniform (random, not reproducible statically); with use_scale=False the layer has no weight and is evaluated`);
  }
  const config: LayerConfig = { layer, useScale: useScale === true, scoreMode, dropout, causal: kwargs.get('causal') === true, dtype };
  return { kind: 'ref', path: `keras.layers.${layer}#${JSON.stringify(config)}` };
}

/** Calls a layer on `[query, value(, key)]` (see the module doc for the formulas). */
function callLayer(config: LayerConfig, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const fn = config.layer;
  const b = bindArgs(fn, ['inputs', 'mask?', 'training?', 'return_attention_scores?', 'use_causal_mask?'], args, kwargs);
  const inputs = b.get('inputs') as PyValue;
  if (!isList(inputs) || inputs.tuple) throw new InputError(`ValueError: ${fn} layer must be called on a list of inputs, namely [query, value] or [query, value, key] (a ${isList(inputs) ? 'tuple' : 'single value'} was given)`);
  if (inputs.items.length < 2 || inputs.items.length > 3) throw new InputError(`${fn} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${inputs.items.length}`);
  if (b.get('training') === true && config.dropout > 0) throw new NotReproduced(`${fn}(dropout=${config.dropout}) called with training=True drops weights at random (not reproducible statically)`);
  const names = ['query', 'value', 'key'];
  const tensors = inputs.items.map((x, i) => floatInput(x, config.dtype, ctx, `${fn} ${names[i]}`));
  const [q, v] = tensors;
  const k = tensors[2] ?? v;
  const masks = maskList(b.get('mask'), fn, ctx);
  const [Q, K, V] = [q, k, v].map(computeArray);
  if (K.shape[2] !== Q.shape[2]) throw new InputError(`${fn}: query ${shapeString(Q.shape)} and key ${shapeString(K.shape)} must have the same last dimension`);

  // Scores (batch, Tq, Tv), rounded to the layer's dtype as the layer holds them.
  let scores: NDArray;
  if (config.layer === 'Attention' && config.scoreMode === 'dot') {
    scores = round(matmul(Q, swapaxes(K, -1, -2), 'query', 'key', ctx.limits) as NDArray, config.dtype);
  } else {
    const sum = round(arithmetic('+', expandDims(Q, [-2]), expandDims(K, [-3]), `${fn} query + key`, ctx.limits), config.dtype); // exact in the dtype
    scores = round(reduce(elementwise(sum, 0, (x) => Math.tanh(x), 'tanh'), -1, false, 'sum', fn) as NDArray, config.dtype);
  }
  const [B, Tq, Tv] = scores.shape;
  const causal = b.get('use_causal_mask') === true || config.causal;
  const vMask = masks[1];
  if (vMask && (vMask.shape.length !== 2 || vMask.shape[0] !== B || vMask.shape[1] !== Tv)) throw new InputError(`${fn}: value_mask has shape ${shapeString(vMask.shape)}, expected (${B}, ${Tv})`);
  if (causal || vMask) {
    const out = scores.data.slice();
    for (let bi = 0; bi < B; bi++) {
      for (let i = 0; i < Tq; i++) {
        let kept = 0, largest = 0;
        for (let j = 0; j < Tv; j++) {
          const keep = (!causal || i >= j) && (!vMask || vMask.data[bi * Tv + j] !== 0);
          const at = (bi * Tq + i) * Tv + j;
          largest = Math.max(largest, Math.abs(out[at]));
          if (keep) kept++;
          else out[at] = config.dtype === 'float32' ? Math.fround(out[at] - 1e9) : out[at] - 1e9;
        }
        // Every key masked: the weights come from the rounding of score − 1e9 (float32's spacing there is 64).
        // With every |score| < 16 each one rounds to −1e9 exactly and the weights are uniform, whatever the
        // last bits of the scores; otherwise they hang on those bits.
        if (kept === 0 && (config.dtype === 'float64' || largest >= 16)) {
          throw new NotReproduced(`${fn}: every key is masked for query ${i} (batch ${bi}) and a score is ${largest >= 16 ? 'large' : 'float64'}; Keras then gives weights that depend on the last bits of score − 1e9, which is not evaluated`);
        }
      }
    }
    scores = { ...scores, data: out };
  }
  const weights = round(softmax(scores, -1), config.dtype);
  reportAttention(ctx, config, { Q, K, V, weights, valueMask: vMask });
  let output = round(matmul(weights, V, 'attention weights', 'value', ctx.limits) as NDArray, config.dtype);
  const qMask = masks[0];
  if (qMask) {
    if (qMask.shape.length !== 2 || qMask.shape[0] !== B || qMask.shape[1] !== Tq) throw new InputError(`${fn}: query_mask has shape ${shapeString(qMask.shape)}, expected (${B}, ${Tq})`);
    const dv = output.shape[2];
    output = { ...output, data: output.data.map((x, at) => (qMask.data[Math.floor(at / dv)] !== 0 ? x : 0)) };
  }
  const all = [q, v, k];
  const out = finish(output, config.dtype, TF, all, false, fn);
  if (b.get('return_attention_scores') !== true) return out;
  return tuple([out, finish(weights, config.dtype, TF, all, false, fn)]);
}

/**
 * The layer's attention for the panel (CallContext.frames): query, key, value and its weights; a value mask as
 * key padding (1 = attend). The `concat` and additive scores, Σ tanh(q + k), are Bahdanau's additive score with
 * W_a = U_a = I and v_a = 1, reported as such so that the engine can reproduce them.
 */
function reportAttention(ctx: CallContext, config: LayerConfig, a: { Q: NDArray; K: NDArray; V: NDArray; weights: NDArray; valueMask: NDArray | undefined }): void {
  if (!ctx.frames) return;
  const d = a.Q.shape[2];
  const eye = new Float64Array(d * d);
  for (let i = 0; i < d; i++) eye[i * d + i] = 1;
  const sumOfTanh = !(config.layer === 'Attention' && config.scoreMode === 'dot');
  ctx.frames.report(`layers.${config.layer}`, [
    ['query', a.Q], ['key', a.K], ['value', a.V],
    ...(a.valueMask ? [['padding_mask', a.valueMask] as const] : []),
    ...(sumOfTanh ? [['W_a', ndarray([d, d], eye)], ['U_a', ndarray([d, d], eye.slice())], ['v_a', ndarray([d], new Float64Array(d).fill(1))]] as const : []),
    ['weights', a.weights],
  ]);
}

/** A float input of a layer: Keras casts float tensors to the layer's dtype; ints are refused. */
function floatInput(x: PyValue, dtype: TensorDtype, ctx: CallContext, what: string): Tensor {
  const t = toTensor(x, TF, ctx.limits, what);
  if (t.info.dtype !== 'float32' && t.info.dtype !== 'float64') throw new NotReproduced(`${what}: a ${t.info.dtype} tensor is not evaluated (Keras's attention layers take float tensors)`);
  if (t.array.shape.length !== 3) throw new NotReproduced(`${what} has shape ${shapeString(t.array.shape)}: Keras's attention layers take (batch_size, T, dim) tensors (Keras 3 raises for other ranks)`);
  return t.info.dtype === dtype ? t : toTensor(x, TF, ctx.limits, what, dtype);
}

/** `mask=[query_mask, value_mask]` as 0/1 arrays (None entries stay undefined). */
function maskList(v: PyValue | undefined, fn: string, ctx: CallContext): (NDArray | undefined)[] {
  if (v == null) return [];
  if (!isList(v) || v.tuple) throw new InputError(`ValueError: ${fn} layer mask must be a list, namely [query_mask, value_mask]`);
  if (v.items.length < 2 || v.items.length > 3) throw new InputError(`${fn} layer accepts mask list of length 2 or 3`);
  return v.items.slice(0, 2).map((m, i) => (m == null ? undefined : toTensor(m, TF, ctx.limits, `${fn} ${i === 0 ? 'query_mask' : 'value_mask'}`).array));
}

function round(a: NDArray, dtype: TensorDtype): NDArray {
  return dtype === 'float32' ? { ...a, data: a.data.map(Math.fround), dtype: 'float64' } : a;
}
