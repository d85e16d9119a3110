/**
 * The engine's numeric kernels on {@link Matrix}: float64, row-major, cache-friendly loop orders.
 * Shapes use letters as in PyTorch's docs: `A: (n, k)`, `B: (k, m)`.
 */
import { InputError } from '../errors';
import { type Matrix, zeros, shapeText } from './matrix';

/**
 * Matrix product `A·B`. `A: (n, k)`, `B: (k, m)` → `(n, m)`.
 * i-k-j loop order so that the inner loop streams rows of `B` and `C` contiguously.
 * @throws InputError when the inner dimensions differ (names from `nameA`, `nameB`).
 */
export function matmul(a: Matrix, b: Matrix, nameA = 'A', nameB = 'B'): Matrix {
  if (a.cols !== b.rows) {
    throw new InputError(
      `cannot multiply ${nameA} (${shapeText(a)}) by ${nameB} (${shapeText(b)}): inner dimensions ${a.cols} and ${b.rows} differ`,
    );
  }
  const n = a.rows, k = a.cols, m = b.cols;
  const c = zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0) continue;
      const bp = p * m;
      for (let j = 0; j < m; j++) C[ci + j] += aip * B[bp + j];
    }
  }
  return c;
}

/**
 * `A·Bᵀ` without forming `Bᵀ`. `A: (n, k)`, `B: (m, k)` → `(n, m)`; each entry is a dot product of two
 * contiguous rows, which is how `Q·Kᵀ` is computed (Vaswani et al. 2017, eq. 1).
 * @throws InputError when the column counts differ.
 */
export function matmulTransposed(a: Matrix, b: Matrix, nameA = 'A', nameB = 'B'): Matrix {
  if (a.cols !== b.cols) {
    throw new InputError(
      `cannot multiply ${nameA} (${shapeText(a)}) by ${nameB}ᵀ (${nameB} is ${shapeText(b)}): ${nameA} has ${a.cols} columns but ${nameB} has ${b.cols}`,
    );
  }
  const n = a.rows, k = a.cols, m = b.rows;
  const c = zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  for (let i = 0; i < n; i++) {
    const ai = i * k;
    for (let j = 0; j < m; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
      C[i * m + j] = s;
    }
  }
  return c;
}

/** Transpose. `(n, m)` → `(m, n)`. */
export function transpose(a: Matrix): Matrix {
  const t = zeros(a.cols, a.rows);
  const A = a.data, T = t.data, n = a.rows, m = a.cols;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) T[j * n + i] = A[i * m + j];
  return t;
}

/** Element-wise `f(a_ij)`, same shape. */
export function map(a: Matrix, f: (x: number) => number): Matrix {
  const out = zeros(a.rows, a.cols);
  const A = a.data, O = out.data;
  for (let i = 0; i < A.length; i++) O[i] = f(A[i]);
  return out;
}

/** `a · s` for a scalar `s`, same shape. */
export function scale(a: Matrix, s: number): Matrix {
  const out = zeros(a.rows, a.cols);
  const A = a.data, O = out.data;
  for (let i = 0; i < A.length; i++) O[i] = A[i] * s;
  return out;
}

/**
 * Row-wise softmax, computed stably: `exp(x_ij − max_j x_ij) / Σ_j exp(x_ij − max_j x_ij)`.
 * `−∞` entries (masked logits) get weight exactly 0. A row whose entries are all `−∞` has no defined
 * softmax; it is returned as all zeros (PyTorch's SDPA returns NaN there; callers report it).
 */
export function softmaxRows(a: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  const A = a.data, O = out.data, m = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const r = i * m;
    let max = -Infinity;
    for (let j = 0; j < m; j++) if (A[r + j] > max) max = A[r + j];
    if (max === -Infinity) continue;
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp(A[r + j] - max);
      O[r + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < m; j++) O[r + j] *= inv;
  }
  return out;
}

/**
 * Causal mask applied to logits `(L, S)`: query i keeps keys j ≤ i (upper-left aligned, like PyTorch's
 * `is_causal=True`, i.e. `ones(L, S).tril(0)`); every other entry becomes `−∞`.
 */
export function applyCausalMask(a: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  const A = a.data, O = out.data, m = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const r = i * m;
    for (let j = 0; j < m; j++) O[r + j] = j <= i ? A[r + j] : -Infinity;
  }
  return out;
}

/** True when every entry is a finite number (no NaN, no ±∞). */
export function allFinite(a: Matrix): boolean {
  const A = a.data;
  for (let i = 0; i < A.length; i++) if (!Number.isFinite(A[i])) return false;
  return true;
}
