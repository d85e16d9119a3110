/**
 * Differential test: random programs over NumPy's random API (legacy np.random, RandomState, default_rng,
 * Generator(PCG64)), run through the evaluator and through real NumPy (`python3`, one batched process);
 * every array A0, A1, … must agree bit for bit. Some programs contain statements NumPy runs but the evaluator
 * does not model (unsupported distributions, sizes it cannot compute): arrays after them may be withheld, never
 * shown with other numbers. A quick fixed-seed run here; a longer one with
 * `RANDOM_DIFF_RUNS=2000 npm run test:random-diff`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { extractMatrices } from '../../src/core/parse/index';
import { loader } from './helpers/loader';
import { POISON_MARK, randomProgram } from './helpers/randomProgramGen';

const RUNS = Number(process.env.RANDOM_DIFF_RUNS ?? 40);
const SEED = Number(process.env.RANDOM_DIFF_SEED ?? 20261128);

interface NumpyResult { arrays?: Record<string, { shape: number[]; data: number[] }>; error?: string }

function runNumpy(programs: readonly string[]): { numpy: string; results: NumpyResult[] } | string {
  const r = spawnSync('python3', ['scripts/diff/run_numpy_programs.py'], { input: JSON.stringify(programs), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000 });
  if (r.status !== 0) return `python3 failed: ${r.stderr || r.error?.message}`;
  return JSON.parse(r.stdout) as { numpy: string; results: NumpyResult[] };
}

describe('random programs: evaluator vs NumPy', () => {
  const programs = fc.sample(randomProgram, { seed: SEED, numRuns: RUNS });
  const numpy = runNumpy(programs);
  test(`${RUNS} generated programs (seed ${SEED}) reproduce every array bit for bit`, async (t) => {
    if (typeof numpy === 'string') {
      t.skip(numpy);
      return;
    }
    let arrays = 0, values = 0, withheld = 0;
    for (let p = 0; p < programs.length; p++) {
      const text = programs[p];
      const expected: NumpyResult = numpy.results[p];
      assert.equal(expected.error, undefined, `NumPy raised on program ${p}:\n${text}\n${expected.error}`);
      const found = await extractMatrices(loader, [{ text, language: 'python' }]);
      assert.deepEqual(found.problems.map((x) => x.message), [], `program ${p}:\n${text}`);
      const got = new Map(found.matrices.filter((m) => m.name?.startsWith('A')).map((m) => [m.name as string, m.matrix]));
      const want: [string, { shape: number[]; data: number[] }][] = Object.entries(expected.arrays ?? {}).filter(([name]) => /^A\d+$/.test(name));
      const poisoned = text.includes(POISON_MARK);
      // Without unsupported statements every array is shown; with them, some are withheld but none is wrong.
      if (!poisoned) assert.deepEqual([...got.keys()].sort(), want.map(([n]) => n).sort(), `program ${p}: names\n${text}`);
      else for (const name of got.keys()) assert.ok(want.some(([n]) => n === name), `program ${p}: ${name} is not an array in NumPy\n${text}`);
      for (const [name, a] of want) {
        const m = got.get(name);
        if (!m) {
          withheld++;
          continue;
        }
        const shape = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
        assert.deepEqual([m.rows, m.cols], shape, `program ${p}: ${name} shape\n${text}`);
        for (let i = 0; i < a.data.length; i++) {
          if (!Object.is(m.data[i], a.data[i])) assert.fail(`program ${p}: ${name}[${i}] is ${m.data[i]}, NumPy ${numpy.numpy} gives ${a.data[i]}\n${text}`);
        }
        arrays++;
        values += a.data.length;
      }
    }
    t.diagnostic(`${programs.length} programs, ${arrays} arrays, ${values} values compared with NumPy ${numpy.numpy}; ${withheld} arrays withheld after unsupported statements`);
  });
});
