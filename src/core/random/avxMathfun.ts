import { add32, float32Bits, float32FromBits, fma32, mul32, sub32 } from './float32';

/**
 * One lane of PyTorch's AVX2 `log256_ps` and `sincos256_ps` (`aten/src/ATen/native/cpu/avx_mathfun.h`,
 * Giovanni Garberoglio's AVX port of Julien Pommier's `sse_mathfun.h`, itself the Cephes `logf`/`sinf`
 * polynomials), evaluated step by step in float32 so that the result is the very float32 the vector
 * code produces. PyTorch's `normal_fill_16_AVX2` uses them for float32 `randn`/`normal_` on tensors of
 * 16 or more elements.
 *
 * Fused multiply-adds: the AVX2 kernels are built with `-mfma`, and GCC contracts each
 * `_mm256_add_ps(_mm256_mul_ps(a, b), c)` (the intrinsics are plain vector `*` and `+`) into one
 * `vfmadd`. Where two products meet in one addition (`y·z + e·q1` in the logarithm, `y·z − z·0.5` in the
 * cosine polynomial) the first product is fused and the second rounded. This contraction pattern is the
 * one that reproduces all 12,288 float32 values of size ≥ 16 in test/fixtures/torch_rng.json (torch 2.11,
 * x86-64); evaluating without contraction differs on about 1% of them (by 1 ulp).
 */

const f32 = Math.fround;

const SQRTHF = f32(0.7071067811865476) // cephes_SQRTHF 0.707106781186547524 as a double, then float;
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f32);
const LOG_Q1 = f32(-2.12194440e-4);
const LOG_Q2 = f32(0.693359375);
const MIN_NORM_POS = float32FromBits(0x00800000);

const DP1 = f32(-0.78515625);
const DP2 = f32(-2.4187564849853515625e-4);
const DP3 = f32(-3.774894977445941e-8) // -3.77489497744594108e-8 as a double;
const SINCOF = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f32);
const COSCOF = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f32);
const FOPI = f32(1.27323954473516);


/**
 * `log256_ps` on one lane: the natural logarithm of a float32 `x > 0` (NaN for x ≤ 0, as the vector code
 * ORs in an all-ones mask). Subnormal inputs are clamped to the smallest normal float32, as in the source.
 */
export function log256Lane(xIn: number): number {
  if (!(xIn > 0)) return NaN;
  let x = Math.max(f32(xIn), MIN_NORM_POS);
  const bits = float32Bits(x);
  const exponent = (bits >>> 23) - 0x7f;
  // keep the fraction, exponent of 0.5: x in [0.5, 1)
  x = float32FromBits((bits & ~0x7f800000) | float32Bits(0.5));
  let e = add32(f32(exponent), 1);
  const mask = x < SQRTHF;
  const tmp0 = mask ? x : 0;
  x = sub32(x, 1);
  e = sub32(e, mask ? 1 : 0);
  x = add32(x, tmp0);

  const z = mul32(x, x);
  let y = LOG_P[0];
  for (let k = 1; k < LOG_P.length; k++) y = fma32(y, x, LOG_P[k]);
  y = mul32(y, x);
  y = fma32(y, z, mul32(e, LOG_Q1)); // y·z + e·q1
  y = sub32(y, mul32(z, 0.5)); // z·0.5 is exact: fused or not, the same
  x = add32(x, y);
  x = fma32(e, LOG_Q2, x);
  return x;
}

/**
 * `sincos256_ps` on one lane: `[sin x, cos x]` of a float32 `x` by the Cephes `sinf`/`cosf` reduction
 * (octant from `x · 4/π` truncated, three-part Cody–Waite subtraction of the multiple of π/4) and the two
 * minimax polynomials. Accurate only for |x| < 8192, like the source; PyTorch calls it on θ in [0, 2π).
 */
export function sincos256Lane(xIn: number): [number, number] {
  let x = f32(xIn);
  const signSin = x < 0 || Object.is(x, -0) ? -1 : 1;
  x = Math.abs(x);
  let y = mul32(x, FOPI);
  let j = Math.trunc(y) | 0;
  j = ((j + 1) & ~1) | 0;
  y = f32(j);
  const swapSin = (j & 4) !== 0;
  const polyMask = (j & 2) === 0;
  const swapCos = (~(j - 2) & 4) !== 0;

  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);

  const z = mul32(x, x);
  let yc = COSCOF[0];
  yc = fma32(yc, z, COSCOF[1]);
  yc = fma32(yc, z, COSCOF[2]);
  yc = mul32(yc, z);
  yc = fma32(yc, z, -mul32(z, 0.5)); // y·z − z·0.5
  yc = add32(yc, 1);

  let ys = SINCOF[0];
  ys = fma32(ys, z, SINCOF[1]);
  ys = fma32(ys, z, SINCOF[2]);
  ys = mul32(ys, z);
  ys = fma32(ys, x, x);

  const sinAbs = polyMask ? ys : yc;
  const cosAbs = polyMask ? yc : ys;
  const sinSign = swapSin ? -signSin : signSin;
  return [sinSign * sinAbs, swapCos ? -cosAbs : cosAbs];
}
