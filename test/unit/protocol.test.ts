/** The panel's messages added for sampled cells, paint marks and the pin: valid ones pass, anything else is dropped. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

describe('panel protocol: explain, painted, pin', () => {
  test('explain names a step, an optional head and a real cell', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'explain', step: 'weights', row: 6, col: 8 }), { type: 'explain', step: 'weights', row: 6, col: 8 });
    assert.deepEqual(parseWebviewMessage({ type: 'explain', step: 'scores', head: 1, row: 0, col: 0 }), { type: 'explain', step: 'scores', head: 1, row: 0, col: 0 });
    assert.equal(parseWebviewMessage({ type: 'explain', step: 'weights', row: -1, col: 0 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'explain', step: 'weights', row: 1.5, col: 0 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'explain', step: '<script>', row: 0, col: 0 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'explain', step: 'weights', row: 0, col: 0, extra: 1 }), undefined);
  });

  test('painted carries a run number; pin a boolean', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'painted', run: 3 }), { type: 'painted', run: 3 });
    assert.equal(parseWebviewMessage({ type: 'painted', run: '3' }), undefined);
    assert.deepEqual(parseWebviewMessage({ type: 'pin', pinned: true }), { type: 'pin', pinned: true });
    assert.equal(parseWebviewMessage({ type: 'pin', pinned: 'yes' }), undefined);
  });

  test('the host’s explanation and a stamped state are accepted; malformed stamps are not', () => {
    const explanation = { type: 'explanation', step: 'weights', row: 6, col: 8, text: 'a[6,8] = …' };
    assert.deepEqual(parseHostMessage(explanation), explanation);
    assert.equal(parseHostMessage({ ...explanation, text: 3 }), undefined);
    const state = { kind: 'loading', title: 't' };
    assert.ok(parseHostMessage({ type: 'state', state: { ...state, run: 2, updatedAt: Date.now(), pinned: false } }));
    assert.equal(parseHostMessage({ type: 'state', state: { ...state, run: -1 } }), undefined);
    assert.equal(parseHostMessage({ type: 'state', state: { ...state, pinned: 'no' } }), undefined);
  });
});

describe('sampled matrices on the wire', () => {
  test('the real indices of a sample must match its shape, ascending within the real size', async () => {
    const { resultProblem } = await import('../../src/shared/protocol');
    const input = (sampledFrom: unknown) => ({
      role: 'x', roleTitle: 'X', name: 'X', source: 'inferred',
      matrix: { rows: 2, cols: 1, values: [1, 2], sampledFrom }, rowLabels: ['0', '9'], colLabels: ['0'],
    });
    const result = (sampledFrom: unknown) => ({
      options: { score: 'scaled_dot', mask: 'none', maskConvention: 'keep', temperature: 1, scale: null, heads: 1, hard: false },
      dk: 1, inputs: [input(sampledFrom)], steps: [], diagnostics: [], queryLabels: [], keyLabels: [], notes: [],
    });
    const check = (f: unknown) => resultProblem(result(f) as never);
    assert.equal(check({ rows: 10, cols: 1, rowIndex: [0, 9], colIndex: [0] }), undefined);
    assert.match(check({ rows: 10, cols: 1, rowIndex: [0], colIndex: [0] }) ?? '', /sampled indices/);
    assert.match(check({ rows: 10, cols: 1, rowIndex: [9, 0], colIndex: [0] }) ?? '', /sampled indices/);
    assert.match(check({ rows: 5, cols: 1, rowIndex: [0, 9], colIndex: [0] }) ?? '', /sampled indices/);
    assert.match(check({ rows: 10, cols: 1 }) ?? '', /malformed sampling/);
  });
});
