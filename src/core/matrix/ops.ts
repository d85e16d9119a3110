/**
 * The engine's numeric kernels on {@link Matrix}: float64, row-major, cache-friendly loop orders.
 * Shapes use letters as in PyTorch's docs: `A: (n, k)`, `B: (k, m)`.
 *
 * `matmul`, `matmulTransposed`, `scale` and `softmaxRows` run in WebAssembly SIMD (./wasm/kernels.ts) when the
 * host has installed the kernels and the work is large enough; the JavaScript loops here are the fallback and
 * the oracle (the `…Js` functions), and both give the same bits (test/unit/wasmKernels.test.ts).
 */
import { InputError } from '../errors';
import { type Matrix, zeros } from './matrix';
import { wasmKernels } from './wasm/kernels';

/**
 * Matrix product `A·B`. `A: (n, k)`, `B: (k, m)` → `(n, m)`.
 * `B` is transposed once so that every entry is a dot product of two contiguous rows (see
 * {@link matmulTransposed}); for the shapes of attention this is faster than an i-k-j loop.
 * @throws InputError when the inner dimensions differ (names from `nameA`, `nameB`).
 */
export function matmul(a: Matrix, b: Matrix, nameA = 'A', nameB = 'B'): Matrix {
  if (a.cols !== b.rows) {
    throw new InputError({ kind: 'inner-dimensions', op: 'multiply', left: { name: nameA, shape: [a.rows, a.cols] }, right: { name: nameB, shape: [b.rows, b.cols] } });
  }
  const r = wasmKernels(a.rows * a.cols * b.cols)?.matmul(a, b, false);
  if (r) return r;
  return dotRows(a, transpose(b));
}

/**
 * `A·Bᵀ` without forming `Bᵀ`. `A: (n, k)`, `B: (m, k)` → `(n, m)`; each entry is a dot product of two
 * contiguous rows, which is how `Q·Kᵀ` is computed (Vaswani et al. 2017, eq. 1).
 * @throws InputError when the column counts differ.
 */
export function matmulTransposed(a: Matrix, b: Matrix, nameA = 'A', nameB = 'B'): Matrix {
  if (a.cols !== b.cols) {
    throw new InputError({ kind: 'inner-dimensions', op: 'multiply-transposed', left: { name: nameA, shape: [a.rows, a.cols] }, right: { name: nameB, shape: [b.rows, b.cols] } });
  }
  const r = wasmKernels(a.rows * a.cols * b.rows)?.matmul(a, b, true);
  if (r) return r;
  return dotRows(a, b);
}

/** `A·Bᵀ` by the JavaScript kernel only (the oracle of the WebAssembly one). Shapes as {@link matmulTransposed}. */
export function matmulTransposedJs(a: Matrix, b: Matrix): Matrix {
  return dotRows(a, b);
}

/** `A·B` by the JavaScript kernel only (the oracle of the WebAssembly one). Shapes as {@link matmul}. */
export function matmulJs(a: Matrix, b: Matrix): Matrix {
  return dotRows(a, transpose(b));
}

/**
 * `C_ij = Σ_p A_ip · B_jp` for `A: (n, k)`, `B: (m, k)`, in 2 × 4 tiles: two rows of `A` against four rows
 * of `B`, so every element loaded is used two or four times and eight independent sums keep the CPU busy.
 */
function dotRows(a: Matrix, b: Matrix): Matrix {
  const n = a.rows, k = a.cols, m = b.rows;
  const c = zeros(n, m);
  const A = a.data, B = b.data, C = c.data;
  const n2 = n - (n % 2), m4 = m - (m % 4);
  for (let i = 0; i < n2; i += 2) {
    const a0 = i * k, a1 = a0 + k, c0 = i * m, c1 = c0 + m;
    for (let j = 0; j < m4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p], x1 = A[a1 + p];
        const y0 = B[b0 + p], y1 = B[b1 + p], y2 = B[b2 + p], y3 = B[b3 + p];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      C[c0 + j] = s00; C[c0 + j + 1] = s01; C[c0 + j + 2] = s02; C[c0 + j + 3] = s03;
      C[c1 + j] = s10; C[c1 + j + 1] = s11; C[c1 + j + 2] = s12; C[c1 + j + 3] = s13;
    }
    for (let j = m4; j < m; j++) {
      C[c0 + j] = dot(A, a0, B, j * k, k);
      C[c1 + j] = dot(A, a1, B, j * k, k);
    }
  }
  for (let i = n2; i < n; i++) for (let j = 0; j < m; j++) C[i * m + j] = dot(A, i * k, B, j * k, k);
  return c;
}

function dot(A: Float64Array, ai: number, B: Float64Array, bj: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
  return s;
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
  const r = wasmKernels(a.data.length)?.scale(a, s);
  if (r) return r;
  return scaleJs(a, s);
}

/** {@link scale} by the JavaScript kernel only (the oracle). */
export function scaleJs(a: Matrix, s: number): Matrix {
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
  const r = wasmKernels(a.data.length)?.softmaxRows(a);
  if (r) return r;
  return softmaxRowsJs(a);
}

/** {@link softmaxRows} by the JavaScript kernel only (the oracle). */
export function softmaxRowsJs(a: Matrix): Matrix {
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
