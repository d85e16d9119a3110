import { InputError } from '../errors';
import { mask32, shuffledOrder } from './bounded';
import { correctlyRoundedLog } from './log';
import { MAX_SEED, MT19937Stream, type MTSnapshot, sameMTState } from './mt19937';

/**
 * A sample in NumPy's layout: `shape` as NumPy reports it and the values flattened in C (row-major) order.
 * A scalar draw (no `size`) has `shape: []` and exactly one value. Integers are exact (all are safe integers).
 */
export interface RandomArray {
  shape: number[];
  data: Float64Array;
}

/** A NumPy `size` argument: a length (`n` → shape `[n]`) or a shape; omitted means a scalar. */
export type Size = number | readonly number[];

const TWO_32 = 4294967296;

/**
 * NumPy's legacy generator, `np.random.RandomState` (what `np.random.seed(n)` and the module-level
 * `np.random.*` functions use), reproduced bit for bit: MT19937 seeded with `init_genrand`, and the
 * samplers of `numpy/random/mtrand.pyx` with the algorithms of `distributions.c` / `legacy-distributions.c`.
 *
 * State: the MT19937 stream plus the cached second normal deviate of the polar method
 * (`has_gauss` / `gauss` in `aug_bitgen_t`), which {@link seed} clears as NumPy does.
 *
 * Every sampler takes an optional `size` and returns a {@link RandomArray}; invalid arguments throw
 * {@link InputError}.
 */
/** A saved state of {@link NumpyRandomState}. */
export interface RandomSnapshot {
  readonly mt: MTSnapshot;
  readonly hasGauss: boolean;
  readonly gauss: number;
}

/** True when two snapshots would produce the same draws. */
export function sameRandomState(a: RandomSnapshot, b: RandomSnapshot): boolean {
  return a.hasGauss === b.hasGauss && (!a.hasGauss || Object.is(a.gauss, b.gauss)) && sameMTState(a.mt, b.mt);
}

export class NumpyRandomState {
  private readonly stream: MT19937Stream;
  private hasGauss = false;
  /** Normal deviates served from the cache (they change the state without drawing from the stream). */
  private cachedUses = 0;
  private gauss = 0;

  /**
   * `seed`: as for {@link seed}. Omitted: a random 32-bit seed (NumPy seeds from OS entropy instead,
   * so unseeded streams are not comparable anyway).
   * @throws InputError for an invalid seed.
   */
  constructor(seed?: number) {
    const s = seed ?? Math.floor(Math.random() * TWO_32);
    checkSeed(s);
    this.stream = new MT19937Stream(s);
  }

  /** A counter that advances whenever the generator draws, is seeded or is restored. */
  get draws(): number {
    return this.stream.draws + this.cachedUses;
  }

  /** The whole state (stream and cached normal deviate), to resume from later with {@link restore}. */
  snapshot(): RandomSnapshot {
    return { mt: this.stream.snapshot(), hasGauss: this.hasGauss, gauss: this.gauss };
  }

  restore(s: RandomSnapshot): void {
    this.stream.restore(s.mt);
    this.hasGauss = s.hasGauss;
    this.gauss = s.gauss;
  }

  /**
   * Re-seeds like `RandomState.seed(n)` / `np.random.seed(n)` for an integer `n`: `init_genrand(n)`
   * (`_legacy_seeding` → `mt19937_seed`), and forgets any cached normal deviate.
   * @throws InputError unless `n` is an integer in [0, 2^32 − 1].
   */
  seed(n: number): void {
    checkSeed(n);
    this.stream.seed(n);
    this.hasGauss = false;
    this.gauss = 0;
  }

  /**
   * `randint(low, high=None, size=None)` with the default dtype (int64): integers in [low, high),
   * or in [0, low) when `high` is omitted. As `_rand_int64` → `random_bounded_uint64_fill` with masking:
   * with `rng = high − low − 1`, a range of one value draws nothing; `rng < 2^32` takes 32-bit outputs
   * ANDed with the smallest all-ones mask ≥ rng, rejecting results > rng; wider ranges do the same on
   * 64-bit words (`(next32 << 32) | next32`).
   * @throws InputError if `low`/`high` are not safe integers, `high <= low`, `high − low > 2^53 − 1`, or `size` is invalid.
   */
  randint(low: number, high?: number, size?: Size): RandomArray {
    let lo = low;
    let hi = high;
    if (hi === undefined) {
      hi = lo;
      lo = 0;
    }
    if (!Number.isSafeInteger(lo)) throw new InputError(`randint: low must be an integer (got ${lo})`);
    if (!Number.isSafeInteger(hi)) throw new InputError(`randint: high must be an integer (got ${hi})`);
    if (hi <= lo) throw new InputError(`randint: low (${lo}) must be less than high (${hi})`);
    if (hi - lo > Number.MAX_SAFE_INTEGER) {
      throw new InputError(`randint: the range high − low (${lo} to ${hi}) must be at most 2^53 − 1`);
    }
    const rng = hi - lo - 1;
    const offset = lo;
    return fillDraws(size, () => offset + this.boundedMasked(rng));
  }

  /**
   * `random_sample(size=None)`: doubles in [0, 1) with 53 random bits (`random_standard_uniform_fill`):
   * from two 32-bit outputs, `((a >>> 5) · 2^26 + (b >>> 6)) / 2^53`.
   * @throws InputError for an invalid `size`.
   */
  random_sample(size?: Size): RandomArray {
    return fillDraws(size, () => this.stream.nextDouble());
  }

  /** `random(size=None)`: alias of {@link random_sample}. */
  random(size?: Size): RandomArray {
    return this.random_sample(size);
  }

