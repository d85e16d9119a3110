/**
 * Wrong values found by running new attention programs (RoPE, sliding windows, grouped-query attention, KV
 * caches, classes, integer bookkeeping, float32 models, the legacy and modern generators) through the CLI and
 * through Python + NumPy 2, line by line. Each test is one case the evaluator showed a number NumPy does not
 * compute (or raised where NumPy does not); the NumPy value is in the test's comment. After the fix the value
 * is NumPy's, or the name is unknown with a reason naming the line.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isNDArray } from '../../src/core/ndarray/ndarray';
import { evaluatePython } from './helpers/python';
import { extractMatrices } from '../../src/core/parse/index';
import { loader } from './helpers/loader';

async function run(lines: string[]): Promise<Awaited<ReturnType<typeof evaluatePython>>> {
  return evaluatePython(`${lines.join('\n')}\n`);
}

/** The reason `name` is unknown from `line` (1-based), or a failure naming what the evaluator holds instead. */
function why(r: Awaited<ReturnType<typeof evaluatePython>>, name: string, line: number): string {
  assert.equal(r.values.has(name), false, `${name} should be unknown, holds ${JSON.stringify(r.values.get(name))}`);
  const u = r.unknown.find((x) => x.startsWith(`${name} (line ${line}):`));
  assert.ok(u, `${name} has no reason at line ${line}: ${r.unknown.join(' | ')}`);
  return u;
}

describe('in-place operators keep the array dtype (NumPy casting rule same_kind)', () => {
  test('int64 += 0.5, *= 2.0, /= 2 raise UFuncTypeError in NumPy: unknown with the reason (was: a float64 array shown)', async () => {
    // NumPy 2.4: ints += 0.5 → UFuncTypeError: Cannot cast ufunc 'add' output from dtype('float64') to dtype('int64') …
    const r = await run(['import numpy as np', 'ints = np.arange(6)', 'ints += 0.5', 'j = np.arange(3)', 'j *= 2.0', 'k = np.arange(3)', 'k /= 2']);
    assert.match(why(r, 'ints', 3), /UFuncTypeError: Cannot cast ufunc 'add' output from dtype\('float64'\) to dtype\('int64'\) with casting rule 'same_kind'/);
    assert.match(why(r, 'j', 5), /ufunc 'multiply'/);
    assert.match(why(r, 'k', 7), /ufunc 'divide'/);
    assert.ok(r.problems.some((p) => /line 3/.test(p) && /UFuncTypeError/.test(p)), r.problems.join(' | '));
  });

  test('bool += 1 raises; int views and fancy-index copies (A[1:] += 0.5, A[A > 2] += 0.5) raise too', async () => {
    const r = await run(['import numpy as np', 'b = np.ones(2, dtype=bool)', 'b += 1', 'A = np.arange(6)', 'A[1:] += 0.5', 'B = np.arange(6)', 'B[B > 2] += 0.5']);
    assert.match(why(r, 'b', 3), /from dtype\('int64'\) to dtype\('bool'\)/);
    assert.match(why(r, 'A', 5), /UFuncTypeError/);
    assert.match(why(r, 'B', 7), /UFuncTypeError/);
  });

  test('the except branch of a try around ints += 0.5 is not taken silently: its names are unknown with a reason', async () => {
    // Python: failed = True and ints == [0 1 2 3 4 5]; before, ints showed [0.5 … 5.5] and failed had no value and no reason.
    const r = await run(['import numpy as np', 'ints = np.arange(6)', 'try:', '    ints += 0.5', 'except TypeError:', '    failed = True']);
    assert.match(why(r, 'failed', 3), /except clause is not evaluated/);
    assert.equal(r.values.has('ints'), false);
  });

  test('float32 += float64 stays float32, rounded once (was: float64 1.3333333333333333)', async () => {
    // NumPy: c = np.ones(3, dtype=np.float32); c += np.ones(3) / 3 → [1.3333334 …] dtype float32.
    const r = await run(['import numpy as np', 'c = np.ones(3, dtype=np.float32)', 'c += np.ones(3) / 3', 'i = np.arange(3)', 'i *= 2', 'i -= True', 'm = np.ones(3, dtype=bool)', 'm &= np.array([True, False, True])']);
    const c = r.values.get('c');
    assert.ok(c !== undefined && isNDArray(c));
    assert.equal(c.dtype, 'float32');
    assert.deepEqual([...c.data], [1, 1, 1].map(() => Math.fround(1 + 1 / 3)));
    const i = r.values.get('i');
    assert.ok(i !== undefined && isNDArray(i) && i.dtype === 'int64');
    assert.deepEqual([...i.data], [-1, 1, 3]);
    const m = r.values.get('m');
    assert.ok(m !== undefined && isNDArray(m) && m.dtype === 'bool');
    assert.deepEqual([...m.data], [1, 0, 1]);
  });
});

