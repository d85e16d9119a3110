/**
 * Python ints and floats where the difference shows (issue 8 §1/§3): the evaluator's numbers are doubles, so
 * an integer a double may have rounded is refused, and a float is known from its syntax (floatSyntax.ts) where
 * NumPy's dtype or a TypeError depends on it. Expected values and dtypes are NumPy 2's (checked with python3).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import type { Extraction, SourceDocument } from '../../src/core/parse/types';
import { loader } from './helpers/loader';

const py = (text: string): SourceDocument[] => [{ text: `import math\nimport numpy as np\n${text}\n`, language: 'python' }];
const run = (text: string): Promise<Extraction> => extractMatrices(loader, py(text));
const array = (r: Extraction, name: string) => r.matrices.filter((m) => m.name === name).at(-1)?.array;
const reason = (r: Extraction, name: string) => r.unknowns?.find((u) => u.name === name)?.reason;

describe('integers beyond 2**53 - 1 are refused, never rounded', () => {
  test('2**53 + 1 (a double would give 9007199254740992)', async () => {
    const r = await run('a = np.array([2**53 + 1, 1])');
    assert.equal(array(r, 'a'), undefined);
    assert.match(reason(r, 'a') ?? '', /beyond 2\*\*53/);
  });
  test('an integer literal a double cannot hold', async () => {
    const r = await run('c = np.array([9007199254740993, 1])');
    assert.equal(array(r, 'c'), undefined);
    assert.match(reason(r, 'c') ?? '', /9007199254740993 is beyond 2\*\*53/);
  });
  test('** of ints is exact below 2**53 (3**33 = 5559060566555523)', async () => {
    const r = await run('b = np.array([3**33, 2**52 + 1])');
    assert.deepEqual(Array.from(array(r, 'b')?.data ?? []), [5559060566555523, 4503599627370497]);
  });
  test('an int64 array result that reaches 2**53 is refused', async () => {
    const r = await run('a = np.array([2**52, 1]) * 2 + 1');
    assert.equal(array(r, 'a'), undefined);
    assert.match(reason(r, 'a') ?? '', /int64 result .* beyond 2\^53/);
  });
});

describe('a float by its syntax gives NumPy its dtype', () => {
  const cases: [string, string][] = [
    ['np.array([6 / 2, 1])', 'float64'],
    ['np.array([7 // 2, 1])', 'int64'],
    ['np.array([7.0 // 2, 1])', 'float64'],
    ['np.array([float(3), 2])', 'float64'],
    ['np.array([int(3.7), 2])', 'int64'],
    ['np.array([round(2.5), 1])', 'int64'],
    ['np.array([round(2.5, 0), 1])', 'float64'],
    ['np.array([2 ** -1, 1])', 'float64'],
    ['np.array([2 ** 2, 1])', 'int64'],
    ['np.array([3 * 1.0, 1])', 'float64'],
    ['np.array([abs(-2.0), 1])', 'float64'],
    ['np.array([math.sqrt(4), 1])', 'float64'],
    ['np.array([math.floor(2.5), 1])', 'int64'],
    ['np.array([-(2.0), 1])', 'float64'],
    ['np.array([math.pi * 0, 1])', 'float64'],
  ];
  for (const [expr, dtype] of cases) {
    test(`${expr} is ${dtype}`, async () => {
      assert.equal(array(await run(`a = ${expr}`), 'a')?.dtype, dtype);
    });
  }
});

describe('a float where Python and NumPy need an integer raises TypeError', () => {
  for (const call of ['np.zeros(6 / 2)', 'np.zeros((2, 4 / 2))', 'np.ones((2.0, 3))', 'np.eye(float(3))', 'np.random.rand(4 / 2)', 'np.array(list(range(6 / 2)))']) {
    test(call, async () => {
      const r = await run(`a = ${call}`);
      assert.equal(array(r, 'a'), undefined, 'no value where Python raises');
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0].message, /float|TypeError/);
    });
  }
  test('an int expression of the same value is fine', async () => {
    const r = await run('a = np.zeros(6 // 2)\nb = np.array(list(range(int(6 / 2))))');
    assert.deepEqual(array(r, 'a')?.shape, [3]);
    assert.deepEqual(Array.from(array(r, 'b')?.data ?? []), [0, 1, 2]);
  });
});
