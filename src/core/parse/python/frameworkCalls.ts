/**
 * Where a TensorFlow, Keras or `jax.numpy` call goes (tfCalls.ts, kerasLayers.ts, jaxNumpy.ts). These libraries
 * compute in float32 by default, so their calls never fall back to NumPy's float64 functions: what is not
 * modelled is refused with its name.
 */
import type { CallContext } from './callContext';
import { callJaxNumpy, isJaxNumpyPath } from './jaxNumpy';
import { callKeras, kerasPath } from './kerasLayers';
import { callTensorflow, isTensorflowPath } from './tfCalls';
import type { Kwargs, PyValue } from './values';

/**
 * Calls `path` if it is a TensorFlow, Keras or `jax.numpy`/`jax.nn` path; undefined for any other path.
 * @throws InputError where the library raises; NotReproduced (NotEvaluable) for what is not modelled.
 */
export function callFramework(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | undefined {
  const keras = kerasPath(path);
  if (keras) return callKeras(keras, args, kwargs, ctx);
  if (isTensorflowPath(path)) return callTensorflow(path, args, kwargs, ctx);
  if (isJaxNumpyPath(path)) return callJaxNumpy(path, args, kwargs, ctx);
  return undefined;
}
