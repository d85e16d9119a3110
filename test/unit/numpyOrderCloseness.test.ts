/**
 * `np.sort`, `np.cumsum`, `np.isclose`/`np.allclose` and `np.array_equal` (src/core/ndarray/order.ts and
 * closeness.ts), used by tutorials to check two implementations against each other and for top-p cut-offs.
 * Expected values were printed by NumPy 2.4; test/fixtures/differential/checks_and_sorting.py compares more
 * against python3 itself.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotReproduced, arrayEqual, cumsum, dtypeOf, isclose, ndarray, sortAlong } from '../../src/core/ndarray/ndarray';

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