describe('NumPy calls that write into an argument given positionally', () => {
  test('np.add.at / np.subtract.at change their first argument: unknown (was: the old array, with no reason)', async () => {
    // NumPy: z = np.zeros(5); np.add.at(z, [1, 1], 1) → [0, 2, 0, 0, 0].
    const r = await run(['import numpy as np', 'z = np.zeros(5)', 'np.add.at(z, [1, 1], 1)', 'y = np.ones(3)', 'np.subtract.at(y, [0, 0], 1)']);
    assert.match(why(r, 'z', 3), /np\.add\.at\(\) changes its first argument in place/);
    assert.match(why(r, 'y', 5), /np\.subtract\.at\(\)/);
  });

  test('out as a positional argument: np.exp(a, a), np.add(b, 1, b), np.cumsum(c, 0, None, c), x.sum(0, None, y)', async () => {
    // NumPy: a == e, b == 2, c == [0, 1, 3], y == [3, 5, 7]. Before: "np.exp() takes 1 positional arguments but 2
    // were given" (NumPy raises nothing) with the old a shown, and np.cumsum's out ignored silently.
    const r = await run(['import numpy as np', 'a = np.ones(3)', 'np.exp(a, a)', 'b = np.ones(3)', 'np.add(b, 1, b)', 'c = np.arange(3.0)', 'np.cumsum(c, 0, None, c)',
      'x = np.arange(6.0).reshape(2, 3)', 'y = np.zeros(3)', 's = x.sum(0, None, y)']);
    assert.match(why(r, 'a', 3), /np\.exp\(\) with an out array as argument 2 writes into it in place/);
    assert.match(why(r, 'b', 5), /np\.add\(\) with an out array as argument 3/);
    assert.match(why(r, 'c', 7), /np\.cumsum\(\) with an out array as argument 4/);
    assert.match(why(r, 'y', 10), /\.sum\(\) with an out array as argument 3/);
    assert.deepEqual(r.problems, []);
  });

  test('reductions take NumPy\'s positional parameters: np.sum(a, 1, None, None, True), np.std(a, 0, None, None, 1), np.max(a, 0, None, True)', async () => {
    // NumPy: [[3], [12]], [1.5, 1.5, 1.5] (ddof = 1), [[3, 4, 5]]; before: "np.sum() takes 2 positional arguments but 5 were given".
    const r = await run(['import numpy as np', 'a = np.arange(6.0).reshape(2, 3)', 'v = np.sum(a, 1, None, None, True)', 'sd = np.std(a, 0, None, None, 1)', 'mx = np.max(a, 0, None, True)']);
    assert.deepEqual(r.problems, []);
    const get = (n: string): number[][] => { const v = r.values.get(n); assert.ok(v !== undefined && isNDArray(v)); return [[...v.shape], [...v.data]]; };
    assert.deepEqual(get('v'), [[2, 1], [3, 12]]);
    assert.deepEqual(get('sd'), [[3], [Math.sqrt(4.5), Math.sqrt(4.5), Math.sqrt(4.5)]]);
    assert.deepEqual(get('mx'), [[1, 3], [3, 4, 5]]);
  });
});

describe('functions that rebind outer names', () => {
  test('a function with `global counter` is not evaluated: counter is unknown after a call (was: 0, NumPy/Python 1)', async () => {
    const r = await run(['counter = 0', 'def scaled(x):', '    global counter', '    counter += 1', '    return x * 2', 'a = scaled(3.0)', 'calls = counter']);
    assert.match(why(r, 'counter', 6), /uses global, nonlocal, yield or await/);
    assert.match(why(r, 'calls', 7), /counter/);
  });

  test('a nonlocal in a nested function names the enclosing function\'s local, not a module name', async () => {
    const r = await run(['def outer():', '    n = 1', '    def inc():', '        nonlocal n', '        n += 1', '    inc()', '    return n', 'r = outer()']);
    assert.match(why(r, 'r', 8), /outer\(\) uses global/);
    assert.equal(r.unknown.some((u) => u.startsWith('n (')), false, r.unknown.join(' | '));
  });
});

describe('float32 arrays with Python scalars (NumPy 2, NEP 50)', () => {
  const values = async (lines: string[]): Promise<Map<string, number[]>> => {
    const r = await run(['import numpy as np', 'x = np.array([0.1, 0.2], dtype=np.float32)', ...lines]);
    const out = new Map<string, number[]>();
    for (const [k, v] of r.values) if (isNDArray(v)) out.set(k, [...v.data]);
    return out;
  };
  test('a Python float is float32 there: x * 0.1, x / 0.3, x + 16777217, 0.1 - x, np.where(m, x, 0.3) (values printed by NumPy 2.4)', async () => {
    // Before: x * 0.1 multiplied by the double 0.1 (0.009999999776482582 instead of 0.010000000707805157).
    const v = await values(['pr = x * 0.1', 'dv = x / 0.3', 'ad = x + 16777217', 'rs = 0.1 - x', 'wh = np.where(x > 1, x, 0.3)', 'mx = np.maximum(x, 0.10000001)']);
    assert.deepEqual(v.get('pr'), [0.010000000707805157, 0.020000001415610313]);
    assert.deepEqual(v.get('dv'), [0.3333333134651184, 0.6666666269302368]);
    assert.deepEqual(v.get('ad'), [16777216, 16777216]);
    assert.deepEqual(v.get('rs'), [0, -0.10000000149011612]);
    assert.deepEqual(v.get('wh'), [0.30000001192092896, 0.30000001192092896]);
    assert.deepEqual(v.get('mx'), [0.10000000894069672, 0.20000000298023224]);
  });

  test('comparisons with a Python float compare with its float32 value: x == 0.1 is [True, False] (was [False, False])', async () => {
    const v = await values(['eq = x == 0.1', 'gt = x > 0.1', 'ne = x != 0.2', 'ge = 0.2 >= x']);
    assert.deepEqual(v.get('eq'), [1, 0]);
    assert.deepEqual(v.get('gt'), [0, 1]);
    assert.deepEqual(v.get('ne'), [1, 0]);
    assert.deepEqual(v.get('ge'), [1, 1]);
  });

  test('a NumPy scalar held as a number (np.sqrt(8), v.mean(), v[0], np.float64(0.1)) next to a float32 array: unknown, not a float32 result', async () => {
    // NumPy: x / np.sqrt(8) is float64 [0.03535533958616298, …]; the evaluator gave float32 [0.0353553406894207, …].
    const r = await run(['import numpy as np', 'x = np.array([0.1, 0.2], dtype=np.float32)', 'v = np.array([1.0, 2.0])', 'a = x / np.sqrt(8)', 'e = x * v.mean()',
      'f = x * v[0]', 'd = x * np.float64(0.1)', 's = x * v.sum()', 'ok = x * float(v[0]) + np.pi']);
    for (const [name, line] of [['a', 4], ['e', 5], ['d', 7]] as const) assert.match(why(r, name, line), /NumPy computes in float64 if it is a NumPy scalar/);
    // v[0] is np.float64(1.0), held as such since entries of float64 arrays are: x * v[0] is float64 (NumPy 2.4:
    // [0.10000000149011612, 0.20000000298023224]), computed rather than left unknown.
    const f = r.values.get('f');
    assert.ok(f !== undefined && isNDArray(f) && (f.dtype ?? 'float64') === 'float64');
    assert.deepEqual([...f.data], [0.10000000149011612, 0.20000000298023224]);
    const s = r.values.get('s'); // a 0-D float64 array: float64, as NumPy
    assert.ok(s !== undefined && isNDArray(s) && (s.dtype ?? 'float64') === 'float64');
    assert.deepEqual([...s.data], [0.30000000447034836, 0.6000000089406967]);
    const ok = r.values.get('ok');
    assert.ok(ok !== undefined && isNDArray(ok) && ok.dtype === 'float32');
  });

  test('x.dtype == np.float32 is True in NumPy: unknown with a reason (was False: the dtype is held as its name)', async () => {
    const r = await run(['import numpy as np', 'x = np.ones(2, dtype=np.float32)', 'p = x.dtype == np.float32', 'q = x.dtype == "float32"']);
    assert.match(why(r, 'p', 3), /dtype is held as its name/);
    assert.equal(r.values.get('q'), true);
  });
});

