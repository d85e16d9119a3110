import { InputError } from '../errors';
import { fma32, mul32, sqrt32, sub32 } from './float32';
import { threefry2x32 } from './threefry';

/**
 * JAX's default PRNG (`jax.random` with the threefry2x32 implementation and
 * `jax_threefry_partitionable=True`, the default since JAX 0.5), reproduced on the CPU semantics of
 * `jax/_src/prng.py` and `jax/_src/random.py`.
 *
 * - A key is two uint32 words. `PRNGKey(seed)` / `key(seed)`: `[seed >> 32, seed & 0xFFFFFFFF]`
 *   (`threefry_seed`; a seed must fit int32 without x64 and int64 with it).
 * - Element i (C order) of any draw hashes the counter `(i >> 32, i & 0xFFFFFFFF)` under the key
 *   (`iota_2x32_shape`): 32-bit draws are `out0 ^ out1`, 64-bit draws `out0 << 32 | out1`.
 * - `split(key, n)[i]` and `fold_in(key, i)` are both the pair `threefry2x32(key, (0, i))`.
 * - `uniform`: `(bits >> (nbits − nmant)) | bits(1.0)`, as a float in [1, 2), minus 1, times
 *   `(maxval − minval)` plus `minval`, then at least `minval`.
 * - `normal`: `√2 · erfinv(u)` for u uniform in (nextafter(−1, 0), 1) (`_normal_real`), with XLA's
 *   float32 `ErfInv` (Giles' single-precision polynomial, `xla/hlo/builder/lib/math.cc`).
 *
 * Checked against JAX 0.11 on the CPU (test/fixtures/jax_rng.json).
 */

/** A JAX PRNG key: the two uint32 words of `jax.random.key_data(key)`. */
export type JaxKey = readonly [number, number];

export type JaxFloatDtype = 'float32' | 'float64';

/** A draw: `shape` as JAX reports it, values flattened in C order (float32 values exact float32 numbers). */
export interface JaxSample {
  readonly shape: readonly number[];
  readonly dtype: JaxFloatDtype;
  readonly data: Float64Array;
}

const TWO_32 = 4294967296;

/**
 * `jax.random.PRNGKey(seed)` / `jax.random.key(seed)` (`threefry_seed`).
 * @throws InputError for a non-integer seed, or one outside int32 (x64 off) / int64 (x64 on), as JAX
 * raises OverflowError.
 */
export function prngKey(seed: number | bigint, x64: boolean): JaxKey {
  let s: bigint;
  if (typeof seed === 'bigint') s = seed;
  else {
    if (!Number.isInteger(seed)) throw new InputError(`PRNGKey: the seed must be an integer (got ${seed})`);
    s = BigInt(seed);
  }
  const bits = x64 ? 64 : 32;
  const limit = 1n << BigInt(bits - 1);
  if (s < -limit || s >= limit) {
    throw new InputError(`PRNGKey: seed ${s} does not fit in int${bits}${x64 ? '' : ' (jax_enable_x64 is off)'}`);
  }
  // a 32-bit seed shifted right logically by 32 is 0; a 64-bit one gives its high word
  const hi = x64 ? Number(BigInt.asUintN(64, s) >> 32n) : 0;
  const lo = Number(BigInt.asUintN(32, s));
  return [hi, lo];
}

/** `jax.random.split(key, num)`: `num` new keys (`_threefry_split_foldlike`). */
export function split(key: JaxKey, num = 2): JaxKey[] {
  if (!Number.isSafeInteger(num) || num < 0) throw new InputError(`split: num must be a non-negative integer (got ${num})`);
  const out: JaxKey[] = [];
  for (let i = 0; i < num; i++) out.push(counterHash(key, i));
  return out;
}

/**
 * `jax.random.fold_in(key, data)`: `threefry2x32(key, threefry_seed(uint32(data)))`.
 * @throws InputError for a non-integer `data`.
 */
