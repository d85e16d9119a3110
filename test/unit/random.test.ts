import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mt19937 from '@stdlib/random-base-mt19937';
import { InputError } from '../../src/core/errors';
import { correctlyRoundedLog } from '../../src/core/random/log';
import { initGenrandKey, MT19937Stream } from '../../src/core/random/mt19937';
import { NumpyRandomState, type RandomArray, type Size } from '../../src/core/random/numpyLegacy';

// Fixtures: NumPy's own outputs, written by scripts/fixtures/make_random_fixtures.py.

type Arg = number | number[] | null;
interface Call {
  method: string;
  args: Arg[];
  shape?: number[];
  data?: number[];
}
interface Sequence {
  name: string;
  seed: number;
  calls: Call[];
}
interface Fixtures {
  numpy_version: string;
  raw: { seed: number; uint32: number[] }[];
  sequences: Sequence[];
  normal_long: Sequence;
}

const fixtures = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/random.json', import.meta.url)), 'utf8'),
) as Fixtures;

function num(a: Arg | undefined): number {
  assert.equal(typeof a, 'number', `expected a number argument, got ${JSON.stringify(a)}`);
  return a as number;
}
function optNum(a: Arg | undefined): number | undefined {
  return a === null || a === undefined ? undefined : num(a);
}
function optSize(a: Arg | undefined): Size | undefined {
  return a === null || a === undefined ? undefined : a;
}

/** Replays one recorded NumPy call on `rs` (`seed` calls return nothing). */
function replay(rs: NumpyRandomState, call: Call): RandomArray | undefined {
  const a = call.args;
  switch (call.method) {
    case 'seed':
      rs.seed(num(a[0]));
      return undefined;
    case 'randint':
      return rs.randint(num(a[0]), optNum(a[1]), optSize(a[2]));
    case 'rand':
      return rs.rand(...a.map(num));
    case 'randn':
      return rs.randn(...a.map(num));
    case 'random_sample':
      return rs.random_sample(optSize(a[0]));
    case 'random':
      return rs.random(optSize(a[0]));
    case 'standard_normal':
      return rs.standard_normal(optSize(a[0]));
    case 'normal':
      return rs.normal(optNum(a[0]), optNum(a[1]), optSize(a[2]));
    case 'uniform':
      return rs.uniform(optNum(a[0]), optNum(a[1]), optSize(a[2]));
    default:
      throw new Error(`fixture uses an unknown method: ${call.method}`);
  }
}

/** Bit-for-bit comparison (Object.is per element), reporting the first difference with full precision. */
function assertSameValues(got: ArrayLike<number>, want: readonly number[], label: string): void {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) {
      assert.fail(`${label}: element ${i} is ${got[i].toPrecision(17)}, NumPy gives ${want[i].toPrecision(17)}`);
    }
  }
}

function describe(call: Call): string {
  return `${call.method}(${call.args.map((x) => JSON.stringify(x)).join(', ')})`;
}

