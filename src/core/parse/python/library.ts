/**
 * The library functions a tutorial-style program calls (NumPy, SciPy's softmax, `math`), evaluated with NumPy's
 * semantics; PyTorch's with torch's (torchFunctions.ts, tried first); TensorFlow, Keras and `jax.numpy` with
 * their own dtypes (frameworkCalls.ts). Anything not listed here is "not evaluable":
 * the evaluator skips it and names it when a matrix depends on it. NumPy's array functions are in numpy.ts.
 */
import { bindArgs } from './args';
import { type CallContext, type Impl, NotEvaluable } from './callContext';
import { toNumber } from './convert';
import { callFramework } from './frameworkCalls';
import { JaxNotEvaluable, callJaxRandom } from './jaxCalls';
import { NUMPY } from './numpy';
import { markTensor } from './tensorOrigin';
import { RANDOM_FUNCTIONS } from './randomCalls';
import { TorchNotEvaluable, callTorchRandom, refusal } from './torchCalls';
import { callTorchFunction } from './torchFunctions';
import { TORCH_FINFO } from './torchTypes';
import { constructTorchModule, functionalDropout } from './torchModules';
import type { Kwargs, PyValue } from './values';

export { type CallContext, NotEvaluable } from './callContext';

/** Library prefixes that behave like NumPy's namespace for the functions below. */
const NAMESPACE_ALIASES: readonly [string, string][] = [
  ['jax.numpy.', 'numpy.'],
  ['cupy.', 'numpy.'],
  ['torch.nn.functional.', 'torch.'],
  ['tensorflow.math.', 'tensorflow.'],
  ['tensorflow.linalg.', 'tensorflow.'],
  ['tensorflow.nn.', 'tensorflow.'],
  ['tensorflow.experimental.numpy.', 'numpy.'],
  ['scipy.special.', 'numpy.'],
];

/** The canonical name of a library path: `jax.numpy.array` → `numpy.array`, `torch.nn.functional.softmax` → `torch.softmax`. */
export function canonicalPath(path: string): string {
  for (const [from, to] of NAMESPACE_ALIASES) if (path.startsWith(from)) return to + path.slice(from.length);
  return path;
}

/** Constants the program may read (`np.pi`, `math.sqrt`'s neighbours). `np.newaxis` stays a reference (it is None). */
const CONSTANTS: Readonly<Record<string, number>> = {
  'numpy.pi': Math.PI, 'numpy.e': Math.E, 'numpy.inf': Infinity, 'numpy.nan': NaN,
  'math.pi': Math.PI, 'math.e': Math.E, 'math.inf': Infinity, 'math.nan': NaN, 'math.tau': 2 * Math.PI,
  'torch.pi': Math.PI, 'torch.e': Math.E, 'torch.inf': Infinity, 'torch.nan': NaN, ...TORCH_FINFO,
};

/** The value of a constant such as `np.pi`, if `path` names one. */
export function libraryConstant(path: string): number | undefined {
  const c = canonicalPath(path);
  return Object.prototype.hasOwnProperty.call(CONSTANTS, c) ? CONSTANTS[c] : undefined;
}

const unary = (f: (x: number) => number): Impl => (args, kwargs, ctx, fn) => {
  const x = bindArgs(fn, ['x'], args, kwargs).get('x') as PyValue;
  if (typeof x === 'number' || typeof x === 'boolean') return f(toNumber(x, fn));
  return NUMPY[fn.replace(/^.*\./, '')]?.(args, kwargs, ctx, fn) ?? (() => { throw new NotEvaluable(`${fn}() on arrays is not evaluated`); })();
};

const MATH: Readonly<Record<string, Impl>> = {
  sqrt: unary(Math.sqrt), exp: unary(Math.exp), log: unary(Math.log), tanh: unary(Math.tanh), fabs: unary(Math.abs),
  sin: unary(Math.sin), cos: unary(Math.cos),
  pow: (args, kwargs, _ctx, fn) => { const b = bindArgs(fn, ['x', 'y'], args, kwargs); return Math.pow(toNumber(b.get('x') as PyValue, fn), toNumber(b.get('y') as PyValue, fn)); },
};

