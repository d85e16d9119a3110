// The engine's hot kernels in WebAssembly SIMD (f64x2), compiled by AssemblyScript in `node esbuild.js` to
// dist/attention-kernels.wasm. Every result is bit-identical to the JavaScript kernels in
// src/core/matrix/ops.ts (the fallback and the test oracle): each dot product is summed in the same order
// (p = 0, 1, …, k − 1, starting from +0), a SIMD lane only ever holds one output entry, no fused
// multiply-add is used, and `exp` is V8's own algorithm (fdlibm, as in v8/src/base/ieee754.cc).
//
// Memory is managed by the JavaScript side (src/core/matrix/wasm/kernels.ts): every argument is a byte
// offset into this module's memory, above `heapBase()`. Matrices are row-major float64.

/** First free byte of memory, where the JavaScript side may place its arrays. */
export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------------------
// Matrix product
// ---------------------------------------------------------------------------------------------------------

/**
 * Copies `B` into panels of four columns at `pack` (`k · (m − m mod 4)` doubles), for {@link matmul}:
 * `panel_J[p·4 + t] = B_p,4J+t`. `B` at `b` is `(k, m)` when `bt` is 0, or is given as its transpose
 * `Bᵀ: (m, k)` when `bt` is 1. Done once per product; {@link matmul} may then run on any blocks of rows of `A`.
 */
