import { type DD, ddAdd, ddDiv, ddMul, twoProd } from './log';

/**
 * Sine and cosine rounded correctly to nearest (barring astronomically rare hard cases), for PyTorch's
 * double-precision Box–Muller. PyTorch calls the C library's `sin`/`cos`; glibc's are accurate to about
 * half an ulp, so they agree with the correctly rounded value, whereas V8's `Math.sin`/`Math.cos`
 * (fdlibm, < 1 ulp) disagree with glibc on ~2% of the angles `randn` produces (seen on the float64
 * fixture values of test/fixtures/torch_rng.json).
 *
 * Method, in double-double arithmetic (~100 bits): reduce x by the nearest multiple k of π/2 with π/2 in
 * three parts, then Taylor series of sin and cos on |r| ≤ π/4, pick and sign by k mod 4, round once.
 * Meant for moderate arguments (|x| < 2^20); PyTorch's angles lie in [0, 2π).
 */

const PIO2: readonly number[] = [1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33];

/** 1/n! for n = 0…33 as double-doubles. */
const INV_FACT: DD[] = (() => {
  const out: DD[] = [[1, 0]];
  let f: DD = [1, 0];
  for (let n = 1; n <= 33; n++) {
    f = ddMul(f, [n, 0]);
    out.push(ddDiv([1, 0], f));
  }
  return out;
})();

function ddNeg(a: DD): DD {
  return [-a[0], -a[1]];
}

/** x − k·π/2 as a double-double. */
function reduce(x: number, k: number): DD {
  let r: DD = [x, 0];
  for (const part of PIO2) r = ddAdd(r, ddNeg(twoProd(k, part)));
  return r;
}

/** sin r and cos r for a double-double |r| ≤ π/4 + ε. */
function sinCosSeries(r: DD): [DD, DD] {
  const r2 = ddMul(r, r);
  // sin r = r · Σ (−1)^n r^{2n}/(2n+1)!,  cos r = Σ (−1)^n r^{2n}/(2n)!  (Horner in r²)
  let s: DD = [0, 0];
  let c: DD = [0, 0];
  for (let n = 16; n >= 0; n--) {
    const sTerm = INV_FACT[2 * n + 1];
    const cTerm = INV_FACT[2 * n];
    s = ddAdd(ddMul(s, r2), n % 2 === 0 ? sTerm : ddNeg(sTerm));
    c = ddAdd(ddMul(c, r2), n % 2 === 0 ? cTerm : ddNeg(cTerm));
  }
  return [ddMul(s, r), c];
}

/** [sin x, cos x], each correctly rounded; NaN for non-finite x. */
export function correctlyRoundedSinCos(x: number): [number, number] {
  if (!Number.isFinite(x)) return [NaN, NaN];
  if (x === 0) return [x, 1];
  const k = Math.round(x / PIO2[0]);
  const [s, c] = sinCosSeries(reduce(x, k));
  const q = ((k % 4) + 4) % 4;
  const sin = q === 0 ? s : q === 1 ? c : q === 2 ? ddNeg(s) : ddNeg(c);
  const cos = q === 0 ? c : q === 1 ? ddNeg(s) : q === 2 ? ddNeg(c) : s;
  return [sin[0] + sin[1], cos[0] + cos[1]];
}
