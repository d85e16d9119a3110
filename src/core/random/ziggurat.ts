/**
 * NumPy's `random_standard_normal` (numpy/random/src/distributions/distributions.c): a 256-layer ziggurat on
 * one 64-bit draw per try. Bits 0–7 pick the layer, bit 8 the sign, bits 9–60 the 52-bit magnitude `rabs`;
 * `x = rabs · WI[idx]` is accepted at once when `rabs < KI[idx]` (99.3% of the time). Otherwise layer 0
 * samples the tail beyond `r` (two more doubles per try) and the other layers test the wedge against
 * `exp(−x²/2)` with one more double.
 *
 * NumPy calls the C library's `log1p` and `exp`. `log1p(−u)` for a draw u is `log(1 − u)` with `1 − u` exact,
 * taken correctly rounded here (glibc is within half an ulp on these inputs too); `exp` only feeds a
 * comparison with a fresh uniform, where an ulp can change the result with probability about 2^-52.
 */
import { correctlyRoundedLog } from './log';
import type { PCG64 } from './pcg64';
import { FI, KI, WI, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from './zigguratTables';

/** `npy_log1p(−u)` for a uniform u in [0, 1): `log(1 − u)`, where `1 − u` is exact. */
function log1pNeg(u: number): number {
  return correctlyRoundedLog(1 - u);
}

/** One standard normal deviate from `bit` (`random_standard_normal`). */
export function standardNormal(bit: PCG64): number {
  for (;;) {
    bit.next64();
    const lo = bit.lo, hi = bit.hi;
    const idx = lo & 0xff;
    const negative = ((lo >>> 8) & 1) === 1;
    const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9); // bits 9..60: 29 high bits · 2^23 + 23 low bits
    let x = rabs * WI[idx];
    if (negative) x = -x;
    if (rabs < KI[idx]) return x;
    if (idx === 0) {
      for (;;) {
        const xx = -ZIGGURAT_NOR_INV_R * log1pNeg(bit.nextDouble());
        const yy = -log1pNeg(bit.nextDouble());
        if (yy + yy > xx * xx) return Math.floor(rabs / 256) % 2 === 1 ? -(ZIGGURAT_NOR_R + xx) : ZIGGURAT_NOR_R + xx;
      }
    }
    if ((FI[idx - 1] - FI[idx]) * bit.nextDouble() + FI[idx] < Math.exp(-0.5 * x * x)) return x;
  }
}
