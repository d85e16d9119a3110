/**
 * Both webview protocols, validated by the schemas they are declared with (src/shared/protocol.ts,
 * liveProtocol.ts, wireSchema.ts): every message kind the host and the webviews really send — states built
 * from the engine's results on the examples — passes unchanged (so the schemas declare every field the engine
 * sends: one that is not declared would be stripped and the round trip would differ), and malformed ones (wrong
 * types, unknown keys where keys are exact, NaN where a finite number is required, indices out of range,
 * oversized arrays) are dropped, in both directions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyze, type Analysis } from '../../src/core/analyze';
import { computeAttention } from '../../src/core/attention/pipeline';
import { roleTitle } from '../../src/core/attention/roles';
import { fromRows } from '../../src/core/matrix/matrix';
import { describeResult } from '../../src/shared/describe';
import { packState } from '../../src/extension/panel/pack';
import { controlsState } from '../../src/shared/controls';
import { parseLiveHostMessage, parseLiveViewMessage, type LiveState } from '../../src/shared/liveProtocol';
import { MAX_BATCH_RANK, MAX_THUMBNAIL_SIDE, parseHostMessage, parseSavedPanel, parseViewState, parseWebviewMessage, type ViewState } from '../../src/shared/protocol';
import type { Agrees, AgreesByKind, Assert } from '../../src/shared/schema';
import { toWireMatrix, toWireResult } from '../../src/shared/wire';
import { loader } from './helpers/loader';

/** As VS Code posts a message: through JSON. */
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const clone = <T>(x: T): T => structuredClone(x);