export function foldIn(key: JaxKey, data: number): JaxKey {
  if (!Number.isSafeInteger(data)) throw new InputError(`fold_in: data must be an integer (got ${data})`);
  const d = Number(BigInt.asUintN(32, BigInt(data)));
  return threefry2x32(key[0], key[1], 0, d);
}

/** `threefry2x32(key, (i >> 32, i & 0xFFFFFFFF))`. */
function counterHash(key: JaxKey, i: number): [number, number] {
  return threefry2x32(key[0], key[1], Math.floor(i / TWO_32), i % TWO_32);
}

function count(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new InputError(`shape: dimensions must be non-negative integers (got (${shape.join(', ')}))`);
    n *= d;
  }
  if (n > 2 ** 28) throw new InputError(`shape: too many elements (${n})`);
  return n;
}

/**
 * `jax.random.uniform(key, shape, dtype, minval=0, maxval=1)`. float32 arithmetic for float32 (the
 * default without x64); float64 needs x64 (`dtype` float64 draws 64-bit words).
 */
export function uniform(key: JaxKey, shape: readonly number[], dtype: JaxFloatDtype, minval = 0, maxval = 1): JaxSample {
  const n = count(shape);
  const data = new Float64Array(n);
  if (dtype === 'float32') {
    const lo = Math.fround(minval);
    const hi = Math.fround(maxval);
    const range = sub32(hi, lo);
    for (let i = 0; i < n; i++) {
      const [a, b] = counterHash(key, i);
      const f = ((a ^ b) >>> 9) / 8388608; // the 23 mantissa bits: float in [1, 2) minus 1, exact
      data[i] = Math.max(lo, fma32(f, range, lo));
    }
  } else {
    const range = maxval - minval;
    for (let i = 0; i < n; i++) {
      const [a, b] = counterHash(key, i);
      // (a << 32 | b) >> 12: the top 52 bits, as the mantissa of a float in [1, 2), minus 1 (exact)
      const f = ((a >>> 0) * 2 ** 20 + Math.floor(b / 4096)) / 2 ** 52;
      data[i] = Math.max(minval, f * range + minval);
    }
  }
  return { shape: [...shape], dtype, data };
}

const ERFINV_LT5 = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164,
  0.246640727, 1.50140941,
].map(Math.fround);
const ERFINV_GE5 = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047,
  1.00167406, 2.83297682,
].map(Math.fround);

/**
 * XLA's float32 `ErfInv` (`ErfInv32`, after M. Giles, "Approximating the erfinv function", 2010):
 * `w = −log1p(−x²)`; for w < 5 a degree-8 polynomial in w − 2.5, else in √w − 3; times x; ±1 → ±∞.
 * Input and output float32.
 */
export function erfInv32(x: number): number {
  if (Math.abs(x) === 1) return x * Infinity;
  const w0 = Math.fround(-Math.log1p(-mul32(x, x)));
  const lt = w0 < 5;
  const coeffs = lt ? ERFINV_LT5 : ERFINV_GE5;
  const w = lt ? sub32(w0, 2.5) : sub32(sqrt32(w0), 3);
  let p = coeffs[0];
  for (let i = 1; i < coeffs.length; i++) p = fma32(p, w, coeffs[i]);
  return mul32(p, x);
}

/**
 * `jax.random.normal(key, shape, dtype)`: `√2 · erfinv(u)`, u = uniform(nextafter(−1, 0), 1).
 * float32 only (float64 normals need XLA's double-precision ErfInv, not reproduced).
 * @throws InputError for dtype float64.
 */
export function normal(key: JaxKey, shape: readonly number[], dtype: JaxFloatDtype): JaxSample {
  if (dtype !== 'float32') throw new InputError('jax.random.normal in float64 (jax_enable_x64) is not reproduced yet');
  const lo = Math.fround(-1 + 2 ** -24); // np.nextafter(float32(-1), float32(0))
  const u = uniform(key, shape, 'float32', lo, 1);
  const sqrt2 = Math.fround(Math.SQRT2);
  const data = u.data.map((v) => mul32(sqrt2, erfInv32(v)));
  return { shape: [...shape], dtype, data };
}
