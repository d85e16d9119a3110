/**
 * The CLI's JSON writer against `JSON.stringify` of the same document with matrices as nested arrays, with
 * the numbers of large matrices formatted by `JSON.stringify` and by the WebAssembly formatter
 * (dist/number-format.wasm, built by `node esbuild.js`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { writeJson } from '../../src/cli/jsonStream';
import { lazyNumberFormat } from '../../src/cli/numberFormat';
import type { Matrix } from '../../src/core/matrix/matrix';

function matrix(rows: number, cols: number, seed: number): Matrix {
  const data = new Float64Array(rows * cols);
  const specials = [-Infinity, Infinity, NaN, -0, 0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -123456789.125];
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + seed) % 13 === 0 ? specials[(i + seed) % specials.length] : Math.sin(i * 12.9898 + seed) * 10 ** ((i % 9) - 4);
  return { rows, cols, data };
}

const plain = (value: unknown): unknown => {
  if (value && typeof value === 'object' && (value as Matrix).data instanceof Float64Array) {
    const m = value as Matrix;
    return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value;
};

test('writeJson equals JSON.stringify, with repeated matrices, special values and blocks of rows', () => {
  const big = matrix(700, 300, 1), small = matrix(3, 4, 2), wide = matrix(2, 70000, 3), empty = matrix(0, 5, 4);
  const doc = { steps: [{ id: 'weights', values: big }, { id: 'x', values: small, skip: undefined }], weights: big, output: small, wide, empty, n: [1, -0, NaN, -Infinity], s: 'a"b', t: null };
  let out = '';
  writeJson(doc, (c) => { out += c; });
  // NaN is "NaN" and +∞ "Infinity" (a NaN result is not a masked entry); −∞, the masked score, is null.
  const special = (_k: string, v: unknown): unknown => (typeof v === 'number' && (Number.isNaN(v) || v === Infinity) ? (Number.isNaN(v) ? 'NaN' : 'Infinity') : v);
  assert.equal(out, JSON.stringify(plain(doc), special));
});

test('writeJson with a byte writer writes the same text (large matrices as bytes, repeated ones encoded once)', () => {
  const big = matrix(700, 300, 1), small = matrix(3, 4, 2);
  const doc = { steps: [{ id: 'weights', values: big }, { id: 'output', values: small }], weights: big, output: small };
  const pieces: (string | Uint8Array)[] = [];
  writeJson(doc, (c) => pieces.push(c), (b) => pieces.push(b));
  assert.ok(pieces.some((p) => typeof p !== 'string'), 'the large matrix went out as bytes');
  const text = pieces.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('latin1'))).join('');
  const special = (_k: string, v: unknown): unknown => (typeof v === 'number' && (Number.isNaN(v) || v === Infinity) ? (Number.isNaN(v) ? 'NaN' : 'Infinity') : v);
  assert.equal(text, JSON.stringify(plain(doc), special));
});

const numbers = lazyNumberFormat(() => readFileSync('dist/number-format.wasm'));
const special = (_k: string, v: unknown): unknown => (typeof v === 'number' && (Number.isNaN(v) || v === Infinity) ? (Number.isNaN(v) ? 'NaN' : 'Infinity') : v);

test('writeJson with the WebAssembly formatter writes the same text, as text and as bytes', () => {
  assert.ok(numbers(), 'dist/number-format.wasm compiles');
  const big = matrix(700, 300, 1), small = matrix(3, 4, 2), wide = matrix(2, 70000, 3), empty = matrix(0, 5, 4), tall = matrix(5000, 1, 5);
  const doc = { steps: [{ id: 'weights', values: big }, { id: 'x', values: small, skip: undefined }], weights: big, output: small, wide, tall, empty, n: [1, -0, NaN, -Infinity], s: 'a"b' };
  const want = JSON.stringify(plain(doc), special);
  let text = '';
  writeJson(doc, (c) => { text += c; }, undefined, numbers);
  assert.equal(text, want, 'as text');
  // The bytes may be a view of the formatter's memory, reused after the call: copied here, as a writer must.
  const pieces: (string | Uint8Array)[] = [];
  let byteWrites = 0;
  writeJson(doc, (c) => pieces.push(c), (b) => { byteWrites++; pieces.push(Uint8Array.from(b)); }, numbers);
  assert.ok(byteWrites > 0, 'the large matrices went out as bytes');
  assert.equal(pieces.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('latin1'))).join(''), want, 'as bytes');
});

test('writeJson: every kind of number the formatter writes, in large matrices, equals JSON.stringify', () => {
  // Random bit patterns (every exponent, NaN payloads, ±∞, subnormals) and numbers near the bounds of fixed notation.
  const words = new Uint32Array(2 * 64 * 128);
  let s = 12345;
  for (let i = 0; i < words.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    words[i] = s;
  }
  const data = new Float64Array(words.buffer);
  const bounds = [1e-7, 1e21, -1e-7, -1e21, 1e-6, 0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MAX_VALUE];
  for (let i = 0; i < data.length; i += 7) data[i] = bounds[i % bounds.length] * (i % 3 === 0 ? 1 : 1 + Number.EPSILON);
  const m = { rows: 64, cols: 128, data };
  let text = '';
  writeJson({ m, again: m }, (c) => { text += c; }, undefined, numbers);
  assert.equal(text, JSON.stringify(plain({ m, again: m }), special));
});

test('writeJson without a formatter (the module is missing) writes the same text', () => {
  const big = matrix(100, 100, 6);
  const missing = lazyNumberFormat(() => readFileSync('dist/no-such-file.wasm'));
  let text = '';
  writeJson({ big }, (c) => { text += c; }, undefined, missing);
  assert.equal(text, JSON.stringify(plain({ big }), special));
});

test('writeJson asks for the formatter only for a large matrix (a document of small ones never compiles it)', () => {
  let asked = 0;
  const counting = (): ReturnType<typeof numbers> => { asked++; return numbers(); };
  const small = { a: matrix(64, 63, 7), b: [matrix(3, 4, 8)] };
  let text = '';
  writeJson(small, (c) => { text += c; }, undefined, counting);
  assert.equal(asked, 0, 'not asked for matrices under 4096 entries');
  assert.equal(text, JSON.stringify(plain(small), special));
  writeJson({ big: matrix(64, 64, 9) }, () => {}, undefined, counting);
  assert.equal(asked, 1, 'asked for a 64 × 64 matrix');
});
