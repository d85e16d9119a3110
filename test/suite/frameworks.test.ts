/**
 * PyTorch, JAX and Keras code in real VS Code: each example selected whole and computed shows, in the panel,
 * the weights the real library computes (torch: test/fixtures/torch_modules.json, made with torch by
 * scripts/fixtures/make_torch_module_fixtures.py), within float32 rounding.
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
});