export function packPanels(b: usize, k: i32, m: i32, bt: i32, pack: usize): void {
  const m4 = m - (m & 3);
  const panelBytes = <usize>k << 5;
  for (let j = 0; j < m4; j += 4) {
    const panel = pack + <usize>(j >> 2) * panelBytes;
    if (bt) {
      for (let t = 0; t < 4; t++) {
        const src = b + ((<usize>(j + t) * <usize>k) << 3);
        for (let p = 0; p < k; p++) store<f64>(panel + ((<usize>(p * 4 + t)) << 3), load<f64>(src + (<usize>p << 3)));
      }
    } else {
      for (let p = 0; p < k; p++) {
        const src = b + ((<usize>p * <usize>m + <usize>j) << 3);
        const dst = panel + (<usize>p << 5);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    }
  }
}

/**
 * `C = A·B` with `A: (n, k)` at `a`, `C: (n, m)` at `c`; `B` at `b` as for {@link packPanels}, which must have
 * packed it at `pack` (then `C = A·Bᵀ` when `bt` is 1, e.g. `Q·Kᵀ`). `C_ij = (((0 + A_i0·B_0j) + A_i1·B_1j) + …)`,
 * exactly as the JavaScript kernel sums. (Scaled scores are a separate pass, {@link scale}: writing a second
 * matrix from this loop's tiles, rows apart at the same cache sets, cost more than that pass.) Rows are independent: the caller may run a product as
 * several calls on consecutive blocks of rows (so that V8 can tier the kernel up between them).
 *
 * Blocks of rows of `A` (about 64 KiB of it, so they stay in cache) run against every panel, four rows at a
 * time with eight f64x2 accumulators (each lane one entry of `C`).
 */
export function matmul(a: usize, b: usize, c: usize, n: i32, k: i32, m: i32, bt: i32, pack: usize): void {
  const m4 = m - (m & 3);
  const n4 = n - (n & 3);
  const rowA = <usize>k << 3;
  const rowC = <usize>m << 3;
  const panelBytes = <usize>k << 5;
  let block = (8192 / max(k, 1)) & ~3;
  if (block < 4) block = 4;
  for (let i0 = 0; i0 < n4; i0 += block) {
    const i1 = min(i0 + block, n4);
    for (let j = 0; j < m4; j += 4) {
      const panel = pack + <usize>(j >> 2) * panelBytes;
      for (let i = i0; i < i1; i += 4) {
        const a0 = a + <usize>i * rowA, a1 = a0 + rowA, a2 = a1 + rowA, a3 = a2 + rowA;
        let s00 = f64x2.splat(0), s01 = f64x2.splat(0);
        let s10 = f64x2.splat(0), s11 = f64x2.splat(0);
        let s20 = f64x2.splat(0), s21 = f64x2.splat(0);
        let s30 = f64x2.splat(0), s31 = f64x2.splat(0);
        for (let p = 0; p < k; p++) {
          const q = <usize>p << 3;
          const y = panel + (<usize>p << 5);
          const y0 = v128.load(y), y1 = v128.load(y, 16);
          const x0 = v128.load64_splat(a0 + q);
          const x1 = v128.load64_splat(a1 + q);
          const x2 = v128.load64_splat(a2 + q);
          const x3 = v128.load64_splat(a3 + q);
          s00 = f64x2.add(s00, f64x2.mul(x0, y0)); s01 = f64x2.add(s01, f64x2.mul(x0, y1));
          s10 = f64x2.add(s10, f64x2.mul(x1, y0)); s11 = f64x2.add(s11, f64x2.mul(x1, y1));
          s20 = f64x2.add(s20, f64x2.mul(x2, y0)); s21 = f64x2.add(s21, f64x2.mul(x2, y1));
          s30 = f64x2.add(s30, f64x2.mul(x3, y0)); s31 = f64x2.add(s31, f64x2.mul(x3, y1));
        }
        const c0 = c + <usize>i * rowC + (<usize>j << 3), c1 = c0 + rowC, c2 = c1 + rowC, c3 = c2 + rowC;
        v128.store(c0, s00); v128.store(c0, s01, 16);
        v128.store(c1, s10); v128.store(c1, s11, 16);
        v128.store(c2, s20); v128.store(c2, s21, 16);
        v128.store(c3, s30); v128.store(c3, s31, 16);
      }
    }
  }
  // The last n mod 4 rows, against the same panels.
  for (let i = n4; i < n; i++) {
    const a0 = a + <usize>i * rowA;
    for (let j = 0; j < m4; j += 4) {
      const panel = pack + <usize>(j >> 2) * panelBytes;
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
      for (let p = 0; p < k; p++) {
        const y = panel + (<usize>p << 5);
        const x0 = v128.load64_splat(a0 + (<usize>p << 3));
        s0 = f64x2.add(s0, f64x2.mul(x0, v128.load(y)));
        s1 = f64x2.add(s1, f64x2.mul(x0, v128.load(y, 16)));
      }
      const c0 = c + <usize>i * rowC + (<usize>j << 3);
      v128.store(c0, s0); v128.store(c0, s1, 16);
    }
  }
  // The last m mod 4 columns, one entry at a time.
  for (let j = m4; j < m; j++) {
    for (let i = 0; i < n; i++) {
      const a0 = a + <usize>i * rowA;
      let t: f64 = 0;
      for (let p = 0; p < k; p++) {
        const y = bt ? load<f64>(b + ((<usize>j * <usize>k + <usize>p) << 3)) : load<f64>(b + ((<usize>p * <usize>m + <usize>j) << 3));
        t += load<f64>(a0 + (<usize>p << 3)) * y;
      }
      const q = (<usize>i * <usize>m + <usize>j) << 3;
      store<f64>(c + q, t);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Element-wise kernels
// ---------------------------------------------------------------------------------------------------------

/** `out_i = x_i · s` for `len` doubles (`out` may equal `x`). */
export function scale(x: usize, out: usize, len: i32, s: f64): void {
  const v = f64x2.splat(s);
  const even = len & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const q = <usize>i << 3;
    v128.store(out + q, f64x2.mul(v128.load(x + q), v));
  }
  if (i < len) store<f64>(out + (<usize>i << 3), load<f64>(x + (<usize>i << 3)) * s);
}

/**
 * Row-wise softmax of `x: (rows, cols)` into `out`, as `softmaxRows` in ops.ts: `max` by a left-to-right scan
 * with `>`, `e_j = exp(x_j − max)`, `sum` added left to right, then `e_j · (1 / sum)`. A row whose maximum is
 * `−∞` is written as zeros. When `diag` is not 0, the pass that divides by the sum also writes each row's
 * diagnostics there, as `softmaxDiagnostics` (src/core/attention/diagnostics.ts) computes them: sum, entropy,
 * argmax, three doubles per row. When `scaled` is not 0, the softmax is of `x · s`, which is
 * also written there (as {@link scale} writes it) by the pass that finds each row's maximum; `out` may then
 * be `x` but not `scaled`.
 */
export function softmaxRows(x: usize, out: usize, rows: i32, cols: i32, diag: usize, scaled: usize, s: f64): void {
  const row = <usize>cols << 3;
  const even = cols & ~1;
  for (let i = 0; i < rows; i++) {
    let r = x + <usize>i * row;
    const o = out + <usize>i * row;
    let max: f64;
    if (scaled) {
      const sr = scaled + <usize>i * row;
      max = scaleRowMax(r, sr, cols, s);
      r = sr;
    } else {
      max = rowMax(r, cols);
    }
    if (max == -Infinity) {
      memory.fill(o, 0, row);
      if (diag) {
        const d = diag + <usize>i * 24;
        store<f64>(d, 0);
        store<f64>(d, 0, 8);
        store<f64>(d, 0, 16);
      }
      continue;
    }
    let sum: f64 = 0, dot: f64 = 0;
    const maxv = f64x2.splat(max);
    let j = 0;
    for (; j < even; j += 2) {
      const q = <usize>j << 3;
      const xv = f64x2.sub(v128.load(r + q), maxv);
      let e0: f64, e1: f64;
      const under = f64x2.lt(xv, v128.load(V_U_THRESHOLD));
      if (i64x2.bitmask(under) == 3) { // (a mask's sign bits: one instruction, where all_true is four)
        // Two masked (or underflowing) logits: weights +0, and `sum + 0` is `sum` (never −0), so no add.
        v128.store(o + q, f64x2.splat(0));
        continue;
      }
      let ev: v128;
      if (expLanesOk(xv, under)) {
        ev = v8expNonPositive(xv, under);
        v128.store(o + q, ev);
        e0 = f64x2.extract_lane(ev, 0);
        e1 = f64x2.extract_lane(ev, 1);
      } else {
        e0 = v8exp(f64x2.extract_lane(xv, 0));
        e1 = v8exp(f64x2.extract_lane(xv, 1));
        store<f64>(o + q, e0);
        store<f64>(o + q, e1, 8);
        ev = f64x2.replace_lane(f64x2.splat(e0), 1, e1);
      }
      const t = f64x2.mul(ev, xv); // e_j·(x_j − max), for the entropy
      sum += e0;
      if (e0 > 0) dot += f64x2.extract_lane(t, 0);
      sum += e1;
      if (e1 > 0) dot += f64x2.extract_lane(t, 1);
    }
    if (j < cols) {
      const xm = load<f64>(r + (<usize>j << 3)) - max;
      const e = v8exp(xm);
      store<f64>(o + (<usize>j << 3), e);
      sum += e;
      if (e > 0) dot += e * xm;
    }
    if (diag) normalizeWithDiagnostics(o, cols, sum, dot, diag + <usize>i * 24);
    else normalize(o, cols, 1 / sum);
  }
}

/**
 * The largest of `cols` doubles at `r`: two running maxima (`b < v ? v : b`, as the scan's
 * `if (v > max) max = v`, NaN ignored), then the larger of the two; equal values differ at most in the sign
 * of a zero, which no `x − max` can tell. `−∞` for an empty or all-NaN row.
 */
@inline
function rowMax(r: usize, cols: i32): f64 {
  let m0 = f64x2.splat(-Infinity), m1 = m0;
  const even4 = cols & ~3;
  let j = 0;
  for (; j < even4; j += 4) {
    const q = r + (<usize>j << 3);
    m0 = f64x2.pmax(m0, v128.load(q));
    m1 = f64x2.pmax(m1, v128.load(q, 16));
  }
  m0 = f64x2.pmax(m0, m1);
  let max = f64x2.extract_lane(m0, 0);
  const other = f64x2.extract_lane(m0, 1);
  if (other > max) max = other;
  for (; j < cols; j++) {
    const v = load<f64>(r + (<usize>j << 3));
    if (v > max) max = v;
  }
  return max;
}

/** {@link rowMax} of `x_j · s`, each product also written at `sr` (the scaled row). */
@inline
function scaleRowMax(r: usize, sr: usize, cols: i32, s: f64): f64 {
  const sv = f64x2.splat(s);
  let m0 = f64x2.splat(-Infinity), m1 = m0;
  const even4 = cols & ~3;
  let j = 0;
  for (; j < even4; j += 4) {
    const q = <usize>j << 3;
    const v0 = f64x2.mul(v128.load(r + q), sv), v1 = f64x2.mul(v128.load(r + q, 16), sv);
    v128.store(sr + q, v0);
    v128.store(sr + q, v1, 16);
    m0 = f64x2.pmax(m0, v0);
    m1 = f64x2.pmax(m1, v1);
  }
  m0 = f64x2.pmax(m0, m1);
  let max = f64x2.extract_lane(m0, 0);
  const other = f64x2.extract_lane(m0, 1);
  if (other > max) max = other;
  for (; j < cols; j++) {
    const q = <usize>j << 3;
    const v = load<f64>(r + q) * s;
    store<f64>(sr + q, v);
    if (v > max) max = v;
  }
  return max;
}

/** `w_j = e_j · inv` in place over one row of `cols` doubles. */
@inline
function normalize(o: usize, cols: i32, inv: f64): void {
  const even = cols & ~1;
  const invv = f64x2.splat(inv);
  let j = 0;
  for (; j < even; j += 2) {
    const q = o + (<usize>j << 3);
    v128.store(q, f64x2.mul(v128.load(q), invv));
  }
  if (j < cols) {
    const q = o + (<usize>j << 3);
    store<f64>(q, load<f64>(q) * inv);
  }
}

/**
 * {@link normalize}, and the row's diagnostics, exactly as `softmaxDiagnostics` (src/core/attention/diagnostics.ts):
 * the sum of the weights it writes, left to right; the entropy `ln z − dot / z` from the softmax's sum `z` of
 * `e_j = exp(x_j − max)` and `dot = Σ_j e_j·(x_j − max)` over `e_j > 0` (since `ln w_j = x_j − max − ln z`,
 * this is `−Σ_j w_j ln w_j`, with one `log` per row instead of one per entry); and the first largest weight.
 */
@inline
function normalizeWithDiagnostics(o: usize, cols: i32, z: f64, dot: f64, d: usize): void {
  const inv = 1 / z;
  const even = cols & ~1;
  const invv = f64x2.splat(inv);
  let sum: f64 = 0, best = -Infinity;
  let argmax = 0;
  let j = 0;
  for (; j < even; j += 2) {
    const q = o + (<usize>j << 3);
    const w = f64x2.mul(v128.load(q), invv);
    v128.store(q, w);
    const w0 = f64x2.extract_lane(w, 0), w1 = f64x2.extract_lane(w, 1);
    sum += w0;
    if (w0 > best) { best = w0; argmax = j; }
    sum += w1;
    if (w1 > best) { best = w1; argmax = j + 1; }
  }
  if (j < cols) {
    const q = o + (<usize>j << 3);
    const w = load<f64>(q) * inv;
    store<f64>(q, w);
    sum += w;
    if (w > best) { best = w; argmax = j; }
  }
  store<f64>(d, sum);
  store<f64>(d, v8log(z) - dot / z, 8);
  store<f64>(d, <f64>argmax, 16);
}

/** `out_i = keep_i ? x_i : −∞` for `len` doubles; `keep` holds one byte per entry. */
export function applyMask(x: usize, keep: usize, out: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const q = <usize>i << 3;
    store<f64>(out + q, load<u8>(keep + <usize>i) ? load<f64>(x + q) : -Infinity);
  }
}

/** A one-off `log` for the tests (checks the port against `Math.log`). */
export function log(x: f64): f64 {
  return v8log(x);
}

/** A one-off `exp` for the tests (checks the port against `Math.exp`). */
export function exp(x: f64): f64 {
  return v8exp(x);
}

// ---------------------------------------------------------------------------------------------------------
// exp: V8's Math.exp (v8/src/base/ieee754.cc, "adapted from fdlibm"), so that the weights equal the
// JavaScript kernel's bit for bit.
// ====================================================
// Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
//
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
// ---------------------------------------------------------------------------------------------------------

const LN2_HI: f64 = 6.93147180369123816490e-01; // 0x3FE62E42 FEE00000
const LN2_LO: f64 = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INV_LN2: f64 = 1.44269504088896338700e+00; // 0x3FF71547 652B82FE
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;
const O_THRESHOLD: f64 = 7.09782712893383973096e+02;
const U_THRESHOLD: f64 = -7.45133219101941108420e+02;
const E: f64 = 2.718281828459045;
const TWOM1000: f64 = 9.33263618503218878990e-302; // 2^-1000
const TWO1023: f64 = 8.988465674311579539e307; // 2^1023

@inline
function v8exp(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <u32>(bits >> 32);
  const xsb = hx >> 31;
  hx &= 0x7fffffff;
  let hi: f64 = 0, lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862e42) { // |x| >= 709.78…
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) != 0) return x + x; // NaN
      return xsb == 0 ? x : 0.0; // exp(±∞) = ∞, 0
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (hx > 0x3fd62e42) { // |x| > 0.5 ln2
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2
      if (x == 1.0) return E;
      hi = xsb ? x + LN2_HI : x - LN2_HI;
      lo = xsb ? -LN2_LO : LN2_LO;
      k = 1 - <i32>xsb - <i32>xsb;
    } else {
      k = <i32>(INV_LN2 * x + (xsb ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI; // exact
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) { // |x| < 2^-28
    return 1.0 + x;
  }
  const t = x * x;
  const twopk = k >= -1021
    ? reinterpret<f64>(<u64>(0x3ff00000 + (k << 20)) << 32)
    : reinterpret<f64>(<u64>(0x3ff00000 + ((k + 1000) << 20)) << 32);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO1023;
    return y * twopk;
  }
  return y * twopk * TWOM1000;
}

/**
 * Whether every lane of `x` is in the domain of {@link v8expNonPositive}: −707 ≤ x ≤ −2^-28, or x below the
 * underflow threshold (−∞ included: the masked logits). Not: NaN, |x| < 2^-28 (the row's maximum itself,
 * `x − max = 0`), positive or deeply negative finite lanes; those pairs take the scalar code.
 */
@inline
function expLanesOk(x: v128, under: v128): bool {
  const inRange = v128.and(f64x2.ge(x, v128.load(V_NEG_707)), f64x2.le(x, v128.load(V_NEG_TWOM28)));
  return i64x2.bitmask(v128.or(inRange, under)) == 3;
}

/**
 * Both lanes of `x` through V8's `exp` ({@link v8exp}), for lanes accepted by {@link expLanesOk} (the range of
 * `x − max` in a softmax; `under` is `x < U_THRESHOLD` per lane). Each lane runs the scalar code's operations
 * in the same order:
 * - |x| ≥ 1.5·ln2 (high word ≥ 0x3FF0A2B2): `k = trunc(x/ln2 − 0.5)`, `hi = x − k·LN2_HI`, `lo = k·LN2_LO`
 *   (k ≥ −1020 down to x = −707, so `2^k` is a normal number, built from `k + 2^52 + 1023`'s low bits);
 * - 0.5·ln2 < |x| < 1.5·ln2 (high word above 0x3FD62E42): the scalar code's `hi = x + LN2_HI`,
 *   `lo = −LN2_LO`, `k = −1` are the general formulas with `k = −1` (`x − (−1)·LN2_HI` is the same sum), and
 *   `trunc(x/ln2 − 0.5)` is −1 on all of it (|x| stays 2^-22 inside 1.5·ln2 and above 0.5·ln2);
 * - 2^-28 ≤ |x| ≤ 0.5·ln2 (high word up to 0x3FD62E42): the scalar `k = 0` formula
 *   `1 − ((x·c)/(c − 2) − x)` equals the general `1 − ((0 − (x·c)/(2 − c)) − x)·2^0` bit for bit
 *   (`c − 2 = −(2 − c)`, and `x·c` is not 0), so `k` is set to 0 there;
 * - below the underflow threshold (and −∞): 0.
 */
@inline
function v8expNonPositive(x: v128, under: v128): v128 {
  const t = v128.andnot(f64x2.trunc(f64x2.add(f64x2.mul(v128.load(V_INV_LN2), x), v128.load(V_NEG_HALF))), f64x2.gt(x, v128.load(V_EXP_K1)));
  const hi = f64x2.sub(x, f64x2.mul(t, v128.load(V_LN2_HI)));
  const lo = f64x2.mul(t, v128.load(V_LN2_LO));
  const xr = f64x2.sub(hi, lo);
  const tt = f64x2.mul(xr, xr);
  let poly = f64x2.add(v128.load(V_P4), f64x2.mul(tt, v128.load(V_P5)));
  poly = f64x2.add(v128.load(V_P3), f64x2.mul(tt, poly));
  poly = f64x2.add(v128.load(V_P2), f64x2.mul(tt, poly));
  poly = f64x2.add(v128.load(V_P1), f64x2.mul(tt, poly));
  const c = f64x2.sub(xr, f64x2.mul(tt, poly));
  const q = f64x2.div(f64x2.mul(xr, c), f64x2.sub(v128.load(V_TWO), c));
  const y = f64x2.sub(v128.load(V_ONE), f64x2.sub(f64x2.sub(lo, q), hi));
  const twopk = i64x2.shl(f64x2.add(t, v128.load(V_TWO52_1023)), 52);
  return v128.andnot(f64x2.mul(y, twopk), under);
}

/** −(the smallest double whose high word is above 0x3FD62E42): for x ≤ 0, x ≤ this is |x| > 0.5·ln2 in V8's test. */
const EXP_K1: f64 = -reinterpret<f64>(0x3fd62e4300000000);
/** 2^-28 (high word 0x3E300000): below it V8's exp returns 1 + x. */
const TWOM28: f64 = 3.725290298461914e-9;
/** 2^52 + 1023: `k + 2^52 + 1023` has `k + 1023` in its low bits, for an integer `k` ≥ −1023. */
const TWO52_1023: f64 = 4503599627371519.0;

/** `out_i = exp(x_i)` for `len` doubles by the softmax's vector path where it applies (tests compare it with `Math.exp`). */
export function expAll(x: usize, out: usize, len: i32): void {
  const even = len & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const q = <usize>i << 3;
    const xv = v128.load(x + q);
    const under = f64x2.lt(xv, v128.load(V_U_THRESHOLD));
    if (expLanesOk(xv, under)) v128.store(out + q, v8expNonPositive(xv, under));
    else {
      store<f64>(out + q, v8exp(f64x2.extract_lane(xv, 0)));
      store<f64>(out + q, v8exp(f64x2.extract_lane(xv, 1)), 8);
    }
  }
  if (i < len) store<f64>(out + (<usize>i << 3), v8exp(load<f64>(x + (<usize>i << 3))));
}

