/**
 * The engine's structured formulas (src/core/formula, src/core/attention/formulas.ts, the score table) and their
 * two renderers: exact LaTeX and text for the main steps, and for every step of every option combination (score
 * functions, masks and conventions, key padding, temperature, scale, hard attention, heads with and without W_O,
 * given Q/K/V, batched inputs with a head axis) LaTeX that KaTeX parses (throwOnError) and text with no TeX in it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import katex from 'katex';
import { computeAttentionND } from '../../src/core/attention/batched';
import { roleSymbol } from '../../src/core/attention/formulas';
import type { RoleSet } from '../../src/core/attention/roles';
import { roleTitle } from '../../src/core/attention/roles';
import { SCORE_INFO } from '../../src/core/attention/scoreInfo';
import { type AttentionOptions, type AttentionResult, type MaskKind, type Role, type RoleBinding, ROLES, SCORE_FUNCTIONS, type ScoreFunction, type Step } from '../../src/core/attention/types';
import { DOTS, type Formula, equation, frac, indices, list, minus, name, num, over, product, sqrt, sym, transpose, word } from '../../src/core/formula/expr';
import { toLatex } from '../../src/core/formula/latex';
import { toText } from '../../src/core/formula/text';
import type { Matrix } from '../../src/core/matrix/matrix';
import { isLiveState } from '../../src/shared/liveProtocol';
import { toWireResult } from '../../src/shared/wire';

const matrix = (rows: number, cols: number, seed: number): Matrix => ({ rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(1.3 * i + seed)) });
const bind = (role: Role, bindingName: string, m: Matrix, array?: { shape: number[]; data: Float64Array }): RoleBinding => ({ role, name: bindingName, matrix: m, source: 'given', ...(array ? { array } : {}) });

/** X (3 × 4), W_Q/W_K/W_V (4 × 4), W_O, the score parameters (W_a fits concat when `concat`), a mask and key padding. */
function projection(score: ScoreFunction, withWo: boolean, padding: boolean): Extract<RoleSet, { mode: 'projection' }> {
  const causal = { rows: 3, cols: 3, data: Float64Array.from([1, 0, 0, 1, 1, 0, 1, 1, 1]) };
  return {
    mode: 'projection', x: bind('x', 'X', matrix(3, 4, 1)), wq: bind('wq', 'W_Q', matrix(4, 4, 2)), wk: bind('wk', 'W_K', matrix(4, 4, 3)), wv: bind('wv', 'W_V', matrix(4, 4, 4)),
    extras: {
      wa: bind('wa', 'W_a', matrix(score === 'concat' ? 8 : 4, 4, 5)), ua: bind('ua', 'U_a', matrix(4, 4, 6)), va: bind('va', 'v_a', matrix(1, 4, 7)),
      ...(withWo ? { wo: bind('wo', 'W_O', matrix(4, 4, 8)) } : {}),
      mask: bind('mask', 'attn_mask', causal),
      ...(padding ? { padding: bind('padding', 'key_padding_mask', { rows: 1, cols: 3, data: Float64Array.from([1, 1, 0]) }) } : {}),
    },
  };
}

/** Every step of the result, the heads' own steps first. */
function allSteps(r: AttentionResult): Step[] {
  return [...(r.heads ?? []).flatMap((h) => h.steps), ...r.steps];
}

function compute(roles: RoleSet, options: AttentionOptions): AttentionResult {
  return computeAttentionND(roles, options);
}

/** The LaTeX parses with KaTeX, and the text has no TeX left in it. */
const parsed = new Set<string>();
function checkRenders(f: Formula, what: string): void {
  const latex = toLatex(f);
  if (!parsed.has(latex)) {
    assert.doesNotThrow(() => katex.renderToString(latex, { throwOnError: true, displayMode: true }), `${what}: KaTeX rejects ${latex}`);
    parsed.add(latex);
  }
  const text = toText(f);
  assert.doesNotMatch(text, /\\|[{}]|undefined|NaN/, `${what}: ${text}`);
  assert.ok(text.trim().length > 0 && text === text.trim(), `${what}: ${JSON.stringify(text)}`);
}