async function analysis(file: string): Promise<Analysis> {
  const r = await analyze(loader, { sources: [{ text: readFileSync(file, 'utf8'), language: 'python' }], scoreFromRoles: true });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

/** The panel's data state for an analysis, as src/extension/controller.ts makes it. */
function dataState(a: Analysis, maxSide?: number): ViewState {
  return {
    kind: 'data', title: 'example.py · whole file', result: toWireResult(a.result, false, null, maxSide), settings: { precision: 4, canvasThreshold: 20, colorMap: 'viridis' },
    controls: controlsState(a.result.options, {}, a.extraction, a.roles, false), documentUri: 'file:///example.py', run: 3, updatedAt: 1_700_000_000_000, pinned: false,
  };
}

/** The Live view's data state for an analysis, as src/extension/explorer/liveView.ts makes it. */
function liveState(a: Analysis): LiveState {
  const r = a.result;
  return {
    kind: 'data', title: 'example.py', summary: describeResult(r, r.roles),
    roles: r.roles.map((b) => ({ title: roleTitle(b.role), name: b.name, source: b.source })),
    queryLabels: [...r.queryLabels], keyLabels: [...r.keyLabels], weights: toWireMatrix(r.weights), output: toWireMatrix(r.output),
    notes: [...r.notes], problems: [{ message: 'W is not used', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, cell: 0 }], precision: 3, colorMap: 'magma',
  };
}

const EXAMPLES = ['examples/batched_multihead_numpy.py', 'examples/bahdanau_additive.py', 'examples/masked_softmax_valid_lens.py', 'examples/attention_numpy_tutorial.py'];
const range = { start: { line: 2, character: 0 }, end: { line: 4, character: 7 } };

describe('panel, host → webview', () => {
  for (const file of EXAMPLES) {
    test(`the data state of ${file} passes unchanged, as JSON and packed`, async () => {
      const a = await analysis(file);
      const state = dataState(a);
      assert.deepEqual(parseHostMessage(json({ type: 'state', state })), json({ type: 'state', state }));
      const packed = json({ type: 'state', state: packState(state) });
      assert.deepEqual(parseHostMessage(packed), packed);
      assert.deepEqual(parseViewState(json(state)), json(state));
    });
  }

  test('a result whose large matrices travel packed passes unchanged; a packed matrix one entry short does not', () => {
    const m = (seed: number) => fromRows(Array.from({ length: 40 }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.sin(seed + i * 8 + j))));
    const bind = (role: 'q' | 'k' | 'v', seed: number) => ({ role, name: role, matrix: m(seed), source: 'inferred' as const });
    const r = computeAttention({ mode: 'direct', q: bind('q', 1), k: bind('k', 2), v: bind('v', 3) }, { mask: 'causal' });
    const state: ViewState = { kind: 'data', title: 't', result: toWireResult(r), settings: { precision: 4, canvasThreshold: 20, colorMap: 'theme' }, controls: controlsState(r.options, {}, undefined, undefined, false) };
    const packed = json({ type: 'state' as const, state: packState(state) });
    assert.ok(packed.state.kind === 'data' && packed.state.result.steps.filter((s) => s.matrix.packed).length >= 3, 'the 40 × 40 steps are packed');
    assert.deepEqual(parseHostMessage(packed), packed);
    const short = clone(packed);
    assert.ok(short.state.kind === 'data');
    const w = short.state.result.steps.find((s) => s.id === 'weights')!.matrix as { packed?: string };
    w.packed = w.packed!.slice(0, -12);
    const got = parseHostMessage(short);
    assert.ok(got?.type === 'state' && got.state.kind === 'error');
    assert.match(got.state.message, /step weights: 1599 packed values for a 40 × 40 matrix/);
  });

  test('a sampled result (real indices of the rows and columns kept) passes unchanged', async () => {
    const state = json(dataState(await analysis('examples/batched_multihead_numpy.py'), 3));
    assert.ok(state.kind === 'data' && state.result.steps.some((s) => s.matrix.sampledFrom));
    assert.deepEqual(parseHostMessage({ type: 'state', state }), { type: 'state', state });
  });

  test('loading, error (with range, cell and controls) and explanation messages pass unchanged', async () => {
    const a = await analysis('examples/bahdanau_additive.py');
    const ok: unknown[] = [
      { type: 'state', state: { kind: 'loading', title: 't', run: 0 } },
      { type: 'state', state: { kind: 'error', title: 't', message: 'W_q (3 × 4) and K (5 × 2) do not agree', range, cell: 1, controls: json(controlsState({}, {}, a.extraction, a.roles, true)) } },
      { type: 'explanation', step: 'weights', head: 1, row: 6, col: 8, text: 'a[6,8] = …' },
    ];
    for (const m of ok) assert.deepEqual(parseHostMessage(m), m);
  });

  test('a malformed result becomes an error state that names the problem; a malformed envelope is dropped', async () => {
    const good = json(dataState(await analysis('examples/batched_multihead_numpy.py')));
    assert.equal(good.kind, 'data');
    type Data = Extract<ViewState, { kind: 'data' }>;
    const cases: [string, (s: Data) => void, RegExp][] = [
      ['NaN where a finite number is required', (s) => Object.assign(s.result.options, { scale: NaN }), /options: scale \S+: must be a finite number/],
      ['an infinite temperature', (s) => Object.assign(s.result.options, { temperature: Infinity }), /options: temperature \S+: must be a positive number/],
      ['an unknown option', (s) => Object.assign(s.result.options, { window: 3 }), /options: unknown option window/],
      ['a NaN divisor', (s) => Object.assign(s.result.heads![0].steps.find((x) => x.role === 'scaled')!.provenance!, { divisor: NaN }), /head 0: step scaled: malformed divisor: expected number, got NaN/],
      ['an unknown role', (s) => Object.assign(s.result.steps[0], { role: 'logits' }), /step Q: malformed role: expected \("queries" \| "keys"/],
      ['an argmax that does not fit the weights', (s) => Object.assign(s.result.heads![0].steps.find((x) => x.role === 'weights')!, { provenance: { kind: 'hardmax', of: 'masked', argmax: [0] } }), /head 0: step weights: the argmax \(1 rows\) does not fit the 5 × 5 weights/],
      ['an unknown mask rule', (s) => Object.assign(s.result.heads![0].steps[0], { provenance: { kind: 'mask', of: 'scaled', rules: [{ kind: 'window' }] } }), /head 0: step scores: malformed/],
      ['too many values', (s) => (s.result.steps[0].matrix.values as unknown[]).push(0), /step \w+: \d+ values for a \d+ × \d+ matrix/],
      ['too many labels', (s) => (s.result.steps[1].rowLabels as string[]).push('x'), /labels do not match/],
      ['a string entry', (s) => ((s.result.steps[0].matrix.values as unknown[])[0] = '1'), /step Q: malformed entry 0: expected number, got "1"/],
      ['a negative argmax', (s) => Object.assign(s.result.diagnostics[0], { argmax: -1 }), /diagnostics of query 0: malformed/],
      ['a batch index out of range', (s) => Object.assign(s.result.batch!, { index: [2] }), /batch: index \[2\] does not fit the batch shape \(2\)/],
      ['a current head out of range', (s) => Object.assign(s.result.headGrid!, { current: 2 }), /head grid: current head 2 of 2/],
      ['thumbnails larger than their side', (s) => {
        const big = { rows: MAX_THUMBNAIL_SIDE + 1, cols: 1, values: new Array(MAX_THUMBNAIL_SIDE + 1).fill(0.5) };
        Object.assign(s.result, { headGrid: { heads: [big, big], mean: big, current: null } });
      }, /head grid: thumbnails of 65 × 1, larger than 64 on a side/],
      ['a slice out of range', (s) => Object.assign(s.result.inputs[0], { sliceIndex: [5] }), /does not fit the shape/],
      ['an unknown role', (s) => Object.assign(s.result.inputs[0], { role: 'query' }), /input \w+: malformed/],
      ['a missing list', (s) => Object.assign(s.result, { keyLabels: undefined }), /missing keyLabels/],
      ['a role with a number for a name', (s) => Object.assign(s.controls.roles[0], { name: 3 }), /controls: role x: malformed/],
    ];
    for (const [what, mutate, expect] of cases) {
      const s = clone(good) as Data;
      mutate(s);
      const m = parseHostMessage({ type: 'state', state: s });
      assert.ok(m?.type === 'state' && m.state.kind === 'error', what);
      assert.match(m.state.message, expect, what);
      assert.match(m.state.message, /^The extension sent a result the panel cannot show: /, what);
      assert.equal(m.state.run, 3, 'the stamps are kept');
      assert.equal(parseViewState(s), undefined, `${what}: a stored view like it is dropped`);
    }
    const dropped: unknown[] = [
      { type: 'state', state: { ...good, kind: 'graph' } },
      { type: 'state', state: { ...good, title: 3 } },
      { type: 'state', state: { ...good, run: -1 } },
      { type: 'state', state: { ...good, run: 1.5 } },
      { type: 'state', state: { ...good, settings: 'none' } },
      { type: 'state', state: { kind: 'error', title: 't', message: 'm', range: { ...range, end: { line: 1, character: 0, extra: 1 } } } },
      { type: 'state', state: { kind: 'error', title: 't', message: 'm', cell: -1 } },
      { type: 'explanation', step: 'weights', row: -1, col: 0, text: '' },
      { type: 'explanation', step: 'weights', row: NaN, col: 0, text: '' },
      { type: 'explanation', step: 'weights', row: 0, col: 0 },
      { type: 'graph' },
      null,
      [],
      'state',
    ];
    for (const m of dropped) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m)?.slice(0, 120));
  });

  test('a panel restored after a reload: its saved view, loading when the view does not conform, nothing without a document', async () => {
    const state = json(dataState(await analysis('examples/bahdanau_additive.py')));
    const saved = { view: state, collapsed: { inputs: true }, headTab: -1, colorScale: 'row' };
    assert.deepEqual(parseSavedPanel(saved), { documentUri: 'file:///example.py', view: state });
    const old = { view: { ...state, result: { steps: 'none' } } };
    assert.deepEqual(parseSavedPanel(old), { documentUri: 'file:///example.py', view: { kind: 'loading', title: state.title, documentUri: 'file:///example.py' } });
    for (const bad of [undefined, {}, { view: { ...state, documentUri: undefined } }, { view: { ...state, documentUri: 3 } }]) assert.equal(parseSavedPanel(bad), undefined);
  });

  test('settings out of range fall back to their defaults; keys nobody declared do not reach the view', async () => {
    const state = json(dataState(await analysis('examples/bahdanau_additive.py')));
    assert.equal(state.kind, 'data');
    const m = parseHostMessage({ type: 'state', state: { ...state, settings: { precision: 40, canvasThreshold: 0, colorMap: 'rainbow' }, extra: 1 } });
    assert.ok(m?.type === 'state' && m.state.kind === 'data');
    assert.deepEqual(m.state.settings, { precision: 4, canvasThreshold: 20, colorMap: 'theme' });
    assert.equal('extra' in m.state, false);
  });
});

