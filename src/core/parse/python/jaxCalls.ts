/**
 * JAX's random functions in user programs: `jax.random.PRNGKey(n)` / `jax.random.key(n)`, `split`,
 * `fold_in`, `key_data`, `uniform` and `normal` (threefry2x32, bit for bit: src/core/random/jaxRandom.ts),
 * and `jax.config.update("jax_enable_x64", …)`, which decides the default dtype and how seeds are read.
 *
 * A key is shown as its two uint32 words (`jax.random.key_data`), shape (2,); `split(key, n)` gives (n, 2),
 * whose rows unpack into keys (`key, subkey = jax.random.split(key)`). Keys carry no hidden state, so the
 * only program state is the x64 flag (RandomWorld.jaxX64, saved with the other generators).
 *
 * Draws of any shape are JAX arrays of their dtype (frameworkTensor.ts), so that later `jnp` operations and
 * operators on them follow JAX's float32 rules.
 *
 * Refused with the reason: `randint` and the other samplers (not reproduced), keys that are not two uint32 words.
 */
import { InputError } from '../../errors';
import { type NDArray, isNDArray, ndarray, shapeString } from '../../ndarray/ndarray';
import { type JaxFloatDtype, type JaxKey, foldIn, normal, prngKey, split, uniform } from '../../random/jaxRandom';
import { bindArgs } from './args';
import { tag } from './frameworkTensor';
import { toInt, toNumber, toShape } from './convert';
import { type Kwargs, type PyValue, isRef } from './values';

/** Thrown for a call that is understood but cannot be shown (the caller turns it into its NotEvaluable). */
export class JaxNotEvaluable extends Error {
  override readonly name = 'JaxNotEvaluable';
}

/** The program state JAX calls read and write. */
export interface JaxState {
  /** `jax_enable_x64` (false unless the program turns it on; JAX_ENABLE_X64 in the environment is not seen). */
  readonly jaxX64: boolean;
  setJaxX64(on: boolean): void;
}

/** How each array this module made was obtained (for hovers and the CLI). */
const ORIGINS = new WeakMap<NDArray, string>();

/** The origin text of an array made by a JAX random call, if `a` is one. */
export function jaxOrigin(a: PyValue): string | undefined {
  return isNDArray(a) ? ORIGINS.get(a) : undefined;
}

const SAMPLERS = /^jax\.random\.(?!PRNGKey$|key$|split$|fold_in$|key_data$|wrap_key_data$|normal$|uniform$)\w+$/;

/**
 * Evaluates `path` if it is one of JAX's random functions or `jax.config.update`; undefined otherwise.
 * @throws InputError for invalid arguments, JaxNotEvaluable for what cannot be shown.
 */
