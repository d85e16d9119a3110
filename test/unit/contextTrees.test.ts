/**
 * A function defined in one notebook cell (or before a selection) and called in a later one: its body's syntax
 * tree must still be alive when the call runs. The one-shot extraction (the CLI, "Compute Attention on
 * Selection") freed each cell's tree as soon as the cell had run, so the call read freed parser memory and
 * failed with "ERROR is not evaluated" (and could have read another statement).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractMatrices } from '../../src/core/parse/index';
import { loader } from './helpers/loader';

const CELL_1 = 'import numpy as np\ndef softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n    return e / e.sum(axis=-1, keepdims=True)\n';
const CELL_2 = 'Q = np.array([[1.0, 2.0], [0.5, 0.1]])\nW = softmax(Q @ Q.T)\n';
// NumPy: softmax(Q @ Q.T) for the Q above.
const W = [0.9866130821723351, 0.013386917827664779, 0.6082590307465143, 0.39174096925348556];

describe('functions defined in an earlier cell or before a selection', () => {
  test('a notebook: the second cell calls the first cell\'s function', async () => {
    const r = await extractMatrices(loader, [CELL_1, CELL_2].map((text) => ({ text, language: 'python' as const })));
    assert.deepEqual(r.unknowns ?? [], []);
    const w = r.matrices.find((m) => m.name === 'W');
    assert.ok(w, 'W is known');
    Array.from(w.matrix.data).forEach((x, i) => assert.ok(Math.abs(x - W[i]) < 1e-15, `W[${i}] = ${x}`));
  });

  test('a selection calls a function defined above it', async () => {
    const text = CELL_1 + CELL_2;
    const line = text.split('\n').findIndex((l) => l.startsWith('W = '));
    const r = await extractMatrices(loader, [{ text, language: 'python' }], { source: 0, range: { start: { line, character: 0 }, end: { line, character: 20 } } });
    assert.deepEqual((r.unknowns ?? []).map((u) => u.reason), []);
    assert.deepEqual(r.matrices.map((m) => m.name), ['W']);
    Array.from(r.matrices[0].matrix.data).forEach((x, i) => assert.ok(Math.abs(x - W[i]) < 1e-15));
  });
});
