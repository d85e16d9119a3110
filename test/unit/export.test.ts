/** Copying a step as NumPy code, CSV, LaTeX or Markdown. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { exportMatrix } from '../../src/core/export/formats';
import { fromRows } from '../../src/core/matrix/matrix';
import { extractMatrices } from '../../src/core/parse/index';
import { loader } from './helpers/loader';

const m = fromRows([[0.9852202489021356, 1.741740509995756, -1e-20], [2, -Infinity, 1 / 3]]);
const input = { name: 'output', matrix: m, rowLabels: ['word_1', 'a|b'], colLabels: ['0', '1', '2'] };

describe('export', () => {
  test('NumPy code reads back to the same float64 values, bit for bit', async () => {
    const code = exportMatrix(input, 'numpy');
    assert.equal(code, 'output = np.array([\n    [0.9852202489021356, 1.741740509995756, -1e-20],\n    [2.0, -np.inf, 0.3333333333333333],\n])\n');
    const found = await extractMatrices(loader, [{ text: `import numpy as np\n${code}`, language: 'python' }]);
    assert.deepEqual(Array.from(found.matrices[0].matrix.data), Array.from(m.data));
  });
  test('NumPy code reproduces the numbers in Python itself (when python3 with NumPy is installed)', (t) => {
    const code = `import numpy as np\n${exportMatrix(input, 'numpy')}print(repr(output.tolist()))`;
    const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
    if (r.error || (r.status !== 0 && /No module named/.test(r.stderr))) {
      t.skip('python3 with NumPy is not available');
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '[[0.9852202489021356, 1.741740509995756, -1e-20], [2.0, -inf, 0.3333333333333333]]');
  });
  test('CSV with labels', () => {
    assert.equal(exportMatrix(input, 'csv'), ',0,1,2\nword_1,0.9852202489021356,1.741740509995756,-1e-20\na|b,2,-inf,0.3333333333333333\n');
  });
  test('LaTeX bmatrix', () => {
    assert.equal(exportMatrix(input, 'latex'), '\\begin{bmatrix}\n  0.9852202489021356 & 1.741740509995756 & -1e-20 \\\\\n  2 & -\\infty & 0.3333333333333333\n\\end{bmatrix}\n');
  });
  test('Markdown table escapes pipes', () => {
    assert.equal(exportMatrix(input, 'markdown'), '| | 0 | 1 | 2 |\n|---|---:|---:|---:|\n| word_1 | 0.9852202489021356 | 1.741740509995756 | -1e-20 |\n| a\\|b | 2 | −∞ | 0.3333333333333333 |\n');
  });
});
