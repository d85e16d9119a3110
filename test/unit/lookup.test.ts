/** Finding the matrix under the cursor (hovers, the explorer), for every notation. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { matrixAt } from '../../src/core/index/lookup';
import { extractMatrices, languageForFile } from '../../src/core/parse/index';
import type { LanguageId } from '../../src/core/parse/types';
import { loader } from './helpers/loader';

async function at(file: string, linePrefix: string, character: number) {
  const text = readFileSync(file, 'utf8');
  const language = languageForFile(file) as LanguageId;
  const e = await extractMatrices(loader, [{ text, language }]);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith(linePrefix));
  return matrixAt(e, 0, { line, character }, lines[line]);
}

describe('the matrix under the cursor', () => {
  test('on the first character of a definition’s name, in Python and in MATLAB', async () => {
    assert.equal((await at('examples/attention_numpy_tutorial.py', 'W_Q = ', 0))?.name, 'W_Q');
    assert.equal((await at('examples/notations/attention.m', 'W_Q = ', 0))?.name, 'W_Q');
  });
  test('on a later use: the latest definition before it', async () => {
    const m = await at('examples/notations/attention.m', 'Q = X * W_Q', 'Q = X * W_Q'.indexOf('W_Q') + 1);
    assert.equal(m?.name, 'W_Q');
    assert.deepEqual([m?.matrix.rows, m?.matrix.cols], [3, 3]);
  });
  test('nothing on a word that is not a matrix', async () => {
    assert.equal(await at('examples/attention_numpy_tutorial.py', 'print(attention)', 2), undefined);
  });
});
