/**
 * The WebAssembly SIMD kernels (dist/attention-kernels.wasm, built by `node esbuild.js`) against the
 * JavaScript kernels, bit for bit: `exp` against `Math.exp`, the matrix products, softmax, scaling and
 * masks on random shapes with remainders, and every step of every case of test/fixtures/attention.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { computeAttention } from '../../src/core/attention/pipeline';
import { rowDiagnostics, softmaxDiagnostics } from '../../src/core/attention/diagnostics';
import { applyMaskJs } from '../../src/core/attention/masks';
import { assignRoles } from '../../src/core/attention/roles';
import type { AttentionOptions, AttentionResult, NamedMatrix } from '../../src/core/attention/types';
import { fromRows, type Matrix } from '../../src/core/matrix/matrix';
import { matmulJs, matmulTransposedJs, scaleJs, softmaxRowsJs } from '../../src/core/matrix/ops';
import { installWasmKernels, uninstallWasmKernels, WasmKernels } from '../../src/core/matrix/wasm/kernels';
import { xorshift32 } from './helpers/xorshift';

const bytes = readFileSync('dist/attention-kernels.wasm');
const kernels = WasmKernels.create(bytes);
after(() => uninstallWasmKernels());

const rng = xorshift32;

function random(rows: number, cols: number, next: () => number, special = false): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    const u = next();
    data[i] = special && u < 0.05 ? -0 : special && u < 0.1 ? 0 : (next() - 0.5) * 10 ** Math.floor(next() * 6 - 3);
  }
  return { rows, cols, data };
}

/** Index of the first entry whose bits differ (NaN equals NaN), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length, 'lengths');
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function assertSameBits(actual: Matrix, expected: Matrix, what: string): void {
  assert.deepEqual([actual.rows, actual.cols], [expected.rows, expected.cols], `${what}: shape`);
  const i = firstDifference(actual.data, expected.data);
  assert.equal(i, -1, `${what}: entry ${i} is ${actual.data[i]} but the JavaScript kernel gives ${expected.data[i]}`);
}

describe('WebAssembly kernels are bit-identical to the JavaScript kernels', () => {
  test('they compile here (Node has WebAssembly SIMD)', () => assert.ok(kernels));
  const k = kernels as WasmKernels;

  test('exp equals Math.exp (V8) on 2 million arguments and every branch boundary', () => {
    const next = rng(7);
    const xs: number[] = [0, -0, 1, -1, 0.5, Infinity, -Infinity, NaN, 709.78, 709.7827128933840, 709.79, -745.13, -745.1332191019411, -745.2, -708.4, -708.3964185322641,
      2 ** -28, -(2 ** -28), 2 ** -29, 0.5 * Math.LN2, -0.5 * Math.LN2, 1.5 * Math.LN2, -1.5 * Math.LN2, 1e-300, -1e-300, Number.MIN_VALUE, -Number.MIN_VALUE];
    for (const x of [...xs]) for (let u = -4; u <= 4; u++) xs.push(x + u * Math.abs(x) * 2 ** -52);
    for (let i = 0; i < 1_000_000; i++) xs.push((next() - 1) * 60); // softmax's range: x − max ≤ 0
    for (let i = 0; i < 500_000; i++) xs.push((next() - 0.5) * 1500);
    for (let i = 0; i < 500_000; i++) xs.push((next() - 0.5) * 2 ** (next() * 10 - 30));
    for (const x of xs) {
      const want = Math.exp(x), got = k.exp(x);
      if (!Object.is(got, want)) assert.fail(`exp(${x}) is ${got} but Math.exp gives ${want}`);
    }
  });

  test('the softmax\'s vector exp equals Math.exp on 4 million arguments of every region, in both lanes', () => {
    const next = rng(31);
    // Region edges of V8's exp for x ≤ 0 (|x| = 2^-28, 0.5·ln2, 1.5·ln2, the high-word boundaries), the vector
    // path's limit −707, the underflow threshold, −∞ and NaN, each with neighbours a few ulps away.
    const edges = [0, -0, -(2 ** -28), -0.34657359027997264, -0.3465735902799727, -1.0397207708399179, -1.03972053527832, -1.0397205352783205, -707, -708.3964185322641, -745.1332191019411, -745.2, -Infinity, NaN, 1e-300, 0.5];
    const near: number[] = [];
    for (const x of edges) for (let u = -6; u <= 6; u++) near.push(x + u * Math.abs(x) * 2 ** -52);
    const xs = new Float64Array(4_000_000);
    for (let i = 0; i < xs.length; i++) {
      const u = next();
      xs[i] = u < 0.05 ? near[Math.floor(next() * near.length)]
        : u < 0.07 ? -(0.3465735902799726 + next() * 1e-9) // high word 0x3FD62E42 but |x| > 0.5·ln2 (V8: k = 0)
        : u < 0.09 ? -(1.0397205352783203 - next() * 1e-6) // just below the general path's high word (k = −1)
        : u < 0.3 ? -next() * 2 // the two short-range regions and the first general ones
        : u < 0.4 ? -next() * 2 ** (next() * 40 - 38)
        : u < 0.9 ? -next() * 710
        : -next() * 800;
    }
    const got = k.expAll(xs) as Float64Array;
    for (let i = 0; i < xs.length; i++) {
      const want = Math.exp(xs[i]);
      if (!Object.is(got[i], want)) assert.fail(`exp(${xs[i]}) is ${got[i]} (lane ${i & 1}, beside ${xs[i ^ 1]}) but Math.exp gives ${want}`);
    }
  });

  test('log equals Math.log (V8) on 2 million arguments, subnormals and the special values', () => {
    const next = rng(5);
    const xs: number[] = [0, -0, 1, -1, Infinity, -Infinity, NaN, Number.MIN_VALUE, 1e-310, 2.2250738585072014e-308, 1 + 2 ** -52, 1 - 2 ** -53, 0.5, 2, Math.E];
    for (let i = 0; i < 1_000_000; i++) xs.push(next() * 2 ** (next() * 200 - 100));
    for (let i = 0; i < 900_000; i++) xs.push(next());
    for (let i = 0; i < 100_000; i++) xs.push(1 + (next() - 0.5) * 2 ** -18);
    for (const x of xs) {
      const want = Math.log(x), got = k.log(x);
      if (!Object.is(got, want)) assert.fail(`log(${x}) is ${got} but Math.log gives ${want}`);
    }
  });

  test('the fused chain equals the JavaScript kernels one after the other (with scale, mask, temperature, given scores)', () => {
    const next = rng(17);
    for (let trial = 0; trial < 40; trial++) {
      const L = 1 + Math.floor(next() * 9), S = 1 + Math.floor(next() * 11), d = 1 + Math.floor(next() * 7), dv = 1 + Math.floor(next() * 6);
      const Q = random(L, d, next), K = random(S, d, next), V = random(S, dv, next);
      const keep = trial % 2 ? Uint8Array.from({ length: L * S }, () => (next() < 0.6 ? 1 : 0)) : undefined;
      const plan = { scale: trial % 3 ? 1 / Math.sqrt(d) : undefined, keep, invTemperature: trial % 4 === 1 ? 1 / 0.7 : undefined };
      const given = trial % 5 === 4 ? random(L, S, next) : undefined;
      const got = k.attention(Q, K, V, plan, given);
      assert.ok(got);
      const s = given ?? matmulTransposedJs(Q, K);
      const scaled = plan.scale !== undefined ? scaleJs(s, plan.scale) : undefined;
      const masked = keep ? applyMaskJs(scaled ?? s, keep) : undefined;
      const logits = masked ?? scaled ?? s;
      const tempered = plan.invTemperature !== undefined ? scaleJs(logits, plan.invTemperature) : logits;
      const weights = softmaxRowsJs(tempered);
      assertSameBits(got.scores, s, 'scores');
      if (scaled) assertSameBits(got.scaled as Matrix, scaled, 'scaled'); else assert.equal(got.scaled, undefined);
      if (masked) assertSameBits(got.masked as Matrix, masked, 'masked'); else assert.equal(got.masked, undefined);
      assertSameBits(got.weights, weights, 'weights');
      assertSameBits(got.output, matmulJs(weights, V), 'output');
      assert.deepEqual(got.diagnostics, softmaxDiagnostics(tempered, weights));
    }
  });

  test('A·B and A·Bᵀ on shapes with every remainder, with ±0 entries', () => {
    const next = rng(11);
    for (let trial = 0; trial < 120; trial++) {
      const n = 1 + Math.floor(next() * 13), kk = Math.floor(next() * 11), m = 1 + Math.floor(next() * 13);
      const a = random(n, kk, next, true), b = random(kk, m, next, true), bt = random(m, kk, next, true);
      assertSameBits(k.matmul(a, b, false) as Matrix, matmulJs(a, b), `A·B ${n}×${kk}·${kk}×${m}`);
      assertSameBits(k.matmul(a, bt, true) as Matrix, matmulTransposedJs(a, bt), `A·Bᵀ ${n}×${kk}·(${m}×${kk})ᵀ`);
    }
    const q = random(130, 64, next), kt = random(67, 64, next), v = random(67, 9, next);
    const s = k.matmul(q, kt, true) as Matrix;
    assertSameBits(s, matmulTransposedJs(q, kt), 'Q·Kᵀ 130 × 67');
    assertSameBits(k.matmul(s, v, false) as Matrix, matmulJs(s, v), 'S·V 130 × 9');
  });

  test('products, softmax and the chain split into several kernel calls (odd sizes, edge tiles) give the same bits', () => {
    // Large enough that the JavaScript side calls each kernel on several blocks of rows (about 4 million
    // multiply-adds per call), with every remainder of the 4 × 4 tiles and a last block of another size.
    const next = rng(37);
    const a = random(203, 70, next, true), bt = random(1021, 70, next, true);
    assertSameBits(k.matmul(a, bt, true) as Matrix, matmulTransposedJs(a, bt), 'A·Bᵀ 203×70·(1021×70)ᵀ');
    const wide = random(37, 4099, next, true), b = random(4099, 67, next, true);
    assertSameBits(k.matmul(wide, b, false) as Matrix, matmulJs(wide, b), 'A·B 37×4099·4099×67');
    const logits = random(300, 1021, next);
    for (let i = 0; i < logits.data.length; i++) if (next() < 0.1) logits.data[i] = -Infinity;
    assertSameBits(k.softmaxRows(logits) as Matrix, softmaxRowsJs(logits), 'softmax 300 × 1021');
    const L = 301, S = 1021, d = 65, dv = 7;
    const Q = random(L, d, next), K = random(S, d, next), V = random(S, dv, next);
    const keep = Uint8Array.from({ length: L * S }, (_, i) => (i % S <= Math.floor(i / S) + 3 ? 1 : 0));
    const plan = { scale: 1 / Math.sqrt(d), keep, invTemperature: 1 / 0.9 };
    const got = k.attention(Q, K, V, plan);
    assert.ok(got);
    const s = matmulTransposedJs(Q, K), scaled = scaleJs(s, plan.scale), masked = applyMaskJs(scaled, keep);
    const tempered = scaleJs(masked, plan.invTemperature);
    const weights = softmaxRowsJs(tempered);
    assertSameBits(got.scores, s, 'chain scores');
    assertSameBits(got.scaled as Matrix, scaled, 'chain scaled');
    assertSameBits(got.masked as Matrix, masked, 'chain masked');
    assertSameBits(got.weights, weights, 'chain weights');
    assertSameBits(got.output, matmulJs(weights, V), 'chain output');
    assert.deepEqual(got.diagnostics, softmaxDiagnostics(tempered, weights));
    // Scaling alone (no mask, no temperature).
    const plain = k.attention(Q, K, V, { scale: plan.scale });
    assert.ok(plain);
    const plainWeights = softmaxRowsJs(scaled);
    assertSameBits(plain.scaled as Matrix, scaled, 'scaled (scale only)');
    assertSameBits(plain.weights, plainWeights, 'weights (scale only)');
    assertSameBits(plain.output, matmulJs(plainWeights, V), 'output (scale only)');
    assert.deepEqual(plain.diagnostics, softmaxDiagnostics(scaled, plainWeights));
  });

  test('softmax on logits that reach every branch of exp (vector and scalar lanes, boundaries)', () => {
    const next = rng(23);
    const edges = [0, -1e-9, -(2 ** -28), -0.34657359027997264, -1.0397205352783203, -1.0397205352783205, -1.03972053527832, -706.999, -707, -707.001, -708.4, -745.2, -800];
    for (let trial = 0; trial < 300; trial++) {
      const cols = 1 + Math.floor(next() * 64);
      const x = { rows: 1, cols, data: new Float64Array(cols) };
      const spread = [2, 40, 800, 1e-6][trial % 4];
      for (let j = 0; j < cols; j++) x.data[j] = next() < 0.15 ? edges[Math.floor(next() * edges.length)] : -next() * spread;
      x.data[Math.floor(next() * cols)] = 0; // the row maximum, so that x − max is x
      assertSameBits(k.softmaxRows(x) as Matrix, softmaxRowsJs(x), `softmax trial ${trial}`);
    }
  });

  test('the diagnostics fused into the softmax equal softmaxDiagnostics, and −Σ w ln w of the weights to 1e-13', () => {
    const next = rng(29);
    const none = { rows: 0, cols: 0, data: new Float64Array(0) };
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + Math.floor(next() * 6), cols = 1 + Math.floor(next() * 90);
      const x = { rows, cols, data: new Float64Array(rows * cols) };
      // spreads from nearly equal logits (weights near 1/cols, and exact powers of 2: log's |f| < 2^-20
      // branch) to subnormal and underflowing weights; −∞ entries and fully masked rows
      const spread = [1e-9, 0, 3, 30, 700, 760][trial % 6];
      for (let i = 0; i < x.data.length; i++) x.data[i] = next() < 0.05 ? -Infinity : -next() * spread;
      if (trial % 7 === 0) x.data.fill(-Infinity, 0, cols);
      if (trial % 11 === 0) x.data.fill(0.25, cols * (rows - 1));
      const got = k.attention(none, none, { rows: cols, cols: 1, data: new Float64Array(cols) }, {}, x);
      assert.ok(got);
      const weights = softmaxRowsJs(x);
      assertSameBits(got.weights, weights, `weights trial ${trial}`);
      const want = softmaxDiagnostics(x, weights);
      const textbook = rowDiagnostics(weights);
      got.diagnostics.forEach((d, i) => {
        for (const key of ['sum', 'entropy', 'argmax'] as const) {
          if (!Object.is(d[key], want[i][key])) assert.fail(`trial ${trial}, row ${i}: ${key} is ${d[key]} but softmaxDiagnostics gives ${want[i][key]}`);
        }
        // The entropy from the logits is −Σ w ln w of the weights, up to rounding; sum and argmax are the same bits.
        assert.ok(Math.abs(d.entropy - textbook[i].entropy) <= 1e-13 * Math.max(1, textbook[i].entropy), `trial ${trial}, row ${i}: entropy ${d.entropy} but −Σ w ln w is ${textbook[i].entropy}`);
        assert.ok(Object.is(d.sum, textbook[i].sum) && d.argmax === textbook[i].argmax, `trial ${trial}, row ${i}: sum or argmax differ`);
      });
    }
  });

  test('softmax, scaling and masks, with −∞ entries and fully masked rows', () => {
    const next = rng(3);
    for (let trial = 0; trial < 60; trial++) {
      const rows = 1 + Math.floor(next() * 9), cols = 1 + Math.floor(next() * 40);
      const x = random(rows, cols, next);
      for (let i = 0; i < x.data.length; i++) if (next() < 0.2) x.data[i] = -Infinity;
      if (trial % 5 === 0) x.data.fill(-Infinity, 0, cols);
      assertSameBits(k.softmaxRows(x) as Matrix, softmaxRowsJs(x), `softmax ${rows} × ${cols}`);
      const factor = next() * 3 - 1;
      assertSameBits(k.scale(x, factor) as Matrix, scaleJs(x, factor), `scale ${rows} × ${cols}`);
      const keep = Uint8Array.from({ length: rows * cols }, () => (next() < 0.7 ? 1 : 0));
      assertSameBits(k.applyMask(x, keep) as Matrix, applyMaskJs(x, keep), `mask ${rows} × ${cols}`);
    }
  });
});

interface Case {
  name: string;
  options: Required<AttentionOptions>;
  inputs: Record<string, number[][]>;
}
const fixture = JSON.parse(readFileSync('test/fixtures/attention.json', 'utf8')) as { cases: Case[] };
const named = (inputs: Record<string, number[][]>): NamedMatrix[] =>
  Object.entries(inputs).map(([name, rows], i) => ({ name, matrix: fromRows(rows, name), range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } }));

function matrices(r: AttentionResult): Matrix[] {
  return [...r.steps.map((s) => s.matrix), r.weights, r.output, ...(r.heads ?? []).flatMap((h) => [...h.steps.map((s) => s.matrix), h.weights, h.output])];
}

describe('the pipeline on the attention fixtures gives the same bits with and without WebAssembly', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      uninstallWasmKernels();
      const js = computeAttention(assignRoles(named(c.inputs)), c.options);
      assert.ok(installWasmKernels(bytes, 0), 'kernels installed');
      const wasm = computeAttention(assignRoles(named(c.inputs)), c.options);
      uninstallWasmKernels();
      const a = matrices(wasm), b = matrices(js);
      assert.equal(a.length, b.length);
      a.forEach((m, i) => assertSameBits(m, b[i], `${c.name}: matrix ${i}`));
      assert.deepEqual(wasm.diagnostics, js.diagnostics);
    });
  }
});
