/**
 * The webview's pure logic (no DOM): validation of what the host sends, explanations in a head's scope and
 * of masks and hard attention, the summary line and the temperature slider's scale.
 *
 *   node --import tsx --test test/webview/logic.test.ts
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ViewState, WireResult } from '../../src/shared/protocol';
import { explainerFor } from '../../src/shared/explain';
import { computeAttention } from '../../src/core/attention/pipeline';
import { assignRoles } from '../../src/core/attention/roles';
import type { NamedMatrix } from '../../src/core/attention/types';
import type { SourceRange } from '../../src/core/range';
import { toWireResult } from '../../src/shared/wire';
import { summary } from '../../webview/render/header';
import { sliderTemperature, T_MAX, T_MIN } from '../../webview/render/controls';
import { partition } from '../../webview/render/roles';
import { controlsProblem, normalizeSettings, resultProblem } from '../../src/shared/protocol';

import { type SampleName, type SampleStates, sampleStates } from './sampleStates';

type DataState = Extract<ViewState, { kind: 'data' }>;
/** The sample states, built from the engine before the tests run (sampleStates.ts). */
let states: SampleStates | undefined;
before(async () => {
  states = await sampleStates();
});
const load = (name: SampleName): ViewState => {
  assert.ok(states, 'the sample states are built');
  return structuredClone(states[name]);
};
const data = (name: SampleName): DataState => {
  const s = load(name);
  assert.equal(s.kind, 'data');
  return s as DataState;
};
const clone = <T>(x: T): T => structuredClone(x);
const step = (r: WireResult, id: string) => {
  const s = r.steps.find((x) => x.id === id);
  assert.ok(s, id);
  return s;
};

describe('validate', () => {
  for (const name of ['sample', 'heads', 'mask', 'additive'] as const) {
    test(`accepts ${name}`, () => {
      const s = data(name);
      assert.equal(resultProblem(s.result), undefined);
      assert.equal(controlsProblem(s.controls), undefined);
    });
  }
  test('accepts the controls of an error state', () => {
    const s = load('error');
    assert.equal(s.kind, 'error');
    assert.equal(controlsProblem((s as Extract<ViewState, { kind: 'error' }>).controls as NonNullable<DataState['controls']>), undefined);
  });
  const cases: [string, (s: DataState & { result: Record<string, unknown> }) => void, RegExp][] = [
    ['unknown score', (s) => Object.assign(s.result.options as object, { score: 'bogus' }), /unknown score/],
    ['unknown mask', (s) => Object.assign(s.result.options as object, { mask: 'diagonal' }), /unknown mask/],
    ['unknown convention', (s) => Object.assign(s.result.options as object, { maskConvention: 'true' }), /convention/],
    ['temperature 0', (s) => Object.assign(s.result.options as object, { temperature: 0 }), /temperature/],
    ['scale NaN', (s) => Object.assign(s.result.options as object, { scale: 'x' }), /scale/],
    ['heads 1.5', (s) => Object.assign(s.result.options as object, { heads: 1.5 }), /heads/],
    ['hard "yes"', (s) => Object.assign(s.result.options as object, { hard: 'yes' }), /hard/],
    ['notes missing', (s) => Object.assign(s.result, { notes: undefined }), /notes/],
    ['heads not matching', (s) => Object.assign(s.result, { heads: [] }), /0 heads for heads = 1/],
  ];
  for (const [what, mutate, expect] of cases) {
    test(`rejects ${what}`, () => {
      const s = clone(data('sample')) as DataState & { result: Record<string, unknown> };
      mutate(s);
      assert.match(resultProblem(s.result as unknown as WireResult) ?? '', expect);
    });
  }
  test('rejects a malformed head step', () => {
    const s = clone(data('heads'));
    (s.result.heads?.[0].steps[0].matrix.values as unknown[]).push(1);
    assert.match(resultProblem(s.result) ?? '', /^head 0: step scores/);
  });
  test('rejects malformed controls', () => {
    const base = data('sample').controls;
    const bad = [
      { ...base, roles: [{ ...base.roles[0], role: 'query' }] },
      { ...base, roles: [{ ...base.roles[0], name: 3 }] },
      { ...base, candidates: [{ name: 'X', rows: 2 }] },
      { ...base, scores: [{ ...base.scores[0], params: 'wa' }] },
      { ...base, options: { ...base.options, heads: 0 } },
    ];
    for (const c of bad) assert.ok(controlsProblem(c as never), JSON.stringify(c).slice(0, 80));
  });
  test('settings: unknown colour maps fall back to the theme map', () => {
    assert.equal(normalizeSettings({ precision: 4, canvasThreshold: 64, colorMap: 'rainbow' as never }).colorMap, 'theme');
    assert.equal(normalizeSettings({ precision: 4, canvasThreshold: 64, colorMap: 'magma' }).colorMap, 'magma');
    assert.equal(normalizeSettings({}).colorMap, 'theme');
  });
});

