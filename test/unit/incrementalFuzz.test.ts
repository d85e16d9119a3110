/**
 * A seeded quick run of the incremental-vs-full fuzzer (test/fuzz/incrementalFuzz.ts): realistic edits typed
 * one after another into programs of the corpus, the index's incremental answer compared with a full
 * evaluation after every text. Longer runs: scripts/incremental-fuzz.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuzzProgram, loadCorpus, nextEdit, prng } from '../fuzz/incrementalFuzz';
import { loader } from './helpers/loader';

const QUICK = ['examples/attention_numpy_tutorial.py', 'examples/self_attention_notebook.ipynb', 'test/fixtures/incremental/redefined_functions.py', 'test/fixtures/incremental/views_aliases.py',
  'test/fixtures/incremental/reseed_numpy.py', 'test/fixtures/incremental/notebook_cells.ipynb', 'test/fixtures/programs/causal_inplace.py', 'test/fixtures/differential/python_constructs.py'];

describe('incremental index = full evaluation, realistic edits', () => {
  test('the edit generator is seeded and makes every kind of edit', () => {
    const text = 'import numpy as np\nX = np.ones(3)\n# note\nY = X * 2\n';
    const kinds = new Set<string>();
    for (let s = 0; s < 200; s++) {
      const r = prng(s);
      const e = nextEdit(r, text, 'import numpy as np\n');
      assert.deepEqual(nextEdit(prng(s), text, 'import numpy as np\n'), e, 'the same seed gives the same edit');
      assert.ok(e.steps.length >= 1);
      kinds.add(e.kind);
    }
    assert.deepEqual([...kinds].sort(), ['comment', 'deleteLine', 'digit', 'duplicateLine', 'indent', 'nameDelete', 'nameInsert', 'newLine', 'swap', 'type', 'uncomment', 'undo']);
  });

  test(`seeded series of 25 edits to ${QUICK.length} programs`, async () => {
    const corpus = loadCorpus(process.cwd());
    assert.ok(corpus.length >= 40, `the corpus has ${corpus.length} programs`);
    let texts = 0;
    for (const [i, name] of QUICK.entries()) {
      const program = corpus.find((p) => p.name === name);
      assert.ok(program, name);
      const r = await fuzzProgram(loader, program, 7000 + i, 25);
      texts += r.texts;
      assert.deepEqual(r.mismatches.map((m) => `${m.program} seed ${m.seed} edit ${m.edit} (${m.kind}): ${m.difference}`), []);
    }
    assert.ok(texts >= QUICK.length * 25, `${texts} texts compared`);
  });
});
