/**
 * The document index evaluates incrementally after an edit; this must give exactly what a full evaluation
 * gives. fast-check applies sequences of random edits to real programs and compares both, field by field.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ProgramCache, extractMatrices } from '../../src/core/parse/index';
import type { Extraction, SourceDocument } from '../../src/core/parse/types';
import { loader } from './helpers/loader';

const PROGRAMS = ['examples/attention_numpy_tutorial.py', 'test/fixtures/programs/numpy_expressions.py', 'examples/bahdanau_additive.py', 'examples/default_rng_attention.py'].map((f) => readFileSync(f, 'utf8'));
const PIECES = ['1', '0.5', '-', ' ', '\n', '(', ')', '[', ']', ',', 'np.random.seed(3)\n', 'W_Q', 'X', '@', '.T', 'K', '# ', 'x = np.eye(3)\n', 'def g(a):\n    return a * 2\n', 'q = g(X)\n', 'np.random.randn(2, 2)', '42', 'Q = words @ W_K\n', 'rng = np.random.default_rng(4)\n', 'rng.random(2)', 'sampler.shuffle(X)\n', 'rng', 'np.random.rand(n, 2)\n', 'X = np.random.rand(2, 8)\n'];

/** Everything a consumer reads from an extraction, in comparable form. */
function canonical(e: Extraction): unknown {
  return {
    matrices: e.matrices.map((m) => ({ ...m, matrix: { rows: m.matrix.rows, cols: m.matrix.cols, data: Array.from(m.matrix.data, (x) => (Object.is(x, -0) ? '-0' : x)) } })),
    problems: e.problems,
  };
}

const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...PIECES) });

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

describe('incremental index = full evaluation', () => {
  test('random edits to real programs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROGRAMS.keys()), fc.array(edit, { minLength: 1, maxLength: 6 }), async (p, edits) => {
        const cache = new ProgramCache();
        let text = PROGRAMS[p];
        try {
          await extractMatrices(loader, [{ text, language: 'python' }], undefined, undefined, cache);
          for (const e of edits) {
            text = apply(text, e);
            const sources: SourceDocument[] = [{ text, language: 'python' }];
            const incremental = await extractMatrices(loader, sources, undefined, undefined, cache);
            const full = await extractMatrices(loader, sources);
            assert.deepEqual(canonical(incremental), canonical(full));
          }
        } finally {
          cache.dispose();
        }
      }),
      { numRuns: 120 },
    );
  });

  test('notebook cells: an edit in an earlier cell reaches later ones', async () => {
    const cells = ['import numpy as np\nnp.random.seed(0)\nX = np.random.randn(3, 2)\n', 'W = np.eye(2)\n', 'Y = X @ W\nZ = np.random.rand(2, 2)\n'];
    const cache = new ProgramCache();
    const run = (cs: string[], c?: ProgramCache) => extractMatrices(loader, cs.map((text) => ({ text, language: 'python' as const })), undefined, undefined, c);
    await run(cells, cache);
    for (const changed of [
      [cells[0].replace('seed(0)', 'seed(1)'), cells[1], cells[2]],
      [cells[0], 'W = np.eye(2) * 2\n', cells[2]],
      [cells[0], cells[1], cells[2].replace('Y = X @ W', 'Y = W @ X.T')],
    ]) {
      assert.deepEqual(canonical(await run(changed, cache)), canonical(await run(changed)));
    }
    cache.dispose();
  });
});