const byId = (r: AttentionResult, id: string): Step => {
  const s = r.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id}`);
  return s;
};
const render = (s: Step): [string, string] => [toLatex(s.formula), toText(s.formula)];

describe('step formulas, exactly', () => {
  test('scaled dot-product attention (Vaswani et al. 2017, eq. 1)', () => {
    const r = compute(projection('scaled_dot', false, false), {});
    assert.deepEqual(r.steps.map(render), [
      ['Q = X W_Q', 'Q = X W_Q'],
      ['K = X W_K', 'K = X W_K'],
      ['V = X W_V', 'V = X W_V'],
      ['S = Q K^{\\top}', 'S = Q Kᵀ'],
      ['\\frac{Q K^{\\top}}{\\sqrt{d_k}} = \\frac{S}{\\sqrt{4}}', '(Q Kᵀ) / √d_k = S / √4'],
      ['A = \\operatorname{softmax}\\left(\\frac{Q K^{\\top}}{\\sqrt{d_k}}\\right)', 'A = softmax((Q Kᵀ) / √d_k)'],
      ['Z = A V', 'Z = A V'],
    ]);
  });

  test('each score function’s formula is its score-table entry, as its source writes it', () => {
    const expected: Record<ScoreFunction, [string, string]> = {
      scaled_dot: ['S = Q K^{\\top}', 'S = Q Kᵀ'],
      dot: ['S = Q K^{\\top}', 'S = Q Kᵀ'],
      general: ['S = Q W_a K^{\\top}', 'S = Q W_a Kᵀ'],
      additive: ['e_{ij} = v_a^{\\top} \\tanh\\left(W_a^{\\top} q_i + U_a^{\\top} k_j\\right)', 'e_ij = v_aᵀ tanh(W_aᵀ q_i + U_aᵀ k_j)'],
      concat: ['e_{ij} = v_a^{\\top} \\tanh\\left(W_a^{\\top} [q_i ; k_j]\\right)', 'e_ij = v_aᵀ tanh(W_aᵀ [q_i; k_j])'],
      cosine: ['S_{ij} = \\frac{q_i \\cdot k_j}{\\lVert q_i \\rVert \\, \\lVert k_j \\rVert}', 'S_ij = (q_i · k_j) / (‖q_i‖ ‖k_j‖)'],
    };
    for (const score of SCORE_FUNCTIONS) {
      const r = compute(projection(score, false, false), { score });
      const s = byId(r, 'scores');
      assert.deepEqual(render(s), expected[score], score);
      assert.deepEqual(s.formula, SCORE_INFO[score].formula(), `${score}: the step's formula is the table's`);
      assert.ok(s.description.includes(SCORE_INFO[score].source), `${score}: the source is named`);
      assert.equal(r.steps.some((x) => x.id === 'scaled'), score === 'scaled_dot');
    }
    assert.match(SCORE_INFO.scaled_dot.source, /Vaswani et al\. 2017, eq\. 1/);
    assert.match(SCORE_INFO.additive.source, /Bahdanau et al\. 2014/);
    for (const s of ['dot', 'general', 'concat'] as const) assert.match(SCORE_INFO[s].source, /Luong et al\. 2015/);
  });

  test('masks: the condition is the engine’s, the mask matrix and padding by their program names', () => {
    const masked = (mask: MaskKind, padding: boolean, convention: 'keep' | 'block' = 'keep'): [string, string] =>
      render(byId(compute(projection('dot', false, padding), { score: 'dot', mask, maskConvention: convention }), 'masked'));
    assert.deepEqual(masked('causal', false), ['M_{ij} = \\begin{cases} \\text{logit}_{ij} & j \\le i \\\\ -\\infty & \\text{otherwise} \\end{cases}', 'M_ij = (logit_ij if j ≤ i, −∞ otherwise)']);
    assert.equal(masked('causal_lower_right', false)[1], 'M_ij = (logit_ij if j ≤ i + S − L, −∞ otherwise)');
    assert.deepEqual(masked('matrix', true), [
      'M_{ij} = \\begin{cases} \\text{logit}_{ij} & \\texttt{attn\\_mask}_{ij} \\ne 0 \\wedge \\texttt{key\\_padding\\_mask}_j \\ne 0 \\\\ -\\infty & \\text{otherwise} \\end{cases}',
      'M_ij = (logit_ij if attn_mask[i, j] ≠ 0 ∧ key_padding_mask[j] ≠ 0, −∞ otherwise)',
    ]);
    assert.equal(masked('matrix', false, 'block')[1], 'M_ij = (logit_ij if attn_mask[i, j] = 0, −∞ otherwise)');
    assert.equal(masked('none', true)[1], 'M_ij = (logit_ij if key_padding_mask[j] ≠ 0, −∞ otherwise)');
    const weights = render(byId(compute(projection('dot', false, false), { score: 'dot', mask: 'causal' }), 'weights'));
    assert.deepEqual(weights, ['A = \\operatorname{softmax}\\left(M\\right)', 'A = softmax(M)']);
  });

  test('temperature, a chosen scale and hard attention', () => {
    const T = compute(projection('scaled_dot', false, false), { temperature: 0.5 });
    assert.deepEqual(render(byId(T, 'weights')), [
      'A = \\operatorname{softmax}\\left(\\frac{Q K^{\\top}}{\\sqrt{d_k}} / T\\right),\\ T = 0.5',
      'A = softmax((Q Kᵀ) / √d_k / T), T = 0.5',
    ]);
    const s = compute(projection('scaled_dot', false, false), { scale: 0.25 });
    assert.deepEqual(render(byId(s, 'scaled')), ['s Q K^{\\top} = 0.25 \\, S', 's Q Kᵀ = 0.25 S']);
    assert.deepEqual(render(byId(s, 'weights')), ['A = \\operatorname{softmax}\\left(s Q K^{\\top}\\right)', 'A = softmax(s Q Kᵀ)']);
    const hard = compute(projection('dot', false, false), { score: 'dot', hard: true, mask: 'causal', temperature: 3 });
    assert.deepEqual(render(byId(hard, 'weights')), [
      'A = \\operatorname{onehot}\\left(\\arg\\max_j M / T\\right),\\ T = 3',
      'A = onehot(argmax_j M / T), T = 3',
    ]);
  });

  test('heads: each head’s own symbols, the mean of the weights, the concatenation and W_O', () => {
    const r = compute(projection('scaled_dot', true, false), { heads: 2, mask: 'causal' });
    assert.deepEqual(r.heads?.[1].steps.map(render), [
      ['S_1 = Q_1 K_1^{\\top}', 'S_1 = Q_1 K_1ᵀ'],
      ['\\frac{Q_1 K_1^{\\top}}{\\sqrt{d_k}} = \\frac{S_1}{\\sqrt{2}}', '(Q_1 K_1ᵀ) / √d_k = S_1 / √2'],
      ['M_{1,ij} = \\begin{cases} \\text{logit}_{ij} & j \\le i \\\\ -\\infty & \\text{otherwise} \\end{cases}', 'M_(1,ij) = (logit_ij if j ≤ i, −∞ otherwise)'],
      ['A_1 = \\operatorname{softmax}\\left(M_1\\right)', 'A_1 = softmax(M_1)'],
      ['Z_1 = A_1 V_1', 'Z_1 = A_1 V_1'],
    ]);
    assert.deepEqual(render(byId(r, 'weights')), ['\\bar{A} = \\frac{1}{2} \\sum_h A_h', 'Ā = (1 / 2) Σ_h A_h']);
    assert.deepEqual(render(byId(r, 'concat')), ['H = [Z_0, Z_1]', 'H = [Z_0, Z_1]']);
    assert.deepEqual(render(byId(r, 'output')), ['Z = H W_O', 'Z = H W_O']);
    const noWo = compute(projection('cosine', false, false), { score: 'cosine', heads: 4 });
    assert.deepEqual(render(byId(noWo, 'output')), ['Z = [Z_0, Z_1, Z_2, Z_3]', 'Z = [Z_0, Z_1, Z_2, Z_3]']);
    assert.equal(toText(noWo.heads?.[2].steps[0].formula as Formula), 'S_(2,ij) = (q_i · k_j) / (‖q_i‖ ‖k_j‖)');
  });

  test('Q, K and V given directly: the program’s names, escaped for TeX', () => {
    const r = compute({ mode: 'direct', q: bind('q', 'query_x', matrix(2, 3, 1)), k: bind('k', 'K', matrix(2, 3, 2)), v: bind('v', 'values$&#%', matrix(2, 3, 3)) }, {});
    assert.deepEqual(render(byId(r, 'Q')), ['Q = \\texttt{query\\_x}', 'Q = query_x']);
    assert.deepEqual(render(byId(r, 'K')), ['K', 'K']);
    assert.deepEqual(render(byId(r, 'V')), ['V = \\texttt{values\\$\\&\\#\\%}', 'V = values$&#%']);
    checkRenders(byId(r, 'V').formula, 'V');
  });
});

describe('the renderers', () => {
  test('grouping: parentheses only where the text needs them', () => {
    const Q = sym('Q', 'Q'), K = sym('K', 'K'), T = sym('T', 'T');
    assert.equal(toText(over(product(Q, transpose(K)), T)), '(Q Kᵀ) / T');
    assert.equal(toLatex(over(product(Q, transpose(K)), T)), '\\left(Q K^{\\top}\\right) / T');
    assert.equal(toText(frac(num(1), product(Q, K))), '1 / (Q K)');
    assert.equal(toText(transpose(transpose(K))), '(Kᵀ)ᵀ');
    assert.equal(toLatex(transpose(transpose(K))), '\\left(K^{\\top}\\right)^{\\top}');
    assert.equal(toText(minus(Q, minus(K, T))), 'Q − (K − T)');
    assert.equal(toText(sqrt(frac(sym('d', 'd'), sym('H', 'H')))), '√(d / H)');
    assert.equal(toText(product(num(-2), Q)), '(−2) Q');
    assert.deepEqual(product(sym('s', 's'), product(Q, K)), product(sym('s', 's'), Q, K));
  });

  test('numbers, subscripts, words and names', () => {
    assert.equal(toLatex(num(1e-7)), '1 \\times 10^{-7}');
    assert.equal(toText(num(1e-7)), '1e-7');
    assert.equal(toLatex(num(1 / 3)), '0.333333');
    assert.equal(toLatex(sym('x', 'x', [indices(sym('i', 'i'), sym('j', 'j'))])), 'x_{ij}');
    assert.equal(toText(sym('x', 'x', [sym('h', 'h'), indices(sym('i', 'i'), sym('j', 'j'))])), 'x_(h,ij)');
    assert.equal(toText(name('mask', 'mask', [indices(sym('i', 'i'), sym('j', 'j'))])), 'mask[i, j]');
    assert.equal(toLatex(sym('x', 'x', [num(10)])), 'x_{10}');
    assert.equal(toText(sym('x', 'x', [num(10)])), 'x_10');
    assert.equal(toLatex(word('key padding mask')), '\\text{key padding mask}');
    assert.equal(toLatex(name('a\\b{c}^~')), '\\texttt{a\\textbackslash{}b\\{c\\}\\textasciicircum{}\\textasciitilde{}}');
    assert.equal(toText(list([sym('Z', 'Z', [num(0)]), DOTS, sym('Z', 'Z', [num(7)])])), '[Z_0, …, Z_7]');
    for (const f of [num(1e-7), num(-0.5), equation(sym('A', 'A'), list([DOTS]))]) checkRenders(f, toText(f));
    assert.doesNotThrow(() => katex.renderToString(toLatex(name('a\\b{c}^~$&#%_')), { throwOnError: true }));
  });

  test('role symbols: one table for the panel’s LaTeX, the controls and every text title', () => {
    for (const role of ROLES) {
      checkRenders(roleSymbol(role), role);
      assert.equal(toText(roleSymbol(role)), roleTitle(role));
    }
    assert.deepEqual(ROLES.map((r) => toLatex(roleSymbol(r))), ['X', 'W_Q', 'W_K', 'W_V', 'W_O', 'Q', 'K', 'V', 'W_a', 'U_a', 'v_a', '\\text{mask}', '\\text{key padding mask}']);
  });
});

describe('every step of every option combination renders', () => {
  const masks: { mask: MaskKind; maskConvention?: 'keep' | 'block'; padding: boolean }[] = [
    { mask: 'none', padding: false }, { mask: 'none', padding: true }, { mask: 'causal', padding: false }, { mask: 'causal_lower_right', padding: true },
    { mask: 'matrix', padding: false }, { mask: 'matrix', maskConvention: 'block', padding: true },
  ];
  test('2-D inputs: scores × masks × temperature × scale × hard × heads (with and without W_O)', () => {
    let n = 0;
    for (const score of SCORE_FUNCTIONS) {
      for (const m of masks) {
        for (const temperature of [1, 0.5]) {
          for (const hard of [false, true]) {
            const headCounts = score === 'dot' || score === 'scaled_dot' || score === 'cosine' ? [1, 2, 4] : [1];
            for (const heads of headCounts) {
              for (const withWo of heads > 1 ? [true, false] : [false]) {
                for (const scale of score === 'scaled_dot' ? [null, 0.125] : [null]) {
                  const opts: AttentionOptions = { score, mask: m.mask, maskConvention: m.maskConvention ?? 'keep', temperature, hard, heads, scale };
                  const r = compute(projection(score, withWo, m.padding), opts);
                  for (const s of allSteps(r)) {
                    checkRenders(s.formula, `${JSON.stringify(opts)} ${s.id}`);
                    n++;
                  }
                }
              }
            }
          }
        }
      }
    }
    assert.ok(n > 1000, `${n} step formulas`);
  });

  test('batched inputs with a head axis, (2, 2, 3, 4), and N-D X with split heads', () => {
    const nd = (shape: number[], seed: number): { matrix: Matrix; array: { shape: number[]; data: Float64Array } } => {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = Float64Array.from({ length: size }, (_, i) => Math.cos(0.7 * i + seed));
      const rows = shape[shape.length - 2], cols = shape[shape.length - 1];
      return { matrix: { rows, cols, data: data.slice(0, rows * cols) }, array: { shape, data } };
    };
    const q = nd([2, 2, 3, 4], 1), k = nd([2, 2, 3, 4], 2), v = nd([2, 2, 3, 4], 3);
    const explicit = compute({ mode: 'direct', q: bind('q', 'q', q.matrix, q.array), k: bind('k', 'k', k.matrix, k.array), v: bind('v', 'v', v.matrix, v.array) }, { mask: 'causal', temperature: 2 });
    assert.equal(explicit.batch?.headSource, 'explicit');
    assert.equal(explicit.heads?.length, 2);
    for (const slice of explicit.batch?.slices ?? []) for (const s of allSteps(slice)) checkRenders(s.formula, `explicit heads ${s.id}`);
    assert.equal(toText(explicit.heads?.[1].steps.find((s) => s.id === 'weights')?.formula as Formula), 'A_1 = softmax(M_1 / T), T = 2');

    const x = nd([2, 3, 4], 4);
    const roles: RoleSet = { ...projection('scaled_dot', true, false), x: bind('x', 'x', x.matrix, x.array) };
    const split = compute(roles, { heads: 2 });
    assert.equal(split.batch?.headSource, 'split');
    for (const slice of split.batch?.slices ?? []) for (const s of allSteps(slice)) checkRenders(s.formula, `split heads ${s.id}`);
  });
});

describe('what the views receive', () => {
  test('the panel’s steps carry the LaTeX of the engine’s formulas, per head too', () => {
    const r = compute(projection('scaled_dot', true, false), { heads: 2, mask: 'causal' });
    const wire = toWireResult(r);
    assert.deepEqual(wire.steps.map((s) => s.formula), r.steps.map((s) => toLatex(s.formula)));
    assert.deepEqual(wire.heads?.[1].steps.map((s) => s.formula), r.heads?.[1].steps.map((s) => toLatex(s.formula)));
  });

  test('the Live view’s state may carry the weights’ and output’s formulas as text, and only as strings', () => {
    const state = {
      kind: 'data', title: 't', summary: 's', roles: [], queryLabels: ['a'], keyLabels: ['b'], notes: [], problems: [], precision: 3,
      weights: { rows: 1, cols: 1, values: [1] }, output: { rows: 1, cols: 1, values: [1] },
    };
    assert.equal(isLiveState(state), true);
    assert.equal(isLiveState({ ...state, formulas: { weights: 'A = softmax(S)', output: 'Z = A V' } }), true);
    assert.equal(isLiveState({ ...state, formulas: { weights: { kind: 'symbol' }, output: 'Z = A V' } }), false);
    assert.equal(isLiveState({ ...state, formulas: 'A = softmax(S)' }), false);
  });
});
