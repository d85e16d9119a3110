import { InputError } from '../errors';
import { log256Lane, sincos256Lane } from './avxMathfun';
import { fma32, mul32, sqrt32, sub32 } from './float32';
import { fma64 } from './fma64';
import { correctlyRoundedLog } from './log';
import { MT19937Stream, type MTSnapshot } from './mt19937';
import { correctlyRoundedSinCos } from './trig';

/**
 * PyTorch's CPU generator (`at::CPUGeneratorImpl`) and the CPU samplers of `torch.randn`, `rand`,
 * `randint`, `normal`, `randperm` and `Tensor.uniform_`/`normal_`, reproduced bit for bit.
 *
 * Sources (pytorch/pytorch): `aten/src/ATen/CPUGeneratorImpl.cpp` (seeding, `random()`, `random64()`,
 * the cached normal), `aten/src/ATen/core/MT19937RNGEngine.h` (MT19937 with `init_genrand`),
 * `aten/src/ATen/core/DistributionsHelper.h` and `TransformationHelper.h` (uniform, integer and
 * Box–Muller transforms), `aten/src/ATen/native/cpu/DistributionTemplates.h` (`normal_fill`,
 * `normal_fill_16_AVX2`, the per-element path), `aten/src/ATen/native/cpu/DistributionKernels.cpp`
 * (normal is never dispatched to AVX-512, so x86-64 CPUs with AVX2 use `normal_fill_AVX2`),
 * `aten/src/ATen/native/TensorFactories.cpp` (`randperm_cpu`).
 *
 * Checked against torch 2.11 (test/fixtures/torch_rng.json): uniforms, integers, float32 normals and the
 * default initialisation of nn.Linear / nn.MultiheadAttention are identical bit for bit; float64 normals
 * are within 2 ulp, identical on 99.85% of the values (see {@link TorchGenerator.normal}).
 */

/** Floating dtypes a torch draw can have here. */
export type TorchFloatDtype = 'float32' | 'float64';
/** Dtypes of the tensors these samplers make (`randint`/`randperm` default to int64). */
export type TorchDtype = TorchFloatDtype | 'int64';

/**
 * A drawn tensor: `shape` as torch reports it, values flattened in C order as doubles (float32 values are
 * exact float32 numbers, int64 values exact integers below 2^53).
 */
export interface TorchSample {
  readonly shape: readonly number[];
  readonly dtype: TorchDtype;
  readonly data: Float64Array;
}

/** torch's default CPU seed before any `manual_seed` (`default_rng_seed_val` in `CPUGeneratorImpl.h`). */
export const TORCH_DEFAULT_SEED = 67280421310721n;

const TWO_32 = 4294967296;
const TWO_24_INV = 1 / 16777216;
const TWO_53_INV = 1 / 9007199254740992;
const TWO_PI = 2 * Math.PI;
const TWO_PI_F32 = Math.fround(TWO_PI);

/** A saved state of {@link TorchGenerator}. */
export interface TorchGeneratorSnapshot {
  readonly mt: MTSnapshot;
  readonly nextDoubleNormal: number | undefined;
}

/**
 * `torch.Generator()` on the CPU / the default generator `torch.manual_seed` seeds.
 * State: the MT19937 engine and the cached second deviate of `normal_distribution<double>`
 * (`next_double_normal_sample_`), which {@link manualSeed} clears.
 */
export class TorchGenerator {
  private readonly stream: MT19937Stream;
  private nextDoubleNormal: number | undefined;

  /** `seed`: as for {@link manualSeed}; omitted: torch's default seed 67280421310721. */
  constructor(seed: number | bigint = TORCH_DEFAULT_SEED) {
    this.stream = new MT19937Stream(seedToUint32(seed));
  }

  /**
   * `torch.manual_seed(seed)` / `Generator.manual_seed(seed)`: the engine becomes `mt19937(seed)`, which
   * keeps the low 32 bits (`init_with_uint32`); negative seeds wrap modulo 2^64 first, as torch's
   * `unpack_uint64` does. Clears the cached normal deviate.
   * @throws InputError if `seed` is not an integer in [−2^63, 2^64 − 1] ("Overflow when unpacking long").
   */
  manualSeed(seed: number | bigint): void {
    this.stream.seed(seedToUint32(seed));
    this.nextDoubleNormal = undefined;
  }