describe('panel, webview → host', () => {
  test('every kind of message passes unchanged', () => {
    const ok: unknown[] = [
      { type: 'ready' },
      { type: 'recompute' },
      { type: 'reveal', range },
      { type: 'reveal', range, cell: 2 },
      { type: 'setOptions', options: { score: 'additive', mask: 'causal', maskConvention: 'block', temperature: 0.5, scale: null, heads: 2, hard: true } },
      { type: 'setOptions', options: { scale: 0.25 } },
      { type: 'setRole', role: 'wq', name: 'self.W_q' },
      { type: 'setRole', role: 'mask', name: null },
      { type: 'export', step: 'weights', format: 'numpy' },
      { type: 'export', step: 'scores', head: 1, format: 'latex' },
      { type: 'saveImage', format: 'png', fileName: 'weights.png', data: 'iVBORw0KGgo=' },
      { type: 'saveImage', format: 'svg', fileName: 'weights head 1.svg', data: '<svg/>' },
      { type: 'explain', step: 'weights', row: 1000, col: 3 },
      { type: 'painted', run: 7 },
      { type: 'pin', pinned: false },
      { type: 'selectSlice', batch: new Array(MAX_BATCH_RANK).fill(0), head: null },
    ];
    for (const m of ok) assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
  });

  test('malformed messages are dropped', () => {
    const bad: unknown[] = [
      // Unknown keys (every webview message has exact keys).
      { type: 'ready', extra: 1 },
      { type: 'recompute', run: 1 },
      { type: 'reveal', range, cell: 0, line: 1 },
      { type: 'setOptions', options: { heads: 2 }, now: true },
      { type: 'setRole', role: 'wq', name: 'W', why: '' },
      { type: 'export', step: 'weights', format: 'csv', path: '/etc/passwd' },
      { type: 'saveImage', format: 'svg', fileName: 'a.svg', data: '', dir: '..' },
      { type: 'painted', run: 1, at: 0 },
      { type: 'pin', pinned: true, x: 0 },
      // Wrong types.
      { type: 'reveal', range: { start: { line: '1', character: 0 }, end: range.end } },
      { type: 'setRole', role: 'query', name: 'W' },
      { type: 'setRole', role: 'wq', name: 'W q' },
      { type: 'setRole', role: 'wq' },
      { type: 'export', step: 'weights', format: 'pdf' },
      { type: 'saveImage', format: 'png', fileName: 'a.png', data: '<svg/>' },
      { type: 'saveImage', format: 'png', fileName: '.hidden', data: 'AAAA' },
      { type: 'saveImage', format: 'png', fileName: '../a.png', data: 'AAAA' },
      { type: 'pin', pinned: 1 },
      // NaN or ±∞ where a finite number is required; options out of their limits.
      { type: 'setOptions', options: { scale: NaN } },
      { type: 'setOptions', options: { scale: Infinity } },
      { type: 'setOptions', options: { temperature: Infinity } },
      { type: 'setOptions', options: { temperature: -1 } },
      { type: 'setOptions', options: { heads: 257 } },
      { type: 'setOptions', options: { window: 3 } },
      { type: 'explain', step: 'weights', row: NaN, col: 0 },
      // Indices out of range.
      { type: 'explain', step: 'weights', row: 0, col: -1 },
      { type: 'explain', step: 'weights', head: 1024, row: 0, col: 0 },
      { type: 'reveal', range, cell: 1e9 },
      { type: 'painted', run: -1 },
      // Oversized arrays and texts.
      { type: 'selectSlice', batch: new Array(MAX_BATCH_RANK + 1).fill(0), head: 0 },
      { type: 'export', step: 'w'.repeat(21), format: 'csv' },
      { type: 'saveImage', format: 'svg', fileName: `${'a'.repeat(100)}.svg`, data: '' },
      { type: 'saveImage', format: 'svg', fileName: 'a.svg', data: 'x'.repeat(32 * 1024 * 1024 + 1) },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m).slice(0, 120));
  });
});

