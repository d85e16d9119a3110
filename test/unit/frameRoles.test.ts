/**
 * The attention inside a call: a PyTorch module's forward (examples/torch_self_attention.py) and
 * nn.MultiheadAttention (examples/torch_multihead_attention.py) give the panel their own q, k, v, and the
 * engine's weights equal torch's (real torch values: test/fixtures/torch_modules.json, made by
 * scripts/fixtures/make_torch_module_fixtures.py) within float32 rounding. Calls that cannot be shown exactly
 * are not recorded, and weights no option reproduces are refused rather than shown.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analyze';
import type { AttentionResult } from '../../src/core/attention/types';
import { ProgramCache, extractMatrices } from '../../src/core/parse/index';
import { DEFAULT_PARSE_LIMITS } from '../../src/core/parse/types';
import { loader } from './helpers/loader';

interface TorchValue { readonly dtype: string; readonly shape: readonly number[]; readonly values: readonly number[] }
const TORCH = JSON.parse(readFileSync('test/fixtures/torch_modules.json', 'utf8')) as { programs: Record<string, { values: Record<string, TorchValue> }> };

const py = (text: string) => [{ text, language: 'python' as const }];
const file = (name: string) => py(readFileSync(name, 'utf8'));

/** Every entry within 1e-6 relative (+1e-7 absolute) of torch's: float32 tensors computed in float64 and rounded. */
function assertClose(actual: ArrayLike<number>, expected: TorchValue, label: string): void {
  assert.equal(actual.length, expected.values.length, `${label}: size`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected.values[i];
    assert.ok(Math.abs(actual[i] - e) <= 1e-6 * Math.abs(e) + 1e-7, `${label}[${i}]: ${actual[i]} vs torch ${e}`);
  }
}

/** The engine's weights with their full shape: per head `(N, H, L, S)` when batched, else `(L, S)`. */
function weightsOf(r: AttentionResult): { shape: readonly number[]; data: ArrayLike<number> } {
  const step = r.batch?.steps.find((s) => s.id === 'weights');
  return step ? { shape: step.value.shape, data: step.value.data } : { shape: [r.weights.rows, r.weights.cols], data: r.weights.data };
}

