/**
 * The CLI's WebAssembly number formatting (dist/number-format.wasm, built by `node esbuild.js` from
 * assembly/format.ts) against JavaScript's own `String(x)`, the text JSON.stringify writes, on more than 300,000
 * doubles per run: random bit patterns (every exponent, subnormals), short decimals, integers below and above
 * 2^53, powers of 10 and of 2 and their neighbours, the bounds of fixed notation (1e-7, 1e21) and theirs, the
 * extremes. The random inputs change from run to run (the seed is in every failure message; set
 * NUMBER_FORMAT_SEED to replay one, NUMBER_FORMAT_COUNT to check that many random bit patterns instead of
 * 100,000). Also: the generated tables are the generator's output, and the special values.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { WasmNumberFormat, lazyNumberFormat } from '../../src/cli/numberFormat';
import { OUTPUT_FILE, ryuTablesSource } from '../../scripts/ryuTables';
import { xorshift32 } from './helpers/xorshift';

const format = WasmNumberFormat.create(readFileSync('dist/number-format.wasm'));
const seed = Number(process.env.NUMBER_FORMAT_SEED ?? Date.now() % 2 ** 32);
const randomCount = Number(process.env.NUMBER_FORMAT_COUNT ?? 100_000);

const bits = new BigUint64Array(1);
const float = new Float64Array(bits.buffer);

function fromBits(b: bigint): number {
  bits[0] = b;
  return float[0];
}

function toBits(x: number): bigint {
  float[0] = x;
  return bits[0];
}

/** The double `steps` units in the last place away from x (x ≥ 0 finite, moving within [0, +∞]). */
function neighbour(x: number, steps: number): number {
  const b = toBits(x) + BigInt(steps);
  return b < 0n ? 0 : fromBits(b);
}

/** The text the CLI's JSON has for x (JSON.stringify's, with NaN and +∞ as strings). */
function expected(x: number): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return 'null';
  return String(x);
}

/**
 * Formats `values` with the WebAssembly formatter, in rows of up to 4096, and returns a message for each
 * value whose text differs from {@link expected} (at most 20), with its bit pattern.
 */
function mismatches(values: Float64Array): string[] {
  assert.ok(format, 'dist/number-format.wasm compiles (run `node esbuild.js`)');
  const bad: string[] = [];
  const cols = 4096;
  for (let i0 = 0; i0 < values.length && bad.length < 20; i0 += cols) {
    const row = values.subarray(i0, Math.min(values.length, i0 + cols));
    const bytes: Uint8Array | undefined = format.rows({ rows: 1, cols: row.length, data: row }, 0, 1, false);
    assert.ok(bytes, 'the block fits');
    const texts: string[] = Buffer.from(bytes).toString('latin1').slice(1, -1).split(',');
    assert.equal(texts.length, row.length, 'one text per number');
    for (let j = 0; j < row.length && bad.length < 20; j++) {
      const want = expected(row[j]);
      if (texts[j] !== want) bad.push(`0x${toBits(row[j]).toString(16).padStart(16, '0')}: wasm ${texts[j]}, String(x) ${want}`);
    }
  }
  return bad;
}

function check(values: number[] | Float64Array, what: string): void {
  const all = values instanceof Float64Array ? values : Float64Array.from(values);
  const bad = mismatches(all);
  assert.deepEqual(bad, [], `${what} (seed ${seed}): ${bad.length} mismatches, first: ${bad.slice(0, 5).join('; ')}`);
}

/** Each value and its negation. */
function withNegatives(values: number[]): number[] {
  return values.flatMap((x) => [x, -x]);
}

