/**
 * Alignment score functions: the raw score matrix `(L, S)` from queries `Q: (L, d_q)` and keys `K: (S, d_k)`.
 * Each entry has its formula (LaTeX) and its source. Only `scaled_dot` is followed by a `scaled` step.
 */
import { InputError } from '../errors';
import { type Matrix, shapeText, zeros } from '../matrix/matrix';
import { matmul, matmulTransposed } from '../matrix/ops';
import type { ExtraRoles } from './roles';
import { SCORE_INFO } from './scoreInfo';
import type { RoleBinding, ScoreFunction } from './types';

export interface ScoreStep {
  readonly scores: Matrix;
  readonly formula: string;
  readonly description: string;
  /** Whether entry (i, j) is the dot product `q_i·k_j` (dot, scaled_dot), so a view can show its terms. */
  readonly isDotProduct: boolean;
}

/** Names and shapes used in messages: `qName` is `Q` or the name of the matrix given as Q. */
export interface ScoreOperands {
  readonly Q: Matrix;
  readonly K: Matrix;
  readonly qName: string;
  readonly kName: string;
}

export { SCORE_INFO } from './scoreInfo';

/**
 * The raw scores for `fn`:
 * - `dot`, `scaled_dot`: `Q·Kᵀ` (needs d_q = d_k).
 * - `general`: `Q·W_a·Kᵀ`, `W_a: (d_q, d_k)`.
 * - `additive`: `score_ij = tanh(q_i·W_a + k_j·U_a)·v_a`, `W_a: (d_q, d_a)`, `U_a: (d_k, d_a)`, `v_a: d_a entries`.
 * - `concat`: `score_ij = tanh([q_i, k_j]·W_a)·v_a`, `W_a: (d_q + d_k, d_a)` (q first), `v_a: d_a entries`.
 * - `cosine`: `q_i·k_j / (‖q_i‖ ‖k_j‖)` (0 when either vector is zero).
 * `dotProduct`: `Q·Kᵀ` when the caller has computed it already (dot and scaled_dot only).
 * @throws InputError naming the parameter, its shape and the shape it needs, or the missing parameter.
 */
