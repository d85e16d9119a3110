/**
 * Named cases of the N-D array semantics (issue 8 §2) with values worked out from NumPy 2.4 (the differential
 * test, ndarray.diff.test.ts, checks thousands more against NumPy itself). No Python needed here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import { InputError } from '../../src/core/errors';
import { broadcastIndex } from '../../src/core/ndarray/broadcast';
import { elementwise, full, getItem, ndarray, round } from '../../src/core/ndarray/ndarray';
import { extractMatrices } from '../../src/core/parse/index';
import type { FoundMatrix } from '../../src/core/parse/types';
import { loader } from './helpers/loader';
import { tempDir } from './helpers/tempDir';

const limits = { maxElements: 2048 * 2048 };
const run = async (text: string): Promise<{ byName: Map<string, FoundMatrix>; all: readonly FoundMatrix[]; problems: string[] }> => {
  const found = await extractMatrices(loader, [{ text, language: 'python' }]);
  const byName = new Map<string, FoundMatrix>();
  for (const m of found.matrices) if (m.name) byName.set(m.name, m);
  return { byName, all: found.matrices, problems: found.problems.map((p) => p.message) };
};
const arr = (m: FoundMatrix | undefined): { shape: readonly number[]; dtype: string; data: number[] } => {
  assert.ok(m?.array, 'no array');
  return { shape: m.array.shape, dtype: m.array.dtype, data: Array.from(m.array.data) };
};

describe('N-D arrays', () => {
  test('the element limit is checked on the broadcast shape before allocating', () => {
    const a = full([4194304], 1, limits), b = full([4194304, 1], 1, limits);
    assert.throws(() => elementwise(a, b, (x, y) => x + y, 'a + b', 'float64', limits), (e: unknown) => e instanceof InputError && /\(4194304, 4194304\) has 17592186044416 entries, more than the limit/.test(e.message));
  });

  test('np.ones((4194304,)) + np.ones((4194304, 1)) in a program is a clear problem, not a crash', async () => {
    const { byName, problems } = await run('import numpy as np\nc = np.ones((4194304,)) + np.ones((4194304, 1))\n');
    assert.equal(byName.has('c'), false);
    assert.match(problems.join('\n'), /c \(line 2\): .*more than the limit of 4194304/);
  });

  test("np.round is NumPy's: half to even, rint(x·10^d)/10^d", () => {
    const r = round(ndarray([5], Float64Array.of(2.5, 0.125, -0.5, 1.5, 2.675)), 0);
    assert.deepEqual(Array.from(r.data), [2, 0, -0, 2, 3]);
    // 2.675·100 is 267.5 in float64, so NumPy gives 2.68 (Python's round(2.675, 2), exact in decimal, gives 2.67)
    assert.deepEqual(Array.from(round(ndarray([2], Float64Array.of(0.125, 2.675)), 2).data), [0.12, 2.68]);
  });

  test('np.array(A.tolist()) keeps the shape and the dtype', async () => {
    const { byName } = await run('import numpy as np\nA = np.arange(24).reshape(2, 3, 4)\nB = np.array(A.tolist())\nC = np.array((A > 3).tolist())\n');
    assert.deepEqual(arr(byName.get('B')), arr(byName.get('A')));
    assert.equal(arr(byName.get('C')).dtype, 'bool');
  });

  test('integer semantics: int / int is float64, int // int stays int64, arange of ints is int64, argmax is int64', async () => {
    const { byName } = await run('import numpy as np\na = np.arange(5)\nb = a / 2\nc = a // 2\nd = a - 1.0\ni = np.array([a.argmax()])\n');
    assert.deepEqual(arr(byName.get('a')), { shape: [5], dtype: 'int64', data: [0, 1, 2, 3, 4] });
    assert.deepEqual(arr(byName.get('b')).dtype, 'float64');
    assert.deepEqual(arr(byName.get('c')), { shape: [5], dtype: 'int64', data: [0, 0, 1, 1, 2] });
    assert.equal(arr(byName.get('d')).dtype, 'float64');
    assert.deepEqual(arr(byName.get('i')), { shape: [1], dtype: 'int64', data: [4] });
  });

  test('a non-integer stored into an int64 array is left unknown (NumPy truncates; the dtype may be a float one)', async () => {
    const { byName } = await run('import numpy as np\na = np.array([1, 2, 3])\na[0] = 2.0\nb = a.copy()\nb[b > 2] = -1.5\nc = a.astype(float)\nc[0] = 2.7\n');
    assert.deepEqual(arr(byName.get('a')), { shape: [3], dtype: 'int64', data: [2, 2, 3] });
    assert.equal(byName.get('b')?.range.start.line, 3); // the copy; the assignment on line 5 is unknown
    assert.deepEqual(arr(byName.get('c')).data, [2.7, 2, 3]);
  });

  test('indexing: None, ..., steps, integer arrays, booleans (with NumPy placement of advanced dimensions)', async () => {
    const x = ndarray([2, 3, 4], Float64Array.from({ length: 24 }, (_, i) => i));
    const pick = (items: Parameters<typeof getItem>[1]): { shape: readonly number[]; data: number[] } => {
      const r = getItem(x, items, 'x', limits);
      assert.ok(typeof r === 'object');
      return { shape: r.shape, data: Array.from(r.data) };
    };
    // x[[0, 1], :, [1, 3]] → (2, 3): advanced indices separated by a slice go first
    assert.deepEqual(pick([{ kind: 'array', array: ndarray([2], Float64Array.of(0, 1), undefined, 'int64') }, { kind: 'slice' }, { kind: 'array', array: ndarray([2], Float64Array.of(1, 3), undefined, 'int64') }]),
      { shape: [2, 3], data: [1, 5, 9, 15, 19, 23] });
    // x[:, None, 1:, ::2] → (2, 1, 2, 2)
    assert.deepEqual(pick([{ kind: 'slice' }, { kind: 'newaxis' }, { kind: 'slice', start: 1 }, { kind: 'slice', step: 2 }]).shape, [2, 1, 2, 2]);
    // x[..., -1] → (2, 3)
    assert.deepEqual(pick([{ kind: 'ellipsis' }, { kind: 'int', value: -1 }]), { shape: [2, 3], data: [3, 7, 11, 15, 19, 23] });
  });

  test('batched multi-head attention: (2, 5, 8) input, transpose(0, 2, 1, 3), einsum check', async () => {
    const text = [
      'import numpy as np', 'np.random.seed(0)', 'x = np.random.randn(2, 5, 8)', 'W = np.random.randn(8, 8)',
      'q = (x @ W).reshape(2, 5, 2, 4).transpose(0, 2, 1, 3)', 's = q @ q.transpose(0, 1, 3, 2) / np.sqrt(4)',
      "e = np.einsum('bhqd,bhkd->bhqk', q, q) / np.sqrt(4)", 'same = np.abs(s - e).max() < 1e-12',
    ].join('\n');
    const { byName, problems } = await run(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(byName.get('q')?.ndShape, [2, 2, 5, 4]);
    assert.deepEqual(byName.get('s')?.array?.shape, [2, 2, 5, 5]);
    const s = arr(byName.get('s')).data, e = arr(byName.get('e')).data;
    s.forEach((v, i) => assert.ok(Math.abs(v - e[i]) < 1e-12));
  });

  test('.size, .ndim and .shape of an array are NumPy\'s ints (np.array([x.size]) was "cannot make an array from method size")', async () => {
    // NumPy 2.4: x = np.arange(24.0).reshape(2, 3, 4); s = np.array(3.5); np.array([x.size, x.ndim, s.size, s.ndim, x.shape[1], x.size // 4]) → [24, 3, 1, 0, 3, 6]
    const { byName, problems } = await run('import numpy as np\nx = np.arange(24.0).reshape(2, 3, 4)\ns = np.array(3.5)\na = np.array([x.size, x.ndim, s.size, s.ndim, x.shape[1], x.size // 4])\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(arr(byName.get('a')), { shape: [6], dtype: 'int64', data: [24, 3, 1, 0, 3, 6] });
  });

  test('the text output names an N-D array by its NumPy shape and the 2-D slice it shows', () => {
    const dir = tempDir('ae-nd-');
    const file = join(dir, 'nd.py');
    writeFileSync(file, 'import numpy as np\nx = np.arange(64.0).reshape(2, 4, 8)\nh = np.zeros((2, 2, 3, 4))\n');
    const r = spawnSync(process.execPath, ['dist/cli.js', 'matrices', file], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^x {2}\(2, 4, 8\) {2}line 2 {2}\(showing x\[0\]\)$/m);
    assert.match(r.stdout, /^h {2}\(2, 2, 3, 4\) {2}line 3 {2}\(showing h\[0, 0\]\)$/m);
  });

  test('print(np.array([[7.5, -8.5]])) lists the literal', async () => {
    const { all } = await run('import numpy as np\nprint(np.array([[7.5, -8.5]]))\n');
    assert.equal(all.length, 1);
    assert.equal(all[0].name, null);
    assert.deepEqual(arr(all[0]).data, [7.5, -8.5]);
    assert.deepEqual(all[0].range, { start: { line: 1, character: 6 }, end: { line: 1, character: 29 } });
  });

  test('matrices --json: NumPy shape and tolist() nesting for rank ≥ 2, [1, n] for a vector, dtype', async () => {
    const dir = tempDir('ae-nd-');
    const file = join(dir, 'nd.py');
    writeFileSync(file, 'import numpy as np\nx = np.arange(8).reshape(2, 2, 2)\nv = np.array([1.5, 2.5])\nm = np.eye(2) > 0\n');
    const r = spawnSync(process.execPath, ['dist/cli.js', 'matrices', file, '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = [r.stdout];
    const json = JSON.parse(lines.join('')) as { name: string; shape: number[]; values: unknown; dtype: string }[];
    assert.deepEqual(json.map((m) => [m.name, m.shape, m.values, m.dtype]), [
      ['x', [2, 2, 2], [[[0, 1], [2, 3]], [[4, 5], [6, 7]]], 'int64'],
      ['v', [1, 2], [[1.5, 2.5]], 'float64'],
      ['m', [2, 2], [[true, false], [false, true]], 'bool'],
    ]);
  });

  test('attention on an N-D role computes per batch element (K, V broadcast), by name and when given', async () => {
    const text = 'import numpy as np\nQ = np.arange(24.0).reshape(2, 3, 4) / 10\nK = np.ones((3, 4))\nV = np.eye(3, 4)\n';
    for (const roles of [undefined, { q: 'Q', k: 'K', v: 'V' }]) {
      const r = await analyze(loader, { sources: [{ text, language: 'python' }], ...(roles ? { roles } : {}) });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const batch = r.value.result.batch;
      assert.deepEqual(batch?.shape, [2]);
      assert.deepEqual(batch?.steps.find((s) => s.id === 'output')?.value.shape, [2, 3, 4]);
      // Equal keys: uniform weights, so each output row is the mean of V's rows.
      assert.ok(Array.from(batch?.weights.data ?? []).every((w) => Math.abs(w - 1 / 3) < 1e-15));
    }
    const bad = await analyze(loader, { sources: [{ text: 'import numpy as np\nQ = np.ones((2, 3, 4))\nK = np.ones((3, 3, 4))\nV = np.ones((3, 4))\n', language: 'python' }] });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.error.message, /Q \(2, 3, 4\), K \(3, 3, 4\).*do not broadcast/);
  });

  test("x.transpose(0, 1): NumPy's permutation (unchanged) for an array, PyTorch's swap for a tensor", async () => {
    const { byName } = await run('import numpy as np\nimport torch\nx = np.arange(6.0).reshape(2, 3)\ny = x.transpose(0, 1)\nz = x.transpose(1, 0)\nt = torch.ones(2, 3) * 2\nu = t.transpose(0, 1)\nw = (t @ u).transpose(-2, -1)\n');
    assert.deepEqual(arr(byName.get('y')), arr(byName.get('x')));
    assert.deepEqual(byName.get('z')?.array?.shape, [3, 2]);
    assert.deepEqual(byName.get('u')?.array?.shape, [3, 2]);
    assert.deepEqual(byName.get('w')?.array?.shape, [2, 2]);
  });

  test('float32 arithmetic beyond + − × ÷ is left unknown rather than shown in float64', async () => {
    const { byName } = await run('import numpy as np\nx = np.array([1.1, 2.2], dtype=np.float32)\ny = x * 3\nz = np.exp(x)\n');
    assert.equal(arr(byName.get('y')).dtype, 'float32');
    assert.deepEqual(arr(byName.get('y')).data, [Math.fround(Math.fround(1.1) * 3), Math.fround(Math.fround(2.2) * 3)]);
    assert.equal(byName.has('z'), false);
  });
});

interface FixtureArray { shape: number[]; dtype: string; data: (number | boolean | string)[] }
const fixtures = JSON.parse(readFileSync('test/fixtures/ndarrays.json', 'utf8')) as { programs: Record<string, Record<string, FixtureArray>> };

describe('example programs vs NumPy, every array of any rank (test/fixtures/ndarrays.json)', () => {
  for (const [file, expected] of Object.entries(fixtures.programs)) {
    test(file, async () => {
      const { byName, problems } = await run(readFileSync(file, 'utf8'));
      assert.deepEqual(problems, []);
      for (const [name, want] of Object.entries(expected)) {
        const got = arr(byName.get(name));
        assert.deepEqual([got.shape, got.dtype], [want.shape, want.dtype], `${file}: ${name}`);
        want.data.forEach((w, i) => {
          const e = typeof w === 'string' ? (w === 'nan' ? NaN : w === 'inf' ? Infinity : -Infinity) : Number(w);
          const ok = Number.isNaN(e) ? Number.isNaN(got.data[i]) : !Number.isFinite(e) ? got.data[i] === e : Math.abs(got.data[i] - e) <= 1e-9 * Math.max(1, Math.abs(e));
          assert.ok(ok, `${file}: ${name} entry ${i} is ${got.data[i]}, NumPy ${String(w)}`);
        });
      }
    });
  }
  test('the batched multi-head example is among them, with its 4-D arrays', () => {
    const ex = fixtures.programs['examples/batched_multihead_numpy.py'];
    assert.deepEqual(ex.weights.shape, [2, 2, 5, 5]);
    assert.deepEqual(ex.x.shape, [2, 5, 8]);
  });
});


describe('element-wise fast paths', () => {
  test('equal shapes, scalars, columns (keepdims) and trailing rows give what the index maps give', () => {
    let seed = 7;
    const next = (): number => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
    const shapes = [[3, 4], [3, 1], [1, 4], [4], [1], [2, 3, 4], [1, 3, 4], [2, 1, 4], [2, 3, 1], [1, 1, 4], [0, 4], [3, 0], [1, 3, 1], [5], []];
    const count = (s: number[]): number => s.reduce((p, q) => p * q, 1);
    let pairs = 0;
    for (const a of shapes) {
      for (const b of shapes) {
        const A = ndarray(a, Float64Array.from({ length: count(a) }, next)), B = ndarray(b, Float64Array.from({ length: count(b) }, next));
        let got;
        try {
          got = elementwise(A, B, (x, y) => x * 1000 + y, 'test');
        } catch {
          continue; // shapes that do not broadcast
        }
        const ma = broadcastIndex(a, got.shape), mb = broadcastIndex(b, got.shape);
        for (let k = 0; k < got.data.length; k++) assert.equal(got.data[k], A.data[ma ? ma[k] : k] * 1000 + B.data[mb ? mb[k] : k], `${a} with ${b}, entry ${k}`);
        pairs++;
      }
    }
    assert.ok(pairs > 150);
  });
});
