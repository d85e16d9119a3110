import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/errors';
import { NumpyGenerator, UnrepresentableDraw } from '../../src/core/random/numpyGenerator';
import { NumpyRandomState, type RandomArray } from '../../src/core/random/numpyLegacy';
import { PCG64 } from '../../src/core/random/pcg64';
import { generateState32, seedWords } from '../../src/core/random/seedSequence';
import { FI, KI, TABLE_DIGESTS, WI } from '../../src/core/random/zigguratTables';

// Fixtures: NumPy's own outputs, written by scripts/fixtures/make_generator_fixtures.py.

type Json = number | string | boolean | number[] | null;
interface Call { method: string; kwargs: Record<string, Json>; shape: number[]; data: (number | string)[] }
interface SeedCase { seed: number | string; state: string; inc: string; raw: string[]; calls: Call[]; normal_head: number[]; normal_long: string }
interface Fixtures { numpy_version: string; long_count: number; seeds: SeedCase[]; legacy: { seed: number; calls: Call[] }[] }

const fixtures = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/generator.json', import.meta.url)), 'utf8')) as Fixtures;

const seedOf = (c: SeedCase): bigint => BigInt(c.seed);
const size = (v: Json | undefined): number | number[] | undefined => (v === undefined || v === null ? undefined : (v as number | number[]));
const num = (v: Json | undefined, d: number): number => (v === undefined ? d : (v as number));
const intArg = (v: Json | undefined): number | bigint => (typeof v === 'string' ? BigInt(v) : (v as number));

function replay(g: NumpyGenerator, c: Call): RandomArray {
  const k = c.kwargs;
  switch (c.method) {
    case 'random': return g.random(size(k.size));
    case 'standard_normal': return g.standard_normal(size(k.size));
    case 'normal': return g.normal(num(k.loc, 0), num(k.scale, 1), size(k.size));
    case 'uniform': return g.uniform(num(k.low, 0), num(k.high, 1), size(k.size));
    case 'integers': return g.integers(intArg(k.low), k.high === undefined ? undefined : intArg(k.high), size(k.size), k.endpoint === true);
    case 'choice': return g.choice(k.a as number, size(k.size), k.replace !== false, k.shuffle !== false);
    case 'permutation': return g.permutation(k.x as number);
    case 'shuffle': return { shape: [k.n as number], data: g.shuffleOrder(k.n as number) };
    default: throw new Error(`unknown method ${c.method}`);
  }
}

function replayLegacy(rs: NumpyRandomState, c: Call): RandomArray {
  const k = c.kwargs;
  switch (c.method) {
    case 'permutation': return rs.permutation(k.x as number);
    case 'shuffle': return { shape: [k.n as number], data: rs.shuffleOrder(k.n as number) };
    case 'choice': return rs.choice(k.a as number, size(k.size), k.replace !== false);
    case 'randn': return rs.randn(k.size as number);
    case 'rand': return rs.rand(k.size as number);
    default: throw new Error(`unknown method ${c.method}`);
  }
}

function expectSame(got: RandomArray, c: Call, where: string): void {
  assert.deepEqual(got.shape, c.shape, `${where}: shape`);
  assert.equal(got.data.length, c.data.length, `${where}: count`);
  for (let i = 0; i < c.data.length; i++) {
    if (!Object.is(got.data[i], c.data[i])) assert.fail(`${where}: value ${i} is ${got.data[i]}, NumPy ${c.data[i]}`);
  }
}

test('ziggurat tables are the transcribed ones (digest recorded by the generator script)', () => {
  const digest = (a: Float64Array): string => createHash('sha256').update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
  assert.equal(digest(KI), TABLE_DIGESTS.ki);
  assert.equal(digest(WI), TABLE_DIGESTS.wi);
  assert.equal(digest(FI), TABLE_DIGESTS.fi);
  assert.equal(KI.length, 256);
});

