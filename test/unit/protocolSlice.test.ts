/** Batches and heads on the wire: `selectSlice` from the webview, the batch, head grid and N-D inputs in a result. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { batchOffset, batchIndexOf, selectBatch } from '../../src/core/attention/batchIndex';
import { computeAttention } from '../../src/core/attention/pipeline';
import { fromRows } from '../../src/core/matrix/matrix';
import { MAX_THUMBNAIL_SIDE, parseWebviewMessage } from '../../src/shared/protocol';
import { toWireResult } from '../../src/shared/wire';
import { resultProblem } from '../../src/shared/protocol';

describe('selectSlice message', () => {
  test('a batch index (non-negative integers) and a head or null pass', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'selectSlice', batch: [1], head: 0 }), { type: 'selectSlice', batch: [1], head: 0 });
    assert.deepEqual(parseWebviewMessage({ type: 'selectSlice', batch: [], head: null }), { type: 'selectSlice', batch: [], head: null });
    assert.deepEqual(parseWebviewMessage({ type: 'selectSlice', batch: [0, 3], head: 2 }), { type: 'selectSlice', batch: [0, 3], head: 2 });
  });

  test('anything else is dropped', () => {
    const bad: unknown[] = [
      { type: 'selectSlice', batch: [-1], head: 0 },
      { type: 'selectSlice', batch: [0.5], head: 0 },
      { type: 'selectSlice', batch: ['0'], head: 0 },
      { type: 'selectSlice', batch: 0, head: 0 },
      { type: 'selectSlice', batch: [0], head: -1 },
      { type: 'selectSlice', batch: [0], head: 1.5 },
      { type: 'selectSlice', batch: [0], head: 5000 },
      { type: 'selectSlice', batch: [0] },
      { type: 'selectSlice', batch: [0], head: 0, extra: true },
      { type: 'selectSlice', batch: new Array(33).fill(0), head: 0 },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });
});

describe('batch index arithmetic', () => {
  test('C-order offsets and their inverse; out-of-range indices are undefined', () => {
    assert.equal(batchOffset([2, 3], [1, 2]), 5);
    assert.deepEqual(batchIndexOf([2, 3], 5), [1, 2]);
    assert.equal(batchOffset([], []), 0);
    assert.equal(batchOffset([2, 3], [2, 0]), undefined);
    assert.equal(batchOffset([2, 3], [0]), undefined);
    assert.equal(batchOffset([2], [-1]), undefined);
  });
});

const options = { score: 'scaled_dot', mask: 'none', maskConvention: 'keep', temperature: 1, scale: null, heads: 1, hard: false } as const;
const base = { options, dk: 1, inputs: [], steps: [], diagnostics: [], queryLabels: [], keyLabels: [], notes: [] };
const m = (rows: number, cols: number) => ({ rows, cols, values: new Array(rows * cols).fill(0.5) });

describe('batch and head grid in a result', () => {
  test('a batch index must fit the batch shape', () => {
    assert.equal(resultProblem({ ...base, batch: { shape: [2, 3], index: [1, 2] } } as never), undefined);
    assert.match(resultProblem({ ...base, batch: { shape: [2], index: [2] } } as never) ?? '', /^batch: index/);
    assert.match(resultProblem({ ...base, batch: { shape: [2], index: [0, 0] } } as never) ?? '', /^batch: index/);
    assert.match(resultProblem({ ...base, batch: { shape: [2], index: [-1] } } as never) ?? '', /^batch: malformed/);
  });

  test('a head grid has at least two heads of one shape, a mean of that shape and a current head in range', () => {
    assert.equal(resultProblem({ ...base, headGrid: { heads: [m(2, 3), m(2, 3)], mean: m(2, 3), current: null } } as never), undefined);
    assert.equal(resultProblem({ ...base, headGrid: { heads: [m(2, 3), m(2, 3)], mean: m(2, 3), current: 1 } } as never), undefined);
    assert.match(resultProblem({ ...base, headGrid: { heads: [m(2, 3)], mean: m(2, 3), current: null } } as never) ?? '', /fewer than two/);
    assert.match(resultProblem({ ...base, headGrid: { heads: [m(2, 3), m(2, 3)], mean: m(2, 3), current: 2 } } as never) ?? '', /current head/);
    assert.match(resultProblem({ ...base, headGrid: { heads: [m(2, 3), m(3, 2)], mean: m(2, 3), current: 0 } } as never) ?? '', /head 1: 3 × 2/);
    assert.match(resultProblem({ ...base, headGrid: { heads: [m(2, 3), m(2, 3)], mean: { rows: 2, cols: 3, values: [1] }, current: 0 } } as never) ?? '', /mean: 1 values/);
  });

  test('an N-D input carries its full shape and the index of the slice shown', () => {
    const input = (extra: object) => ({ role: 'x', roleTitle: 'X', name: 'x', source: 'inferred', matrix: m(1, 1), rowLabels: ['0'], colLabels: ['0'], ...extra });
    assert.equal(resultProblem({ ...base, inputs: [input({ ndShape: [2, 1, 1], sliceIndex: [1] })] } as never), undefined);
    assert.equal(resultProblem({ ...base, inputs: [input({ ndShape: [2, 3, 1, 1], sliceIndex: [1, 2] })] } as never), undefined);
    assert.match(resultProblem({ ...base, inputs: [input({ ndShape: [2, 1, 1], sliceIndex: [2] })] } as never) ?? '', /does not fit/);
    assert.match(resultProblem({ ...base, inputs: [input({ ndShape: [2, 1, 1] })] } as never) ?? '', /malformed/);
    assert.match(resultProblem({ ...base, inputs: [input({ ndShape: [1, 1], sliceIndex: [] })] } as never) ?? '', /does not fit/);
  });
});

describe('head grid of a 2-D multi-head result', () => {
  const X = fromRows([[1, 0, 2, 1], [0, 1, 1, 3], [2, 1, 0, 1]]);
  const I = fromRows([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  const bind = (role: 'x' | 'wq' | 'wk' | 'wv', matrix: typeof X) => ({ role, name: role, matrix, source: 'inferred' as const });
  const roles = { mode: 'projection' as const, x: bind('x', X), wq: bind('wq', I), wk: bind('wk', I), wv: bind('wv', I) };

  test('every head’s weights and their mean, with the chosen head current', () => {
    const r = computeAttention(roles, { heads: 2 });
    const wire = toWireResult(r, false, 1);
    assert.ok(wire.headGrid);
    assert.equal(wire.headGrid.current, 1);
    assert.deepEqual(wire.headGrid.heads[0].values, Array.from(r.heads?.[0].weights.data ?? []));
    assert.deepEqual(wire.headGrid.mean.values, Array.from(r.weights.data));
    assert.equal(wire.batch, undefined);
    assert.equal(resultProblem(wire), undefined);
    assert.equal(toWireResult(r).headGrid?.current, null);
    assert.equal(toWireResult(computeAttention(roles)).headGrid, undefined);
    assert.equal(selectBatch(r, []), r);
    assert.equal(selectBatch(r, [0]), undefined);
  });

  test('thumbnails are sampled to the thumbnail side', () => {
    const n = 70;
    const big = fromRows(Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(i)]));
    const J = fromRows([[1, 0], [0, 1]]);
    const b = (role: 'x' | 'wq' | 'wk' | 'wv', matrix: typeof X) => ({ role, name: role, matrix, source: 'inferred' as const });
    const r = computeAttention({ mode: 'projection', x: b('x', big), wq: b('wq', J), wk: b('wk', J), wv: b('wv', J) }, { heads: 2 });
    const grid = toWireResult(r).headGrid;
    assert.equal(grid?.heads[0].rows, MAX_THUMBNAIL_SIDE);
    assert.equal(grid?.mean.sampledFrom?.rows, n);
  });
});

describe('a batched result on the wire', () => {
  test('batch shape and index, a head grid per batch element, N-D inputs with the index of their slice', async () => {
    const { computeAttentionND } = await import('../../src/core/attention/batched');
    const arr = (shape: number[], f: (k: number) => number) => ({ shape, data: Float64Array.from({ length: shape.reduce((p, q) => p * q, 1) }, (_, k) => f(k)) });
    const bind = (role: 'q' | 'k' | 'v', a: ReturnType<typeof arr>) => ({
      role, name: role, source: 'inferred' as const, array: a, matrix: { rows: a.shape[2], cols: a.shape[3], data: a.data.slice(0, a.shape[2] * a.shape[3]) },
    });
    const q = bind('q', arr([2, 2, 3, 2], (k) => Math.sin(k))), k = bind('k', arr([2, 2, 3, 2], (k) => Math.cos(k))), v = bind('v', arr([2, 2, 3, 2], (k) => k / 10));
    const r = computeAttentionND({ mode: 'direct', q, k, v });
    const wire = toWireResult(r);
    assert.deepEqual(wire.batch, { shape: [2], index: [0] });
    assert.equal(wire.headGrid?.heads.length, 2);
    assert.deepEqual(wire.inputs.map((i) => [i.name, i.ndShape, i.sliceIndex]), [['q', [2, 2, 3, 2], [0, 0]], ['k', [2, 2, 3, 2], [0, 0]], ['v', [2, 2, 3, 2], [0, 0]]]);
    assert.equal(resultProblem(wire), undefined);
    const second = selectBatch(r, [1]);
    assert.ok(second);
    const w1 = toWireResult(second, false, 1);
    assert.deepEqual(w1.batch, { shape: [2], index: [1] });
    assert.equal(w1.headGrid?.current, 1);
    // q is shown as head 1 of batch element 1 sees it: q[1, 1].
    assert.deepEqual(w1.inputs[0].sliceIndex, [1, 1]);
    assert.deepEqual(w1.inputs[0].matrix.values, Array.from(q.array.data.subarray(18, 24)));
    assert.deepEqual(toWireResult(second).inputs[0].sliceIndex, [1, 0]);
    // Head 1 of batch element 1 is q[1, 1] against k[1, 1]: its weights are the N-D weights' slice [1, 1].
    const nd = r.batch?.steps.find((s) => s.id === 'weights')?.value.data ?? new Float64Array();
    assert.deepEqual(w1.headGrid?.heads[1].values, Array.from(nd.subarray(27, 36)));
    assert.equal(resultProblem(w1), undefined);
  });
});
