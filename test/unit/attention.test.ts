/** The engine against NumPy: every step of every case in test/fixtures/attention.json, to 1e-9. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeAttention } from '../../src/core/attention/pipeline';
import { assignRoles } from '../../src/core/attention/roles';
import type { NamedMatrix } from '../../src/core/attention/types';
import { attempt } from '../../src/core/errors';
import { fromRows } from '../../src/core/matrix/matrix';
import { softmaxRows } from '../../src/core/matrix/ops';
import { assertClose } from './helpers/numbers';
import { attentionCases, namedInputs } from './helpers/attentionFixtures';


describe('attention pipeline vs NumPy (test/fixtures/attention.json)', () => {
  for (const c of attentionCases) {
    test(c.name, () => {
      // Roles are inferred from the inputs' names (X, W_Q…, W_a, U_a, v_a, mask, key_padding_mask) as for a user.
      const result = computeAttention(assignRoles(namedInputs(c.inputs)), c.options);
      assert.deepEqual(result.steps.map((s) => s.id), Object.keys(c.steps), 'step ids in pipeline order');
      for (const s of result.steps) assertClose(s.matrix, c.steps[s.id], `${c.name}: ${s.id}`);
      assertClose(result.weights, c.steps.weights, 'weights');
      assertClose(result.output, c.steps.output, 'output');
      if (c.heads) {
        assert.equal(result.heads?.length, c.heads.length);
        result.heads?.forEach((h, i) => {
          for (const s of h.steps) assertClose(s.matrix, c.heads?.[i][s.id] ?? [], `head ${i}: ${s.id}`);
        });
      }
      result.diagnostics.forEach((d, i) => {
        const masked = c.steps.weights[i].every((w) => w === 0);
        assert.ok(Math.abs(d.sum - (masked ? 0 : 1)) < 1e-12, `row ${i} weights sum to ${d.sum}`);
      });
    });
  }
  test('a fully masked query is reported in the notes', () => {
    const c = attentionCases.find((x) => x.name.startsWith('a query with every key masked'));
    assert.ok(c);
    const r = computeAttention(assignRoles(namedInputs(c.inputs)), c.options);
    assert.deepEqual(r.notes, ['Every key is masked for query 1: its weights are all 0 (PyTorch would give NaN).']);
  });
  test('hard attention on a one-hot query returns exactly the matching value row', () => {
    const c = attentionCases.find((x) => x.options.hard);
    assert.ok(c);
    const r = computeAttention(assignRoles(namedInputs(c.inputs)), c.options);
    assert.deepEqual(Array.from(r.output.data), [3, 4, 1, 2]);
  });
});

describe('variant errors name the parameter and the shape it needs', () => {
  const m = (name: string, rows: number[][]): NamedMatrix => ({ name, matrix: fromRows(rows), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  const qkv = [m('Q', [[1, 2, 3]]), m('K', [[1, 2], [3, 4]]), m('V', [[1], [2]])];
  test('general without W_a', () => {
    const r = attempt(() => computeAttention(assignRoles(qkv), { score: 'general' }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /the general score needs W_a \(Luong et al\. 2015, eq\. 8 \(general\)\)/);
  });
  test('general with a W_a of the wrong shape', () => {
    const r = attempt(() => computeAttention(assignRoles([...qkv, m('W_a', [[1, 2], [3, 4]])]), { score: 'general' }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.message, 'W_a is 2 × 2 but must be 3 × 2: d_q × d_k = 3 × 2 (Q is 1 × 3, K is 2 × 2)');
  });
  test('a mask of the wrong shape', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1, 2]]), m('K', [[1, 2], [3, 4]]), m('V', [[1], [2]]), m('mask', [[1, 1, 1]])]), { mask: 'matrix' }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.message, 'mask is 1 × 3 but the mask must be L × S = 1 × 2');
  });
  test('heads that do not divide the width', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1, 2, 3]]), m('K', [[1, 2, 3]]), m('V', [[1, 2, 3]])]), { heads: 2 }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.message, 'Q is 1 × 3: its 3 columns cannot be split into 2 heads of equal width');
  });
});

describe('softmax edge cases', () => {
  test('logits of ±1000 do not overflow to NaN', () => {
    const w = softmaxRows(fromRows([[1000, -1000, 999]]));
    assertClose(w, [[1 / (1 + Math.exp(-1)), 0, Math.exp(-1) / (1 + Math.exp(-1))]], 'softmax');
  });
  test('masked entries (−∞) get exactly 0', () => {
    const w = softmaxRows(fromRows([[0, -Infinity, 0]]));
    assert.deepEqual(Array.from(w.data), [0.5, 0, 0.5]);
  });
  test('a fully masked row is all zeros, not NaN', () => {
    const w = softmaxRows(fromRows([[-Infinity, -Infinity]]));
    assert.deepEqual(Array.from(w.data), [0, 0]);
  });
});

describe('diagnostics', () => {
  test('entropy and argmax of every row of every case: −Σ w ln w and the argmax of NumPy\'s weights', () => {
    for (const c of attentionCases) {
      const r = computeAttention(assignRoles(namedInputs(c.inputs)), c.options);
      (c.steps.weights as number[][]).forEach((w, i) => {
        const entropy = -w.reduce((s, x) => s + (x > 0 ? x * Math.log(x) : 0), 0);
        assert.ok(Math.abs(r.diagnostics[i].entropy - entropy) < 1e-12, `${c.name}, row ${i}: entropy ${r.diagnostics[i].entropy}, from NumPy's weights ${entropy}`);
        if (!c.options.heads || c.options.heads === 1) assert.equal(r.diagnostics[i].argmax, w.indexOf(Math.max(...w)), `${c.name}, row ${i}`);
      });
    }
  });
});

describe('errors are values that name the matrix and the shape', () => {
  const m = (name: string, rows: number[][]): NamedMatrix => ({ name, matrix: fromRows(rows), range: { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } } });
  test('d_k mismatch', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1, 2, 3]]), m('K', [[1, 2]]), m('V', [[1]])])));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.message, 'Q is 1 × 3 but K is 1 × 2: d_k differs (3 vs 2), so Q·Kᵀ is undefined');
  });
  test('K and V with different numbers of rows', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1, 2]]), m('K', [[1, 2], [3, 4]]), m('V', [[1]])])));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /K is 2 × 2 but V is 1 × 1/);
  });
  test('X·W_Q inner dimension', () => {
    const r = attempt(() => computeAttention(assignRoles([m('X', [[1, 2]]), m('W_Q', [[1], [2], [3]]), m('W_K', [[1], [2]]), m('W_V', [[1], [2]])])));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /X \(1 × 2\) by W_Q \(3 × 1\)/);
  });
  test('NaN entry names the matrix, row and column, and keeps its range', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1, NaN]]), m('K', [[1, 2]]), m('V', [[1]])])));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.message, 'Q has a non-finite entry (NaN) at row 0, column 1');
      assert.equal(r.error.range?.start.line, 3);
    }
  });
  test('missing role', () => {
    const r = attempt(() => assignRoles([m('X', [[1]]), m('W_Q', [[1]]), m('W_K', [[1]])]));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /cannot find W_V/);
  });
  test('temperature must be positive', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1]]), m('K', [[1]]), m('V', [[1]])]), { temperature: 0 }));
    assert.equal(r.ok, false);
  });
  test('size limit', () => {
    const r = attempt(() => computeAttention(assignRoles([m('Q', [[1, 2]]), m('K', [[1, 2]]), m('V', [[1]])]), {}, { maxElements: 1 }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /Q \(1 × 2\) has 2 entries, more than the limit of 1/);
  });
});

describe('roles', () => {
  const m = (name: string | null): NamedMatrix => ({ name, matrix: fromRows([[1]]), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });
  test('names from tutorials', () => {
    const r = assignRoles(['embeddings', 'Wq', 'w_k', 'W_value'].map(m));
    assert.equal(r.mode, 'projection');
    if (r.mode === 'projection') assert.deepEqual([r.x.name, r.wq.name, r.wk.name, r.wv.name], ['embeddings', 'Wq', 'w_k', 'W_value']);
  });
  test('X of several tokens wins over a one-row x that a loop over its rows left (x = embeddings[w])', () => {
    const at = (name: string, rows: number[][], line: number): NamedMatrix => ({ name, matrix: fromRows(rows), range: { start: { line, character: 0 }, end: { line, character: 1 } } });
    const w = (name: string, line: number) => at(name, [[1, 0], [0, 1]], line);
    const r = assignRoles([at('X', [[1, 2], [3, 4]], 0), w('W_Q', 1), w('W_K', 2), w('W_V', 3), at('x', [[3, 4]], 4)]);
    assert.equal(r.mode === 'projection' && r.x.name, 'X');
    // A one-row x alone is still X (one token).
    const one = assignRoles([at('x', [[3, 4]], 0), w('W_Q', 1), w('W_K', 2), w('W_V', 3)]);
    assert.equal(one.mode === 'projection' && one.x.name, 'x');
  });
  test('an inferred bool key padding mask (pad_mask = ids == 0) says which convention read it, since the name does not', () => {
    const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const qkv = { matrix: fromRows([[1, 0], [0, 1], [1, 1]]), range: at, source: 'inferred' as const };
    const padding = { role: 'padding' as const, name: 'pad_mask', matrix: fromRows([[0, 0, 1]]), range: at, source: 'inferred' as const, dtype: 'bool' as const };
    const roles = { mode: 'direct' as const, q: { ...qkv, role: 'q' as const, name: 'q' }, k: { ...qkv, role: 'k' as const, name: 'k' }, v: { ...qkv, role: 'v' as const, name: 'v' }, extras: { padding } };
    const keep = computeAttention(roles, {});
    assert.ok(keep.notes.some((n) => /pad_mask is applied as a key padding mask whose non-zero entries are the keys attended; .*choose the block convention/.test(n)), keep.notes.join(' | '));
    const block = computeAttention(roles, { maskConvention: 'block' });
    assert.ok(block.notes.some((n) => /non-zero entries are the keys ignored/.test(n)));
    assert.deepEqual(Array.from(block.weights.data).filter((_, i) => i % 3 === 2), [0, 0, 0]); // the padded key gets no weight
    const given = computeAttention({ ...roles, extras: { padding: { ...padding, source: 'given' as const } } }, {});
    assert.ok(!given.notes.some((n) => /key padding mask whose/.test(n)));
  });
  test('query/key/value given directly', () => {
    const r = assignRoles(['query', 'key', 'value'].map(m));
    assert.equal(r.mode, 'direct');
  });
  test('overrides win over names', () => {
    const r = assignRoles(['A', 'B', 'C', 'Q', 'K', 'V'].map(m), { q: 'A', k: 'B', v: 'C' });
    assert.equal(r.mode, 'direct');
    if (r.mode === 'direct') assert.deepEqual([r.q.name, r.k.name, r.v.name, r.q.source], ['A', 'B', 'C', 'given']);
  });
  test('unknown override names the choices', () => {
    const r = attempt(() => assignRoles(['Q', 'K', 'V'].map(m), { q: 'nope' }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /no matrix named 'nope' for role Q \(found: Q, K, V\)/);
  });
  test('three anonymous literals are Q, K, V by position', () => {
    const r = assignRoles([m(null), m(null), m(null)]);
    assert.equal(r.mode, 'direct');
  });
});
