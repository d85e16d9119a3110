/**
 * Large matrices in the panel: a 200 × 64 X and its 200 × 200 weights arrive sampled (160 of 200 rows and
 * columns). Every label and explanation must name the real cell: sampled (5, 6) is real entry a[6,8], and its
 * explanation is computed on the whole matrices, checked against NumPy (test/fixtures/sampled.json, made by
 * scripts/fixtures/make_sampled_fixtures.py from test/fixtures/large/self_attention_200.py).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyze, type Analysis } from '../../src/core/analyze';
import { explainCell } from '../../src/shared/explainCell';
import { formatNumber } from '../../src/shared/format';
import type { WireResult } from '../../src/shared/protocol';
import { MAX_WIRE_SIDE, toWireResult } from '../../src/shared/wire';
import { loader } from './helpers/loader';

interface Row { Q: number[]; scores: number[]; scaled: number[]; weights: number[]; output: number[] }
const NUMPY = JSON.parse(readFileSync('test/fixtures/sampled.json', 'utf8')) as { program: string; rows: Record<string, Row>; K: Record<string, number[]> };
const DIGITS = 4;
const fmt = (x: number): string => formatNumber(x, DIGITS);

describe('sampled views map every index back to the real one (200 × 64 X)', () => {
  let analysis: Analysis;
  let wire: WireResult;
  let whole: WireResult;

  before(async () => {
    const text = readFileSync(NUMPY.program, 'utf8');
    const r = await analyze(loader, { sources: [{ text, language: 'python' }] });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    analysis = r.value;
    // Sampled at 160 (the setting's lowest values sample this program; the default, 1024, sends it whole).
    wire = toWireResult(analysis.result, false, null, 160);
    whole = toWireResult(analysis.result, true);
  });

  test('at the default limit (1024) the 200 × 200 weights travel whole, every entry the engine’s', () => {
    const full = toWireResult(analysis.result);
    assert.equal(MAX_WIRE_SIDE, 1024);
    const w = full.steps.find((s) => s.id === 'weights');
    assert.ok(w && !w.matrix.sampledFrom);
    assert.deepEqual([w.matrix.rows, w.matrix.cols], [200, 200]);
    assert.deepEqual(w.matrix.values, Array.from(analysis.result.weights.data));
    assert.doesNotMatch(full.notes.join(' '), /shown sampled/);
  });

  test('the engine matches NumPy on the cells the tests read', () => {
    const w = analysis.result.weights;
    assert.deepEqual([w.rows, w.cols], [200, 200]);
    for (const [i, row] of Object.entries(NUMPY.rows)) {
      for (const j of [0, 1, 2, 8, 198, 199]) assert.ok(Math.abs(w.data[Number(i) * 200 + j] - row.weights[j]) < 1e-12, `weights[${i},${j}]`);
    }
  });

  test('the input keeps its real shape and real row indices, and says it is sampled', () => {
    const x = wire.inputs.find((i) => i.role === 'x');
    assert.ok(x);
    assert.deepEqual([x.matrix.rows, x.matrix.cols], [160, 64], 'sent sampled');
    assert.equal(x.matrix.sampledFrom?.rows, 200, 'real rows');
    assert.equal(x.matrix.sampledFrom?.cols, 64, 'real columns');
    assert.equal(x.matrix.sampledFrom?.rowIndex[5], 6);
    assert.equal(x.rowLabels[5], '6', 'the label of sampled row 5 is its real index');
    assert.match(wire.notes.join(' '), /shown sampled/);
  });

  test('sampled weights cell (5, 6) is real a[6,8]: its explanation is NumPy’s, with keys 0, 1, 2 in the sum', () => {
    const weights = wire.steps.find((s) => s.id === 'weights');
    assert.ok(weights?.matrix.sampledFrom);
    const row = weights.matrix.sampledFrom.rowIndex[5];
    const col = weights.matrix.sampledFrom.colIndex[6];
    assert.deepEqual([row, col], [6, 8]);
    const shown = weights.matrix.values[5 * weights.matrix.cols + 6] as number;
    assert.ok(Math.abs(shown - NUMPY.rows['6'].weights[8]) < 1e-15, `the sampled value is the real cell’s: ${shown}`);
    const s = NUMPY.rows['6'].scaled;
    const exp = (k: number): string => `exp(${fmt(s[k])})`;
    const expected = `a[6,8] = ${exp(8)} / (${exp(0)} + ${exp(1)} + ${exp(2)} + … + ${exp(198)} + ${exp(199)}) = ${fmt(NUMPY.rows['6'].weights[8])}`;
    assert.equal(explainCell(whole, 'weights', undefined, row, col, DIGITS), expected);
  });

  test('a scores cell is explained as the dot product of the real query and key rows', () => {
    const text = explainCell(whole, 'scores', undefined, 6, 8, DIGITS) ?? '';
    const q = NUMPY.rows['6'].Q, k = NUMPY.K['8'];
    const term = (n: number): string => `${f(q[n])}·${f(k[n])}`;
    const f = (x: number): string => (x < 0 ? `(${fmt(x)})` : fmt(x));
    assert.equal(text, `q_6·k_8 = ${term(0)} + ${term(1)} + ${term(2)} + … + ${term(14)} + ${term(15)} = ${fmt(NUMPY.rows['6'].scores[8])}`);
  });

  test('the last real cell and an output cell are explained on the whole matrices too', () => {
    assert.match(explainCell(whole, 'weights', undefined, 199, 199, DIGITS) ?? '', new RegExp(`^a\\[199,199\\] = .* = ${fmt(NUMPY.rows['199'].weights[199]).replace(/[.]/g, '\\.')}$`));
    assert.match(explainCell(whole, 'output', undefined, 6, 3, DIGITS) ?? '', new RegExp(`^a_6·v\\[:,3\\] = .* = ${fmt(NUMPY.rows['6'].output[3]).replace(/[.]/g, '\\.')}$`));
    assert.equal(explainCell(whole, 'weights', undefined, 200, 0, DIGITS), undefined, 'no row 200');
  });
});
