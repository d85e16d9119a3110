/**
 * Random generators inside programs: exact draws or a reason, never a wrong number (issue 8 §1 and §4).
 * Expected values were printed by NumPy 2.4 (the snippets are in each test's program text).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { extractMatrices, ProgramCache } from '../../src/core/parse/index';
import type { FoundMatrix, SourceDocument } from '../../src/core/parse/types';
import { PythonEvaluator } from '../../src/core/parse/python/evaluator';
import { SyntaxTree } from '../../src/core/parse/python/syntaxTree';
import { isNDArray } from '../../src/core/ndarray/ndarray';
import { isList } from '../../src/core/parse/python/values';
import { RandomWorld } from '../../src/core/random/world';
import { loader } from './helpers/loader';
import { tempDir } from './helpers/tempDir';

const py = (text: string): SourceDocument[] => [{ text, language: 'python' }];

async function found(text: string): Promise<Map<string, FoundMatrix>> {
  const r = await extractMatrices(loader, py(text));
  return new Map(r.matrices.filter((m) => m.name).map((m) => [m.name as string, m]));
}

function values(m: FoundMatrix | undefined): number[] {
  assert.ok(m, 'matrix not found');
  return Array.from(m.matrix.data);
}

/** Runs `text` through the evaluator; returns the module scope (to read values and why names are unknown). */
async function run(text: string): Promise<PythonEvaluator['module']> {
  const parser = await loader.parser('python');
  const tree = parser.parse(text);
  assert.ok(tree);
  const random = new RandomWorld();
  const ev = new PythonEvaluator({ rng: random.legacy, limits: { maxElements: 1e6 }, random }, { maxNestingDepth: 64, maxWork: 1e8 });
  const toRange = (n: { startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }) => ({
    start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column },
  });
  ev.run(new SyntaxTree(tree, text).rootNode, toRange, { bind: () => undefined, expression: () => undefined, problem: () => undefined }, () => 'report');
  tree.delete();
  return ev.module;
}

describe('legacy np.random: a draw that cannot be evaluated makes the state unknown', () => {
  test('a size from an unknown value: later draws are unknown, naming the line, until the next seed', async () => {
    const scope = await run('import numpy as np\nnp.random.seed(3)\nn = len(vocab)\nE = np.random.randn(n, 4)\nW = np.random.rand(3)\nnp.random.seed(3)\nA = np.random.randn(2, 2)\n');
    assert.equal(scope.get('E'), undefined);
    assert.equal(scope.get('W'), undefined);
    assert.match(scope.whyUnbound('W')?.reason ?? '', /depends on the draw at line 4 that could not be evaluated/);
    // After the next seed the draws are exact again: np.random.seed(3); np.random.randn(2, 2)
    const m = await found('import numpy as np\nnp.random.seed(3)\nn = len(vocab)\nE = np.random.randn(n, 4)\nW = np.random.rand(3)\nnp.random.seed(3)\nA = np.random.randn(2, 2)\n');
    assert.deepEqual([...m.keys()], ['A']);
    assert.deepEqual(values(m.get('A')), [1.7886284734303186, 0.43650985051198943, 0.09649746807200862, -1.8634927033644908]);
  });

  test('a draw inside nested user functions, skipped by a failure before it, makes the state unknown', async () => {
    const scope = await run('import numpy as np\nnp.random.seed(3)\ndef inner(k):\n    return np.random.randn(k)\ndef outer(k):\n    return inner(k)\nX = unknown_thing + outer(2)\nW = np.random.rand(3)\n');
    assert.equal(scope.get('W'), undefined);
    assert.match(scope.whyUnbound('W')?.reason ?? '', /line 7/);
  });
  test('an unsupported distribution makes the state unknown', async () => {
    const scope = await run('import numpy as np\nnp.random.seed(3)\nb = np.random.binomial(1, 0.5, size=4)\nW = np.random.rand(3)\n');
    assert.match(scope.whyUnbound('W')?.reason ?? '', /line 3/);
  });

  test('a draw skipped because an earlier part of the statement failed makes the state unknown', async () => {
    // (In `f(np.random.randn(4))` with f unknown the draw is skipped too: the evaluator stops at f.)
    const scope = await run('import numpy as np\nnp.random.seed(3)\nX = unknown_thing + np.random.randn(4)\nW = np.random.rand(3)\n');
    assert.equal(scope.get('W'), undefined);
    assert.match(scope.whyUnbound('W')?.reason ?? '', /line 3/);
  });

  test('a draw whose result is used by something unsupported still advanced: later draws stay exact', async () => {
    // np.random.seed(3); np.random.randn(4); np.random.rand(3)
    const m = await found('import numpy as np\nnp.random.seed(3)\nX = np.random.randn(4) @ unknown_matrix\nW = np.random.rand(3)\n');
    assert.deepEqual(values(m.get('W')), [0.8929469543476547, 0.8962930889334381, 0.12558531046383625]);
  });

  test('a 3-D draw advances the generator exactly and is shown with its shape', async () => {
    // np.random.seed(3); np.random.rand(2, 3, 4); np.random.rand(2)
    const text = 'import numpy as np\nnp.random.seed(3)\nT = np.random.rand(2, 3, 4)\nW = np.random.rand(2)\n';
    const m = await found(text);
    assert.deepEqual(values(m.get('W')), [0.5446490180318447, 0.780314764511367]);
    assert.deepEqual(m.get('T')?.array?.shape, [2, 3, 4]);
    assert.deepEqual(values(m.get('T')).slice(0, 2), [0.5507979025745755, 0.7081478226181048]);
  });

  test('np.random.shuffle(x) advances the generator and reorders x in place; another holder of x becomes unknown', async () => {
    // np.random.seed(3); x = np.arange(6.0); np.random.shuffle(x) → [3, 5, 4, 1, 0, 2]
    const scope = await run('import numpy as np\nnp.random.seed(3)\nx = np.arange(6.0)\ny = x\nnp.random.shuffle(x)\n');
    const x = scope.get('x');
    assert.ok(isNDArray(x));
    assert.deepEqual([...x.data], [3, 5, 4, 1, 0, 2]);
    assert.equal(scope.get('y'), undefined);
    assert.match(scope.whyUnbound('y')?.reason ?? '', /shares its data with x, which is changed in place/);
  });

  for (const [seed, why] of [['-1', /between 0 and 2\*\*32 - 1/], ['2**32', /between 0 and 2\*\*32 - 1/], ['1.5', /float/], ['2.0', /float/]] as const) {
    test(`an invalid seed np.random.seed(${seed}) is an error, never a fall-back to seed 0`, async () => {
      const text = `import numpy as np\nnp.random.seed(${seed})\nW = np.random.rand(2)\n`;
      const r = await extractMatrices(loader, py(text));
      assert.deepEqual(r.matrices.map((x) => x.name), []);
      assert.match(r.problems[0]?.message ?? '', why);
      const scope = await run(text);
      assert.match(scope.whyUnbound('W')?.reason ?? '', /unknown state.*line 2/);
    });
  }
});