  /** A counter that advances whenever the generator draws or is seeded. */
  get draws(): number {
    return this.stream.draws;
  }

  snapshot(): TorchGeneratorSnapshot {
    return { mt: this.stream.snapshot(), nextDoubleNormal: this.nextDoubleNormal };
  }

  restore(s: TorchGeneratorSnapshot): void {
    this.stream.restore(s.mt);
    this.nextDoubleNormal = s.nextDoubleNormal;
  }

  /** `random()`: the next 32-bit output of the engine, an integer in [0, 2^32 − 1]. */
  random(): number {
    return this.stream.nextUint32();
  }

  /**
   * `random64()`: two outputs `hi`, `lo` as `(hi << 32) | lo` (`make64BitsFrom32Bits`), returned as
   * the pair `[hi, lo]`.
   */
  random64(): [number, number] {
    const hi = this.stream.nextUint32();
    const lo = this.stream.nextUint32();
    return [hi, lo];
  }

  /**
   * One `uniform_real_distribution<float>(from, to)` draw: `x = (random() & (2^24 − 1)) · 2^−24`, then
   * `x · (to − from) + from` in float32 (`transformation::uniform_real`, `dist_acctype<float>` = float),
   * as one fused multiply-add: the kernels are compiled with `-mfma` and contracted (this is what makes
   * `nn.Linear(8, 8)` and `nn.MultiheadAttention(8, 2)` of the fixture match; unfused, half the values
   * differ by 1 ulp). `from`, `to`: float32 values.
   */
  uniformFloat32(from: number, to: number): number {
    const x = (this.random() & 0xffffff) * TWO_24_INV;
    return fma32(x, sub32(to, from), from);
  }

  /**
   * One `uniform_real_distribution<double>(from, to)` draw: the low 53 bits of `random64()` times 2^−53,
   * then `x · (to − from) + from` in double, fused like the float32 case ({@link fma64}).
   */
  uniformFloat64(from: number, to: number): number {
    const [hi, lo] = this.random64();
    const x = ((hi & 0x1fffff) * TWO_32 + lo) * TWO_53_INV;
    return fma64(x, to - from, from);
  }

  /**
   * One `normal_distribution<double>(mean, std)` draw (`DistributionsHelper.h`): a cached deviate if
   * there is one, else Box–Muller on two 53-bit uniforms `u1`, `u2`: `r = √(−2·log1p(−u2))`,
   * `θ = 2π·u1`, cache `r·sin θ`, return `r·cos θ`; then `· std + mean` (fused).
   * `log1p` is V8's (fdlibm, as glibc's), `sin`/`cos` correctly rounded; glibc's (which torch calls)
   * differ from these on ~0.1% / ~0.2% of inputs, so a value can differ from torch's by 1–2 ulp.
   */
  normalDouble(mean: number, std: number): number {
    let ret: number;
    if (this.nextDoubleNormal !== undefined) {
      ret = this.nextDoubleNormal;
      this.nextDoubleNormal = undefined;
    } else {
      const u1 = this.uniformFloat64(0, 1);
      const u2 = this.uniformFloat64(0, 1);
      // V8's Math.log1p is fdlibm's, like glibc's: they agree on all but ~0.08% of inputs (a correctly
      // rounded log1p would differ from glibc's on ~7%)
      const r = Math.sqrt(-2 * Math.log1p(-u2));
      const [sin, cos] = correctlyRoundedSinCos(TWO_PI * u1);
      this.nextDoubleNormal = r * sin;
      ret = r * cos;
    }
    return fma64(ret, std, mean);
  }