// ---------------------------------------------------------------------------------------------------------
// log: V8's Math.log (v8/src/base/ieee754.cc, fdlibm e_log.c; same notice as above).
// ---------------------------------------------------------------------------------------------------------

const TWO54: f64 = 1.80143985094819840000e+16;
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;

@inline
function v8log(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  const lx = <u32>bits;
  let k: i32 = 0;
  if (hx < 0x00100000) { // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // subnormal: scale up
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((<u64>(<u32>(hx | (i ^ 0x3ff00000))) << 32) | (bits & 0xffffffff)); // x or x/2, normalised
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/**
 * Lanes (all ones) on which {@link v8logGeneral} computes V8's `log` exactly, from the high words `hx` of `x`
 * (`x >>> 32` per lane): positive normal finite numbers whose reduced mantissa is not within 2^-20 of 1 (the
 * scalar code's `|f| < 2^-20` branch).
 */
@inline
function logGeneralLanes(hx: v128): v128 {
  const normal = v128.and(i64x2.gt_s(hx, v128.load(VI_LOW20)), i64x2.gt_s(v128.load(VI_EXP_ALL_ONES), hx));
  const near1 = i64x2.gt_s(v128.load(VI_3), v128.and(i64x2.add(v128.and(hx, v128.load(VI_LOW20)), v128.load(VI_2)), v128.load(VI_LOW20)));
  return v128.andnot(normal, near1);
}

/**
 * Both lanes of `x` (high words `high`, as for {@link logGeneralLanes}) through V8's `log` ({@link v8log})
 * on its general path (lanes where {@link logGeneralLanes} is set): the same operations in the same order; of
 * the scalar code's final formulas both `i > 0` ones are computed and the right one selected per lane.
 */
@inline
function v8logGeneral(x: v128, high: v128): v128 {
  const bits = x;
  let hx = high;
  let k = i64x2.sub(i64x2.shr_u(hx, 20), v128.load(VI_1023));
  hx = v128.and(hx, v128.load(VI_LOW20));
  const i = v128.and(i64x2.add(hx, v128.load(VI_95F64)), v128.load(VI_BIT20));
  const top = i64x2.shl(v128.or(hx, v128.xor(i, v128.load(VI_ONE_HIGH))), 32);
  const xn = v128.or(top, v128.and(bits, v128.load(VI_LOW32)));
  k = i64x2.add(k, i64x2.shr_u(i, 20));
  const one = v128.load(V_ONE);
  const f = f64x2.sub(xn, one);
  const s = f64x2.div(f, f64x2.add(v128.load(V_TWO), f));
  const dk = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 0, 2, 0, 2));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(v128.load(V_LG2), f64x2.mul(w, f64x2.add(v128.load(V_LG4), f64x2.mul(w, v128.load(V_LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(v128.load(V_LG1), f64x2.mul(w, f64x2.add(v128.load(V_LG3), f64x2.mul(w, f64x2.add(v128.load(V_LG5), f64x2.mul(w, v128.load(V_LG7))))))));
  const ipos = i64x2.gt_s(v128.or(i64x2.sub(hx, v128.load(VI_6147A)), i64x2.sub(v128.load(VI_6B851), hx)), i64x2.splat(0));
  const R = f64x2.add(t2, t1);
  const hi = f64x2.mul(dk, v128.load(V_LN2_HI));
  const lo = f64x2.mul(dk, v128.load(V_LN2_LO));
  // The scalar code's k = 0 formulas equal the k ≠ 0 ones with hi = lo = 0 bit for bit (`x − (u − f)` against
  // `0 − ((u − 0) − f)`: IEEE subtraction is antisymmetric, and the terms are not 0 on this path), so only the
  // i > 0 choice is made per lane.
  // i > 0: hi − ((hfsq − (s·(hfsq + R) + lo)) − f); i <= 0: hi − ((s·(f − R) − lo) − f); the part that
  // differs is chosen per lane before the two operations they share.
  const hfsq = f64x2.mul(f64x2.mul(v128.load(V_HALF), f), f);
  const ua = f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), lo));
  const ub = f64x2.sub(f64x2.mul(s, f64x2.sub(f, R)), lo);
  return f64x2.sub(hi, f64x2.sub(v128.bitselect(ua, ub, ipos), f));
}

// ---------------------------------------------------------------------------------------------------------
// Vector constants of exp and log, read from memory: V8 (Node 20) builds a `v128.const` used in a loop from
// general-purpose registers (several instructions), where a load from here is one (softmax ≈ 10 % faster).
// ---------------------------------------------------------------------------------------------------------

const V_U_THRESHOLD = memory.data<f64>([U_THRESHOLD, U_THRESHOLD], 16);
const V_NEG_707 = memory.data<f64>([-707.0, -707.0], 16);
const V_NEG_TWOM28 = memory.data<f64>([-TWOM28, -TWOM28], 16);
const V_INV_LN2 = memory.data<f64>([INV_LN2, INV_LN2], 16);
const V_NEG_HALF = memory.data<f64>([-0.5, -0.5], 16);
const V_EXP_K1 = memory.data<f64>([EXP_K1, EXP_K1], 16);
const V_LN2_HI = memory.data<f64>([LN2_HI, LN2_HI], 16);
const V_LN2_LO = memory.data<f64>([LN2_LO, LN2_LO], 16);
const V_P4 = memory.data<f64>([P4, P4], 16);
const V_P5 = memory.data<f64>([P5, P5], 16);
const V_P3 = memory.data<f64>([P3, P3], 16);
const V_P2 = memory.data<f64>([P2, P2], 16);
const V_P1 = memory.data<f64>([P1, P1], 16);
const V_TWO = memory.data<f64>([2.0, 2.0], 16);
const V_ONE = memory.data<f64>([1.0, 1.0], 16);
const V_TWO52_1023 = memory.data<f64>([TWO52_1023, TWO52_1023], 16);
const VI_LOW20 = memory.data<i64>([0x000fffff, 0x000fffff], 16);
const VI_EXP_ALL_ONES = memory.data<i64>([0x7ff00000, 0x7ff00000], 16);
const VI_3 = memory.data<i64>([3, 3], 16);
const VI_2 = memory.data<i64>([2, 2], 16);
const VI_1023 = memory.data<i64>([1023, 1023], 16);
const VI_95F64 = memory.data<i64>([0x95f64, 0x95f64], 16);
const VI_BIT20 = memory.data<i64>([0x100000, 0x100000], 16);
const VI_ONE_HIGH = memory.data<i64>([0x3ff00000, 0x3ff00000], 16);
const VI_LOW32 = memory.data<i64>([0xffffffff, 0xffffffff], 16);
const V_LG2 = memory.data<f64>([LG2, LG2], 16);
const V_LG4 = memory.data<f64>([LG4, LG4], 16);
const V_LG6 = memory.data<f64>([LG6, LG6], 16);
const V_LG1 = memory.data<f64>([LG1, LG1], 16);
const V_LG3 = memory.data<f64>([LG3, LG3], 16);
const V_LG5 = memory.data<f64>([LG5, LG5], 16);
const V_LG7 = memory.data<f64>([LG7, LG7], 16);
const VI_6147A = memory.data<i64>([0x6147a, 0x6147a], 16);
const VI_6B851 = memory.data<i64>([0x6b851, 0x6b851], 16);
const V_HALF = memory.data<f64>([0.5, 0.5], 16);
