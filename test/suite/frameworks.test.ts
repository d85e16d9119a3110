/**
 * PyTorch, JAX and Keras code in real VS Code: each example selected whole and computed shows, in the panel,
 * the weights the real library computes (torch: test/fixtures/torch_modules.json, made with torch by
 * scripts/fixtures/make_torch_module_fixtures.py; JAX: jax_attention.json, JAX's own draws and NumPy float32 by
 * make_jax_fixtures.py; Keras: keras_attention.json, NumPy on Keras's documented formulas by
 * make_keras_fixtures.py), within float32 rounding.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewState } from '../../src/shared/protocol';
import { closeAllEditorsDiscarding, examplePath, finalState, repoRoot } from './util';

interface LibValue { readonly shape: readonly number[]; readonly values: readonly number[] }

function fixture(file: string): Record<string, { values: Record<string, LibValue> }> {
  return JSON.parse(readFileSync(path.join(repoRoot(), 'test', 'fixtures', file), 'utf8')).programs;
}

/** The arrays of an example in a fixture written as a list of programs (keras_attention.json, jax_attention.json). */
function listed(file: string, example: string): Record<string, LibValue> {
  const programs = JSON.parse(readFileSync(path.join(repoRoot(), 'test', 'fixtures', file), 'utf8')).programs as { file?: string; arrays: Record<string, LibValue> }[];
  const p = programs.find((x) => x.file === example);
  assert.ok(p, `${file} has ${example}`);
  return p.arrays;
}

/** Selects the whole example, runs the command and returns the panel's data state. */
async function computeWhole(name: string): Promise<Extract<ViewState, { kind: 'data' }>> {
  const doc = await vscode.workspace.openTextDocument(examplePath(name));
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  await vscode.commands.executeCommand('editor.action.selectAll');
  await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
  const state = await finalState(doc.uri);
  assert.equal(state.kind, 'data', state.kind === 'error' ? state.message : state.kind);
  return state as Extract<ViewState, { kind: 'data' }>;
}

/** The panel's weights step against the first `rows × cols` entries of the library's (batch element 0). */
function assertWeights(state: Extract<ViewState, { kind: 'data' }>, expected: LibValue, label: string): void {
  const step = state.result.steps.find((s) => s.id === 'weights');
  assert.ok(step, `${label}: a weights step`);
  const { rows, cols, values } = step.matrix;
  assert.equal(rows * cols, expected.shape.slice(-2).reduce((a, b) => a * b, 1), `${label}: shape`);
  for (let i = 0; i < rows * cols; i++) {
    const e = expected.values[i];
    const a = values[i] ?? -Infinity;
    assert.ok(Math.abs(a - e) <= 1e-6 * Math.abs(e) + 1e-7, `${label}[${i}]: panel ${a}, library ${e}`);
  }
}

describe('PyTorch, JAX and Keras examples in the panel', function () {
  this.timeout(60_000);

  // The suites after this one drive their own panel: leave none of ours open.
  after(() => closeAllEditorsDiscarding());

  it('a PyTorch self-attention module: the weights of its forward equal torch’s', async () => {
    const state = await computeWhole('torch_self_attention.py');
    assert.deepEqual(state.result.inputs.filter((i) => ['q', 'k', 'v'].includes(i.role)).map((i) => i.name), ['q', 'k', 'v']);
    assert.ok(state.result.notes.some((n) => /forward\(\) called at line \d+ computed/.test(n)), state.result.notes.join(' | '));
    assertWeights(state, fixture('torch_modules.json')['examples/torch_self_attention.py'].values.weights, 'weights');
  });

  it('nn.MultiheadAttention: the panel shows the heads of its call, their mean equal to torch’s', async () => {
    const state = await computeWhole('torch_multihead_attention.py');
    assert.equal(state.result.headGrid?.heads.length, 4);
    assertWeights(state, fixture('torch_modules.json')['examples/torch_multihead_attention.py'].values.weights, 'mean weights, batch 0');
  });

  it('JAX: Q, K, V drawn with jax.random give the weights of the example’s own softmax', async () => {
    const state = await computeWhole('jax_attention.py');
    assertWeights(state, listed('jax_attention.json', 'examples/jax_attention.py').weights, 'weights');
  });

  it('Keras: the last layers.Attention call (use_causal_mask=True) is shown with the layer’s own weights', async () => {
    const state = await computeWhole('keras_attention.py');
    assert.equal(state.result.options.score, 'dot', 'Keras’ dot score has no 1/√d');
    assert.ok(state.result.notes.some((n) => /layers\.Attention\(\) called at line \d+ computed/.test(n)), state.result.notes.join(' | '));
    assertWeights(state, listed('keras_attention.json', 'examples/keras_attention.py').causal_weights, 'causal weights');
  });
});
