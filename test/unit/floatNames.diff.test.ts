/**
 * Python floats held in names (differential against real NumPy, python3 on PATH): `n = 6 / 2` is a float even
 * though its value is integral, and NumPy's dtypes and TypeErrors follow it through assignments, augmented
 * assignments, `int()`, `float()`, `round()` and `math.*` (Scope.isFloat, floatSyntax.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { differential, heldScalarProgramArb } from './helpers/numpyDiff';

const GENERATED = 120;
const SEED = 20261129;

const FIXED = [
  'n = 6 / 2\na = np.arange(n)\nb = np.zeros(int(n))\nx = n * np.ones(3, dtype=int)\nm = n // 2\nc = np.array([m, 1])\nf = np.full((2, 2), n)',
  'n = 6 / 2\nz = np.zeros(n)',
  'n = 6 / 2\nr = np.array(list(range(n)))',
  'k = 3\ng = float(k)\ne = np.arange(g)\nh = round(g)\ni = np.arange(h)\nj = int(g)\nw = np.array([j, 1])',
  'import math\nj = math.sqrt(4)\nl = np.array([j, 2])\nq = math.floor(j)\nt = np.array([q, 2])',
  'p = 5\np /= 5\nq = np.array([p])\nr = 4\nr //= 2\ns = np.array([r])\nu = 2.0\nu %= 2\nw = np.array([u, 1])',
  'a = 2\nb = a\na = a * 1.0\nc = np.array([a, b])\nd = np.arange(b)\ne = np.arange(a)',
];

describe('Python floats held in names vs NumPy (differential)', () => {
  test(`the fixed programs and ${GENERATED} generated ones agree with NumPy (dtype float64 for a float, TypeError where NumPy needs an int)`, async (t) => {
    const programs = [...FIXED.map((p) => `import numpy as np\n${p}`), ...fc.sample(heldScalarProgramArb, { numRuns: GENERATED, seed: SEED }).map((p) => `import numpy as np\n${p}`)];
    const reports = await differential(programs);
    const compared = reports.reduce((s, r) => s + r.compared, 0);
    t.diagnostic(`${programs.length} programs, ${compared} arrays compared, ${reports.flatMap((r) => r.unknown).length} left unknown`);
    const bad = reports.filter((r) => r.mismatches.length > 0);
    assert.deepEqual(bad.map((r) => `${r.program}\n  ${r.mismatches.join('\n  ')}`), []);
    assert.ok(compared > 250, `only ${compared} arrays compared`);
  });
});