test('SeedSequence splits ints into 32-bit words, lowest first (NumPy docstring examples)', () => {
  assert.deepEqual(seedWords(12345), [12345]);
  assert.deepEqual(seedWords(0), [0]);
  assert.deepEqual(seedWords(1234567890123456789012345678901234567890n), [3460238034, 2898026390, 3235640248, 2697535605, 3]);
  assert.deepEqual(seedWords([12345, 0x10deadbeef, 67890]), [12345, 3735928559, 16, 67890]);
  assert.throws(() => seedWords(-1), InputError);
  assert.throws(() => seedWords(1.5), InputError);
  assert.equal(generateState32(0, 8).length, 8);
});

for (const c of fixtures.seeds) {
  test(`default_rng(${c.seed}): PCG64 state and raw outputs`, () => {
    const p = new PCG64(seedOf(c));
    const s = p.snapshot();
    assert.equal(s.state.toString(), c.state);
    assert.equal(s.inc.toString(), c.inc);
    assert.deepEqual(c.raw.map(() => p.next64Big().toString()), c.raw);
  });

  test(`default_rng(${c.seed}): a sequence of calls reproduces NumPy ${fixtures.numpy_version} bit for bit`, () => {
    const g = new NumpyGenerator(seedOf(c));
    c.calls.forEach((call, i) => {
      const where = `call ${i} ${call.method}(${JSON.stringify(call.kwargs)})`;
      if (call.data.some((x) => typeof x === 'string')) {
        // Beyond 2^53: drawn (the state advances as in NumPy), then refused.
        assert.throws(() => replay(g, call), UnrepresentableDraw, where);
        return;
      }
      expectSame(replay(g, call), call, where);
    });
  });

  test(`default_rng(${c.seed}): ${fixtures.long_count} standard normals (ziggurat incl. tail and wedges), checksum and first 1000 exact`, () => {
    const g = new NumpyGenerator(seedOf(c));
    const r = g.standard_normal(fixtures.long_count);
    for (let i = 0; i < c.normal_head.length; i++) if (!Object.is(r.data[i], c.normal_head[i])) assert.fail(`value ${i}: ${r.data[i]} vs NumPy ${c.normal_head[i]}`);
    const digest = createHash('sha256').update(Buffer.from(r.data.buffer)).digest('hex');
    assert.equal(digest, c.normal_long);
  });
}

for (const c of fixtures.legacy) {
  test(`RandomState(${c.seed}): permutation, shuffle, choice reproduce NumPy`, () => {
    const rs = new NumpyRandomState(c.seed);
    c.calls.forEach((call, i) => expectSame(replayLegacy(rs, call), call, `call ${i} ${call.method}(${JSON.stringify(call.kwargs)})`));
  });
}

test('Generator argument errors raise as NumPy does, before drawing', () => {
  const g = new NumpyGenerator(1);
  const before = g.snapshot();
  assert.throws(() => g.normal(0, -1, 3), InputError);
  assert.throws(() => g.uniform(2, 1, 3), InputError);
  assert.throws(() => g.integers(5, 5), InputError);
  assert.throws(() => g.integers(0, 2n ** 63n + 1n), InputError);
  assert.throws(() => g.choice(3, 4, false), InputError);
  assert.throws(() => g.choice(0, 1), InputError);
  assert.deepEqual(g.snapshot(), before);
  assert.throws(() => new NumpyGenerator(-1), InputError);
  assert.throws(() => new NumpyGenerator(0.5), InputError);
});

test('integers(endpoint=True) includes high; a one-value range draws nothing', () => {
  const g = new NumpyGenerator(3);
  const r = g.integers(0, 1, 200, true);
  assert.ok(r.data.includes(1) && r.data.includes(0));
  const before = g.snapshot();
  assert.deepEqual(Array.from(g.integers(4, 5, 3).data), [4, 4, 4]);
  assert.deepEqual(g.snapshot(), before);
});
