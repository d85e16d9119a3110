/**
 * Natural logarithm rounded correctly to nearest (barring astronomically rare hard cases), for the
 * legacy normal sampler. NumPy calls the C library's `log`; glibc's is accurate to 0.52 ulp, so it
 * agrees with the correctly rounded value all but ~0.1% of the time, whereas V8's `Math.log`
 * (fdlibm, < 1 ulp) disagrees with glibc on ~3% of the inputs `legacy_gauss` produces.
 *
 * Method: x = m · 2^e with m in [√½, √2); log x = e·ln 2 + 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.172,
 * all in double-double arithmetic (~100 bits), then rounded once to a double.
 */

/** A double-double value hi + lo with |lo| ≤ ulp(hi)/2. */
export type DD = readonly [number, number];

const SPLITTER = 134217729; // 2^27 + 1
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

export function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

export function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

export function ddAdd(a: DD, b: DD): DD {
  const [s, e0] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s1, e1] = quickTwoSum(s, e0 + t);
  return quickTwoSum(s1, e1 + f);
}

export function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

export function ddDiv(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  const r1 = ddAdd(a, ddMul(b, [-q1, 0]));
  const q2 = r1[0] / b[0];
  const r2 = ddAdd(r1, ddMul(b, [-q2, 0]));
  const q3 = r2[0] / b[0];
  return ddAdd(quickTwoSum(q1, q2), [q3, 0]);
}

/** 1/(2k + 1) for k = 0…23 as double-doubles: the coefficients of atanh(s)/s in s². */
const ATANH_COEFFS: DD[] = Array.from({ length: 24 }, (_, k) => ddDiv([1, 0], [2 * k + 1, 0]));

const BITS = new DataView(new ArrayBuffer(8));

/** Exponent e and mantissa m in [√½, √2) with x = m · 2^e, for a positive finite x (read from its bits). */
function decompose(x: number): [number, number] {
  let bias = 1023;
  let v = x;
  if (v < 2 ** -1022) {
    v *= 2 ** 64; // subnormal: scale into the normal range
    bias += 64;
  }
  BITS.setFloat64(0, v);
  const high = BITS.getUint32(0);
  let e = (high >>> 20) - bias;
  BITS.setUint32(0, (high & 0x000fffff) | 0x3ff00000); // same significand, exponent 0: m in [1, 2)
  let m = BITS.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  return [m, e];
}

/** log(x) for x > 0 finite, correctly rounded; NaN, ±0, negatives and ∞ behave like `Math.log`. */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  const [m, e] = decompose(x);
  if (m === 1) return e === 0 ? 0 : ddMul([e, 0], LN2)[0];
  // s = (m − 1)/(m + 1): m − 1 is exact for m in [√½, √2); m + 1 needs a double-double.
  const s = ddDiv([m - 1, 0], twoSum(m, 1));
  const t = ddMul(s, s);
  // p = Σ t^k/(2k + 1) by Horner's rule: ddAdd(ddMul(p, t), c) in scalars (the same operations, no arrays).
  const last = ATANH_COEFFS[ATANH_COEFFS.length - 1];
  let ph = last[0], pl = last[1];
  const th = t[0], tl = t[1];
  for (let k = ATANH_COEFFS.length - 2; k >= 0; k--) {
    const c = ATANH_COEFFS[k];
    // ddMul(p, t) = quickTwoSum(twoProd(ph, th) + cross terms)
    const prod = ph * th;
    const ca = SPLITTER * ph, ah = ca - (ca - ph), al = ph - ah;
    const cb = SPLITTER * th, bh = cb - (cb - th), bl = th - bh;
    const err = ah * bh - prod + ah * bl + al * bh + al * bl;
    const q = err + (ph * tl + pl * th);
    const mh = prod + q, ml = q - (mh - prod);
    // ddAdd(m, c): twoSum of the highs and of the lows, then two quickTwoSums
    const s0 = mh + c[0], v0 = s0 - mh, e0 = mh - (s0 - v0) + (c[0] - v0);
    const t0 = ml + c[1], v1 = t0 - ml, f = ml - (t0 - v1) + (c[1] - v1);
    const q1 = e0 + t0, s1 = s0 + q1, e1 = q1 - (s1 - s0);
    const q2 = e1 + f;
    ph = s1 + q2;
    pl = q2 - (ph - s1);
  }
  const logM = ddMul(ddMul(s, [ph, pl]), [2, 0]);
  const result = e === 0 ? logM : ddAdd(ddMul([e, 0], LN2), logM);
  return result[0] + result[1];
}