describe('unseeded draws are one possible draw, flagged', () => {
  test('np.random without a seed: flagged, and so is what is computed from it', async () => {
    const m = await found('import numpy as np\nX = np.random.rand(2, 2)\nY = X @ X\nZ = np.eye(2)\nnp.random.seed(1)\nS = np.random.rand(2)\n');
    assert.equal(m.get('X')?.unseeded, true);
    assert.equal(m.get('Y')?.unseeded, true);
    assert.equal(m.get('Z')?.unseeded, undefined);
    assert.equal(m.get('S')?.unseeded, undefined);
  });
  test('default_rng() and RandomState() without a seed are flagged; with a seed they are not', async () => {
    const m = await found('import numpy as np\nrng = np.random.default_rng()\nA = rng.random((2, 2))\nrs = np.random.RandomState()\nB = rs.rand(2)\nC = np.random.default_rng(1).random(2)\n');
    assert.equal(m.get('A')?.unseeded, true);
    assert.equal(m.get('B')?.unseeded, true);
    assert.equal(m.get('C')?.unseeded, undefined);
  });
  test('two unseeded generators never draw the same stream (NumPy seeds each from fresh entropy)', async () => {
    const m = await found('import numpy as np\na = np.random.default_rng().random(3)\nb = np.random.default_rng().random(3)\nc = np.random.RandomState().rand(3)\nnp.random.seed()\nd = np.random.rand(3)\nnp.random.seed()\ne = np.random.rand(3)\n');
    const rows = ['a', 'b', 'c', 'd', 'e'].map((n) => JSON.stringify(values(m.get(n))));
    assert.equal(new Set(rows).size, 5);
    for (const n of ['a', 'b', 'c', 'd', 'e']) assert.equal(m.get(n)?.unseeded, true, n);
  });
  test('the flag survives incremental re-evaluation', async () => {
    const cache = new ProgramCache();
    const text = 'import numpy as np\nX = np.random.rand(2, 2)\nY = X * 2\n';
    await extractMatrices(loader, py(text), undefined, undefined, cache);
    const r = await extractMatrices(loader, py(text.replace('X * 2', 'X * 3')), undefined, undefined, cache);
    assert.deepEqual(r.matrices.map((x) => [x.name, x.unseeded]), [['X', true], ['Y', true]]);
  });
  test('seeding with the stand-in seed clears the flag, also downstream, incrementally (same numbers, new meaning)', async () => {
    const cache = new ProgramCache();
    const text = 'import numpy as np\nX = np.random.rand(2, 2)\nY = X * 2\nZ = Y + 1\n';
    await extractMatrices(loader, py(text), undefined, undefined, cache);
    const r = await extractMatrices(loader, py(text.replace('import numpy as np\n', 'import numpy as np\nnp.random.seed(0)\n')), undefined, undefined, cache);
    assert.deepEqual(r.matrices.map((x) => [x.name, x.unseeded]), [['X', undefined], ['Y', undefined], ['Z', undefined]]);
  });
  test('a statement that rebinds a name from its own unseeded value stays flagged', async () => {
    const m = await found('import numpy as np\nw = np.random.rand(2, 2)\nw = w / w.sum()\n');
    assert.equal(m.get('w')?.unseeded, true);
  });
});