describe('Live view', () => {
  for (const file of EXAMPLES.slice(1)) {
    test(`the data state of ${file} passes unchanged`, async () => {
      const message = json({ type: 'state', state: liveState(await analysis(file)), run: 4 });
      assert.deepEqual(parseLiveHostMessage(message), message);
    });
  }

  test('message, off, loading and error states pass unchanged', () => {
    const link = { message: 'K is not defined', range };
    const ok: unknown[] = [
      { type: 'state', state: { kind: 'message', message: 'No matrices in this file.' } },
      { type: 'state', state: { kind: 'off' } },
      { type: 'state', state: { kind: 'loading', title: 't' }, run: 0 },
      { type: 'state', state: { kind: 'error', title: 't', message: 'm', link, problems: [link, { ...link, cell: 3 }] } },
    ];
    for (const m of ok) assert.deepEqual(parseLiveHostMessage(m), m);
  });

  test('malformed states are dropped', async () => {
    const good = json(liveState(await analysis('examples/bahdanau_additive.py')));
    assert.equal(good.kind, 'data');
    type Data = Extract<LiveState, { kind: 'data' }>;
    const bad: ((s: Data) => void)[] = [
      (s) => (s.weights!.values as unknown[]).push(0),
      (s) => Object.assign(s.weights!, { rows: -1 }),
      (s) => Object.assign(s.output!, { packed: 'AAAAAAAAAAA=', values: [] }),
      (s) => ((s.weights!.values as unknown[])[0] = 'x'),
      (s) => Object.assign(s, { precision: 18 }),
      (s) => Object.assign(s, { precision: NaN }),
      (s) => Object.assign(s, { colorMap: 'rainbow' }),
      (s) => Object.assign(s.problems[0], { cell: -1 }),
      (s) => Object.assign(s.problems[0].range, { start: { line: 0, character: 1.5 } }),
      (s) => Object.assign(s.roles[0], { source: 'none' }),
      (s) => Object.assign(s, { notes: [3] }),
    ];
    for (const [k, mutate] of bad.entries()) {
      const s = clone(good) as Data;
      mutate(s);
      assert.equal(parseLiveHostMessage({ type: 'state', state: s }), undefined, `case ${k}`);
    }
    assert.equal(parseLiveHostMessage({ type: 'state', state: good, run: -1 }), undefined);
    assert.equal(parseLiveHostMessage({ type: 'state', state: { kind: 'error', title: 't', message: 'm' } }), undefined);
    assert.equal(parseLiveHostMessage({ type: 'graph', state: good }), undefined);
  });

  test('view → host: every kind passes; unknown keys, bad ranges and indices are dropped', () => {
    const ok: unknown[] = [{ type: 'ready' }, { type: 'openPanel' }, { type: 'enableLive' }, { type: 'painted', run: 2 }, { type: 'reveal', range }, { type: 'reveal', range, cell: 1 }];
    for (const m of ok) assert.deepEqual(parseLiveViewMessage(m), m);
    const bad: unknown[] = [
      { type: 'ready', x: 1 },
      { type: 'openPanel', file: 'a' },
      { type: 'painted', run: NaN },
      { type: 'painted', run: 1, x: 1 },
      { type: 'reveal', range, cell: -1 },
      { type: 'reveal', range, cell: 0, x: 1 },
      { type: 'reveal', range: { start: range.start } },
      { type: 'reveal' },
      { type: 'setOptions', options: {} },
    ];
    for (const m of bad) assert.equal(parseLiveViewMessage(m), undefined, JSON.stringify(m));
  });
});

/** The check that keeps wire aliases and core types together rejects a field on one side only or a changed type. */
export type AgreementChecks = [
  Assert<Agrees<{ a: number; b?: string }, { readonly a: number; readonly b?: string }>>,
  // @ts-expect-error an optional field the other side lacks
  Assert<Agrees<{ a: number; b?: number }, { a: number }>>,
  // @ts-expect-error a changed type
  Assert<Agrees<{ a: number }, { a: string }>>,
  // @ts-expect-error a field that became optional
  Assert<Agrees<{ a?: number }, { a: number }>>,
  Assert<AgreesByKind<{ kind: 'a'; x: number } | { kind: 'b' }, { readonly kind: 'b' } | { readonly kind: 'a'; readonly x: number }>>,
  // @ts-expect-error a kind on one side only
  Assert<AgreesByKind<{ kind: 'a' } | { kind: 'b' }, { kind: 'a' }>>,
  // @ts-expect-error an optional field in one member on one side only
  Assert<AgreesByKind<{ kind: 'a'; x?: number } | { kind: 'b' }, { kind: 'a' } | { kind: 'b' }>>,
];
