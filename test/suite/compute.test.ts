/**
 * "Compute Attention on Selection" in a real VS Code: the NumPy tutorial selected whole, the numbers in the
 * panel's DOM, the explanation of a cell, errors with a link back to the code, and one panel per editor.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { screenshot, skipWithoutDom, webviewClick, webviewHover, webviewText } from './e2eClient';
import { TUTORIAL_NUMPY, api, assertTutorialOutput, attentionTabs, closeAllEditorsDiscarding, examplePath, finalState, screenshotPath, significant, waitFor } from './util';

/** The tutorial's output as NumPy prints it (the issue's "done when"), and NumPy's full-precision values. */
const NUMPY = TUTORIAL_NUMPY;
const PRECISION = 8;

describe('Compute Attention on Selection', function () {
  this.timeout(90_000);
  let doc: vscode.TextDocument;

  before(async () => {
    await vscode.workspace.getConfiguration('attentionExplorer').update('display.precision', PRECISION, vscode.ConfigurationTarget.Global);
    doc = await vscode.workspace.openTextDocument(examplePath('attention_numpy_tutorial.py'));
  });

  after(async () => {
    // The suites after this one drive their own panel: leave none of ours open, and the settings as found.
    await closeAllEditorsDiscarding();
    await vscode.workspace.getConfiguration('attentionExplorer').update('display.precision', undefined, vscode.ConfigurationTarget.Global);
  });

  it('computes the tutorial selected whole and shows NumPy’s numbers in the panel', async () => {
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('editor.action.selectAll');
    assert.ok(!editor.selection.isEmpty);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    assertTutorialOutput(await finalState(doc.uri));
  });

  it('shows NumPy’s numbers of the tutorial in the panel’s tables', async function () {
    skipWithoutDom(this, 'the webview’s DOM');
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    assertTutorialOutput(await finalState(doc.uri));
    // The panel's DOM: every cell of the output step shows NumPy's value to PRECISION significant digits.
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        const [text] = await webviewText(`section.step[data-step="output"] td.cell[data-row="${i}"][data-col="${j}"]`);
        assert.equal(text.trim(), significant(NUMPY.attention[i][j], PRECISION), `output cell (${i}, ${j})`);
      }
    }
    const rowHeaders = await webviewText('section.step[data-step="output"] tbody th');
    assert.deepEqual(rowHeaders.map((t) => t.trim()), ['word_1', 'word_2', 'word_3', 'word_4']);
    const [summary] = await webviewText('.summary');
    assert.match(summary, /L = 4/);
    assert.match(summary, /d_k = 3/);
    await screenshot(screenshotPath('screenshot-panel.png'));
    await screenshot(screenshotPath('screenshot-weights.png'), 'section.step[data-step="weights"]');
  });

  it('explains a cell of the scores on hover with the actual numbers', async function () {
    skipWithoutDom(this, 'the webview’s DOM');
    await webviewHover('section.step[data-step="scores"] td.cell[data-row="0"][data-col="2"]');
    const texts = await waitFor('the explanation', async () => {
      const t = await webviewText('section.step[data-step="scores"] .cell-explanation');
      return t.some((s) => s.includes('=')) ? t : undefined;
    });
    // NumPy's q_0 and k_2 term by term, and NumPy's scores[0][2] (q_0 = [2, 0, 2], k_2 = [2, 4, 3]: … = 10).
    const q = NUMPY.Q[0], k = NUMPY.K[2];
    const expected = `${q.map((x, d) => `${x}\\s*·\\s*${k[d]}`).join(' \\+ ')} = ${NUMPY.scores[0][2]}`;
    const text = texts.join(' ').replace(/\s+/g, ' ');
    assert.match(text, new RegExp(expected), text);
  });

  it('re-running reveals the same panel instead of opening another', async () => {
    const a = await api();
    const before = attentionTabs().length;
    const run = a.panelState(doc.uri)?.run ?? 0;
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    // The re-run is painted: a second panel, had one been opened, would be a tab by now.
    await waitFor('the re-run to be painted', () => {
      const s = a.panelState(doc.uri);
      const paint = a.panelPaint(doc.uri);
      return s && (s.run ?? 0) > run && paint?.run === s.run ? true : undefined;
    });
    assert.equal(attentionTabs().length, before);
  });

  it('shows a ragged literal as an error naming the matrix', async () => {
    const bad = await vscode.workspace.openTextDocument(examplePath('mistakes', 'ragged_weights.py'));
    await vscode.window.showTextDocument(bad, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    const state = await finalState(bad.uri);
    assert.equal(state.kind, 'error');
    if (state.kind !== 'error') return;
    assert.equal(state.message, 'W_K (line 7): ragged rows: row 1 has 2 entries but row 0 has 3');
    assert.equal(state.range?.start.line, 7, 'the short row, on line 8');
  });

  it('shows the error in the panel, and its "Show in editor" link selects the short row', async function () {
    skipWithoutDom(this, 'the webview’s DOM');
    const bad = await vscode.workspace.openTextDocument(examplePath('mistakes', 'ragged_weights.py'));
    await vscode.window.showTextDocument(bad, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    assert.equal((await finalState(bad.uri)).kind, 'error');
    const [message] = await webviewText('.error-message');
    assert.match(message, /W_K \(line 7\): ragged rows/);
    // Move the cursor away, then follow the link.
    const editor = await vscode.window.showTextDocument(bad, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await webviewClick('a.reveal');
    const selected = await waitFor('the selection of W_K', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === bad.uri.toString() && e.selection.start.line === 7 ? e.selection : undefined;
    });
    assert.equal(bad.getText(selected), '[0.0, 1.0]');
  });

  /** An untitled 80-token program, computed: the weights are 80 × 80. */
  async function computeBig(): Promise<void> {
    const big = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import numpy as np\nnp.random.seed(1)\nX = np.random.randn(80, 16)\nW_Q = np.random.randn(16, 8)\nW_K = np.random.randn(16, 8)\nW_V = np.random.randn(16, 8)\n',
    });
    await vscode.window.showTextDocument(big, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    const state = await finalState(big.uri);
    assert.equal(state.kind, 'data', state.kind === 'error' ? state.message : '');
    if (state.kind !== 'data') return;
    const weights = state.result.steps.find((s) => s.id === 'weights');
    assert.deepEqual([weights?.matrix.rows, weights?.matrix.cols], [80, 80]);
  }

  it('computes an 80-token program: 80 × 80 weights', computeBig);

  it('draws matrices larger than 64 × 64 on a canvas heatmap', async function () {
    skipWithoutDom(this, 'the webview’s DOM');
    await computeBig();
    const canvases = await webviewText('section.step[data-step="weights"] canvas.heatmap');
    assert.equal(canvases.length, 1);
    const cells = await webviewText('section.step[data-step="weights"] td.cell', 0);
    assert.equal(cells.length, 0, 'no DOM table for an 80 × 80 matrix');
  });

  it('registers every command of the command table once activated', async () => {
    await api();
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(COMMANDS)) assert.ok(commands.has(id), `${id} is not registered`);
  });
});
