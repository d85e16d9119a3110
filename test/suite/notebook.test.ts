/** The command in a notebook: cells in order form one program; a later cell's selection resolves earlier names. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditorsDiscarding, examplePath, finalState, waitFor } from './util';

describe('notebooks', function () {
  this.timeout(90_000);

  // The suites after this one start from no editor and no panel.
  after(() => closeAllEditorsDiscarding());

  it('computes the whole notebook when nothing is selected', async () => {
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(examplePath('self_attention_notebook.ipynb')));
    await vscode.window.showNotebookDocument(nb);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    const state = await finalState(nb.uri);
    assert.equal(state.kind, 'data', state.kind === 'error' ? state.message : '');
    if (state.kind !== 'data') return;
    assert.deepEqual(state.result.queryLabels, ['the', 'cat', 'sat', 'on']);
    assert.deepEqual(state.result.inputs.map((i) => i.name), ['X', 'W_Q', 'W_K', 'W_V']);
  });

  it('uses the selection inside a cell, resolving names from earlier cells', async () => {
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(examplePath('self_attention_notebook.ipynb')));
    const cells = nb.getCells();
    const cell = cells.findIndex((c) => c.document.getText().startsWith('Q = X @ W_Q'));
    assert.ok(cell > 0);
    // Select the cell in the notebook editor and enter it, as a user does with Enter.
    await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(cell, cell + 1)] });
    await vscode.commands.executeCommand('notebook.cell.edit');
    const editor = await waitFor('the cell editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document === cells[cell].document ? e : undefined;
    });
    editor.selection = new vscode.Selection(0, 0, 2, cells[cell].document.lineAt(2).text.length);
    await vscode.commands.executeCommand('attentionExplorer.computeOnSelection');
    const state = await finalState(nb.uri);
    assert.equal(state.kind, 'data', state.kind === 'error' ? state.message : '');
    if (state.kind !== 'data') return;
    assert.deepEqual(state.result.inputs.map((i) => i.name), ['Q', 'K', 'V']);
    assert.match(state.title, /cell/);
  });
});
