/**
 * The panel's paint path without a DOM: packed matrices (exact float64 through base64, decoded on first read,
 * validated by byte count), colour scales (global, per query, log) and why per query is the default, the head
 * colours. The DOM side (canvas pixels, lazy blocks, head grid) is checked by test/webview/harness.mjs and timed
 * by bench/paint.bench.mjs.
 *
 *   node --import tsx --test test/webview/paint.test.ts
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { packMatrix, packState, PACK_MIN_ENTRIES } from '../../src/extension/panel/pack';
import type { ViewState, WireMatrix } from '../../src/shared/protocol';
import { makeHeatScale, scaledDomain, heatDomain } from '../../webview-common/heatmap';
import { headColor } from '../../webview/render/headColors';
import type { Theme } from '../../webview-common/theme';
import { packedOf, unpackMessage, unpackMatrix } from '../../webview/unpack';
import { parseHostMessage, resultProblem } from '../../src/shared/protocol';
import { DEFAULT_COLOR_SCALE } from '../../webview/vscode';
import { sampleStates } from './sampleStates';

type DataState = Extract<ViewState, { kind: 'data' }>;
const dark: Theme = { kind: 'dark', highContrast: false, lightBackground: false, background: { r: 31, g: 31, b: 31 }, foreground: { r: 204, g: 204, b: 204 } };

/** A deterministic generator (xorshift32) of doubles in [0, 1). */
function uniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Softmax rows of standard-normal-ish logits: ordinary random attention weights, L × S. */
function randomWeights(L: number, S: number): WireMatrix {
  const next = uniform(200);
  const values: number[] = [];
  for (let i = 0; i < L; i++) {
    const logits = Array.from({ length: S }, () => (next() + next() + next() - 1.5) * 2);
    const m = Math.max(...logits);
    const e = logits.map((x) => Math.exp(x - m));
    const sum = e.reduce((a, b) => a + b, 0);
    values.push(...e.map((x) => x / sum));
  }
  return { rows: L, cols: S, values };
}

describe('packed matrices', () => {
  const special = [0, -0, 1, -1, 0.1, 1 / 3, Math.PI, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 0.30000000000000004, null];
  const values = Array.from({ length: 48 * 48 }, (_, k) => special[k % special.length] ?? (k % 7 === 0 ? null : Math.sin(k) * 10 ** ((k % 40) - 20)));
  const m: WireMatrix = { rows: 48, cols: 48, values };

  test('a large matrix travels as base64 float64 and comes back bit for bit, −∞ as null', () => {
    const packed = packMatrix(m);
    assert.deepEqual(packed.values, []);
    assert.equal(typeof packed.packed, 'string');
    assert.ok(packed.packed!.length < JSON.stringify(values).length, 'smaller than the JSON numbers');
    // Through JSON, as VS Code posts it.
    const back = unpackMatrix(JSON.parse(JSON.stringify(packed)) as WireMatrix);
    assert.equal(back.values.length, values.length);
    back.values.forEach((v, k) => assert.ok(Object.is(v, values[k]), `entry ${k}: ${String(v)} ≠ ${String(values[k])}`));
    assert.equal(packedOf(back), packed.packed);
    assert.equal('packed' in back, false, 'nothing past the boundary sees the packed text');
  });

  test('small matrices stay JSON numbers', () => {
    const small: WireMatrix = { rows: 2, cols: 2, values: [1, null, 0.5, 2] };
    assert.equal(PACK_MIN_ENTRIES > 4, true);
    assert.equal(packMatrix(small), small);
  });

  test('a whole state: the panel reads the same numbers, validation accepts it, a wrong byte count is rejected', async () => {
    const state = (await sampleStates()).heads as DataState;
    assert.equal(state.kind, 'data');
    const big = structuredClone(state);
    const w = big.result.steps.find((s) => s.id === 'weights')!;
    const wide = randomWeights(40, 40);
    Object.assign(w, { matrix: wide, rowLabels: Array.from({ length: 40 }, (_, i) => String(i)), colLabels: Array.from({ length: 40 }, (_, i) => String(i)) });
    const sent = JSON.parse(JSON.stringify(packState(big))) as DataState;
    const sentWeights = sent.result.steps.find((s) => s.id === 'weights')!.matrix;
    assert.ok(sentWeights.packed && sentWeights.values.length === 0);
    // Validated as it arrives (packed), then unpacked.
    assert.equal(resultProblem(sent.result), undefined);
    const arrived = parseHostMessage({ type: 'state', state: sent });
    assert.equal(arrived?.type === 'state' && arrived.state.kind, 'data');
    const got = unpackMessage(arrived!);
    const result = (got as { state: DataState }).state.result;
    assert.deepEqual(result.steps.find((s) => s.id === 'weights')!.matrix.values, wide.values);
    // One entry short: the panel refuses the result (an error state naming the problem) instead of drawing wrong numbers.
    const short = structuredClone(sent);
    const sw = short.result.steps.find((s) => s.id === 'weights')!.matrix as { packed?: string };
    sw.packed = Buffer.from(Buffer.from(sw.packed!, 'base64').subarray(8)).toString('base64');
    assert.match(resultProblem(short.result) ?? '', /packed values for a 40 × 40 matrix/);
    const refused = parseHostMessage({ type: 'state', state: short });
    assert.equal(refused?.type === 'state' && refused.state.kind, 'error');
    assert.match(refused?.type === 'state' && refused.state.kind === 'error' ? refused.state.message : '', /cannot show: step weights: 1599 packed values for a 40 × 40 matrix/);
  });
});

