/**
 * Python floats: arithmetic between floats whose values are integral, and `sum()`, which differs between Python
 * versions: 3.12 and later add floats with Neumaier's compensated summation (What's New in Python 3.12: `sum()` "now uses Neumaier summation"), 3.11 and earlier add them in
 * order. The evaluator does not know which Python runs the file: where the two differ it refuses the value
 * with both numbers; where they agree, and for sums over NumPy arrays (NumPy scalars are always added in
 * order), it shows the value. The 3.11 values were checked with python3 3.11.7 on this machine; for 3.12 the
 * Python tutorial's chapter "Floating-Point Arithmetic" (3.12 and later) gives `sum([0.1] * 10) == 1.0`, and the
 * other cases follow builtin_sum_impl in Python/bltinmodule.c step by step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dtypeOf, isNDArray } from '../../src/core/ndarray/ndarray';
import { compensatedSum } from '../../src/core/parse/python/numbers';
import { evaluatePython } from './helpers/python';

describe('sum() of Python floats across Python versions', () => {
  test('compensatedSum: 3.12 gives 1.0 for ten 0.1 (3.11: 0.9999999999999999), and keeps the 1s that plain addition loses next to 1e16', () => {
    const all = (): boolean => true;
    assert.equal(compensatedSum(0, Array(10).fill(0.1), all), 1);
    assert.equal(compensatedSum(0, [0.1, 0.2, 0.3], all), 0.6);
    assert.equal(compensatedSum(0, [1.0, 1e16, 1.0], all), 1e16 + 2);
    // Ints after the first float are added plainly (no compensation): 1e16 + 1 + 1 rounds at each step.
    assert.equal(compensatedSum(0, [1e16, 1, 1], (x) => x === 1e16), 1e16);
    // An infinite sum is not turned into NaN by the compensation; NaN stays NaN.
    assert.equal(compensatedSum(0, [1, Infinity, 2.5], all), Infinity);
    assert.ok(Number.isNaN(compensatedSum(0, [Infinity, -Infinity, 0.5], all)));
    // -0.0: the start 0 is an int, so the sum of negative zeros is 0.0 in every version.
    assert.ok(Object.is(compensatedSum(0, [-0, -0], all), 0));
  });

  test('sum([0.1] * 10) is refused with both values; sum(x) of a NumPy array, math.fsum and sums the versions agree on are shown', async () => {
    const r = await evaluatePython([
      'import math',
      'import numpy as np',
      's = sum([0.1] * 10)',
      'w = [0.2, 0.3, 0.5]',
      'v = [1.5, 2.0, 3.25]',
      'c = sum(wi * vi for wi, vi in zip(w, v))',
      'x = np.array([0.1] * 10)',
      'f = sum(x)',
      'g = math.fsum([0.1] * 10)',
      'n = sum([1, 2, 3])',
      '',
    ].join('\n'));
    assert.equal(r.values.has('s'), false);
    const why = r.unknown.find((u) => u.startsWith('s (line 3):')) ?? '';
    assert.match(why, /1\.0 in Python 3\.12 and later/);
    assert.match(why, /0\.9999999999999999 in Python 3\.11 and earlier/);
    // python3 3.11.7: c == 2.525, sum(np.array([0.1] * 10)) == 0.9999999999999999 (NumPy scalars, in order), fsum 1.0.
    assert.equal(r.values.get('c'), 2.525);
    assert.equal(r.values.get('f'), 0.9999999999999999);
    assert.equal(r.values.get('g'), 1);
    assert.equal(r.values.get('n'), 6);
  });
});

describe('float arithmetic between integral Python floats', () => {
  test('2.0 ** 60, 1e308 * 10, 3.0 // 2 and 0.0 // -5 are floats, as in Python (was: refused as an integer beyond 2**53)', async () => {
    // python3 3.11.7: t = 1.152921504606847e+18, big = inf, k = 1.0, q = -0.0; np.array([t, 1.0]) is float64;
    // 10.0 ** 400 raises OverflowError; 2 ** 60 is an exact int, which the evaluator does not hold (refused).
    const r = await evaluatePython([
      'import numpy as np',
      'big = 1e308 * 10',
      't = 2.0 ** 60',
      'v = np.array([t, 1.0])',
      'k = 3.0 // 2',
      'q = 0.0 // -5',
      'p = 10.0 ** 400',
      'u = 2 ** 60',
      '',
    ].join('\n'));
    assert.equal(r.values.get('big'), Infinity);
    assert.equal(r.values.get('t'), 2 ** 60);
    const v = r.values.get('v');
    assert.ok(v !== undefined && isNDArray(v));
    assert.equal(dtypeOf(v), 'float64');
    assert.deepEqual([...v.data], [2 ** 60, 1]);
    assert.equal(r.values.get('k'), 1);
    assert.ok(Object.is(r.values.get('q'), -0));
    assert.ok(r.unknown.some((u) => u.startsWith('p (line 7):') && /OverflowError/.test(u)), r.unknown.join(' | '));
    assert.ok(r.unknown.some((u) => u.startsWith('u (line 8):') && /beyond 2\*\*53/.test(u)), r.unknown.join(' | '));
  });
});