export function callJaxRandom(path: string, args: readonly PyValue[], kwargs: Kwargs, state: JaxState, maxElements = Infinity): PyValue | undefined {
  if (path === 'jax.config.update' || path === 'jax.config.config.update') {
    const b = bindArgs(path, ['name', 'val'], args, kwargs);
    if (b.get('name') === 'jax_enable_x64') {
      const v = b.get('val');
      if (typeof v !== 'boolean' && typeof v !== 'number') throw new JaxNotEvaluable(`${path}("jax_enable_x64", …): the value is not known here`);
      state.setJaxX64(Boolean(v));
      return null;
    }
    return undefined;
  }
  if (!path.startsWith('jax.random.')) return undefined;
  const name = path.slice('jax.random.'.length);
  const x64 = state.jaxX64;
  switch (name) {
    case 'PRNGKey': case 'key': {
      const s = bindArgs(path, ['seed'], args, kwargs).get('seed') as PyValue;
      return keyArray(prngKey(toInt(s, `${path} seed`), x64), `jax.random.${name}(${toInt(s, 'seed')})`);
    }
    case 'key_data': case 'wrap_key_data':
      return keyArray(keyOf(bindArgs(path, ['keys'], args, kwargs).get('keys') as PyValue, path), `${path}(…)`);
    case 'split': {
      const b = bindArgs(path, ['key', 'num?'], args, kwargs);
      const num = b.get('num') == null ? 2 : toInt(b.get('num') as PyValue, `${path} num`);
      if (2 * num > maxElements) throw new InputError(`${path}: ${num} keys is more than the limit of ${maxElements} elements`);
      const keys = split(keyOf(b.get('key') as PyValue, path), num);
      const out = ndarray([num, 2], Float64Array.from(keys.flat()));
      ORIGINS.set(out, `jax.random.split: ${num} keys (uint32 words, threefry2x32)`);
      return out;
    }
    case 'fold_in': {
      const b = bindArgs(path, ['key', 'data'], args, kwargs);
      return keyArray(foldIn(keyOf(b.get('key') as PyValue, path), toInt(b.get('data') as PyValue, `${path} data`)), `${path}(…)`);
    }
    case 'normal': case 'uniform': {
      const b = bindArgs(path, name === 'normal' ? ['key', 'shape?', 'dtype?'] : ['key', 'shape?', 'dtype?', 'minval?', 'maxval?'], args, kwargs);
      const key = keyOf(b.get('key') as PyValue, path);
      const shapeArg = b.get('shape');
      const shape = shapeArg == null ? [] : toShape(shapeArg, `${path} shape`);
      const dtype = dtypeOf(b.get('dtype'), x64, path);
      const count = shape.reduce((a, c) => a * c, 1);
      if (count > maxElements) throw new InputError(`${path}: ${count} values is more than the limit of ${maxElements} elements`);
      const sample = name === 'normal'
        ? normal(key, shape, dtype)
        : uniform(key, shape, dtype, toNumber(b.get('minval') ?? 0, `${path} minval`), toNumber(b.get('maxval') ?? 1, `${path} maxval`));
      const out = tag(ndarray(shape, sample.data, undefined, dtype), { framework: 'jax', dtype, rounded: false, x64 });
      ORIGINS.set(out, `jax.random.${name} (${dtype}${x64 ? ', jax_enable_x64' : ''}) from a threefry2x32 key`);
      return out;
    }
    default:
      if (SAMPLERS.test(path)) throw new JaxNotEvaluable(`${path}() is not reproduced (jax.random's PRNGKey, key, split, fold_in, uniform and normal are)`);
      return undefined;
  }
}

function keyArray(k: JaxKey, origin: string): NDArray {
  const out = ndarray([2], Float64Array.from(k));
  ORIGINS.set(out, `${origin}: key data (two uint32 words)`);
  return out;
}

/** A key from a value: two uint32 words, shape (2,) (or (1, 2), a row of a split). */
function keyOf(v: PyValue, fn: string): JaxKey {
  if (!isNDArray(v) || v.data.length !== 2 || !(v.shape.length === 1 || (v.shape.length === 2 && v.shape[0] === 1))) {
    throw new InputError(`${fn}(): the key must be a PRNG key (two uint32 words), got ${isNDArray(v) ? `shape ${shapeString(v.shape)}` : typeof v}`);
  }
  const [a, b] = v.data;
  if (![a, b].every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) throw new InputError(`${fn}(): the key words must be uint32 values, got [${a}, ${b}]`);
  return [a, b];
}

function dtypeOf(v: PyValue | undefined, x64: boolean, fn: string): JaxFloatDtype {
  if (v == null) return x64 ? 'float64' : 'float32';
  const name = isRef(v) ? v.path.split('.').pop() ?? '' : typeof v === 'string' ? v : '';
  if (name === 'float32') return 'float32';
  if (name === 'float64' || name === 'float' || name === 'double') return x64 ? 'float64' : 'float32'; // truncated without x64, as JAX warns
  throw new JaxNotEvaluable(`${fn}(dtype=${name || '?'}) is not reproduced (float32 and float64 are)`);
}
