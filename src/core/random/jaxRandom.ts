import { InputError } from '../errors';
import { fma32, mul32, sqrt32, sub32 } from './float32';
import { fma64 } from './fma64';
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
 *   `ErfInv32` / `ErfInv64` (Giles' polynomials, `xla/hlo/builder/lib/math.cc`).
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

/** XLA's `ErfInv64` coefficients (Giles' double-precision erfinv): w < 6.25, w < 16, and beyond. */
const ERFINV64_LT6_25 = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17,
  -1.333171662854620906e-16, 2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14,
  -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
  1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8, 4.2347877827932403518e-7,
  -1.3654692000834678645e-6, -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512,
  -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
const ERFINV64_LT16 = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8,
  1.5027403968909827627e-6, -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5,
  -4.7318229009055733981e-5, 6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
  0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107,
  0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
];
const ERFINV64_GE16 = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9,
  7.6157012080783393804e-9, -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8,
  2.2900482228026654717e-7, -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5,
  7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977,
  4.8499064014085844221,
];

/**
 * XLA's float64 `ErfInv` (`ErfInv64`): `w = −log1p(−x²)`; Horner in `w − 3.125` (w < 6.25, 23 terms),
 * `√w − 3.25` (w < 16, 19 terms) or `√w − 5` (17 terms); times x; ±1 → ±∞. The Horner steps are fused
 * multiply-adds and log1p is V8's (fdlibm): that reproduces all 70 float64 values of the JAX 0.11 fixture,
 * while unfused steps miss 6 of them by 1 ulp. Other inputs may differ from XLA's by an ulp where its
 * log1p rounds differently from fdlibm's.
 */
export function erfInv64(x: number): number {
  if (Math.abs(x) === 1) return x * Infinity;
  const w0 = -Math.log1p(-(x * x));
  const [coeffs, w] = w0 < 6.25 ? [ERFINV64_LT6_25, w0 - 3.125] : w0 < 16 ? [ERFINV64_LT16, Math.sqrt(w0) - 3.25] : [ERFINV64_GE16, Math.sqrt(w0) - 5];
  let p = coeffs[0];
  for (let i = 1; i < coeffs.length; i++) p = fma64(p, w, coeffs[i]); // contracted, as XLA's CPU backend emits it
  return p * x;
}

/**
 * `jax.random.normal(key, shape, dtype)`: `√2 · erfinv(u)`, u = uniform(nextafter(−1, 0), 1), in the
 * dtype's arithmetic (float64 needs jax_enable_x64).
 */
export function normal(key: JaxKey, shape: readonly number[], dtype: JaxFloatDtype): JaxSample {
  if (dtype === 'float64') {
    const u = uniform(key, shape, 'float64', -1 + 2 ** -53, 1);
    return { shape: [...shape], dtype, data: u.data.map((v) => Math.SQRT2 * erfInv64(v)) };
  }
  const lo = Math.fround(-1 + 2 ** -24); // np.nextafter(float32(-1), float32(0))
  const u = uniform(key, shape, 'float32', lo, 1);
  const sqrt2 = Math.fround(Math.SQRT2);
  const data = u.data.map((v) => mul32(sqrt2, erfInv32(v)));
  return { shape: [...shape], dtype, data };
}
