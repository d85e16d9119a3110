/**
 * IEEE 754 binary32 ("float32") arithmetic on JavaScript numbers, for reproducing float32 library code
 * (PyTorch's float32 kernels, XLA's float32 `erf_inv`) bit for bit.
 *
 * Every function takes float32 values (numbers already rounded with `Math.fround`) and returns the
 * correctly rounded float32 result. Computing `+ − × ÷ √` in double and rounding once to float32 is
 * correctly rounded because a double has more than 2·24 + 2 significand bits (Figueroa, "When is double
 * rounding innocuous?", 1995); a fused multiply-add needs the exact sum, see {@link fma32}.
 */

const f32 = Math.fround;

/** `a + b` in float32. */
export function add32(a: number, b: number): number {
  return f32(a + b);
}

/** `a − b` in float32. */
export function sub32(a: number, b: number): number {
  return f32(a - b);
}

/** `a × b` in float32. */
export function mul32(a: number, b: number): number {
  return f32(a * b);
}

/** `a ÷ b` in float32. */
export function div32(a: number, b: number): number {
  return f32(a / b);
}

/** `√a` in float32 (`sqrtf`, `_mm256_sqrt_ps`). */
export function sqrt32(a: number): number {
  return f32(Math.sqrt(a));
}

/**
 * Fused multiply-add `a × b + c` rounded once to float32 (`fmaf`, `_mm256_fmadd_ps`). The product of two
 * float32 values is exact in double; the double sum `s = p + c` is then corrected with its exact rounding
 * error (TwoSum), so a sum that lands exactly halfway between two float32 values is rounded the way the
 * exact value lies.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  const r = f32(s);
  if (err === 0 || !Number.isFinite(s) || r === s) return r;
  // s is not a float32; only when s is exactly a float32 midpoint can the error decide the rounding.
  const other = r > s ? prevFloat32(r) : nextFloat32(r);
  const lo = Math.min(r, other);
  const hi = Math.max(r, other);
  if ((lo + hi) / 2 !== s) return r;
  return err > 0 ? hi : lo;
}

const BUF = new DataView(new ArrayBuffer(4));

/** The 32 bits of a float32 value, as an unsigned integer. */
export function float32Bits(x: number): number {
  BUF.setFloat32(0, x);
  return BUF.getUint32(0);
}

/** The float32 value with the given 32 bits. */
export function float32FromBits(bits: number): number {
  BUF.setUint32(0, bits >>> 0);
  return BUF.getFloat32(0);
}

/** The next float32 above `x` (toward +∞), for a finite float32 `x`. */
export function nextFloat32(x: number): number {
  if (x === 0) return float32FromBits(1);
  const b = float32Bits(x);
  return float32FromBits(x > 0 ? b + 1 : b - 1);
}

/** The next float32 below `x` (toward −∞), for a finite float32 `x`. */
export function prevFloat32(x: number): number {
  return -nextFloat32(-x);
}

/** Distance between two float32 values in units in the last place (0 when equal; both finite). */
export function ulpDistance32(a: number, b: number): number {
  const key = (x: number): number => {
    const bits = float32Bits(x);
    return bits >= 0x80000000 ? 0x80000000 - bits : bits;
  };
  return Math.abs(key(f32(a)) - key(f32(b)));
}