function runSequence(seq: Sequence): void {
  const rs = new NumpyRandomState(seq.seed);
  seq.calls.forEach((call, k) => {
    const out = replay(rs, call);
    if (call.method === 'seed') return;
    const label = `${seq.name}, call ${k} ${describe(call)}`;
    assert.ok(out, label);
    assert.deepEqual(out.shape, call.shape, `${label}: shape`);
    assertSameValues(out.data, call.data ?? [], label);
  });
}

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulpDistance(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

for (const { seed, uint32 } of fixtures.raw) {
  test(`raw MT19937 stream after init_genrand(${seed}) matches NumPy (${uint32.length} outputs)`, () => {
    const stream = new MT19937Stream(seed);
    assertSameValues(
      Array.from(uint32, () => stream.nextUint32()),
      uint32,
      `seed ${seed}`,
    );
  });

  test(`randint(0, 2**32, n) with seed ${seed} is the raw stream, as in NumPy`, () => {
    const out = new NumpyRandomState(seed).randint(0, 2 ** 32, uint32.length);
    assert.deepEqual(out.shape, [uint32.length]);
    assertSameValues(out.data, uint32, `seed ${seed}`);
  });
}

test("stdlib's integer seeding is init_genrand (for the seeds it accepts)", () => {
  for (const seed of [1, 42, 123456, 2 ** 32 - 1]) {
    const state = mt19937.factory({ seed }).state;
    // Layout: version, num_sections, state_length, then the 624 state words.
    assert.deepEqual(Array.from(state.subarray(3, 3 + 624)), Array.from(initGenrandKey(seed)), `seed ${seed}`);
  }
  // stdlib refuses 0 as a seed (it wants a positive integer), which is why MT19937Stream passes a state instead.
  assert.throws(() => mt19937.factory({ seed: 0 }), TypeError);
});

for (const seq of fixtures.sequences) {
  test(`NumPy sequence: ${seq.name} (seed ${seq.seed})`, () => runSequence(seq));
}

test('the attention tutorial matrices: np.random.seed(42); W_Q, W_K, W_V = randint(3, size=(3, 3))', () => {
  const rs = new NumpyRandomState(42);
  const [wq, wk, wv] = [0, 1, 2].map(() => Array.from(rs.randint(3, undefined, [3, 3]).data));
  assert.deepEqual(wq, [2, 0, 2, 2, 0, 0, 2, 1, 2]);
  assert.deepEqual(wk, [2, 2, 2, 0, 2, 1, 0, 1, 1]);
  assert.deepEqual(wv, [1, 1, 0, 0, 1, 1, 0, 0, 0]);
});

test('a long normal run: bit-exact but for rare 1-ulp differences of the C library log', () => {
  // NumPy's legacy_gauss calls the C library's log. glibc's log is within 0.52 ulp and so, about once in a
  // thousand calls, not correctly rounded; ours is correctly rounded, so both deviates of that pair can
  // differ by an ulp. (V8's Math.log would differ from glibc on ~3% of calls.)
  const call = fixtures.normal_long.calls[0];
  const want = call.data ?? [];
  const got = new NumpyRandomState(fixtures.normal_long.seed).standard_normal(num(call.args[0])).data;
  assert.equal(got.length, want.length);
  let differing = 0;
  for (let i = 0; i < want.length; i++) {
    if (Object.is(got[i], want[i])) continue;
    differing++;
    assert.ok(ulpDistance(got[i], want[i]) <= 1, `element ${i}: ${got[i]} vs NumPy ${want[i]}`);
  }
  assert.ok(differing <= want.length / 200, `${differing} of ${want.length} values differ (by one ulp)`);
  assertSameValues(got.subarray(0, 76), want.slice(0, 76), 'first 76 deviates');
});

test('correctlyRoundedLog: exact values, and cases where Math.log is off by an ulp', () => {
  const cases: [number, number][] = [
    [1, 0],
    [2, Math.LN2],
    [0.5, -Math.LN2],
    [Math.E, 1],
    [0.1, -2.3025850929940455],
    [5e-324, -744.4400719213812],
    [1e-300, -690.7755278982137],
    [Number.MAX_VALUE, 709.782712893384],
    [0.9999999999999999, -1.1102230246251565e-16],
    [1.0000000000000002, 2.2204460492503128e-16],
    // Math.log (fdlibm) misrounds these; the expected values are correctly rounded (Python's Decimal.ln).
    [0.6762549019801313, -0.39118520007857743],
    [0.41510119701006964, -0.8792329402605475],
    [0.37799404132888914, -0.972876847166985],
    [0.6914775109473302, -0.3689246505358544],
  ];
  for (const [x, want] of cases) assert.equal(correctlyRoundedLog(x), want, `log(${x})`);
  assert.equal(correctlyRoundedLog(0), -Infinity);
  assert.ok(Number.isNaN(correctlyRoundedLog(-1)));
  assert.ok(Number.isNaN(correctlyRoundedLog(Number.NaN)));
  assert.equal(correctlyRoundedLog(Infinity), Infinity);
});

test('scalars have shape [] and one value; sizes give NumPy shapes', () => {
  const rs = new NumpyRandomState(0);
  for (const out of [rs.randint(3), rs.rand(), rs.randn(), rs.random_sample(), rs.normal(), rs.uniform()]) {
    assert.deepEqual(out.shape, []);
    assert.equal(out.data.length, 1);
  }
  assert.deepEqual(rs.randint(5, undefined, 4).shape, [4]);
  assert.deepEqual(rs.rand(2, 3, 4).shape, [2, 3, 4]);
  assert.deepEqual(rs.uniform(0, 1, [0, 3]).shape, [0, 3]);
  assert.equal(rs.uniform(0, 1, [0, 3]).data.length, 0);
});

test('an unseeded state still produces values in range', () => {
  const out = new NumpyRandomState().random_sample(100).data;
  assert.ok(out.every((v) => v >= 0 && v < 1));
});

function throwsInput(f: () => unknown, message: string | RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('randint rejects empty or invalid ranges', () => {
  const rs = new NumpyRandomState(1);
  throwsInput(() => rs.randint(5, 5), 'randint: low (5) must be less than high (5)');
  throwsInput(() => rs.randint(0), 'randint: low (0) must be less than high (0)');
  throwsInput(() => rs.randint(-3), 'randint: low (0) must be less than high (-3)');
  throwsInput(() => rs.randint(10, 2, 3), 'randint: low (10) must be less than high (2)');
  throwsInput(() => rs.randint(2.5), /randint: high must be an integer \(got 2\.5\)/);
  throwsInput(() => rs.randint(0.5, 3), /randint: low must be an integer \(got 0\.5\)/);
  throwsInput(() => rs.randint(0, Number.NaN), /randint: high must be an integer/);
  throwsInput(() => rs.randint(0, 2 ** 60), /randint: high must be an integer/);
  throwsInput(() => rs.randint(-(2 ** 52), 2 ** 52), /at most 2\^53 − 1/);
});

test('sizes must be non-negative integers', () => {
  const rs = new NumpyRandomState(1);
  throwsInput(() => rs.random_sample(-1), /size: dimensions must be non-negative integers \(got -1/);
  throwsInput(() => rs.randint(3, undefined, [2, 1.5]), /size: .*\(got 1\.5 in \[2, 1\.5\]\)/);
  throwsInput(() => rs.rand(2, -3), /got -3/);
  throwsInput(() => rs.randn(Number.NaN), /got NaN/);
  throwsInput(() => rs.normal(0, 1, [Infinity]), /got Infinity/);
});

test('seeds must be integers in [0, 2**32 - 1]', () => {
  const rs = new NumpyRandomState(1);
  const message = (n: number) => `seed: must be an integer between 0 and 2**32 - 1 (got ${n})`;
  for (const bad of [-1, 2 ** 32, 1.5, Number.NaN, Infinity]) {
    throwsInput(() => rs.seed(bad), message(bad));
    throwsInput(() => new NumpyRandomState(bad), message(bad));
  }
  rs.seed(0);
  rs.seed(2 ** 32 - 1);
});

test('normal rejects a negative scale (including -0, like NumPy); uniform a non-finite range', () => {
  const rs = new NumpyRandomState(1);
  throwsInput(() => rs.normal(0, -1), 'normal: scale must be non-negative (got -1)');
  throwsInput(() => rs.normal(0, -0), /normal: scale must be non-negative/);
  throwsInput(() => rs.uniform(0, Infinity), /uniform: high − low must be finite/);
  throwsInput(() => rs.uniform(-Number.MAX_VALUE, Number.MAX_VALUE), /uniform: high − low must be finite/);
  throwsInput(() => rs.uniform(Number.NaN, 1), /uniform: high − low must be finite/);
});

test('a rejected call draws nothing', () => {
  const a = new NumpyRandomState(42);
  const b = new NumpyRandomState(42);
  assert.throws(() => a.randint(3, 3, 5));
  assert.throws(() => a.normal(0, -1, 5));
  assert.throws(() => a.rand(-1));
  assertSameValues(a.randn(7).data, Array.from(b.randn(7).data), 'after errors');
});
