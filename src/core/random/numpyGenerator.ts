/**
 * NumPy's modern generator, `np.random.Generator` on PCG64 (what `np.random.default_rng(seed)` returns),
 * reproduced bit for bit: the samplers of `numpy/random/_generator.pyx` with the algorithms of
 * `distributions.c` (ziggurat normals, Lemire bounded integers, masked-rejection shuffles).
 *
 * Every sampler returns a {@link RandomArray} (NumPy's shape and the values in C order) for any number of
 * dimensions; a scalar draw (no `size`) has shape `[]`. Invalid arguments throw {@link InputError} before
 * anything is drawn, as NumPy raises before drawing. Integers beyond 2^53 are drawn (the state advances as in
 * NumPy) and then refused with {@link UnrepresentableDraw}.
 */
import { InputError } from '../errors';
import { boundedLemire, lemire32, shuffledOrder } from './bounded';
import { type RandomArray, type Size, fillDraws, toShape } from './numpyLegacy';
import { PCG64, type PCG64Snapshot } from './pcg64';
import type { SeedEntropy } from './seedSequence';
import { standardNormal } from './ziggurat';

/** Thrown after a draw whose values cannot be held exactly in a double (integers beyond 2^53): the generator has advanced. */
export class UnrepresentableDraw extends Error {
  override readonly name = 'UnrepresentableDraw';
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

export class NumpyGenerator {
  readonly bit: PCG64;

  /** `Generator(PCG64(seed))` = `default_rng(seed)`. @throws InputError for a negative or non-integer seed. */
  constructor(seed: SeedEntropy) {
    this.bit = new PCG64(seed);
  }

  /** Advances whenever the generator draws or is restored. */
  get draws(): number {
    return this.bit.steps;
  }

  snapshot(): PCG64Snapshot {
    return this.bit.snapshot();
  }

  restore(s: PCG64Snapshot): void {
    this.bit.restore(s);
  }

  /** `random(size=None)`: doubles in [0, 1), `(next64 >> 11) · 2^-53`. */
  random(size?: Size): RandomArray {
    return fillDraws(size, () => this.bit.nextDouble());
  }

  /** `standard_normal(size=None)`: the ziggurat of {@link standardNormal}. */
  standard_normal(size?: Size): RandomArray {
    return fillDraws(size, () => standardNormal(this.bit));
  }

  /**
   * `normal(loc=0.0, scale=1.0, size=None)`: `loc + scale · standard_normal` (`random_normal`).
   * @throws InputError if `scale` < 0 (NumPy's ValueError "scale < 0").
   */
  normal(loc = 0, scale = 1, size?: Size): RandomArray {
    if (scale < 0 || Object.is(scale, -0) || Number.isNaN(scale)) throw new InputError(`normal: scale must be non-negative (got ${scale}; NumPy raises ValueError)`);
    return fillDraws(size, () => loc + scale * standardNormal(this.bit));
  }

  /**
   * `uniform(low=0.0, high=1.0, size=None)`: `low + (high − low) · next_double` (`random_uniform`).
   * @throws InputError if `high − low` is not finite (OverflowError) or negative (ValueError, unlike the legacy API).
   */
  uniform(low = 0, high = 1, size?: Size): RandomArray {
    const range = high - low;
    if (!Number.isFinite(range)) throw new InputError(`uniform: high - low range exceeds valid bounds (low ${low}, high ${high}; NumPy raises OverflowError)`);
    if (range < 0) throw new InputError(`uniform: high - low < 0 (low ${low}, high ${high}; NumPy raises ValueError)`);
    return fillDraws(size, () => low + range * this.bit.nextDouble());
  }

