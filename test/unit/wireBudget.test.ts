/**
 * Full resolution on the wire, and its budget: top-level steps travel whole up to 1024 × 1024; the heads' own
 * steps together are held to HEADS_WIRE_BUDGET entries (8 heads at L = 300 would be 2.9 million), sampled to a
 * smaller side, every kept entry the real one, and the notes say so.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeAttention } from '../../src/core/attention/pipeline';
import { fromRows, type Matrix } from '../../src/core/matrix/matrix';
import { HEADS_WIRE_BUDGET, MAX_WIRE_SIDE, headsSide, toWireResult } from '../../src/shared/wire';

const b = (role: 'x' | 'wq' | 'wk' | 'wv', matrix: Matrix) => ({ role, name: role, matrix, source: 'inferred' as const });
const eye = (n: number): Matrix => fromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));

describe('the wire budget of the heads’ steps', () => {
  const L = 300;
  const x = fromRows(Array.from({ length: L }, (_, i) => Array.from({ length: 16 }, (_, j) => Math.sin(i * 0.37 + j * 1.3))));
  const r = computeAttention({ mode: 'projection', x: b('x', x), wq: b('wq', eye(16)), wk: b('wk', eye(16)), wv: b('wv', eye(16)) }, { heads: 8 });

  test('8 heads at L = 300: the heads’ steps are sampled to fit the budget, the mean weights travel whole', () => {
    const side = headsSide(r, MAX_WIRE_SIDE);
    const wire = toWireResult(r);
    assert.ok(side < L, `side ${side}`);
    const entries = (wire.heads ?? []).flatMap((h) => h.steps).reduce((n, s) => n + s.matrix.values.length, 0);
    assert.ok(entries <= HEADS_WIRE_BUDGET, `${entries} entries`);
    const mean = wire.steps.find((s) => s.id === 'weights');
    assert.ok(mean && !mean.matrix.sampledFrom && mean.matrix.values.length === L * L);
    // Every kept entry of a head's weights is the real one, at its real indices.
    const w = wire.heads?.[3].steps.find((s) => s.id === 'weights')?.matrix;
    assert.ok(w?.sampledFrom);
    const real = r.heads?.[3].weights;
    assert.ok(real);
    for (const i of [0, 7, w.rows - 1]) {
      for (const j of [0, 11, w.cols - 1]) assert.equal(w.values[i * w.cols + j], real.data[w.sampledFrom.rowIndex[i] * L + w.sampledFrom.colIndex[j]]);
    }
    assert.match(wire.notes.join(' '), new RegExp(`head 3 weights.* larger than ${side} × ${side} \\(the heads' steps together are limited to 2,097,152 entries\\): shown sampled`));
  });

  test('2 heads at L = 300 fit: nothing is sampled', () => {
    const two = computeAttention({ mode: 'projection', x: b('x', x), wq: b('wq', eye(16)), wk: b('wk', eye(16)), wv: b('wv', eye(16)) }, { heads: 2 });
    assert.equal(headsSide(two, MAX_WIRE_SIDE), MAX_WIRE_SIDE);
    const wire = toWireResult(two);
    assert.ok((wire.heads ?? []).every((h) => h.steps.every((s) => !s.matrix.sampledFrom)));
    assert.doesNotMatch(wire.notes.join(' '), /sampled/);
  });
});
