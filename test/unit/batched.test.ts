/**
 * The batched (N-D) engine against NumPy: every step of every case of test/fixtures/attention_batched.json
 * (made by scripts/fixtures/make_batched_attention_fixtures.py, vectorised NumPy over the whole batch), to 1e-12.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeAttentionND } from '../../src/core/attention/batched';
import { selectBatch } from '../../src/core/attention/batchIndex';
import type { RoleSet } from '../../src/core/attention/roles';
import type { ArrayValue, AttentionOptions, BatchedStep, Role, RoleBinding } from '../../src/core/attention/types';
import { InputError } from '../../src/core/errors';
import { type BatchedCase, batchedCases, batchedRoles, fixtureBinding } from './helpers/attentionFixtures';


function close(actual: Float64Array, expected: (number | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? -Infinity, a = actual[i];
    if (e === -Infinity || a === -Infinity) assert.equal(a, e, `${what}[${i}]`);
    else assert.ok(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs NumPy ${e}`);
  }
}

describe('batched attention against NumPy', () => {
  for (const c of batchedCases) {
    test(c.name, () => {
      const options: AttentionOptions = c.options;
      const r = computeAttentionND(batchedRoles(c), options);
      assert.ok(r.batch, 'the result is batched');
      assert.deepEqual(r.batch.steps.map((s) => s.id), c.steps.map((s) => s.id));
      for (const [k, s] of c.steps.entries()) {
        const got: BatchedStep = r.batch.steps[k];
        assert.deepEqual(got.value.shape, s.shape, `${s.id}: shape`);
        close(got.value.data, s.values, s.id);
      }
      // The 2-D steps of the last batch element are that element's slice of the N-D weights.
      const last = r.batch.shape.map((d) => d - 1);
      const shown = selectBatch(r, last);
      assert.ok(shown);
      assert.deepEqual(shown.batch?.index, last);
      const w = r.batch.steps.find((s) => s.id === 'weights');
      assert.ok(w);
      const perElement = w.value.data.length / r.batch.slices.length;
      const tail = w.value.data.subarray(w.value.data.length - perElement);
      const weights2d = shown.heads ? shown.heads.flatMap((h) => Array.from(h.weights.data)) : Array.from(shown.weights.data);
      assert.deepEqual(weights2d, Array.from(tail));
      assert.equal(selectBatch(r, r.batch.shape), undefined);
    });
  }
});

describe('batched attention: what it refuses', () => {
  const c = batchedCases.find((x) => x.name.startsWith('split heads (2,5,8)')) as BatchedCase;
  test('a mask that differs between heads', () => {
    const roles = batchedRoles(c);
    const mask = fixtureBinding('mask', 'mask', { shape: [2, 2, 1, 5], dtype: 'bool', values: new Array(20).fill(1) });
    assert.throws(() => computeAttentionND({ ...roles, extras: { ...roles.extras, mask } }, c.options), (e: unknown) => e instanceof InputError && /differs between heads/.test(e.message));
  });
  test('batch axes that do not broadcast, naming the inputs', () => {
    const d = batchedCases[0];
    const roles = batchedRoles(d) as Extract<RoleSet, { mode: 'direct' }>;
    const k = fixtureBinding('k', 'k', { shape: [3, 5, 4], dtype: 'float64', values: new Array(60).fill(0.5) });
    assert.throws(() => computeAttentionND({ ...roles, k }), (e: unknown) => e instanceof InputError && /q \(2, 3, 4\), k \(3, 5, 4\).*do not broadcast/.test(e.message));
  });
  test('a mask that does not broadcast to the weights', () => {
    const roles = batchedRoles(c);
    const mask = fixtureBinding('mask', 'mask', { shape: [3, 1, 1, 5], dtype: 'bool', values: new Array(15).fill(1) });
    assert.throws(() => computeAttentionND({ ...roles, extras: { ...roles.extras, mask } }, c.options), (e: unknown) => e instanceof InputError && /does not broadcast/.test(e.message));
  });
  test('heads set against an explicit head axis', () => {
    const e = batchedCases.find((x) => x.name.startsWith('explicit heads (2,3,4,5)')) as BatchedCase;
    assert.throws(() => computeAttentionND(batchedRoles(e), { ...e.options, heads: 2 }), (x: unknown) => x instanceof InputError && /head axis holds 3 heads/.test(x.message));
  });
  test('an additive mask with finite values (−1e9)', () => {
    const roles = batchedRoles(c);
    const mask = fixtureBinding('mask', 'mask', { shape: [5, 5], dtype: 'float64', values: new Array(25).fill(0).map((_, i) => (i % 5 > Math.floor(i / 5) ? -1e9 : 0)) });
    assert.throws(() => computeAttentionND({ ...roles, extras: { ...roles.extras, mask } }, c.options), (x: unknown) => x instanceof InputError && /finite values/.test(x.message));
  });
  test('too many weights for the limit', () => {
    assert.throws(() => computeAttentionND(batchedRoles(c), c.options, { maxElements: 60 }), (x: unknown) => x instanceof InputError && /2 × 2 × 5 × 5/.test(x.message));
  });
});

describe('2-D inputs with an additive float mask', () => {
  test('0 / −inf is read as attend / blocked whatever the convention, and the user’s matrix is shown', () => {
    const m = (rows: number[][]) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) });
    const b = (role: Role, name: string, rows: number[][]): RoleBinding => ({ role, name, matrix: m(rows), source: 'given' });
    const q = b('q', 'Q', [[1, 0], [0, 1], [1, 1]]), k = b('k', 'K', [[1, 2], [0, 1], [2, 0]]), v = b('v', 'V', [[1, 0], [0, 1], [3, 3]]);
    const additive = b('mask', 'mask', [[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    const additiveArr: RoleBinding = { ...additive, array: { shape: [3, 3], data: additive.matrix.data, dtype: 'float64' } };
    for (const maskConvention of ['keep', 'block'] as const) {
      const r = computeAttentionND({ mode: 'direct', q, k, v, extras: { mask: additiveArr } }, { mask: 'matrix', maskConvention });
      const causal = computeAttentionND({ mode: 'direct', q, k, v }, { mask: 'causal' });
      assert.deepEqual(Array.from(r.weights.data), Array.from(causal.weights.data));
      assert.equal(r.roles.find((x) => x.role === 'mask')?.matrix.data[1], -Infinity);
      assert.match(r.notes[0], /additive float mask/);
    }
  });
});

describe('roles of batched names and shapes', () => {
  const named = (name: string, shape: number[], dtype: ArrayValue['dtype'] = 'float64') => {
    const data = new Float64Array(shape.reduce((p, q) => p * q, 1)).fill(1);
    const rows = shape.length >= 2 ? shape[shape.length - 2] : 1, cols = shape[shape.length - 1];
    const range = { start: { line: shape.length, character: name.length }, end: { line: shape.length, character: name.length + 1 } };
    return { name, matrix: { rows, cols, data: data.slice(0, rows * cols) }, range, array: { shape, data, dtype }, ...(shape.length > 2 ? { ndShape: shape } : {}) };
  };
  test('a (B, L, d) x with (d, d) projections is self-attention, batched', async () => {
    const { assignRoles } = await import('../../src/core/attention/roles');
    const set = assignRoles([named('x', [2, 5, 8]), named('W_q', [8, 8]), named('W_k', [8, 8]), named('W_v', [8, 8]), named('attention_mask', [2, 1, 1, 5], 'bool')]);
    assert.equal(set.mode, 'projection');
    assert.deepEqual(set.mode === 'projection' ? set.x.array?.shape : [], [2, 5, 8]);
    assert.deepEqual(set.extras?.mask?.array?.shape, [2, 1, 1, 5]);
    const r = computeAttentionND(set, { mask: 'matrix' });
    assert.deepEqual(r.batch?.steps.find((s) => s.id === 'weights')?.value.shape, [2, 5, 5]);
    // Not applied: the note names the mask with its whole shape.
    assert.ok(computeAttentionND(set).notes.some((n) => n.startsWith('attention_mask (2, 1, 1, 5) looks like a mask but is not applied')));
  });
  test('query/key/value of rank 4 are explicit heads and win over x and its projections; key padding by its PyTorch name', async () => {
    const { assignRoles } = await import('../../src/core/attention/roles');
    const set = assignRoles([
      named('x', [2, 5, 8]), named('W_q', [8, 8]), named('W_k', [8, 8]), named('W_v', [8, 8]),
      named('query', [2, 2, 5, 4]), named('key', [2, 2, 5, 4]), named('value', [2, 2, 5, 4]), named('src_key_padding_mask', [2, 5], 'bool'),
    ]);
    assert.equal(set.mode, 'direct');
    assert.equal(set.extras?.padding?.name, 'src_key_padding_mask');
    const r = computeAttentionND(set);
    assert.equal(r.batch?.headSource, 'explicit');
    assert.equal(r.heads?.length, 2);
  });
});