  /**
   * `torch.rand(*size, dtype)` / `Tensor.uniform_(from, to)` (`uniform_kernel`): one uniform per element
   * in C order. For float32, `from`/`to` are rounded to float32 first (`static_cast<scalar_t>`).
   * @throws InputError for an invalid shape or `from > to`.
   */
  uniform(shape: readonly number[], dtype: TorchFloatDtype, from = 0, to = 1): TorchSample {
    const n = checkShape(shape);
    if (!(from <= to)) throw new InputError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
    const data = new Float64Array(n);
    if (dtype === 'float32') {
      const f = Math.fround(from);
      const t = Math.fround(to);
      for (let i = 0; i < n; i++) data[i] = this.uniformFloat32(f, t);
    } else {
      for (let i = 0; i < n; i++) data[i] = this.uniformFloat64(from, to);
    }
    return { shape: [...shape], dtype, data };
  }

  /**
   * `torch.randn(*size, dtype)` / `torch.normal(mean, std, size)` / `Tensor.normal_(mean, std)`
   * (`normal_kernel`), for a contiguous tensor:
   * - 16 or more elements: `normal_fill` — one uniform per element, Box–Muller on blocks of 16 (slot j
   *   pairs with j + 8: `u1 = 1 − data[j]`, `u2 = data[j+8]`, cos to j, sin to j + 8); when the count is
   *   not a multiple of 16 the last 16 slots are drawn again and recomputed. float32 uses the AVX2 kernel
   *   (`log256_ps`, `sincos256_ps`, θ = float32(2π)·u2, then `fmadd(n, std, mean)`); float64 the scalar
   *   `normal_fill<double>` (`√(−2·log u1)`, θ = 2π·u2, `r·cos θ·std + mean`).
   * - fewer than 16: `normal_distribution<double>(mean, std)` per element, rounded to the dtype; this
   *   uses and refills the generator's cached deviate (so `randn(3)` then `randn(3)` shares a pair).
   *
   * Exactness: float32 results are torch's bit for bit (all 16,000-odd float32 values of the torch 2.11
   * fixture). float64 results need glibc's log, log1p, sin and cos, which are within about half an ulp
   * but not always correctly rounded; here log, sin and cos are correctly rounded and log1p is fdlibm's
   * (V8's, the same algorithm as glibc's). Measured against glibc on 50,000 inputs each they disagree on
   * 0.07% (log), 0.08% (log1p) and 0.23% (sin/cos) of them, so about 0.15% of float64 normals differ from
   * torch's by 1 or 2 ulp (relative difference < 5·10^−16); the rest are identical.
   * @throws InputError for an invalid shape or a negative std.
   */
  normal(shape: readonly number[], dtype: TorchFloatDtype, mean = 0, std = 1): TorchSample {
    const n = checkShape(shape);
    if (!(std >= 0)) throw new InputError(`normal expects std >= 0.0, but found std ${std}`);
    const data = new Float64Array(n);
    if (n >= 16) {
      if (dtype === 'float32') this.normalFillFloat32(data, Math.fround(mean), Math.fround(std));
      else this.normalFillFloat64(data, mean, std);
    } else {
      for (let i = 0; i < n; i++) {
        const v = this.normalDouble(mean, std);
        data[i] = dtype === 'float32' ? Math.fround(v) : v;
      }
    }
    return { shape: [...shape], dtype, data };
  }