describe('attention inside a call', () => {
  test('a causal self-attention module: q, k, v of its forward, the causal mask found, torch’s weights and output', async () => {
    const torch = TORCH.programs['examples/torch_self_attention.py'].values;
    const r = await analyze(loader, { sources: file('examples/torch_self_attention.py') });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const { result } = r.value;
    assert.deepEqual(result.roles.filter((b) => ['q', 'k', 'v'].includes(b.role)).map((b) => `${b.role}=${b.name}`), ['q=q', 'k=k', 'v=v']);
    assert.equal(result.options.mask, 'matrix');
    assert.equal(result.options.maskConvention, 'keep');
    assert.match(result.notes[0], /forward\(\) called at line 41/);
    assertClose(result.weights.data, torch.weights, 'weights');
    assertClose(result.output.data, torch.out, 'output');
    assert.deepEqual(result.roles.filter((b) => b.dtype === 'float32').map((b) => b.name), ['q', 'k', 'v', 'mask']);
    assert.ok(result.notes.some((n) => /q, k, v, mask are float32 tensors in the program: the steps are computed in float64/.test(n)), result.notes.join(' | '));
  });

  test('nn.MultiheadAttention: the heads of its last call, weights per head equal torch’s', async () => {
    const torch = TORCH.programs['examples/torch_multihead_attention.py'].values;
    const r = await analyze(loader, { sources: file('examples/torch_multihead_attention.py') });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const w = weightsOf(r.value.result);
    assert.deepEqual(w.shape, torch.weights_per_head.shape);
    assertClose(w.data, torch.weights_per_head, 'weights per head');
    assert.deepEqual(r.value.result.batch?.weights.shape, torch.weights.shape);
    assertClose(r.value.result.batch?.weights.data ?? [], torch.weights, 'mean over heads');
  });

  test('a selected call with a boolean attn_mask (True = blocked) gives that call’s weights', async () => {
    const text = readFileSync('examples/torch_multihead_attention.py', 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('out_causal'));
    const torch = TORCH.programs['examples/torch_multihead_attention.py'].values;
    const r = await analyze(loader, { sources: py(text), target: { source: 0, range: { start: { line, character: 0 }, end: { line, character: 60 } } } });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.match(r.value.result.notes[0], new RegExp(`called at line ${line + 1}`));
    assertClose(r.value.result.batch?.weights.data ?? [], torch.weights_causal, 'causal weights (mean over heads)');
  });

  test('a program whose top level names its own pipeline keeps it', async () => {
    const r = await analyze(loader, { sources: file('examples/annotated_attention.py') });
    assert.ok(r.ok);
    assert.deepEqual(r.value.result.roles.slice(0, 4).map((b) => b.role), ['x', 'wq', 'wk', 'wv']);
  });

  test('weights that no scaling or mask reproduces are refused, not shown', async () => {
    const program = [
      'import numpy as np',
      'def attend(q, k, v):',
      '    s = q @ k.T * 3.0',
      '    weights = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)',
      '    return weights @ v, weights',
      'x = np.array([[1.0, 0.5], [0.2, -1.0], [0.3, 0.8]])',
      'out, w = attend(x, x, x)',
    ].join('\n');
    const r = await analyze(loader, { sources: py(program) });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.message, /no choice of scaling and mask reproduces the weights attend\(\) called at line 7 computed/);
  });

  test('a helper whose weights the engine reproduces: scaled dot product found and checked', async () => {
    const program = [
      'import numpy as np',
      'def attention(query, key, value):',
      '    scores = query @ key.T / np.sqrt(key.shape[-1])',
      '    p_attn = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)',
      '    return p_attn @ value, p_attn',
      'h = np.array([[1.0, 0.5], [0.2, -1.0], [0.3, 0.8]])',
      'context, attn = attention(h * 2, h, h + 1)',
    ].join('\n');
    const r = await analyze(loader, { sources: py(program) });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.result.options.score, 'scaled_dot');
    assert.match(r.value.result.notes[0], /equal its p_attn \(largest relative difference/);
  });

  test('a call in a loop is not recorded; a call outside one keeps its arguments and each array at the line that last bound it', async () => {
    const loop = 'import numpy as np\ndef f(q):\n    k = q * 2\n    return k\nfor i in range(2):\n    f(np.ones((2, 2)))\n';
    assert.deepEqual((await extractMatrices(loader, py(loop))).frames ?? [], []);
    const inPlace = 'import numpy as np\ndef f(q):\n    k = q * 2\n    v = q + 1\n    k += 1\n    return k\nr = f(np.ones((2, 2)))\n';
    const frames = (await extractMatrices(loader, py(inPlace))).frames ?? [];
    assert.deepEqual(frames.map((f) => [f.fn, f.call.start.line, f.matrices.map((m) => `${m.name}@${m.range.start.line}`)]), [['f', 6, ['q@1', 'k@4', 'v@3']]]);
  });

  test('after edits above the function, between it and the call, and in its body, the incremental index has the frames a full run has', async () => {
    const base = 'import numpy as np\n\ndef attend(q, k, v):\n    s = q @ k.T\n    w = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)\n    return w @ v, w\n\nx = np.array([[1.0, 0.5], [0.2, -1.0]])\nout, w = attend(x, x, x)\n';
    const edits = [
      base.replace('import numpy as np\n', 'import numpy as np\n# a comment\n\n'),
      base.replace('\nx = np.array', '\n# between\ny = 1\nx = np.array'),
      base.replace('    s = q @ k.T\n', '    s = q @ k.T * 2.0\n'),
    ];
    const shape = (e: { frames?: readonly { fn: string; call: unknown; matrices: readonly { name: string | null; range: unknown; array?: { data: Float64Array } }[] }[] }) =>
      JSON.stringify((e.frames ?? []).map((f) => [f.fn, f.call, f.matrices.map((m) => [m.name, m.range, Array.from(m.array?.data ?? [])])]));
    for (const text of edits) {
      const cache = new ProgramCache();
      await extractMatrices(loader, py(base), undefined, DEFAULT_PARSE_LIMITS, cache);
      const incremental = await extractMatrices(loader, py(text), undefined, DEFAULT_PARSE_LIMITS, cache);
      const full = await extractMatrices(loader, py(text));
      assert.equal(shape(incremental), shape(full), text);
      assert.ok((full.frames ?? []).length === 1);
    }
  });
});