  /**
   * `rand(d0, d1, …)`: {@link random_sample} with shape `dims`; no dims gives a scalar.
   * @throws InputError for a negative or non-integer dimension.
   */
  rand(...dims: number[]): RandomArray {
    return this.random_sample(dims.length === 0 ? undefined : dims);
  }

  /**
   * `standard_normal(size=None)`: standard normal deviates by the legacy polar Box–Muller method
   * (`legacy_gauss`): pairs are drawn, one value returned and the other cached for the next call.
   * @throws InputError for an invalid `size`.
   */
  standard_normal(size?: Size): RandomArray {
    return fillDraws(size, () => this.legacyGauss());
  }

  /**
   * `randn(d0, d1, …)`: {@link standard_normal} with shape `dims`; no dims gives a scalar.
   * @throws InputError for a negative or non-integer dimension.
   */
  randn(...dims: number[]): RandomArray {
    return this.standard_normal(dims.length === 0 ? undefined : dims);
  }

  /**
   * `normal(loc=0.0, scale=1.0, size=None)`: `loc + scale · legacy_gauss()` (`legacy_normal`).
   * @throws InputError if `scale` is negative (NumPy's `CONS_NON_NEGATIVE`, which also rejects −0) or `size` is invalid.
   */
  normal(loc = 0, scale = 1, size?: Size): RandomArray {
    if (scale < 0 || Object.is(scale, -0)) throw new InputError(`normal: scale must be non-negative (got ${scale})`);
    return fillDraws(size, () => loc + scale * this.legacyGauss());
  }

  /**
   * `uniform(low=0.0, high=1.0, size=None)`: `low + (high − low) · next_double()` (`random_uniform`);
   * `high < low` is allowed, as in NumPy.
   * @throws InputError if `high − low` is not finite (NumPy's OverflowError) or `size` is invalid.
   */
  uniform(low = 0, high = 1, size?: Size): RandomArray {
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new InputError(`uniform: high − low must be finite (low ${low}, high ${high})`);
    }
    return fillDraws(size, () => low + range * this.stream.nextDouble());
  }

  /**
   * The row order `shuffle` gives an array of `n` rows (`RandomState.shuffle`): swaps `i ↔ random_interval(i)`
   * for i = n−1 … 1, masked rejection on 32-bit outputs. `result[k] = x[order[k]]`.
   */
  shuffleOrder(n: number): Float64Array {
    const src = { next32: (): number => this.stream.nextUint32(), next64Big: (): bigint => (BigInt(this.stream.nextUint32()) << 32n) | BigInt(this.stream.nextUint32()) };
    return shuffledOrder(src, n);
  }

  /** `permutation(n)` for an int: `arange(n)` shuffled. @throws InputError for a negative n. */
  permutation(n: number): RandomArray {
    if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`permutation: expected a non-negative integer (got ${n})`);
    return { shape: [n], data: this.shuffleOrder(n) };
  }

  /**
   * `choice(a, size=None, replace=True)` (no `p`) for a population of `n` items: the chosen indices, shape `size`.
   * With replacement `randint(0, n, size)`; without, `permutation(n)[:count]`.
   * @throws InputError for an empty population with a non-empty size, or too large a sample without replacement.
   */
  choice(n: number, size?: Size, replace = true): RandomArray {
    const shape = toShape(size);
    const count = shape.reduce((a, b) => a * b, 1);
    if (n <= 0 && count !== 0) throw new InputError(n === 0 ? "choice: 'a' cannot be empty unless no samples are taken" : "choice: 'a' must be greater than 0 unless no samples are taken");
    if (replace) return this.randint(0, n, shape);
    if (count > n) throw new InputError(`choice: cannot take a larger sample (${count}) than the population (${n}) when 'replace=False'`);
    return { shape, data: this.shuffleOrder(n).slice(0, count) };
  }

  /** `legacy_gauss` from `legacy-distributions.c`. */
  private legacyGauss(): number {
    if (this.hasGauss) {
      this.cachedUses++;
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.stream.nextDouble() - 1.0;
      x2 = 2.0 * this.stream.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * correctlyRoundedLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** A value in [0, rng] by masked rejection (`buffered_bounded_masked_uint32` / `bounded_masked_uint64`). */
  private boundedMasked(rng: number): number {
    if (rng === 0) return 0;
    if (rng < TWO_32) {
      const mask = mask32(rng);
      let v: number;
      do v = (this.stream.nextUint32() & mask) >>> 0;
      while (v > rng);
      return v;
    }
    // rng < 2^53: the mask's low word is all ones; its high word has at most 21 bits.
    const maskHigh = mask32(Math.floor(rng / TWO_32));
    let v: number;
    do {
      const high = (this.stream.nextUint32() & maskHigh) >>> 0;
      v = high * TWO_32 + this.stream.nextUint32();
    } while (v > rng);
    return v;
  }
}

function checkSeed(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SEED) {
    throw new InputError(`seed: must be an integer between 0 and 2**32 - 1 (got ${n})`);
  }
}

/**
 * An array of `size` filled by calling `draw` once per entry in C order (NumPy's fill loops); no draws at all
 * when the size has a zero dimension. @throws InputError for a size NumPy rejects (see toShape).
 */
export function fillDraws(size: Size | undefined, draw: () => number): RandomArray {
  const shape = toShape(size);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = draw();
  return { shape, data };
}

/** A NumPy `size` as a shape (`undefined` → `[]`, a scalar). @throws InputError for a negative, non-integer or too large size. */
export function toShape(size: Size | undefined): number[] {
  if (size === undefined) return [];
  const shape = typeof size === 'number' ? [size] : [...size];
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new InputError(`size: dimensions must be non-negative integers (got ${d} in [${shape.join(', ')}])`);
    }
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > 2 ** 32) throw new InputError(`size: too many values (${count}) in shape [${shape.join(', ')}]`);
  return shape;
}
