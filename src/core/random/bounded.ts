/**
 * Bounded integers as NumPy draws them (numpy/random/src/distributions/distributions.c):
 * - Lemire's multiply-and-reject method (`buffered_bounded_lemire_uint32`, `bounded_lemire_uint64`), which
 *   `Generator.integers` and `Generator.choice` use: a range below 2^32 takes 32-bit draws, a wider one 64-bit;
 * - masked rejection (`random_interval`), which `shuffle` and `permutation` use on both generators.
 * Values are numbers (exact below 2^53) or BigInts for the 64-bit path.
 */

const TWO_16 = 65536;
const TWO_32 = 4294967296;
const UINT64_MAX = (1n << 64n) - 1n;

/** What a bounded draw needs from a bit generator. */
export interface BitSource {
  /** Next 32-bit output (for PCG64 the buffered half-words of `pcg64_next32`). */
  next32(): number;
  /** Next 64-bit output as a BigInt. */
  next64Big(): bigint;
}

/** High and low 32-bit words of `a · b` for 32-bit `a`, `b` (the exact 64-bit product). */
function mul32(a: number, b: number): [number, number] {
  const p1 = (a % TWO_16) * b; // < 2^48
  const p2 = Math.floor(a / TWO_16) * b; // < 2^48
  const mid = (p2 % TWO_16) * TWO_16 + p1; // < 2^49
  return [Math.floor(p2 / TWO_16) + Math.floor(mid / TWO_32), mid % TWO_32];
}

/** A value in [0, rng] for 0 < rng < 2^32 − 1 (`buffered_bounded_lemire_uint32`). */
export function lemire32(src: BitSource, rng: number): number {
  const excl = rng + 1;
  let [high, leftover] = mul32(src.next32(), excl);
  if (leftover < excl) {
    const threshold = (4294967295 - rng) % excl;
    while (leftover < threshold) [high, leftover] = mul32(src.next32(), excl);
  }
  return high;
}

/** A value in [0, rng] for 2^32 ≤ rng < 2^64 − 1 (`bounded_lemire_uint64`). */
export function lemire64(src: BitSource, rng: bigint): bigint {
  const excl = rng + 1n;
  let m = src.next64Big() * excl;
  let leftover = m & UINT64_MAX;
  if (leftover < excl) {
    const threshold = (UINT64_MAX - rng) % excl;
    while (leftover < threshold) {
      m = src.next64Big() * excl;
      leftover = m & UINT64_MAX;
    }
  }
  return m >> 64n;
}

/**
 * `random_bounded_uint64(off=0, rng, use_masked=False)`: a value in [0, rng] for 0 ≤ rng < 2^64; no draw for 0,
 * a plain 32-bit (64-bit) draw for 2^32 − 1 (2^64 − 1).
 */
export function boundedLemire(src: BitSource, rng: bigint): bigint {
  if (rng === 0n) return 0n;
  if (rng < 0xffffffffn) return BigInt(lemire32(src, Number(rng)));
  if (rng === 0xffffffffn) return BigInt(src.next32());
  if (rng === UINT64_MAX) return src.next64Big();
  return lemire64(src, rng);
}

/** Smallest `2^k − 1` ≥ `x` for 0 ≤ x < 2^32 (`gen_mask`). */
export function mask32(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/**
 * `random_interval(max)`: a value in [0, max] by masked rejection, on 32-bit draws when max < 2^32 and 64-bit
 * draws otherwise. `max` is a safe integer (an array index).
 */
export function randomInterval(src: BitSource, max: number): number {
  if (max === 0) return 0;
  if (max < TWO_32) {
    const mask = mask32(max);
    let v: number;
    do v = (src.next32() & mask) >>> 0;
    while (v > max);
    return v;
  }
  let mask = BigInt(max);
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> s;
  const m = BigInt(max);
  let v: bigint;
  do v = src.next64Big() & mask;
  while (v > m);
  return Number(v);
}

/**
 * The row order NumPy's `shuffle` gives `n` rows along axis 0 (both its generators): swaps
 * `i ↔ random_interval(i)` for i = n−1 … 1. `result[k] = x[order[k]]`; `permutation(n)` is this order itself.
 */
export function shuffledOrder(src: BitSource, n: number): Float64Array {
  const order = Float64Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i >= 1; i--) {
    const j = randomInterval(src, i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
