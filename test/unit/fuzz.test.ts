/**
 * Property tests of the parser with fast-check: arbitrary text (and text built from the tokens matrices are
 * made of) never throws out of the parser. That the time grows linearly with the input is measured by
 * `npm run bench:linear`.
 */
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { extractMatrices } from '../../src/core/parse/index';
import type { LanguageId } from '../../src/core/parse/types';
import { InputError } from '../../src/core/errors';
import { loader } from './helpers/loader';

const LANGUAGES: LanguageId[] = ['python', 'javascript', 'typescript'];

/** Text made of the pieces matrix code is written with, so the fuzzer reaches deep into the evaluator. */
const tokens = fc.array(
  fc.constantFrom('[', ']', '(', ')', ',', ' ', '\n', '    ', '1', '-2.5', '1e309', '0', 'np.', 'array', 'zeros', 'eye', 'random.', 'seed', 'randint',
    '@', '*', '/', '**', '.T', '.shape', '[0]', '=', 'X', 'W_Q', 'K', 'V', 'Q', 'import numpy as np\n', 'def f(x):\n', 'return ', '#', '"', "'''",
    'softmax', 'axis=', '-1', 'const ', 'let ', ';', '{', '}', 'Math.sqrt(', 'for i in range(3):\n', 'reshape', 'arange', '(3, 3)', 'size='),
  { maxLength: 120 },
).map((parts) => parts.join(''));

async function neverThrows(text: string, language: LanguageId): Promise<void> {
  try {
    await extractMatrices(loader, [{ text, language }]);
  } catch (e) {
    // Only a documented InputError (input too large or unreadable) may come out.
    if (!(e instanceof InputError)) throw e;
  }
}

describe('parser fuzzing', () => {
  test('arbitrary unicode text never throws', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.constantFrom(...LANGUAGES), neverThrows), { numRuns: 300 });
  });
  test('token soup never throws', async () => {
    await fc.assert(fc.asyncProperty(tokens, fc.constantFrom(...LANGUAGES), neverThrows), { numRuns: 400 });
  });
});