const LIBRARIES: readonly [string, Readonly<Record<string, Impl>>][] = [
  ['numpy.random.', RANDOM_FUNCTIONS], ['numpy.', NUMPY], ['math.', MATH],
];

/** Looks up the implementation of a library function by its qualified name. */
export function libraryFunction(path: string): Impl | undefined {
  const c = canonicalPath(path);
  for (const [prefix, table] of LIBRARIES) {
    if (!c.startsWith(prefix)) continue;
    const name = c.slice(prefix.length);
    if (Object.prototype.hasOwnProperty.call(table, name)) return table[name];
  }
  return undefined;
}

/** Calls the library function `path`. @throws NotEvaluable when it is not modelled. */
export function callLibrary(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  try {
    const module = constructTorchModule(canonicalPath(path), args, kwargs, ctx); // nn.Linear, nn.MultiheadAttention… (torchModules.ts)
    if (module !== undefined) return module;
    const dropout = functionalDropout(canonicalPath(path), args, kwargs); // F.dropout(x, training=False): the input itself
    if (dropout !== undefined) return dropout;
    const torch = callTorchRandom(canonicalPath(path), args, kwargs, ctx.random.torch, ctx.limits.maxElements); // torch's generator (torchCalls.ts)
    if (torch !== undefined) return markTensor(torch, true);
    const jax = callJaxRandom(path, args, kwargs, ctx.random, ctx.limits.maxElements); // JAX keys (jaxCalls.ts)
    if (jax !== undefined) return jax;
    const tensor = callTorchFunction(path, args, kwargs, ctx); // tensors with torch's semantics (torchFunctions.ts)
    if (tensor !== undefined) return tensor;
  } catch (e) {
    if (e instanceof TorchNotEvaluable) throw new NotEvaluable(refusal(ctx.random.torch, e).message);
    throw e instanceof JaxNotEvaluable ? new NotEvaluable(e.message) : e;
  }
  const framework = callFramework(path, args, kwargs, ctx); // TensorFlow, Keras, jax.numpy: float32 by default (frameworkCalls.ts)
  if (framework !== undefined) return framework;
  const impl = libraryFunction(path);
  if (!impl) {
    if (/^(torch|tensorflow|jax)\..*rand|^jax\.random/.test(canonicalPath(path))) {
      throw new NotEvaluable(`${path}() uses a random generator that Attention Explorer does not reproduce (only NumPy's are)`);
    }
    throw new NotEvaluable(`${path}() is not supported`);
  }
  const short = canonicalPath(path).replace(/^numpy\./, 'np.');
  refuseIgnoredKeywords(canonicalPath(path), kwargs, short);
  return markTensor(impl(args, kwargs, ctx, short), canonicalPath(path).startsWith('torch.'));
}

/** The NumPy functions whose implementation reads `dtype=` (or refuses it itself): numpy.ts. */
const DTYPE_AWARE = new Set([
  'array', 'asarray', 'asanyarray', 'matrix', 'copy', 'ascontiguousarray', 'zeros', 'ones', 'full', 'empty', 'zeros_like', 'ones_like',
  'full_like', 'empty_like', 'eye', 'identity', 'arange', 'linspace', 'sum', 'prod', 'mean', 'std', 'var', 'cumsum', 'einsum', 'astype',
]);

/**
 * Keywords that change what a NumPy function computes but that its implementation does not read would be
 * ignored silently (arguments are bound leniently, args.ts): `np.concatenate(xs, dtype=np.float32)` and
 * `np.exp(x, dtype=np.float32)` are float32 in NumPy, `np.exp(x, where=m)` leaves entries unset. Refused instead.
 * @throws NotEvaluable naming the function and the keyword
 */
function refuseIgnoredKeywords(path: string, kwargs: Kwargs, short: string): void {
  if (!path.startsWith('numpy.') || path.startsWith('numpy.random.')) return;
  const name = path.slice(6);
  if (kwargs.get('dtype') != null && !DTYPE_AWARE.has(name)) throw new NotEvaluable(`${short}(…, dtype=…) is not evaluated`);
  for (const k of ['where', 'casting', 'signature', 'initial']) {
    if (kwargs.has(k) && !(k === 'where' && kwargs.get(k) === true)) throw new NotEvaluable(`${short}(…, ${k}=…) is not evaluated`);
  }
}