describe('colour scales', () => {
  const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
  const strengths = (m: WireMatrix, mode: 'global' | 'row' | 'log'): number[] => {
    const scale = makeHeatScale(scaledDomain(m, true, mode), dark);
    return m.values.map((v, k) => scale.paint(v, Math.floor(k / m.cols)).t);
  };

  test('a 200 × 200 weights heatmap of random data: almost blank on the global scale, readable per query (the default)', () => {
    const w = randomWeights(200, 200);
    const global = strengths(w, 'global');
    const row = strengths(w, DEFAULT_COLOR_SCALE);
    assert.equal(DEFAULT_COLOR_SCALE, 'row');
    // Weights ≈ 1/200: on 0 … 1 nearly every cell is within 5 % of the background.
    assert.ok(global.filter((t) => t < 0.05).length / global.length > 0.95, 'global: blank');
    // Per query: every row spans the whole ramp; the middle 80 % of cells spread over a wide part of it.
    assert.ok(quantile(row, 0.9) - quantile(row, 0.1) > 0.3, `per query: spread ${quantile(row, 0.1)} … ${quantile(row, 0.9)}`);
    for (let i = 0; i < 200; i += 37) {
      const ts = row.slice(i * 200, (i + 1) * 200);
      assert.equal(Math.min(...ts), 0);
      assert.equal(Math.max(...ts), 1);
    }
  });

  test('per query: each row from its own min to its max; masked entries stay masked', () => {
    const m: WireMatrix = { rows: 2, cols: 3, values: [0.1, 0.2, 0.7, null, 0.25, 0.75] };
    const scale = makeHeatScale(scaledDomain(m, true, 'row'), dark);
    assert.deepEqual([0, 1, 2].map((j) => scale.paint(m.values[j], 0).t), [0, 0.16666666666666669, 1]);
    assert.equal(scale.paint(null, 1).masked, true);
    assert.deepEqual([scale.paint(0.25, 1).t, scale.paint(0.75, 1).t], [0, 1]);
  });

  test('log: decades apart are equally far apart; zeros take the weak end; signed matrices keep the global scale', () => {
    const m: WireMatrix = { rows: 1, cols: 4, values: [1e-4, 1e-2, 1, 0] };
    const d = scaledDomain(m, true, 'log');
    assert.deepEqual(d, { kind: 'log', lo: -4, hi: 0 });
    const scale = makeHeatScale(d, dark);
    assert.deepEqual(m.values.map((v) => scale.paint(v).t), [0, 0.5, 1, 0]);
    const signed: WireMatrix = { rows: 1, cols: 2, values: [-2, 1] };
    assert.deepEqual(scaledDomain(signed, false, 'log'), heatDomain(signed, false));
  });

  test('heads take BertViz’s colours in order (d3 category10)', () => {
    assert.deepEqual([0, 1, 2, 9, 10].map(headColor), ['#1f77b4', '#ff7f0e', '#2ca02c', '#17becf', '#1f77b4']);
  });
});