describe('order= of reshape, ravel and flatten', () => {
  test("order='F' reads and writes the first index fastest (was: ignored, C order shown)", async () => {
    // NumPy: a = np.arange(6.0).reshape(2, 3); a.ravel('F') → [0, 3, 1, 4, 2, 5]; a.reshape(3, 2, order='F') → [[0, 4], [3, 2], [1, 5]].
    const r = await run(['import numpy as np', 'a = np.arange(6.0).reshape(2, 3)', "r1 = a.ravel(order='F')", "r2 = a.flatten('F')", "r3 = a.reshape(3, 2, order='F')",
      "r4 = np.reshape(a, (3, 2), 'F')", "r5 = np.ravel(a, order='F')", "r6 = np.arange(6).reshape((2, 3), order='F')", "r7 = a.reshape(-1, order='C')"]);
    const data = (n: string): number[] => { const v = r.values.get(n); assert.ok(v !== undefined && isNDArray(v), n); return [...v.data]; };
    for (const n of ['r1', 'r2', 'r5']) assert.deepEqual(data(n), [0, 3, 1, 4, 2, 5], n);
    for (const n of ['r3', 'r4']) assert.deepEqual(data(n), [0, 4, 3, 2, 1, 5], n);
    assert.deepEqual(data('r6'), [0, 2, 4, 1, 3, 5]);
    assert.deepEqual(data('r7'), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(r.problems, []);
  });

  test("order='A' and 'K' follow the memory layout (a.T.ravel('K') is [0, 1, 2, …]): unknown with the reason", async () => {
    const r = await run(['import numpy as np', 'a = np.arange(6.0).reshape(2, 3)', "k = a.T.ravel(order='K')", "b = a.flatten('A')"]);
    assert.match(why(r, 'k', 3), /order='K' follows the array's memory layout/);
    assert.match(why(r, 'b', 4), /order='A'/);
  });
});

describe('ndarray.view()', () => {
  test('a.view() is a view of the same data (was: "cannot reshape array of size 4 into shape ()", which NumPy never raises)', async () => {
    const r = await run(['import numpy as np', 'a = np.zeros(4)', 'v = a.view()', 'w = a.view(np.int64)']);
    const v = r.values.get('v');
    assert.ok(v !== undefined && isNDArray(v));
    assert.deepEqual([...v.shape], [4]);
    assert.match(why(r, 'w', 4), /reinterprets the bytes/);
    assert.deepEqual(r.problems, []);
  });
});

describe('keywords a NumPy function does not evaluate are refused, not ignored', () => {
  test('dtype=np.float32 on concatenate, stack, exp, add, matmul (was: ignored, float64 values shown)', async () => {
    // NumPy: np.concatenate([x, x], dtype=np.float32)[0] == 0.10000000149011612; np.exp(x, dtype=np.float32)[0] == 1.1051709651947021.
    const r = await run(['import numpy as np', 'x = np.array([0.1, 0.7])', 'a = np.concatenate([x, x], dtype=np.float32)', 'b = np.exp(x, dtype=np.float32)',
      'c = np.add(x, 0.1, dtype=np.float32)', 'd = np.stack([x, x], dtype=np.float32)', 'e = x.max(initial=3)', 'f = np.exp(x, where=x > 0.5)', 'g = np.zeros(2, dtype=np.float32)']);
    assert.match(why(r, 'a', 3), /np\.concatenate\(…, dtype=…\) is not evaluated/);
    assert.match(why(r, 'b', 4), /np\.exp\(…, dtype=…\)/);
    assert.match(why(r, 'c', 5), /np\.add\(…, dtype=…\)/);
    assert.match(why(r, 'd', 6), /np\.stack\(…, dtype=…\)/);
    assert.match(why(r, 'e', 7), /initial=…/);
    assert.match(why(r, 'f', 8), /where=…/);
    const g = r.values.get('g'); // a function that reads dtype= keeps it
    assert.ok(g !== undefined && isNDArray(g) && g.dtype === 'float32');
  });
});

describe('int(str, base)', () => {
  test("int('ff', 16), int('-0x1F', 16), int(' 0b101 ', 2), int('z', 36) (was: a ValueError Python does not raise)", async () => {
    const r = await run(["a = int('ff', 16)", "b = int('-0x1F', 16)", "c = int(' 0b101 ', 2)", "d = int('z', 36)", "e = int('20000000000001', 16)", "f = int('12', base=3)"]);
    assert.deepEqual(['a', 'b', 'c', 'd', 'f'].map((n) => r.values.get(n)), [255, -31, 5, 35, 5]);
    assert.match(why(r, 'e', 5), /beyond 2\*\*53/); // 2**53 + 1
    assert.deepEqual(r.problems, []);
  });
});

describe('class attributes shared by instances', () => {
  test('Layer.scale = 5.0 changes what every instance reads: the instances are unknown (was: the old scale, y = [2, 4] where Python gives [5, 10])', async () => {
    const r = await run(['import numpy as np', 'class Layer:', '    scale = 2.0', '    def apply(self, x):', '        return x * self.scale', 'layer = Layer()',
      'holder = [Layer()]', 'Layer.scale = 5.0', 'y = layer.apply(np.array([1.0, 2.0]))', 'z = holder[0].apply(np.ones(2))']);
    assert.match(why(r, 'layer', 8), /shares its data with Layer/);
    assert.match(why(r, 'holder', 8), /shares its data with Layer/);
    assert.match(why(r, 'y', 9), /layer is unknown/);
    assert.equal(r.values.has('z'), false);
  });

  test('self.store.append(x) on a class-level list changes the list every instance shares (was: len(other.store) == 0, Python 2)', async () => {
    const r = await run(['class Cache:', '    store = []', '    def add(self, x):', '        self.store.append(x)', 'c1 = Cache()', 'c2 = Cache()', 'c1.add(1)', 'n = len(c2.store)']);
    assert.match(why(r, 'c1', 7), /self\.store is an attribute of the class Cache, shared by all its instances/);
    assert.match(why(r, 'n', 8), /the class Cache is not known any more/);
  });

  test('a failed __call__ that appends to a class-level list: the other instances are unknown too (was: len(h2.history) == 0, Python 1)', async () => {
    const r = await run(['class Head:', '    history = []', '    def __call__(self, x):', '        self.history.append(x)', '        return x', 'h1 = Head()', 'h2 = Head()',
      'y = h1(3.0)', 'n = len(h2.history)']);
    assert.match(why(r, 'n', 9), /the class Head is not known any more: self\.history is an attribute of the class Head/);
  });

  test('setattr(obj, name, value) is not evaluated: obj is unknown (was: ignored, the old attribute shown)', async () => {
    const r = await run(['class Layer:', '    scale = 2.0', 'other = Layer()', 'setattr(other, "scale", 1.0)', 's = other.scale']);
    assert.match(why(r, 'other', 4), /passed to setattr\(\)/);
    assert.equal(r.values.has('s'), false);
  });
});

describe('range objects as indices', () => {
  test('G[range(3), [2, 1, 0]] = 1 and x[range(5, 0, -2)] index with the integers (was: "only integers, slices … are valid indices", which NumPy does not raise)', async () => {
    const r = await run(['import numpy as np', 'G = np.zeros((3, 3))', 'G[range(3), [2, 1, 0]] = 1', 'x = np.arange(10.0)', 'b = x[range(5, 0, -2)]']);
    const G = r.values.get('G'), b = r.values.get('b');
    assert.ok(G !== undefined && isNDArray(G) && b !== undefined && isNDArray(b));
    assert.deepEqual([...G.data], [0, 0, 1, 0, 1, 0, 1, 0, 0]);
    assert.deepEqual([...b.data], [5, 3, 1]);
    assert.deepEqual(r.problems, []);
  });
});

describe('assignment expressions in comprehensions (PEP 572)', () => {
  test('[y for x in xs if (y := f(x)) > 1] binds y in the enclosing scope (was: y had no value and no reason, "name \'y\' is not defined" after)', async () => {
    const r = await run(['import numpy as np', 'xs = [np.ones(2) * k for k in range(3)]', 'big = [y for x in xs if (y := x.sum()) > 1]', 'last = y',
      'nested = [[(w := a * b) for a in range(2)] for b in range(3)]', 'ww = w']);
    assert.deepEqual(r.unknown, []);
    const last = r.values.get('last');
    assert.ok(last !== undefined && (typeof last === 'number' || isNDArray(last)));
    assert.equal(typeof last === 'number' ? last : last.data[0], 4);
    assert.equal(r.values.get('ww'), 2);
  });

  test('a failed comprehension makes its walrus target unknown with the reason', async () => {
    const r = await run(['import numpy as np', 'xs = [1, 2]', 'r = [s for x in xs if (s := np.pad(x, 1)) is not None]']);
    assert.match(why(r, 's', 3), /np\.pad|numpy\.pad/);
  });
});

describe('entries of float32 arrays are np.float32', () => {
  test('x[0] * 0.1, x[0] + x[1], x[1] / 3 and [v * 0.1 for v in x] compute in float32; x[0] == 0.1 is True (values printed by NumPy 2.4)', async () => {
    // Before: x[0] was a plain number, so x[0] * 0.1 was float64 0.010000000149011612 instead of np.float32(0.010000001).
    const r = await run(['import numpy as np', 'x = np.array([0.1, 0.7, 3.0], dtype=np.float32)', 'a = x[0] * 0.1', 'b = x[0] + x[1]', 'c = x[0] == 0.1', 'd = x[1] / 3',
      'g = [v * 0.1 for v in x]', 'p = np.array([x[0], x[1]])', 'h = float(x[0]) * 0.1']);
    const scalar = (v: unknown): number => { assert.ok(isNDArray(v as never) && (v as { dtype?: string }).dtype === 'float32', JSON.stringify(v)); return (v as { data: Float64Array }).data[0]; };
    assert.equal(scalar(r.values.get('a')), 0.010000000707805157);
    assert.equal(scalar(r.values.get('b')), 0.800000011920929);
    assert.equal(r.values.get('c'), true);
    assert.equal(scalar(r.values.get('d')), 0.23333333432674408);
    const g = r.values.get('g');
    assert.ok(g !== undefined && typeof g === 'object' && g !== null && g.kind === 'list');
    assert.deepEqual(g.items.map(scalar), [0.010000000707805157, 0.07000000029802322, 0.30000001192092896]);
    const p = r.values.get('p');
    assert.ok(p !== undefined && isNDArray(p) && p.dtype === 'float32');
    assert.equal(r.values.get('h'), 0.010000000149011612); // float() gives a Python float: float64 arithmetic
  });
});

describe('NumPy functions with a float32 array and a scalar of unknown kind', () => {
  test('np.where(m, x, ids[0] * 0.3), np.maximum(x, np.float64(0.2)) are float64 in NumPy: unknown (was: float32 [0.30000001192092896, …]); literals stay float32', async () => {
    const r = await run(['import numpy as np', 'x = np.array([0.1, 0.7], dtype=np.float32)', 'ids = np.array([1, 2])', 'w = np.where(x > 0.5, x, ids[0] * 0.3)',
      'm = np.maximum(x, np.float64(0.2))', 'e = 0.5', 'k = x * e', 'lit = np.maximum(x, 0.2)']);
    assert.match(why(r, 'w', 4), /ids\[0\] \* 0\.3 next to a float32 array in np\.where\(\)/);
    assert.match(why(r, 'm', 5), /np\.float64\(0\.2\) next to a float32 array in np\.maximum\(\)/);
    assert.match(why(r, 'k', 7), /e next to the float32 array x/); // a name: its kind is not known here
    const lit = r.values.get('lit');
    assert.ok(lit !== undefined && isNDArray(lit) && lit.dtype === 'float32');
    assert.deepEqual([...lit.data], [Math.fround(0.2), Math.fround(0.7)]);
  });
});

describe('one object held twice in a list ([[0] * 3] * 3, [[]] * 2, [a] * 2)', () => {
  test('grid[0][0] = 1 changes every row in Python: no matrix [[1, 0, 0], [0, 0, 0], [0, 0, 0]] at that line (NumPy/Python: [[1, 0, 0], [1, 0, 0], [1, 0, 0]]); unknown with the reason', async () => {
    const text = 'import numpy as np\ngrid = [[0] * 3] * 3\ngrid[0][0] = 1\nok = [[0] * 3 for _ in range(3)]\nok[0][0] = 1\n';
    const e = await extractMatrices(loader, [{ text, language: 'python' }]);
    const at = (name: string, line: number) => e.matrices.find((m) => m.name === name && m.range.start.line === line - 1);
    assert.equal(at('grid', 3), undefined, 'grid shown at line 3');
    assert.ok(at('ok', 5)); // rows made one by one: evaluated as before
    const r = await run(text.trimEnd().split('\n'));
    assert.match(why(r, 'grid', 3), /grid\[0\] is held more than once in grid/);
  });

  test('r = [[]] * 2; r[0].append(1); len(r[1]) is 1 in Python (was: 0); r[0] += [1] and rows[0] += 1 with rows = [a] * 2 likewise refused', async () => {
    const r = await run(['import numpy as np', 'r = [[]] * 2', 'r[0].append(1)', 'm = len(r[1])', 's = [[]] * 2', 's[0] += [1]', 'n = len(s[1])',
      'a = np.zeros(2)', 'rows = [a] * 2', 'rows[0] += 1', 'first = rows[1]']);
    assert.match(why(r, 'r', 3), /r\[0\] is held more than once in r/);
    assert.match(why(r, 'm', 4), /r is unknown/);
    assert.match(why(r, 's', 6), /s\[0\] is held more than once in s/);
    assert.match(why(r, 'n', 7), /s is unknown/);
    assert.match(why(r, 'rows', 10), /rows\[0\] is held more than once in rows/);
    assert.match(why(r, 'a', 10), /shares its data with rows/); // a itself changed in Python
    assert.match(why(r, 'first', 11), /rows is unknown/);
  });
});

describe('generator expressions, map() and filter() stored in a name run lazily in Python', () => {
  test('gen = (i * k for i in range(3)); k = 100; list(gen) is [0, 100, 200] in Python (was: [0, 10, 20]); map(lambda v: v * k, …) likewise; consumed at once they stay evaluated', async () => {
    const r = await run(['import numpy as np', 'k = 10', 'gen = (i * k for i in range(3))', 'k = 100', 'G = np.array(list(gen))',
      'm = map(lambda v: v * k, [1, 2])', 'k = 5', 'M = np.array(list(m))', 's = sum(i * k for i in range(3))', 'L = list(map(lambda v: v + k, [1, 2]))', 'a, b = (i * k for i in range(2))']);
    assert.match(why(r, 'gen', 3), /gen holds a generator expression, whose body Python runs only when it is consumed/);
    assert.match(why(r, 'G', 5), /gen/);
    assert.match(why(r, 'm', 6), /m holds map\(\)/);
    assert.match(why(r, 'M', 8), /m/);
    assert.equal(r.values.get('s'), 15);
    const L = r.values.get('L');
    assert.ok(L !== undefined && typeof L === 'object' && L !== null && L.kind === 'list');
    assert.deepEqual(L.items, [6, 7]);
    assert.equal(r.values.get('b'), 5); // unpacking consumes it at once
  });
});

describe('a Python float argument decides the dtype of NumPy element-wise functions next to int64 or bool arrays', () => {
  test('np.where(m, 1.0, 0), np.clip(ids, 0.0, 1.0), np.maximum(ids, 1.0), np.add(ids, 2.0) are float64 in NumPy (was: int64); np.power(2.0, -ids) is [1, 0.5, 0.25] (was: "Integers to negative integer powers are not allowed.")', async () => {
    const r = await run(['import numpy as np', 'ids = np.arange(3)', 'w = np.where(ids > 0, 1.0, 0)', 'c = np.clip(ids, 0.0, 1.0)', 'm = np.maximum(ids, 1.0)',
      'a = np.add(ids, 2.0)', 'a[0] = 0.5', 'p = np.power(2.0, -ids)', 'k = np.where(ids > 0, 1, 0)', 'x = np.array([0.1, 0.7], dtype=np.float32)', 'f = np.where(x > 0.5, x, 1.0)']);
    const arr = (name: string) => { const v = r.values.get(name); assert.ok(v !== undefined && isNDArray(v), `${name}: ${JSON.stringify(v)}`); return v; };
    for (const [name, values] of [['w', [0, 1, 1]], ['c', [0, 1, 1]], ['m', [1, 1, 2]], ['a', [0.5, 3, 4]], ['p', [1, 0.5, 0.25]]] as const) {
      const v = arr(name);
      assert.equal(v.dtype ?? 'float64', 'float64', name);
      assert.deepEqual([...v.data], values, name);
    }
    assert.equal(arr('k').dtype, 'int64'); // int literals: int64, as in NumPy
    assert.equal(arr('f').dtype, 'float32'); // a Python float next to a float32 array: float32 (NEP 50)
    assert.deepEqual(r.problems, []);
  });
});

describe('casts to int64 outside its range', () => {
  test('np.array([1e20]).astype(int) is undefined in NumPy (-9223372036854775808 on x86, with a warning): an error like NaN (was: 1e20 shown as an int64)', async () => {
    const r = await run(['import numpy as np', 'b = np.array([1e20]).astype(int)', 'c = np.array([-1e19, 2.5]).astype(np.int64)', 'ok = np.array([-9.2e18, 1e18]).astype(int)']);
    assert.match(why(r, 'b', 2), /cannot convert 100000000000000000000 to int64: it is outside its range/);
    assert.match(why(r, 'c', 3), /cannot convert -10000000000000000000 to int64/);
    assert.ok(r.values.has('ok'));
  });
});

describe('round(v, n) of a NumPy float64 rounds as NumPy does', () => {
  test('round(x[0], 3) and [round(v, 3) for v in x] with x = np.array([0.0025, 0.0055]) are 0.002, 0.006 in NumPy (np.float64.__round__; was: 0.003, 0.005, Python\'s round of a float): refused where the two differ, evaluated where they agree', async () => {
    const r = await run(['import numpy as np', 'x = np.array([0.0025, 0.0055, 0.125])', 'a = round(x[0], 3)', 'c = [round(v, 3) for v in x]', 'lit = round(0.0025, 3)', 'same = round(x[2], 1)', 'n = round(x[1])']);
    assert.match(why(r, 'a', 3), /round\(x\[0\], 3\) is 0\.003 for a Python float and 0\.002 for a NumPy float64/);
    assert.match(why(r, 'c', 4), /round\(v, 3\)/);
    assert.equal(r.values.get('lit'), 0.003); // a literal is a Python float: Python's correctly rounded round
    assert.equal(r.values.get('same'), 0.1); // both roundings agree
    assert.equal(r.values.get('n'), 0); // round(v) without digits: half to even in both
  });
});

describe('a scalar division by zero that may be NumPy\'s', () => {
  test('x[0] / 0 with x a float64 array is inf in NumPy (a warning), not a ZeroDivisionError (was: an error shown); 1.0 / 0 and 7 // 0 stay errors', async () => {
    const r = await run(['import numpy as np', 'x = np.array([2.5, 0.0, 1.0])', 'a = x[0] / 0', 'b = x[1] % x[1]', 'c = 1.0 / 0', 'd = 7 // 0', 'e = x[2] / 0']);
    assert.match(why(r, 'a', 3), /x\[0\] \/ 0 divides by zero: Python numbers raise ZeroDivisionError, NumPy scalars/);
    // x[1] and x[2] are np.float64(0.0) and np.float64(1.0), held as such (integral entries of a float64 array):
    // x[1] % x[1] is nan and x[2] / 0 is inf, as in NumPy
    const e = r.values.get('e');
    assert.equal(e !== undefined && isNDArray(e) ? e.data[0] : e, Infinity);
    const b = r.values.get('b'); // np.float64(0.0) % np.float64(0.0) is nan in NumPy (a warning)
    assert.ok(Number.isNaN(b !== undefined && isNDArray(b) ? b.data[0] : b), JSON.stringify(b));
    assert.ok(r.problems.some((p) => /ZeroDivisionError: division by zero/.test(p)), r.problems.join(' | '));
    assert.ok(r.problems.some((p) => /integer division or modulo by zero/.test(p)), r.problems.join(' | '));
    assert.ok(!r.problems.some((p) => /x\[0\]|x\[1\]/.test(p)), r.problems.join(' | '));
  });
});

describe('integral Python floats and np.float64 entries make float64 arrays', () => {
  test('np.array([0.0] * 3), [[0.0] * 2 for _ in …], [float(i) for …], [i * 1.0 for …], d + [3.0], d[:1], list((1.0, 2.0)), [x[0, 1]], [v for v in x[0]] are float64 (was: int64, and np.full_like(…, 0.5) gave [0, 0, 0])', async () => {
    // NumPy 2.4: every one is float64; np.full_like(np.array([v for v in x[0]]), 0.5) is [0.5, 0.5, 0.5]
    const exprs = ['np.array([0.0] * 3)', 'np.array([[0.0] * 2 for _ in range(2)])', 'np.array([float(i) for i in range(3)])', 'np.array([i * 1.0 for i in range(3)])',
      'np.array(d + [3.0])', 'np.array(d[:1])', 'np.array(list((1.0, 2.0)))', 'np.array([x[0, 1]])', 'np.array([v for v in x[0]])'];
    const r = await run(['import numpy as np', 'x = np.arange(6.0).reshape(2, 3)', 'd = [1.0, 2.0]', ...exprs.map((e, i) => `a${i} = ${e}`), 'f = np.full_like(np.array([v for v in x[0]]), 0.5)']);
    assert.deepEqual(r.problems, []);
    exprs.forEach((e, i) => {
      const a = r.values.get(`a${i}`);
      assert.ok(a !== undefined && isNDArray(a), e);
      assert.equal(a.dtype ?? 'float64', 'float64', e);
    });
    const f = r.values.get('f');
    assert.ok(f !== undefined && isNDArray(f));
    assert.deepEqual([...f.data], [0.5, 0.5, 0.5]);
  });
});

describe('NumPy scalars held as 0-D arrays compare, hash and order as their numbers', () => {
  test('x.max() in [5, 6] and x[0, 1] in (1, 2) are True in NumPy (was: False); d[x.max()], round(x.max()), max(x[0]) work (was: unhashable, refused)', async () => {
    // NumPy 2.4: m = x.max() (np.float64(5.0)): m in [5, 6] True, x[0, 1] in (1, 2) True, [m] == [5.0] True, d[5] 'five', d[1.0] 'one',
    // round(m) 5 (an int), round(x[0, 1], 2) 1.0, max(x[0]) 2.0, min(x[1], key=lambda v: -v) 5.0, sorted([x[0, 2], x[0, 1]]) [1.0, 2.0]
    const r = await run(['import numpy as np', 'x = np.arange(6.0).reshape(2, 3)', 'm = x.max()', 'a = m in [5, 6]', 'b = x[0, 1] in (1, 2)', 'c = [m] == [5.0]',
      "d = {m: 'five', x[0, 1]: 'one'}", 'e = d[5] + d[1.0]', 'f = round(m)', 'g = round(x[0, 1], 2)', 'h = max(x[0])', 'k = min(x[1], key=lambda v: -v)', 's = np.array(sorted([x[0, 2], x[0, 1]]))']);
    assert.deepEqual(r.problems, []);
    const num = (n: string): unknown => { const v = r.values.get(n); return v !== undefined && isNDArray(v) ? v.data[0] : v; };
    assert.deepEqual(['a', 'b', 'c', 'e', 'f', 'g', 'h', 'k'].map(num), [true, true, true, 'fiveone', 5, 1, 2, 5]);
    const s = r.values.get('s');
    assert.ok(s !== undefined && isNDArray(s) && (s.dtype ?? 'float64') === 'float64');
    assert.deepEqual([...s.data], [1, 2]);
  });
});

describe('lists built by append and extend keep their floats', () => {
  test('g = []; g.append(1.0); g.extend([2.0]) makes np.array(g) float64 (was: int64); appended ints stay int64', async () => {
    // NumPy 2.4: np.array(g).dtype float64, np.array(h).dtype int64
    const r = await run(['import numpy as np', 'g = []', 'g.append(1.0)', 'g.extend([2.0])', 'h = [1]', 'h.append(2)', 'a = np.array(g)', 'b = np.array(h)']);
    const a = r.values.get('a'), b = r.values.get('b');
    assert.ok(a !== undefined && isNDArray(a) && b !== undefined && isNDArray(b));
    assert.deepEqual([a.dtype ?? 'float64', [...a.data], b.dtype], ['float64', [1, 2], 'int64']);
  });
});

describe('round() and max()/min() of Python floats', () => {
  test('round(1e20) is the int 10**20 (np.array of it is an object array): refused (was: int64 1e20); round(nan) and round(inf) raise as in Python; max(1.0, 2.0) is a float (was: int64 in np.array)', async () => {
    // Python 3.11 / NumPy 2.4: np.array([round(1e20)]).dtype object; round(float('nan')) ValueError; round(float('inf')) OverflowError;
    // np.array([max(1.0, 2.0), min(3.0, 4.0)]).dtype float64, np.array([max(1.0, 2)]).dtype int64
    const r = await run(['import numpy as np', 'a = np.array([round(1e20)])', "b = round(float('nan'))", "c = round(float('inf'))", 'd = np.array([max(1.0, 2.0), min(3.0, 4.0)])', 'e = np.array([max(1.0, 2)])']);
    assert.match(why(r, 'a', 2), /round\(\): the integer result is beyond 2\*\*53/);
    assert.ok(r.problems.some((p) => /ValueError: cannot convert float NaN to integer/.test(p)), r.problems.join(' | '));
    assert.ok(r.problems.some((p) => /OverflowError: cannot convert float infinity to integer/.test(p)), r.problems.join(' | '));
    const d = r.values.get('d');
    assert.ok(d !== undefined && isNDArray(d));
    assert.deepEqual([d.dtype ?? 'float64', [...d.data]], ['float64', [2, 3]]);
    // max(1.0, 2) is 2, an int, here; whether max() of a float and an int returns the int is not read from the
    // syntax, so its array is refused rather than guessed (an array of an open-kind entry, convert.ts).
    assert.match(why(r, 'e', 6), /may be a Python int or a float/);
  });
});

describe('sorted() keeps which items are floats', () => {
  test('np.array(sorted([2.0, 1.0])) and np.array(sorted([3, 1.0, 2], reverse=True)) are float64 (was: int64)', async () => {
    // NumPy 2.4: float64 [1.0, 2.0] and float64 [3.0, 2.0, 1.0]
    const r = await run(['import numpy as np', 'a = np.array(sorted([2.0, 1.0]))', 'b = np.array(sorted([3, 1.0, 2], reverse=True))']);
    const a = r.values.get('a'), b = r.values.get('b');
    assert.ok(a !== undefined && isNDArray(a) && b !== undefined && isNDArray(b));
    assert.deepEqual([a.dtype ?? 'float64', [...a.data], b.dtype ?? 'float64', [...b.data]], ['float64', [1, 2], 'float64', [3, 2, 1]]);
  });
});

describe('a NumPy float scalar where Python needs an integer', () => {
  test('range(x[1]) and np.zeros(x[1]) with x[1] = np.float64(2.0) raise TypeError in NumPy (was: [0, 1] and [0, 0] shown)', async () => {
    // NumPy 2.4: list(range(x[1])) → TypeError: 'numpy.float64' object cannot be interpreted as an integer; np.zeros(x[1]) → TypeError
    const r = await run(['import numpy as np', 'x = np.array([1.0, 2.0])', 'b = list(range(x[1]))', 'c = np.zeros(x[1])', 'd = [1, 2][int(x[0])]']);
    assert.ok(!r.values.has('b') && !r.values.has('c'));
    assert.equal(r.problems.filter((p) => /TypeError: 'numpy\.float64' object cannot be interpreted as an integer/.test(p)).length, 2, r.problems.join(' | '));
    assert.equal(r.values.get('d'), 2);
  });
});

describe('an integral number of open kind next to an int array', () => {
  test('ids * cfg["scale"] and ids + params[1] are refused (was: int64 [0, 2, 4]; NumPy float64 when the item is 2.0); ids - ids[0], ids * len(xs) stay int64', async () => {
    // NumPy 2.4: cfg = {"scale": 2.0}; np.arange(3) * cfg["scale"] → float64 [0., 2., 4.]; then np.full_like(a, 0.5)
    // is [0.5, 0.5, 0.5], where an int64 a gives [0, 0, 0]. ids - ids[0] → int64 [0, 1, 2]; ids * len(xs) → int64.
    const r = await run(['import numpy as np', 'cfg = {"scale": 2.0}', 'params = [1.0, 2.0]', 'ids = np.arange(3)', 'a = ids * cfg["scale"]', 'b = ids + params[1]', 'c = np.full_like(a, 0.5)', 'd = ids - ids[0]', 'e = ids * len(params)']);
    assert.match(why(r, 'a', 5), /cfg\["scale"\] next to the int64 array ids: NumPy gives int64 if cfg\["scale"\] is a Python int and float64 if it is a float/);
    assert.match(why(r, 'b', 6), /params\[1\] next to the int64 array ids/);
    assert.match(why(r, 'c', 7), /a is unknown/);
    const d = r.values.get('d'), e = r.values.get('e');
    assert.ok(d !== undefined && isNDArray(d) && e !== undefined && isNDArray(e));
    assert.deepEqual([d.dtype, [...d.data], e.dtype, [...e.data]], ['int64', [0, 1, 2], 'int64', [0, 2, 4]]);
  });

  test('np.array([cfg["scale"], 1]) is refused (was: int64 [2, 1]; NumPy float64 [2.0, 1.0]); with dtype=, a non-integral entry, sizes or int-array items it is evaluated', async () => {
    // NumPy 2.4: a float64 [2.0, 1.0]; b float64 [2.0, 1.5]; c float64 [2.0, 1.0]; d int64 [2, 3]; f int64 [0, 5]
    const r = await run(['import numpy as np', 'cfg = {"scale": 2.0}', 'x = np.ones((2, 3))', 'a = np.array([cfg["scale"], 1])', 'b = np.array([cfg["scale"], 1.5])', 'c = np.array([cfg["scale"], 1], dtype=float)', 'd = np.array([x.shape[0], x.shape[1]])', 'ids = np.arange(3)', 'f = np.array([ids[0], 5])']);
    assert.match(why(r, 'a', 4), /may be a Python int or a float/);
    const got = ['b', 'c', 'd', 'f'].map((k) => {
      const v = r.values.get(k);
      assert.ok(v !== undefined && isNDArray(v), k);
      return [v.dtype ?? 'float64', [...v.data]];
    });
    assert.deepEqual(got, [['float64', [2, 1.5]], ['float64', [2, 1]], ['int64', [2, 3]], ['int64', [0, 5]]]);
  });
});

describe('names and parameters holding a number of open kind', () => {
  test('s = cfg["scale"]; ids * s and f(ids, cfg["scale"]) are refused (NumPy float64 [0., 2., 4.]; was int64); a function returning an int, len() and sums of int lists stay known', async () => {
    // NumPy 2.4: a = ids * s float64 [0.0, 2.0, 4.0] (refused here), b = ids * n int64 [0, 3, 6], V int64 [6, 11], m int64 [0, 3, 6]
    const r = await run([
      'import numpy as np', 'cfg = {"scale": 2.0, "n": 3}', 'ids = np.arange(3)', 's = cfg["scale"]', 'a = ids * s', 'n = len(cfg) + 1', 'b = ids * n',
      'def f(x, k):', '    return x * k', 'c = f(np.arange(3), cfg["scale"])',
      'def total(*args, bias=0):', '    return sum(args) + bias', 'V = np.array([total(1, 2, 3), total(1, bias=10)])',
      'xs = [1, 2]', 'm = np.arange(3) * sum(xs)',
    ]);
    assert.match(why(r, 'a', 5), /s next to the int64 array ids/);
    assert.match(why(r, 'c', 10), /k next to the int64 array x/);
    const got = ['b', 'V', 'm'].map((k) => {
      const v = r.values.get(k);
      assert.ok(v !== undefined && isNDArray(v), k);
      return [v.dtype, [...v.data]];
    });
    assert.deepEqual(got, [['int64', [0, 3, 6]], ['int64', [6, 11]], ['int64', [0, 3, 6]]]);
  });

  test('s, n = cfg["s"], 2 and for v in [cfg["s"], 3] carry the open kind to the names (was: ids * s int64; NumPy float64 [0.0, 2.0, 4.0])', async () => {
    // NumPy 2.4: ids * s float64 [0.0, 2.0, 4.0]; ids * n int64 [0, 2, 4]; first loop pass ids * v float64
    const r = await run(['import numpy as np', 'cfg = {"s": 2.0}', 'ids = np.arange(3)', 's, n = cfg["s"], 2', 'a = ids * s', 'b = ids * n', 'for v in [cfg["s"], 3]:', '    c = ids * v']);
    assert.match(why(r, 'a', 5), /s next to the int64 array ids/);
    assert.match(why(r, 'c', 7), /v next to the int64 array ids/);
    const b = r.values.get('b');
    assert.ok(b !== undefined && isNDArray(b));
    assert.deepEqual([b.dtype, [...b.data]], ['int64', [0, 2, 4]]);
  });
});