  /**
   * `integers(low, high=None, size=None, dtype=np.int64, endpoint=False)`: integers in [low, high) (or
   * [low, high] with `endpoint`), by Lemire's method: ranges below 2^32 on buffered 32-bit draws, wider ones on
   * 64-bit draws (`_rand_int64` → `random_bounded_uint64_fill`). No draw for an empty size or a one-value range.
   * @throws InputError for bounds outside int64 or an empty range; UnrepresentableDraw (after drawing) for values beyond 2^53.
   */
  integers(low: number | bigint, high?: number | bigint, size?: Size, endpoint = false): RandomArray {
    let lo = toBig(low, 'low');
    let hi = high === undefined ? undefined : toBig(high, 'high');
    if (hi === undefined) {
      hi = lo;
      lo = 0n;
    }
    const closedHigh = endpoint ? hi : hi - 1n;
    if (lo < INT64_MIN) throw new InputError('integers: low is out of bounds for int64');
    if (closedHigh > INT64_MAX) throw new InputError('integers: high is out of bounds for int64');
    if (lo > closedHigh) throw new InputError(endpoint ? `integers: low > high (${lo} > ${hi})` : `integers: low >= high (${lo} >= ${hi})`);
    const rng = closedHigh - lo;
    const shape = toShape(size);
    const count = shape.reduce((a, b) => a * b, 1);
    if (rng < 0xffffffffn && rng > 0n && lo >= -(2n ** 52n) && lo <= 2n ** 52n) {
      // The common case, in number arithmetic: a 32-bit range and results that are safe integers.
      const r = Number(rng), base = Number(lo);
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = base + lemire32(this.bit, r);
      return { shape, data };
    }
    const values = new Array<bigint>(count);
    for (let i = 0; i < count; i++) values[i] = lo + boundedLemire(this.bit, rng);
    return toNumbers(shape, values, 'integers');
  }

  /**
   * `choice(a, size=None, replace=True, p=None, shuffle=True)` for a population of `populationSize` items
   * (`a` an int, or the length of `a` along axis 0): the chosen indices, shape `size`. With replacement:
   * `integers(0, n, size)`. Without: Floyd's algorithm on Lemire draws then a Lemire shuffle, or for large
   * samples of a population above 10,000 a partial shuffle of `arange(n)`.
   * @throws InputError for an empty population with a non-empty size, or a sample larger than the population without replacement.
   */
  choice(populationSize: number, size?: Size, replace = true, shuffle = true): RandomArray {
    const shape = toShape(size);
    const count = shape.reduce((a, b) => a * b, 1);
    const n = populationSize;
    if (n <= 0 && count !== 0) throw new InputError(n === 0 ? 'choice: a cannot be empty unless no samples are taken' : 'choice: a must be a positive integer unless no samples are taken');
    if (replace) return this.integers(0, n, shape);
    if (count > n) throw new InputError(`choice: cannot take a larger sample (${count}) than the population (${n}) when replace is False`);
    const idx = new Float64Array(count);
    const cutoff = shuffle ? 50 : 20;
    if (n > 10000 && count > Math.floor(n / cutoff)) {
      const all = Float64Array.from({ length: n }, (_, i) => i);
      shuffleLemire(this.bit, all, n, Math.max(n - count, 1));
      idx.set(all.subarray(n - count));
    } else {
      const seen = new Set<number>();
      for (let j = n - count; j < n; j++) {
        const val = Number(boundedLemire(this.bit, BigInt(j)));
        const pick = seen.has(val) ? j : val;
        seen.add(pick);
        idx[j - n + count] = pick;
      }
      if (shuffle) shuffleLemire(this.bit, idx, count, 1);
    }
    return { shape, data: idx };
  }

  /**
   * The row order `shuffle` gives an array of `n` rows along axis 0: swaps `i ↔ random_interval(i)` for
   * i = n−1 … 1. `result[k] = x[order[k]]`. `permutation(n)` is this order itself.
   */
  shuffleOrder(n: number): Float64Array {
    return shuffledOrder(this.bit, n);
  }

  /** `permutation(n)` for an int: `arange(n)` shuffled. @throws InputError for a negative n. */
  permutation(n: number): RandomArray {
    if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`permutation: expected a non-negative integer (got ${n})`);
    return { shape: [n], data: this.shuffleOrder(n) };
  }
}

/** `_shuffle_int(n, first, data)`: swaps `i ↔ random_bounded_uint64(0, i)` (Lemire) for i = n−1 … first. */
function shuffleLemire(bit: PCG64, data: Float64Array, n: number, first: number): void {
  for (let i = n - 1; i >= first; i--) {
    const j = Number(boundedLemire(bit, BigInt(i)));
    const t = data[j];
    data[j] = data[i];
    data[i] = t;
  }
}

function toBig(v: number | bigint, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isInteger(v)) throw new InputError(`integers: ${what} must be an integer (got ${v})`);
  if (!Number.isSafeInteger(v)) throw new InputError(`integers: ${what} = ${v} is beyond 2^53 and cannot be read exactly`);
  return BigInt(v);
}

function toNumbers(shape: number[], values: readonly bigint[], fn: string): RandomArray {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 9007199254740991n || v < -9007199254740991n) throw new UnrepresentableDraw(`${fn}: the value ${v} is beyond 2^53 and cannot be shown exactly`);
    data[i] = Number(v);
  }
  return { shape, data };
}
