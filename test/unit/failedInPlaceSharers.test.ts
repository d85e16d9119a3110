/**
 * Issue 8 §1, "never a wrong number": a change in place that cannot be evaluated changes, in NumPy, every
 * holder of the same memory. Before this, only the changed name became unknown and the array it views kept
 * its old value on display (found by running tutorial-style programs: `first_two = scores[:, :2]` changed
 * after `scores` was). Each case: the NumPy value differs from the old one, so the name must be unknown,
 * naming the line; names that share nothing keep their value.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isNDArray } from '../../src/core/ndarray/ndarray';
import { evaluatePython } from './helpers/python';

/** The line (1-based) from which `name` is unknown, and why; undefined when it is known at the end. */
async function unknownAt(program: string[], name: string): Promise<string | undefined> {
  const r = await evaluatePython(`${program.join('\n')}\n`);
  if (r.values.has(name)) return undefined;
  return [...r.unknown].reverse().find((u) => u.startsWith(`${name} (line`));
}

const DRAW = 'n = np.random.binomial(3, 0.5)  # not evaluated: n is unknown';

describe('a failed change in place makes every holder of the data unknown', () => {
  test('a view changed with an unknown value: its base (NumPy: scores[0, 1] == n)', async () => {
    const why = await unknownAt(['import numpy as np', 'scores = np.ones((3, 3))', 'row = scores[0]', DRAW, 'row[1] = n', 'total = scores.sum()'], 'scores');
    assert.match(why ?? 'known', /^scores \(line 5\): it shares its data with row, which this statement may change in place/);
    assert.match(await unknownAt(['import numpy as np', 'scores = np.ones((3, 3))', 'row = scores[0]', DRAW, 'row[1] = n', 'total = scores.sum()'], 'total') ?? 'known', /line 6/);
  });

  test('an augmented assignment on a view (row += unknown): NumPy adds into scores', async () => {
    const why = await unknownAt(['import numpy as np', 'scores = np.ones((3, 3))', 'row = scores[0]', 'row += np.random.binomial(3, 0.5, size=3)'], 'scores');
    assert.match(why ?? 'known', /^scores \(line 4\): it shares its data with row/);
  });

  test('an alias (alias = scores) and an array inside a dict (d["s"][1, 1] = n)', async () => {
    assert.match(await unknownAt(['import numpy as np', 'scores = np.ones((3, 3))', 'alias = scores', DRAW, 'alias[0, 0] = n'], 'scores') ?? 'known', /line 5/);
    assert.match(await unknownAt(['import numpy as np', 's = np.ones((2, 2))', 'd = {"s": s}', DRAW, 'd["s"][1, 1] = n'], 's') ?? 'known', /line 5/);
  });

  test('a view made unknown by a change to its base, then changed itself (the program that showed the wrong number)', async () => {
    // NumPy: flat[5] == -5.0 (first_two[1, 1] wrote into scores); the evaluator showed the old scores[1, 1].
    const program = ['import numpy as np', 'np.random.seed(0)', 'scores = np.random.randn(4, 4)', 'first_two = scores[:, :2]', 'scores[0, 0] = 100.0',
      'first_two[1, 1] = -5.0', 'flat = scores.reshape(-1)'];
    assert.match(await unknownAt(program, 'scores') ?? 'known', /^scores \(line 6\): it shares its data with first_two/);
    assert.match(await unknownAt(program, 'flat') ?? 'known', /^flat \(line 7\)/);
  });

  test('an unknown view (v = scores[:, :n]) still views scores: a failed v[:] = 0 makes scores unknown', async () => {
    const why = await unknownAt(['import numpy as np', 'scores = np.ones((3, 3))', DRAW, 'v = scores[:, :n]', 'v[:] = 0'], 'scores');
    assert.match(why ?? 'known', /^scores \(line 5\): it shares its data with v/);
    // Through the program's own function returning a view, and a list holding one.
    assert.match(await unknownAt(['import numpy as np', 'def head(x, k):', '    return x[:k]', 'Y = np.zeros((3, 2))', DRAW, 'h = head(Y, n)', 'h[:] = 5'], 'Y') ?? 'known', /^Y \(line 6\): it is passed to head\(\), which may change it in place/);
    assert.match(await unknownAt(['import numpy as np', 'Z = np.zeros(4)', 'lst = []', 'lst.append(Z[1:])', DRAW, 'lst[0][0] = n'], 'Z') ?? 'known', /line 6/);
  });

  test('out= writes into an array in place (np.add(C, D, out=C), x.clip(0, 1, out=x)): refused, and the array becomes unknown', async () => {
    // NumPy: C == [2, 3, 4] and x == [0, 0.5, 1] afterwards; the old values were shown before.
    const r = await evaluatePython(['import numpy as np', 'from numpy import add', 'C = np.ones(3)', 'D = np.array([1.0, 2.0, 3.0])', 'view = C[:2]',
      'np.add(C, D, out=C)', 'x = np.array([-1.0, 0.5, 2.0])', 'x.clip(0, 1, out=x)', 'y = np.ones(2)', 'add(y, 1, out=y)', 'z = np.sqrt(np.array([4.0]), out=None)', ''].join('\n'));
    for (const name of ['C', 'view', 'x', 'y']) assert.equal(r.values.has(name), false, name);
    assert.match(r.unknown.find((u) => u.startsWith('C (line 6)')) ?? '', /np.add\(…, out=…\) writes into an array in place/);
    assert.ok(isNDArray(r.values.get('z')));
  });

  test('names that share nothing keep their value', async () => {
    const r = await evaluatePython(['import numpy as np', 'X = np.ones((3, 3))', 'W = np.random.binomial(1, 0.5, size=X.shape)', 'W[0] = 1', DRAW,
      'e = np.exp(X[:n])', 'e[0] = 2', 'c = X[0].copy()', 'c[0] = n', ''].join('\n'));
    const X = r.values.get('X');
    assert.ok(isNDArray(X), `X is known: ${r.unknown.join('; ')}`);
    assert.deepEqual([...X.data], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // A failed call of the program's function on a copy (`g(A.copy(), n)`) cannot change what shares A's data.
    const c = await evaluatePython(['import numpy as np', 'def g(a, k):', '    a[0] = k', '    return a', 'A = np.ones(3)', 'Z = A', DRAW, 'Y = g(A.copy(), n)', ''].join('\n'));
    assert.ok(isNDArray(c.values.get('Z')), `Z is known: ${c.unknown.join('; ')}`);
  });
});
