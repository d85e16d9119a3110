/**
 * The panel's controls and exports in a real VS Code: switching the score function changes the numbers
 * (checked against NumPy), and copying `output` as NumPy code puts code on the clipboard that reproduces it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasE2eEndpoint, skipWithoutDom, webviewClick, webviewText, webviewType } from './e2eClient';
import { api, closeAllEditorsDiscarding, examplePath, finalState, repoRoot, waitFor } from './util';

interface Case { name: string; steps: Record<string, (number | null)[][]> }
const fixture = (): Case[] => (JSON.parse(readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'attention.json'), 'utf8')) as { cases: Case[] }).cases;

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-9, `${what}[${i}] = ${x}, NumPy ${expected[i]}`));
}

describe('panel controls and export', function () {
  this.timeout(90_000);
  let doc: vscode.TextDocument;

  before(async function () {
    skipWithoutDom(this, 'the webview’s DOM');
    doc = await vscode.workspace.openTextDocument(examplePath('attention_numpy_tutorial.py'));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    const state = await finalState(doc.uri);
    assert.equal(state.kind, 'data');
  });

  it('switching the score function to dot recomputes at once (NumPy: softmax(QKᵀ)V)', async () => {
    const a = await api();
    await webviewClick('#control-score');
    await webviewClick('#control-score li.option[data-index="1"]');
    const state = await waitFor('the dot-product result', () => {
      const s = a.panelState(doc.uri);
      return s?.kind === 'data' && s.result.options.score === 'dot' ? s : undefined;
    });
    if (state.kind !== 'data') return;
    const expected = fixture().find((c) => c.name === 'tutorial, unscaled dot');
    assert.ok(expected);
    const output = state.result.steps.find((s) => s.id === 'output');
    close(output?.matrix.values as number[], (expected.steps.output as number[][]).flat(), 'output (dot)');
    assert.ok(!state.result.steps.some((s) => s.id === 'scaled'), 'no scaled step for the dot score');
    await waitFor('the DOM to follow', async () => ((await webviewText('section.step[data-step="scaled"]', 0)).length === 0 ? true : undefined));
    const [cell] = await webviewText('section.step[data-step="output"]:not([data-head]) td.cell[data-row="0"][data-col="0"]');
    assert.equal(Number(cell.replace('−', '-')).toPrecision(3), Number((expected.steps.output[0][0] as number).toPrecision(3)).toPrecision(3));
  });

  it('a temperature typed into its box, key by key, is the temperature used', async () => {
    const a = await api();
    await webviewType('#control-temperature-value', '0.25', 'Tab');
    const state = await waitFor('T = 0.25', () => {
      const s = a.panelState(doc.uri);
      return s?.kind === 'data' && s.result.options.temperature === 0.25 ? s : undefined;
    });
    assert.equal(state.kind, 'data');
    const [summary] = await webviewText('.summary');
    assert.match(summary, /T = 0\.25/);
    await webviewType('#control-temperature-value', '1', 'Enter');
    await waitFor('T = 1 again', () => {
      const s = a.panelState(doc.uri);
      return s?.kind === 'data' && s.result.options.temperature === 1 ? true : undefined;
    });
  });

  it('copies output as NumPy code that reproduces the numbers', async () => {
    await vscode.env.clipboard.writeText('');
    await webviewClick('section.step[data-step="output"]:not([data-head]) button.export[data-format="numpy"]');
    const text = await waitFor('the clipboard', async () => {
      const t = await vscode.env.clipboard.readText();
      return t.startsWith('import numpy as np') ? t : undefined;
    });
    assert.match(text, /^import numpy as np\n\noutput = np\.array\(\[\n {4}\[/);
    const numbers = [...text.matchAll(/-?\d+\.\d+(?:e-?\d+)?/g)].map((m) => Number(m[0]));
    const expected = fixture().find((c) => c.name === 'tutorial, unscaled dot');
    close(numbers, (expected?.steps.output as number[][]).flat(), 'exported output');
  });

  after(async () => {
    // Back to the scaled dot product (the document's choices outlive its panel), then leave no panel open.
    if (doc && hasE2eEndpoint()) {
      await webviewClick('#control-score');
      await webviewClick('#control-score li.option[data-index="0"]');
      const a = await api();
      await waitFor('the scaled dot product again', () => {
        const s = a.panelState(doc.uri);
        return s?.kind === 'data' && s.result.options.score === 'scaled_dot' ? true : undefined;
      });
    }
    await closeAllEditorsDiscarding();
  });
});