  /**
   * `torch.randint(low, high, size)` (`random_from_to_kernel`): `range = high − low`; each element is
   * `random() % range + low`, or `random64() % range + low` when `range ≥ 2^32`. dtype int64.
   * @throws InputError unless `low < high` are safe integers, or for an invalid shape.
   */
  randint(low: number, high: number, shape: readonly number[]): TorchSample {
    const n = checkShape(shape);
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new InputError(`randint: low and high must be integers (got ${low}, ${high})`);
    }
    if (!(low < high)) throw new InputError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
    const range = high - low;
    const data = new Float64Array(n);
    if (range < TWO_32) {
      for (let i = 0; i < n; i++) data[i] = (this.random() % range) + low;
    } else {
      const r = BigInt(range);
      for (let i = 0; i < n; i++) {
        const [hi, lo] = this.random64();
        data[i] = Number(((BigInt(hi) << 32n) | BigInt(lo)) % r) + low;
      }
    }
    return { shape: [...shape], dtype: 'int64', data };
  }

  /**
   * `torch.randperm(n)` (`randperm_cpu`, the path for n < (2^32 − 1)/20): start from 0…n−1, and for
   * i = 0 … n−2 swap slot i with slot `i + random() % (n − i)`. dtype int64.
   * @throws InputError unless n is an integer in [0, (2^32 − 1)/20).
   */
  randperm(n: number): TorchSample {
    if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`randperm: n must be a non-negative integer (got ${n})`);
    if (n >= Math.floor(0xffffffff / 20)) throw new InputError(`randperm: n = ${n} is too large to reproduce (torch switches algorithm)`);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = this.random() % (n - i);
      const sav = data[i];
      data[i] = data[z + i];
      data[z + i] = sav;
    }
    return { shape: [n], dtype: 'int64', data };
  }

  /** `normal_fill_AVX2` (float32, n ≥ 16). `mean`, `std`: float32 values. */
  private normalFillFloat32(data: Float64Array, mean: number, std: number): void {
    const n = data.length;
    for (let i = 0; i < n; i++) data[i] = this.uniformFloat32(0, 1);
    for (let i = 0; i + 16 <= n; i += 16) normalFill16Avx2(data, i, mean, std);
    if (n % 16 !== 0) {
      const start = n - 16;
      for (let i = 0; i < 16; i++) data[start + i] = this.uniformFloat32(0, 1);
      normalFill16Avx2(data, start, mean, std);
    }
  }

  /** `normal_fill<double>` (float64, n ≥ 16). */
  private normalFillFloat64(data: Float64Array, mean: number, std: number): void {
    const n = data.length;
    for (let i = 0; i < n; i++) data[i] = this.uniformFloat64(0, 1);
    for (let i = 0; i + 16 <= n; i += 16) normalFill16Double(data, i, mean, std);
    if (n % 16 !== 0) {
      const start = n - 16;
      for (let i = 0; i < 16; i++) data[start + i] = this.uniformFloat64(0, 1);
      normalFill16Double(data, start, mean, std);
    }
  }
}

/** `normal_fill_16_AVX2` on `data[at … at+15]` (float32 uniforms in [0, 1)). */
function normalFill16Avx2(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = sub32(1, data[at + j]);
    const u2 = data[at + j + 8];
    const radius = sqrt32(mul32(-2, log256Lane(u1)));
    const theta = mul32(TWO_PI_F32, u2);
    const [sin, cos] = sincos256Lane(theta);
    data[at + j] = fma32(mul32(radius, cos), std, mean);
    data[at + j + 8] = fma32(mul32(radius, sin), std, mean);
  }
}

/** `normal_fill_16<double>` on `data[at … at+15]` (53-bit uniforms in [0, 1)). */
function normalFill16Double(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[at + j];
    const u2 = data[at + j + 8];
    const radius = Math.sqrt(-2 * correctlyRoundedLog(u1));
    const [sin, cos] = correctlyRoundedSinCos(TWO_PI * u2);
    data[at + j] = fma64(radius * cos, std, mean);
    data[at + j + 8] = fma64(radius * sin, std, mean);
  }
}

/** Number of elements of a torch size, checking each dimension. */
function checkShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new InputError(`size: dimensions must be non-negative integers (got ${d} in (${shape.join(', ')}))`);
    }
    n *= d;
  }
  if (n > 2 ** 28) throw new InputError(`size: too many elements (${n}) in (${shape.join(', ')})`);
  return n;
}

/**
 * The 32-bit word `mt19937(seed)` starts from: `seed` modulo 2^64 (negative seeds wrap, as torch's
 * `unpack_uint64`), then its low 32 bits (`init_with_uint32`).
 * @throws InputError outside [−2^63, 2^64 − 1] or for a non-integer.
 */
export function seedToUint32(seed: number | bigint): number {
  let s: bigint;
  if (typeof seed === 'bigint') s = seed;
  else {
    if (!Number.isInteger(seed)) throw new InputError(`manual_seed: the seed must be an integer (got ${seed})`);
    s = BigInt(seed);
  }
  if (s < -(2n ** 63n) || s >= 2n ** 64n) throw new InputError(`manual_seed: Overflow when unpacking long (seed ${s})`);
  return Number(BigInt.asUintN(32, s));
}
