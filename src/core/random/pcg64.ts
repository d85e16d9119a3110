/**
 * PCG64 as NumPy runs it (`numpy/random/src/pcg64/pcg64.h`, `_pcg64.pyx`): the 128-bit LCG
 * `state = state · M + inc (mod 2^128)` with the XSL-RR output `rotr64(high ^ low, high >> 58)`
 * (`pcg_setseq_128_xsl_rr_64`), seeded from `SeedSequence(seed).generate_state(4, uint64)`:
 * state words 0–1 are the initial state, words 2–3 the stream (`pcg64_set_seed` → `pcg_setseq_128_srandom_r`).
 *
 * 128-bit numbers are 8 limbs of 16 bits (least significant first), so every partial product is below 2^32
 * and every column sum stays exact in a double: one step costs 36 multiplications and no allocation.
 *
 * `next32` keeps NumPy's buffer (`has_uint32`/`uinteger`): a 64-bit output serves two 32-bit draws, low half
 * first. `next64`/`nextDouble` leave that buffer alone, as NumPy does.
 */
import { type SeedEntropy, generateState64 } from './seedSequence';

const LIMBS = 8;
const TWO_16 = 65536;
const TWO_32 = 4294967296;

/** PCG_DEFAULT_MULTIPLIER_128 = 2549297995355413924 · 2^64 + 4865540595714422341. */
const MULTIPLIER = toLimbs((2549297995355413924n << 64n) | 4865540595714422341n);

function toLimbs(x: bigint): Float64Array {
  const out = new Float64Array(LIMBS);
  for (let i = 0; i < LIMBS; i++) out[i] = Number((x >> BigInt(16 * i)) & 0xffffn);
  return out;
}

function fromLimbs(l: Float64Array): bigint {
  let x = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) x = (x << 16n) | BigInt(l[i]);
  return x;
}

/** A saved PCG64 state (to resume from with {@link PCG64.restore}). */
export interface PCG64Snapshot {
  readonly state: bigint;
  readonly inc: bigint;
  readonly hasUint32: boolean;
  readonly uinteger: number;
}

export class PCG64 {
  private readonly state = new Float64Array(LIMBS);
  private readonly inc = new Float64Array(LIMBS);
  private readonly product = new Float64Array(LIMBS);
  private hasUint32 = false;
  private uinteger = 0;
  /** High and low 32 bits of the last {@link next64} output. */
  hi = 0;
  lo = 0;
  /** Counts 64-bit steps (to tell whether a statement drew). */
  steps = 0;

  /**
   * `PCG64(seed)`: seeded through `SeedSequence(seed)`.
   * @throws InputError for a negative or non-integer seed.
   */
  constructor(seed: SeedEntropy) {
    const [s0, s1, i0, i1] = generateState64(seed, 4);
    this.setSeed((s0 << 64n) | s1, (i0 << 64n) | i1);
  }

  /** `pcg_setseq_128_srandom_r`: state 0, inc = (initseq << 1) | 1, step, state += initstate, step. */
  private setSeed(initState: bigint, initSeq: bigint): void {
    const mask = (1n << 128n) - 1n;
    this.state.fill(0);
    this.inc.set(toLimbs(((initSeq << 1n) | 1n) & mask));
    this.step();
    this.state.set(toLimbs((fromLimbs(this.state) + initState) & mask));
    this.step();
    this.hasUint32 = false;
    this.uinteger = 0;
  }

  /** state = state · M + inc (mod 2^128), limb by limb. */
  private step(): void {
    const s = this.state, m = MULTIPLIER, p = this.product, inc = this.inc;
    for (let k = 0; k < LIMBS; k++) {
      let sum = inc[k];
      for (let i = 0; i <= k; i++) sum += s[i] * m[k - i];
      p[k] = sum;
    }
    let carry = 0;
    for (let k = 0; k < LIMBS; k++) {
      const v = p[k] + carry;
      const low = v % TWO_16;
      s[k] = low;
      carry = (v - low) / TWO_16;
    }
  }

  /** Next 64-bit output, left in {@link hi} and {@link lo} (`pcg64_next64`). */
  next64(): void {
    this.step();
    this.steps++;
    const s = this.state;
    const xh = ((s[7] * TWO_16 + s[6]) ^ (s[3] * TWO_16 + s[2])) >>> 0;
    const xl = ((s[5] * TWO_16 + s[4]) ^ (s[1] * TWO_16 + s[0])) >>> 0;
    const rot = s[7] >>> 10; // high >> 58
    if (rot === 0) {
      this.hi = xh;
      this.lo = xl;
    } else if (rot < 32) {
      this.hi = ((xh >>> rot) | (xl << (32 - rot))) >>> 0;
      this.lo = ((xl >>> rot) | (xh << (32 - rot))) >>> 0;
    } else if (rot === 32) {
      this.hi = xl;
      this.lo = xh;
    } else {
      const r = rot - 32;
      this.hi = ((xl >>> r) | (xh << (32 - r))) >>> 0;
      this.lo = ((xh >>> r) | (xl << (32 - r))) >>> 0;
    }
  }

  /** Next 64-bit output as a BigInt (for 64-bit ranges). */
  next64Big(): bigint {
    this.next64();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** Next 32-bit output (`pcg64_next32`): the buffered high half, or the low half of a fresh 64-bit draw. */
  next32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.hi;
    return this.lo;
  }

  /** A double in [0, 1): `(next64 >> 11) · 2^-53` (`pcg64_next_double`). */
  nextDouble(): number {
    this.next64();
    return (this.hi * 2097152 + (this.lo >>> 11)) / 9007199254740992;
  }

  snapshot(): PCG64Snapshot {
    return { state: fromLimbs(this.state), inc: fromLimbs(this.inc), hasUint32: this.hasUint32, uinteger: this.uinteger };
  }

  restore(s: PCG64Snapshot): void {
    this.state.set(toLimbs(s.state));
    this.inc.set(toLimbs(s.inc));
    this.hasUint32 = s.hasUint32;
    this.uinteger = s.uinteger;
    this.steps++;
  }
}

/** True when two snapshots produce the same draws. */
export function samePCG64(a: PCG64Snapshot, b: PCG64Snapshot): boolean {
  return a.state === b.state && a.inc === b.inc && a.hasUint32 === b.hasUint32 && (!a.hasUint32 || a.uinteger === b.uinteger);
}

export { TWO_32 };
