/**
 * Softmax along an axis, computed stably as SciPy's `scipy.special.softmax` does:
 * `exp(x − max(x, axis, keepdims)) / sum(exp(…), axis, keepdims)`; without an axis, over all entries.
 * The one softmax of the evaluator: NumPy/SciPy, `F.softmax`, SDPA, TensorFlow, JAX, Keras, and PyTorch's
 * modules (`nn.Softmax`, `nn.MultiheadAttention` through core/torch/nnMath.ts `softmaxAlong`). The attention
 * pipeline's `softmaxRows` (core/matrix/ops.ts) is apart: 2-D only, a wasm kernel, and 0 (not NaN) for a row
 * with every key masked, which the pipeline reports in its notes.
 */
import { elementwise } from './broadcast';
import { type NDArray, dtypeOf, ndarray } from './array';
import { reduce } from './reduce';
import { NotReproduced } from './ufunc';

/** Softmax of `a` along `axis` (undefined: all axes). Shape and row labels are kept; the result is float64. */
export function softmax(a: NDArray, axis: number | undefined): NDArray {
  if (dtypeOf(a) === 'float32') throw new NotReproduced('softmax of a float32 array is computed in float32, which is not reproduced');
  const m = reduce(a, axis, true, 'max', 'softmax') as NDArray;
  const e = elementwise(a, m, (x, y) => Math.exp(x - y), 'softmax');
  const s = reduce(e, axis, true, 'sum', 'softmax') as NDArray;
  return ndarray(a.shape, elementwise(e, s, (x, y) => x / y, 'softmax').data, a.rowLabels);
}