describe('explanations', () => {
  test('a head step is explained with the head slice of Q and K', () => {
    const r = data('heads').result;
    const scores = r.heads?.[1].steps.find((s) => s.role === 'scores');
    assert.ok(scores);
    const text = explainerFor(scores, r, 4, 1)?.(0, 0) ?? '';
    // Head 1 of 2 on d_model = 4 reads columns 2 and 3 of Q and K: q_0 = (Q[0,2], Q[0,3]).
    const q = step(r, 'Q').matrix.values, k = step(r, 'K').matrix.values;
    assert.deepEqual([q[2], k[2], q[3], k[3]], [0.5, 1.25, -0.25, -0.25]);
    assert.equal(text, 'q_0·k_0 = 0.5·1.25 + (−0.25)·(−0.25) = 0.6875');
  });
  test('the mean of the heads', () => {
    const r = data('heads').result;
    assert.equal(explainerFor(step(r, 'weights'), r, 4)?.(0, 0), 'ā[0,0] = (a^0 + a^1)/2 = (0.1472 + 0.2687)/2 = 0.208');
  });
  test('mask matrix and key padding, with the convention', () => {
    const r = data('mask').result;
    const explain = explainerFor(step(r, 'masked'), r, 4);
    assert.equal(explain?.(0, 2), 'attn_mask[0, 2] = 0 (1 = attend): masked, −∞ (weight 0)');
    assert.equal(explain?.(2, 3), 'key_padding_mask[3] = 0 (1 = attend): masked, −∞ (weight 0)');
    assert.equal(explain?.(2, 2), 'attn_mask[2, 2] = 1 (1 = attend), key_padding_mask[2] = 1 (1 = attend): kept, 1.155');
  });
  test('a causal mask, from the engine’s rule: blocked above the diagonal, kept on and below it', () => {
    const inputs: NamedMatrix[] = data('sample').result.inputs.map((x) => ({
      name: x.name, range: x.range as SourceRange, matrix: { rows: x.matrix.rows, cols: x.matrix.cols, data: Float64Array.from(x.matrix.values as number[]) },
    }));
    const r = toWireResult(computeAttention(assignRoles(inputs), { mask: 'causal' }));
    const explain = explainerFor(step(r, 'masked'), r, 4);
    assert.equal(explain?.(0, 3), 'key j = 3 > query i = 0: masked, −∞ (weight 0)');
    assert.match(explain?.(2, 2) ?? '', /^key j = 2 ≤ query i = 2: kept, /);
  });
  test('hard attention names the argmax', () => {
    // The tutorial's inputs through the engine with hard attention (the sample state is soft).
    const inputs: NamedMatrix[] = data('sample').result.inputs.map((x) => ({
      name: x.name, range: x.range as SourceRange, matrix: { rows: x.matrix.rows, cols: x.matrix.cols, data: Float64Array.from(x.matrix.values as number[]) },
    }));
    const r = toWireResult(computeAttention(assignRoles(inputs), { hard: true }));
    const explain = explainerFor(step(r, 'weights'), r, 4);
    assert.match(explain?.(0, 2) ?? '', /^argmax_k logit\[0,k\] = 2 \(logit 5\.774\)/);
    assert.match(explain?.(0, 1) ?? '', /^argmax_k logit\[0,k\] = 2 \(logit 5\.774 > 1\.155\)/);
  });
});

describe('roles editor', () => {
  test('lists the mode’s roles and the optional roles the options call for; the rest behind “More roles”', () => {
    const c = data('sample').controls;
    const shown = (o: Partial<typeof c.options>): string[] => partition({ ...c, options: { ...c.options, ...o } }, new Set(['x'])).shown.map((r) => r.role);
    assert.deepEqual(shown({}), ['x', 'wq', 'wk', 'wv']);
    assert.deepEqual(shown({ heads: 3 }), ['x', 'wq', 'wk', 'wv', 'wo']);
    assert.deepEqual(shown({ score: 'additive' }), ['x', 'wq', 'wk', 'wv', 'wa', 'ua', 'va']);
    assert.deepEqual(shown({ mask: 'matrix' }), ['x', 'wq', 'wk', 'wv', 'mask']);
  });
});

describe('summary', () => {
  test('states score, mask, T, heads and soft/hard', () => {
    assert.equal(summary(data('sample').result), 'L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product, no mask, T = 1, 1 head, softmax');
    assert.equal(summary(data('heads').result), 'L = 5 queries, S = 5 keys, d_k = 2 per head, scaled dot-product, no mask, T = 1, 2 heads, softmax');
    assert.equal(
      summary(data('mask').result),
      'L = 3 queries, S = 4 keys, d_k = 3, scaled dot-product, mask attn_mask + key padding key_padding_mask (1 = attend, PyTorch SDPA convention), T = 1, 1 head, softmax',
    );
    assert.equal(summary(data('additive').result), 'L = 1 query, S = 5 keys, d_k = 6, additive score (Bahdanau), no mask, T = 1, 1 head, softmax');
    const r = clone(data('sample').result);
    Object.assign(r.options, { mask: 'causal_lower_right', temperature: 0.5, hard: true, scale: 0.25 });
    assert.equal(summary(r), 'L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product (scale 0.25), causal mask (lower-right), T = 0.5, 1 head, hard attention (argmax)');
  });
});

describe('temperature slider', () => {
  test('log scale, rounded, snapped to 1 near the middle', () => {
    assert.equal(sliderTemperature(0), 1);
    assert.equal(sliderTemperature(0.004), 1);
    assert.equal(sliderTemperature(Math.log10(2)), 2);
    assert.equal(sliderTemperature(Math.log10(0.5)), 0.5);
    assert.equal(sliderTemperature(Math.log10(T_MIN)), T_MIN);
    assert.equal(sliderTemperature(Math.log10(T_MAX)), T_MAX);
    assert.equal(sliderTemperature(0.1234), 1.33);
  });
});