export function computeScores(fn: ScoreFunction, ops: ScoreOperands, extras: ExtraRoles, dotProduct?: Matrix): ScoreStep {
  const { Q, K, qName, kName } = ops;
  const need = (role: 'wa' | 'ua' | 'va'): RoleBinding => {
    const b = extras[role];
    if (!b) {
      const symbol = { wa: 'W_a', ua: 'U_a', va: 'v_a' }[role];
      throw new InputError(`the ${fn} score needs ${symbol} (${SCORE_INFO[fn].source}); name a matrix ${symbol} or choose it as the ${symbol} role`);
    }
    return b;
  };
  switch (fn) {
    case 'dot':
    case 'scaled_dot':
      sameWidth(ops);
      return {
        scores: dotProduct ?? matmulTransposed(Q, K, 'Q', 'K'),
        formula: 'S = Q K^{\\top}',
        description: 'each query is compared with every key by a dot product: a large score means a good match.',
        isDotProduct: true,
      };
    case 'general': {
      const wa = need('wa');
      expectShape(wa, Q.cols, K.cols, `d_q × d_k = ${Q.cols} × ${K.cols} (${qName} is ${shapeText(Q)}, ${kName} is ${shapeText(K)})`);
      return {
        scores: matmulTransposed(matmul(Q, wa.matrix, 'Q', wa.name), K, `Q·${wa.name}`, 'K'),
        formula: 'S = Q W_a K^{\\top}',
        isDotProduct: false,
        description: `Luong's general score: each key is compared with the query through a learned bilinear form W_a (${shapeText(wa.matrix)}), so queries and keys may have different widths.`,
      };
    }
    case 'additive': {
      const wa = need('wa'), ua = need('ua'), va = need('va');
      const da = wa.matrix.cols;
      expectShape(wa, Q.cols, da, `d_q × d_a with d_q = ${Q.cols} (${qName} is ${shapeText(Q)})`);
      expectShape(ua, K.cols, da, `d_k × d_a = ${K.cols} × ${da} (${kName} is ${shapeText(K)}, W_a has ${da} columns)`);
      const v = vectorOf(va, da);
      return {
        scores: tanhScores(matmul(Q, wa.matrix, 'Q', wa.name), matmul(K, ua.matrix, 'K', ua.name), v),
        formula: 'e_{ij} = v_a^{\\top} \\tanh\\left(W_a^{\\top} q_i + U_a^{\\top} k_j\\right)',
        isDotProduct: false,
        description: `Bahdanau's additive score: query and key are projected to d_a = ${da}, added, squashed by tanh and read out by v_a.`,
      };
    }
    case 'concat': {
      const wa = need('wa'), va = need('va');
      const da = wa.matrix.cols;
      expectShape(wa, Q.cols + K.cols, da, `(d_q + d_k) × d_a = ${Q.cols + K.cols} × ${da}: the query part first, then the key part`);
      const v = vectorOf(va, da);
      const top: Matrix = { rows: Q.cols, cols: da, data: wa.matrix.data.subarray(0, Q.cols * da) };
      const bottom: Matrix = { rows: K.cols, cols: da, data: wa.matrix.data.subarray(Q.cols * da) };
      return {
        scores: tanhScores(matmul(Q, top), matmul(K, bottom), v),
        formula: 'e_{ij} = v_a^{\\top} \\tanh\\left(W_a^{\\top} [q_i ; k_j]\\right)',
        isDotProduct: false,
        description: `Luong's concat score: the query and the key are concatenated, projected to d_a = ${da}, squashed by tanh and read out by v_a.`,
      };
    }
    case 'cosine': {
      sameWidth(ops);
      const dots = matmulTransposed(Q, K, 'Q', 'K');
      const qn = rowNorms(Q), kn = rowNorms(K);
      const out = zeros(Q.rows, K.rows);
      for (let i = 0; i < Q.rows; i++) for (let j = 0; j < K.rows; j++) {
        const d = qn[i] * kn[j];
        out.data[i * K.rows + j] = d === 0 ? 0 : dots.data[i * K.rows + j] / d;
      }
      return {
        scores: out,
        formula: 'S_{ij} = \\frac{q_i \\cdot k_j}{\\lVert q_i \\rVert \\, \\lVert k_j \\rVert}',
        isDotProduct: false,
        description: 'the cosine of the angle between query and key: 1 for the same direction, 0 for orthogonal, −1 for opposite; the lengths do not matter.',
      };
    }
  }
}

/** `Σ_a v_a · tanh(QW[i, a] + KU[j, a])` for every (i, j). */
function tanhScores(qw: Matrix, ku: Matrix, v: Float64Array): Matrix {
  const L = qw.rows, S = ku.rows, da = qw.cols;
  const out = zeros(L, S);
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < S; j++) {
      let s = 0;
      for (let a = 0; a < da; a++) s += v[a] * Math.tanh(qw.data[i * da + a] + ku.data[j * da + a]);
      out.data[i * S + j] = s;
    }
  }
  return out;
}

function rowNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Checks that `Q·Kᵀ` is defined (the dot and scaled_dot scores).
 * @throws InputError naming both matrices and their widths when d_q ≠ d_k.
 */
export function checkDotOperands(ops: ScoreOperands): void {
  sameWidth(ops);
}

function sameWidth({ Q, K, qName, kName }: ScoreOperands): void {
  if (Q.cols !== K.cols) {
    throw new InputError({ kind: 'dk-differs', query: { name: qName, shape: [Q.rows, Q.cols] }, key: { name: kName, shape: [K.rows, K.cols] } });
  }
}

function expectShape(b: RoleBinding, rows: number, cols: number, what: string): void {
  if (b.matrix.rows !== rows || b.matrix.cols !== cols) {
    throw new InputError(`${b.name} is ${shapeText(b.matrix)} but must be ${rows} × ${cols}: ${what}`, b.range);
  }
}

/** v_a as a vector of `n` entries, from a `1 × n` or `n × 1` matrix. */
function vectorOf(b: RoleBinding, n: number): Float64Array {
  const m = b.matrix;
  if ((m.rows === 1 && m.cols === n) || (m.cols === 1 && m.rows === n)) return m.data;
  throw new InputError(`${b.name} is ${shapeText(m)} but must be a vector of d_a = ${n} entries`, b.range);
}
