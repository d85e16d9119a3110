/**
 * A change in place to an array that only one name holds skips the search for other holders (scope.ts `sole`,
 * the bench's loops of `pe[pos, i] = …`); any read of it (an alias, a view, a list, a function's return) ends
 * that, so the holders made later still lose their value when it changes again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import { loader } from './helpers/loader';

const PROGRAM = [
  'import numpy as np',
  'pe = np.zeros((2, 2))',
  'for i in range(2):',
  '    pe[i, 0] = 1',
  '    if i == 0:',
  '        q = pe',
  'pe[1, 1] = 5',
  'r = np.zeros(3)',
  'r[0] = 1',
  'row = r[0:2]',
  'r[1] = 7',
  't = np.zeros(2)',
  't[0] = 1',
  'xs = [t]',
  't[1] = 2',
  'def f():',
  '    return t',
  't[0] = 3',
  'u = f()',
  't[1] = 9',
].join('\n');

describe('changes in place after a run of item assignments', () => {
  test('an alias made inside the loop, a view, a list and a returned value all lose their value', async () => {
    const r = await extractMatrices(loader, [{ text: `${PROGRAM}\n`, language: 'python' }]);
    const unknown = new Map((r.unknowns ?? []).map((u) => [u.name, u.range.start.line + 1]));
    assert.deepEqual([...unknown.entries()].sort(), [['q', 3], ['row', 11], ['u', 20], ['xs', 15]]);
    const last = new Map(r.matrices.map((m) => [m.name, Array.from(m.matrix.data)]));
    assert.deepEqual(last.get('pe'), [1, 0, 1, 5]);
    assert.deepEqual(last.get('r'), [1, 7, 0]);
    assert.deepEqual(last.get('t'), [3, 9]);
  });
});