describe('WebAssembly number formatting equals String(x)', () => {
  test('the committed tables are what scripts/ryuTables.ts generates', () => {
    assert.equal(readFileSync(OUTPUT_FILE, 'utf8'), ryuTablesSource(), `${OUTPUT_FILE} differs: run node --import tsx scripts/ryuTables.ts`);
  });

  test('special values, zeros and the extremes', () => {
    check([NaN, Infinity, -Infinity, 0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON,
      2 ** -1022, fromBits(0x000fffffffffffffn), 0.1 + 0.2, 1 / 3, 2 / 3, Math.PI, Math.E, 123456789012345680000, 1e21, 1e-7, 5e-324, 1.5e-7, 1e-6],
    'special values');
    const bytes = format?.rows({ rows: 2, cols: 3, data: Float64Array.from([NaN, Infinity, -Infinity, -0, 1.5, -2e-9]) }, 0, 2, true);
    assert.equal(Buffer.from(bytes ?? []).toString('latin1'), ',["NaN","Infinity",null],[0,1.5,-2e-9]');
  });

  test(`random bit patterns (${randomCount} doubles: every exponent), subnormals and the smallest normals`, () => {
    const next = xorshift32(seed);
    const u32 = (): bigint => BigInt(Math.floor(next() * 2 ** 32));
    const random = new Float64Array(randomCount);
    const words = new BigUint64Array(random.buffer);
    for (let i = 0; i < randomCount; i++) words[i] = (u32() << 32n) | u32();
    check(random, 'random bit patterns');
    // Subnormals and the first normal binades: 52 random mantissa bits, and small mantissas.
    const low: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const mantissa = ((u32() << 32n) | u32()) & ((1n << 52n) - 1n);
      const exponent = BigInt(i % 4); // 0: subnormal
      low.push(fromBits((exponent << 52n) | (i % 8 === 0 ? mantissa >> BigInt(i % 52) : mantissa)));
    }
    check(withNegatives(low), 'subnormals');
  });

  test('random short decimals, Number((u · k).toPrecision(p)), at every scale', () => {
    const next = xorshift32(seed ^ 0x9e3779b9);
    const values: number[] = [];
    for (let i = 0; i < 80_000; i++) {
      const k = 10 ** (Math.floor(next() * 640) - 330);
      const p = 1 + Math.floor(next() * 17);
      values.push(Number((next() * k).toPrecision(p)));
    }
    // And the CLI's own kind of numbers: weights from a softmax, products of 8-digit literals.
    for (let i = 0; i < 40_000; i++) values.push(Math.exp(-next() * 30) / (1 + next() * 1000), Number((next() - 0.5).toPrecision(8)) * Number((next() - 0.5).toPrecision(8)) * 64);
    check(withNegatives(values), 'short decimals');
  });

  test('integers below 2^53, above it, and their neighbours', () => {
    const next = xorshift32(seed ^ 0x85ebca6b);
    const values: number[] = [];
    for (let i = 0; i < 30_000; i++) {
      const integer = Math.floor(next() * 2 ** Math.floor(next() * 54));
      values.push(integer, integer * 2 ** Math.floor(next() * 80), neighbour(integer, 1));
    }
    for (let e = 50; e <= 75; e++) for (let d = -4; d <= 4; d++) values.push(2 ** e + d, neighbour(2 ** e, d));
    check(withNegatives(values), 'integers');
  });

  test('powers of 10 and of 2 with their neighbours, and the bounds of fixed notation', () => {
    const values: number[] = [];
    for (let e = -323; e <= 308; e++) {
      const p = Number(`1e${e}`);
      for (let d = -3; d <= 3; d++) values.push(neighbour(p, d));
      for (let m = 2; m <= 9; m++) values.push(Number(`${m}e${e}`));
    }
    for (let e = -1074; e <= 1023; e++) for (let d = -3; d <= 3; d++) values.push(neighbour(2 ** e, d));
    for (const bound of [1e-7, 1e-6, 1e21, 1e20, 1e-5, 1]) for (let d = -200; d <= 200; d++) values.push(neighbour(bound, d));
    check(withNegatives(values), 'powers and bounds');
  });

  test('a module that does not compile gives no formatter (JSON.stringify is used)', () => {
    assert.equal(WasmNumberFormat.create(new Uint8Array([0, 1, 2, 3])), undefined);
    let loads = 0;
    const numbers = lazyNumberFormat(() => {
      loads++;
      throw new Error('no such file');
    });
    assert.equal(numbers(), undefined);
    assert.equal(numbers(), undefined);
    assert.equal(loads, 1, 'tried once');
  });
});
