/**
 * `np.sort`, `np.cumsum`, `np.isclose`/`np.allclose`, `np.array_equal`, `np.empty` with no entries and `np.triu_indices` (src/core/ndarray/order.ts and
 * closeness.ts), used by tutorials to check two implementations against each other and for top-p cut-offs.
 * Expected values were printed by NumPy 2.4; test/fixtures/differential/checks_and_sorting.py compares more
 * against python3 itself.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotReproduced, arrayEqual, cumsum, dtypeOf, isNDArray, isclose, ndarray, sortAlong } from '../../src/core/ndarray/ndarray';
import { isList } from '../../src/core/parse/python/values';
import { evaluatePython } from './helpers/python';

const limits = { maxElements: 1e6 };
const arr = (shape: number[], data: number[], dtype?: 'bool' | 'int64' | 'float64' | 'float32') => ndarray(shape, Float64Array.from(data), undefined, dtype);

describe('np.sort', () => {
  const a = arr([2, 3], [3, NaN, 1, 2, -0, -5]);
  test('along the last axis, the first, and flattened (axis=None); NaN sorts last', () => {
    assert.deepEqual([...sortAlong(a, -1).data], [1, 3, NaN, -5, -0, 2]);
    assert.deepEqual([...sortAlong(a, 0).data], [2, -0, -5, 3, NaN, 1]);
    const flat = sortAlong(a, null);
    assert.deepEqual([...flat.shape], [6]);
    assert.deepEqual([...flat.data], [-5, -0, 1, 2, 3, NaN]);
  });
  test('a 0-D array with an axis raises, as NumPy does', () => {
    assert.throws(() => sortAlong(arr([], [3]), -1), /axis -1 is out of bounds for array of dimension 0/);
  });
});

describe('np.cumsum', () => {
  test('flattened by default, in order, the first entry copied (-0.0 stays -0.0)', () => {
    const c = cumsum(arr([2], [-0, 1]), null);
    assert.ok(Object.is(c.data[0], -0));
    assert.deepEqual([...cumsum(arr([2, 2], [0.1, 0.2, 0.3, 0.4]), 1).data], [0.1, 0.1 + 0.2, 0.3, 0.3 + 0.4]);
  });
  test('bool counts as int64; float32 is refused (NumPy accumulates in float32)', () => {
    assert.equal(dtypeOf(cumsum(arr([2, 2], [1, 0, 1, 1], 'bool'), null)), 'int64');
    assert.throws(() => cumsum(arr([2], [0.1, 0.2], 'float32'), null), NotReproduced);
  });
});

describe('np.isclose / np.allclose / np.array_equal', () => {
  test('tolerance |a - b| <= atol + rtol·|b|; equal infinities are close, NaN only with equal_nan', () => {
    const r = isclose(arr([4], [1, Infinity, -Infinity, NaN]), arr([4], [1.00001, Infinity, Infinity, NaN]), 1e-5, 1e-8, false, limits);
    assert.deepEqual([...r.data], [1, 1, 0, 0]);
    assert.deepEqual([...isclose(arr([1], [NaN]), arr([1], [NaN]), 1e-5, 1e-8, true, limits).data], [1]);
    assert.throws(() => isclose(arr([1], [1], 'float32'), 1, 1e-5, 1e-8, false, limits), NotReproduced);
  });
  test('array_equal needs the same shape; values compare across dtypes', () => {
    assert.equal(arrayEqual(arr([2], [1, 2], 'int64'), arr([2], [1, 2]), false), true);
    assert.equal(arrayEqual(arr([2], [1, 2]), arr([1, 2], [1, 2]), false), false);
    assert.equal(arrayEqual(arr([1], [NaN]), arr([1], [NaN]), false), false);
  });
});

describe('np.empty and np.triu_indices / np.tril_indices in programs', () => {
  test('np.empty((0, d)) has no entries to be unknown (a KV cache grown with vstack); a non-empty one is refused', async () => {
    // NumPy: K = np.empty((0, 2)); K = np.vstack([K, [1.0, 2.0]]) → [[1., 2.]] float64
    const r = await evaluatePython('import numpy as np\nK = np.empty((0, 2))\nK = np.vstack([K, [1.0, 2.0]])\nE = np.empty((2, 2))\nL = np.empty_like(E)\n');
    const K = r.values.get('K');
    assert.ok(isNDArray(K));
    assert.deepEqual([...K.shape], [1, 2]);
    assert.deepEqual([...K.data], [1, 2]);
    assert.equal(r.values.has('E'), false);
    assert.match(r.unknown.find((u) => u.startsWith('E ')) ?? '', /uninitialised memory/);
  });
  test('triu_indices(3, k=1), tril_indices(3, -1, 4), and masking with them', async () => {
    const r = await evaluatePython('import numpy as np\nu = np.triu_indices(3, k=1)\nl = np.tril_indices(3, -1, 4)\ns = np.arange(9.0).reshape(3, 3)\ns[np.triu_indices(3, k=1)] = -1\n');
    const rows = (name: string): number[][] => {
      const v = r.values.get(name);
      assert.ok(v !== undefined && isList(v) && v.tuple);
      return v.items.map((a) => (isNDArray(a) ? [...a.data] : []));
    };
    assert.deepEqual(rows('u'), [[0, 0, 1], [1, 2, 2]]);
    assert.deepEqual(rows('l'), [[1, 2, 2], [0, 0, 1]]);
    const s = r.values.get('s');
    assert.ok(isNDArray(s));
    assert.deepEqual([...s.data], [0, -1, -1, 3, 4, -1, 6, 7, 8]);
  });
});
