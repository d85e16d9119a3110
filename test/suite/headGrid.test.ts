/**
 * Batches and heads in a real VS Code: examples/batched_multihead_numpy.py (x: (2, 5, 8), 2 heads, a causal
 * mask) opens with a batch selector and a head grid; choosing batch element 1 and head 1 in the panel shows the
 * weights NumPy computes for weights[1, 1] (test/fixtures/head_grid.json, made by
 * scripts/fixtures/make_head_grid_fixtures.py running the example). Screenshots go to test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewState } from '../../src/shared/protocol';
import { screenshot, skipWithoutDom, webviewClick, webviewText } from './e2eClient';
import { api, closeAllEditorsDiscarding, examplePath, finalState, repoRoot, screenshotPath, significant, waitFor } from './util';

interface Fixture {
  readonly shape: readonly number[];
  /** weights[b][h][i][j], NumPy's own, causal mask applied. */
  readonly weights: readonly (readonly (readonly (readonly number[])[])[])[];
  readonly mean: readonly (readonly (readonly number[])[])[];
}

const PRECISION = 8;
type Data = Extract<ViewState, { kind: 'data' }>;

/** The weights of head `h` in a state, row-major. */
function headWeights(state: Data, h: number): readonly (number | null)[] {
  const step = state.result.heads?.[h]?.steps.find((s) => s.id === 'weights');
  assert.ok(step, `head ${h} has a weights step`);
  assert.deepEqual([step.matrix.rows, step.matrix.cols], [5, 5]);
  return step.matrix.values;
}

function assertNumpy(values: readonly (number | null)[], expected: readonly (readonly number[])[], what: string): void {
  values.forEach((v, k) => {
    const e = expected[Math.floor(k / 5)][k % 5];
    assert.ok(v !== null && Math.abs(v - e) <= 1e-12, `${what}[${Math.floor(k / 5)},${k % 5}] = ${v}, NumPy ${e}`);
  });
}

describe('Batches and heads', function () {
  this.timeout(120_000);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('attentionExplorer');
  let numpy: Fixture;

  before(async () => {
    numpy = JSON.parse(readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'head_grid.json'), 'utf8')) as Fixture;
    // The example masks its scores causally (np.where(tril, scores, -inf)): the panel applies the same mask.
    await config().update('defaultMask', 'causal', vscode.ConfigurationTarget.Global);
    await config().update('display.precision', PRECISION, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    // The suites after this one drive their own panel: leave none of ours open.
    await closeAllEditorsDiscarding();
    await config().update('defaultMask', undefined, vscode.ConfigurationTarget.Global);
    await config().update('display.precision', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a (2, 5, 8) input with 2 heads has a head grid; batch element 0’s heads and mean are NumPy’s', async () => {
    const doc = await vscode.workspace.openTextDocument(examplePath('batched_multihead_numpy.py'));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    const first = await finalState(doc.uri);
    assert.equal(first.kind, 'data', first.kind === 'error' ? first.message : '');
    const state = first as Data;
    assert.deepEqual(state.result.batch, { shape: [2], index: [0] });
    assert.equal(state.result.headGrid?.heads.length, 2);
    assert.equal(state.result.options.mask, 'causal');
    // Batch element 0: both heads and the thumbnails' mean are NumPy's.
    for (const h of [0, 1]) assertNumpy(headWeights(state, h), numpy.weights[0][h], `weights[0, ${h}]`);
    assertNumpy(state.result.headGrid?.mean.values ?? [], numpy.mean[0], 'mean weights[0]');
  });

  it('the panel’s head grid: batch element 1, head 1 chosen by clicks are NumPy’s weights[1, 1]', async function () {
    skipWithoutDom(this, 'the webview’s DOM');
    const a = await api();
    const doc = await vscode.workspace.openTextDocument(examplePath('batched_multihead_numpy.py'));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const before = a.panelState(doc.uri)?.run ?? 0;
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    // This computation painted: the clicks below act on its panel.
    const run = await waitFor('the panel to paint the example', () => {
      const s = a.panelState(doc.uri);
      return s?.kind === 'data' && (s.run ?? 0) > before && a.panelPaint(doc.uri)?.run === s.run ? s.run ?? 0 : undefined;
    });
    const thumbs = await webviewText('.head-grid [role="option"] .head-label');
    assert.deepEqual(thumbs.map((t) => t.trim()), ['Head 0', 'Head 1', 'Mean']);
    await screenshot(screenshotPath('screenshot-head-grid.png'), 'section.slices');
    await webviewClick('.batch-axis[data-axis="0"] button[data-index="1"]');
    await waitFor('batch element 1', () => {
      const s = a.panelState(doc.uri);
      return s?.kind === 'data' && (s.run ?? 0) > run && s.result.batch?.index[0] === 1 ? true : undefined;
    });
    await webviewClick('.head-grid [data-head="1"]');
    const chosen = await waitFor('head 1 of batch element 1', () => {
      const s = a.panelState(doc.uri);
      return s?.kind === 'data' && s.result.batch?.index[0] === 1 && s.result.headGrid?.current === 1 ? s : undefined;
    });
    assertNumpy(headWeights(chosen, 1), numpy.weights[1][1], 'weights[1, 1]');
    // The panel draws them: head 1's tab, every weight to PRECISION significant digits.
    const cells = await waitFor('head 1’s weights in the panel', async () => {
      const t = await webviewText('section.step[data-step="weights"][data-head="1"] td.cell');
      return t.length === 25 ? t : undefined;
    });
    cells.forEach((t, k) => assert.equal(t.trim(), significant(numpy.weights[1][1][Math.floor(k / 5)][k % 5], PRECISION), `cell ${k}`));
    const [selected] = await webviewText('.head-grid [aria-selected="true"] .head-label');
    assert.equal(selected.trim(), 'Head 1');
    await screenshot(screenshotPath('screenshot-head-grid-batch1-head1.png'), 'section.slices');
    await screenshot(screenshotPath('screenshot-head-grid-panel.png'));
  });

  it('hovers: the 3-D x shows its shape and the slice x[0]; the 4-D q one heatmap per head', async () => {
    const doc = await vscode.workspace.openTextDocument(examplePath('batched_multihead_numpy.py'));
    await (await api()).index.ready(doc);
    const text = async (needle: string): Promise<string> => {
      const at = doc.positionAt(doc.getText().indexOf(needle));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    };
    const x = await text('x = np.random.randn');
    assert.match(x, /\*\*x\*\*: \\\(2, 5, 8\\\)/); // Markdown-escaped parentheses
    assert.match(x, /Showing the 2-D slice `x\[0\]` \(5 × 8\)/);
    const q = await text('q = split_heads');
    assert.match(q, /\*\*q\*\*: \\\(2, 2, 5, 4\\\)/);
    assert.equal((q.match(/!\[head \d\]\(data:image\/svg\+xml;base64,/g) ?? []).length, 2, q);
  });
});