describe('generator objects', () => {
  test('default_rng: a draw that cannot be evaluated makes that generator unknown, not the others', async () => {
    const scope = await run('import numpy as np\nrng = np.random.default_rng(5)\nother = np.random.default_rng(5)\nE = rng.normal(size=(n, 2))\nA = rng.random(2)\nB = other.random(2)\n');
    assert.match(scope.whyUnbound('A')?.reason ?? '', /Generator\(PCG64\) is in an unknown state.*line 4/);
    assert.ok(scope.get('B'));
  });
  test('assigning to a generator attribute (rng.bit_generator.state = …) makes it unknown', async () => {
    const scope = await run('import numpy as np\nrng = np.random.default_rng(5)\nsaved = 1\nrng.bit_generator.state = saved\nA = rng.random(2)\n');
    assert.equal(scope.get('A'), undefined);
    // A depends on rng, which line 4 changed in a way that is not evaluated: the cause says so, with its line.
    const why = scope.whyUnbound('A');
    assert.match(why?.reason ?? '', /rng is unknown/);
    assert.match(why?.cause?.why.reason ?? '', /changes the generator's state/);
    assert.equal(why?.cause?.why.range.start.line, 3);
  });
  test('a 3-D standard_normal advances the Generator exactly', async () => {
    // rng = np.random.default_rng(5); rng.standard_normal((2, 3, 4)); rng.random(3)
    const m = await found('import numpy as np\nrng = np.random.default_rng(5)\nT = rng.standard_normal((2, 3, 4))\nA = rng.random(3)\n');
    assert.deepEqual(values(m.get('A')), [0.679181533021365, 0.8700885023275033, 0.2273185251609081]);
  });
  test('Generator.shuffle advances exactly; permutation and choice take rows', async () => {
    const m = await found('import numpy as np\nrng = np.random.default_rng(5)\nx = np.arange(6.0)\nrng.shuffle(x)\nA = rng.random(2)\n' +
      'M = np.array([[1., 2], [3, 4], [5, 6]])\nP = np.random.default_rng(5).permutation(M)\nC = np.random.default_rng(5).choice(M, 2, replace=False)\n');
    assert.deepEqual(values(m.get('A')), [0.053930702381656426, 0.38336888078551823]);
    assert.deepEqual(values(m.get('P')), [3, 4, 5, 6, 1, 2]);
    assert.deepEqual(values(m.get('C')), [5, 6, 3, 4]);
    assert.equal(m.has('x'), true); // the definition before the shuffle is still shown at its own line
    // rng = default_rng(5); x = np.arange(6.0); rng.shuffle(x) → [1, 4, 2, 3, 5, 0]
    assert.deepEqual(values(m.get('x')), [1, 4, 2, 3, 5, 0]);
  });
  test('Generator.shuffle of a 2-D array moves whole rows; of a list, its items', async () => {
    // rng = default_rng(2); M = arange(8).reshape(4, 2); rng.shuffle(M); L = [10, 20, 30, 40, 50]; rng.shuffle(L); rng.random()
    const text = 'import numpy as np\nrng = np.random.default_rng(2)\nM = np.arange(8).reshape(4, 2)\nrng.shuffle(M)\nL = [10, 20, 30, 40, 50]\nrng.shuffle(L)\nr = rng.random()\n';
    const m = await found(text);
    assert.deepEqual(values(m.get('M')), [6, 7, 4, 5, 0, 1, 2, 3]);
    const scope = await run(text);
    const L = scope.get('L');
    assert.ok(L !== undefined && isList(L));
    assert.deepEqual(L.items, [10, 50, 20, 30, 40]);
    assert.equal(scope.get('r'), 0.600100525965654);
  });
  test('Generator(PCG64(seed)) and an alias share one state', async () => {
    // rng = default_rng(9): integers(0, 5, size=3) twice through two names → [2, 4, 4], [1, 0, 3]
    const m = await found('import numpy as np\nfrom numpy.random import Generator, PCG64\nrng = Generator(PCG64(9))\nr1 = rng.integers(0, 5, size=3)\ng2 = rng\nr2 = g2.integers(0, 5, size=3)\n');
    assert.deepEqual(values(m.get('r1')), [2, 4, 4]);
    assert.deepEqual(values(m.get('r2')), [1, 0, 3]);
  });
  test('RandomState(seed) object methods', async () => {
    const m = await found('import numpy as np\nrs = np.random.RandomState(7)\nN = rs.normal(1, 2, (2, 2))\n');
    assert.deepEqual(values(m.get('N')), [4.381051407600712, 0.06812525891833443, 1.0656403273571688, 1.8150325659930155]);
  });
  test('a float literal where NumPy needs an integer raises (it cannot be told from an int by value)', async () => {
    for (const call of ['np.random.default_rng(1.0)', 'np.random.default_rng(3).random(size=2.0)', 'np.random.default_rng(3).random((2, 3.0))']) {
      const r = await extractMatrices(loader, py(`import numpy as np\nA = ${call}\n`));
      assert.deepEqual(r.matrices, [], call);
      assert.match(r.problems[0]?.message ?? '', /float where NumPy needs an integer/, call);
    }
    const scope = await run('import numpy as np\nnp.random.seed(1)\nA = np.random.rand(2.0, 3)\nB = np.random.rand(2)\n');
    assert.match(scope.whyUnbound('B')?.reason ?? '', /unknown state.*line 3/);
  });
  test('a population of floats is fine: choice([1.5, 2.5, 3.5]), choice((0.5, 0.25)), permutation([…]) draw (was: "a float where NumPy needs an integer", and the generator unknown)', async () => {
    // NumPy 2.4: rs = RandomState(0); g = default_rng(0); rs.choice([1.5, 2.5, 3.5], size=(2, 2)); g.choice((0.5, 0.25), 3);
    // rs.permutation([1.5, 2.5, 3.5]); rs.rand(1)
    const m = await found('import numpy as np\nrs = np.random.RandomState(0)\ng = np.random.default_rng(0)\nA = rs.choice([1.5, 2.5, 3.5], size=(2, 2))\nB = g.choice((0.5, 0.25), 3)\nC = rs.permutation([1.5, 2.5, 3.5])\nD = rs.rand(1)\n');
    assert.deepEqual(values(m.get('A')), [1.5, 2.5, 1.5, 2.5]);
    assert.deepEqual(values(m.get('B')), [0.25, 0.25, 0.25]);
    assert.deepEqual(values(m.get('C')), [3.5, 1.5, 2.5]);
    assert.deepEqual(values(m.get('D')), [0.4375872112626925]);
    for (const call of ['rs.choice(5.0)', 'rs.choice(5, 2.0)', 'rs.permutation(4.0)']) { // NumPy raises (ValueError, TypeError, IndexError)
      const r = await extractMatrices(loader, py(`import numpy as np\nrs = np.random.RandomState(0)\nA = ${call}\n`));
      assert.deepEqual(r.matrices, [], call);
      assert.match(r.problems[0]?.message ?? '', /float where NumPy needs an integer/, call);
    }
  });
  test('invalid Generator seeds raise, as in NumPy', async () => {
    const r = await extractMatrices(loader, py('import numpy as np\nrng = np.random.default_rng(-1)\nA = rng.random(2)\n'));
    assert.deepEqual(r.matrices, []);
    assert.match(r.problems[0]?.message ?? '', /non-negative/);
  });
});

describe('the unseeded flag on the CLI (dist/cli.js, built by test:unit)', () => {
  const dir = tempDir('ae-rng-');
  const file = join(dir, 'unseeded.py');
  writeFileSync(file, 'import numpy as np\nX = np.random.randn(3, 4)\nW_Q = np.eye(4)\nW_K = np.eye(4)\nW_V = np.eye(4)\n');
  const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  test('matrices --json: "unseeded": true on drawn matrices only; text output has the note', () => {
    const j = JSON.parse(cli('matrices', file, '--json').stdout) as { name: string; unseeded?: boolean }[];
    assert.deepEqual(j.map((m) => [m.name, m.unseeded ?? false]), [['X', true], ['W_Q', false], ['W_K', false], ['W_V', false]]);
    assert.match(cli('matrices', file).stdout, /note: one possible draw: the program never seeds the generator/);
  });
  test('compute --json: the result is flagged and noted', () => {
    const j = JSON.parse(cli('compute', file, '--json').stdout) as { unseeded?: boolean; notes: string[] };
    assert.equal(j.unseeded, true);
    assert.ok(j.notes.some((n) => /^X: one possible draw/.test(n)));
  });
});
