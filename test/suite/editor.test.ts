/**
 * Attention while you write, in a real VS Code: hovers over matrices and tokens, inlay hints with shapes,
 * the "Compute attention" CodeLens, and diagnostics with a transpose quick fix.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot, skipWithoutDom, workbenchHover, workbenchText } from './e2eClient';
import { api, closeAllEditorsDiscarding, examplePath, finalState, screenshotPath, waitFor } from './util';

const hoverText = (hovers: vscode.Hover[]): string =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

/** The position of the first occurrence of `text` on the line starting with `linePrefix`. */
function positionOf(doc: vscode.TextDocument, linePrefix: string, text: string): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const line = doc.lineAt(i).text;
    if (line.startsWith(linePrefix)) return new vscode.Position(i, line.indexOf(text) + 1);
  }
  throw new Error(`no line starts with ${linePrefix}`);
}

describe('editor features', function () {
  this.timeout(90_000);
  let doc: vscode.TextDocument;

  before(async () => {
    doc = await vscode.workspace.openTextDocument(examplePath('attention_numpy_tutorial.py'));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await (await api()).index.ready(doc);
  });

  // The suites after this one start from no editor and no panel (the untitled file here is reverted first).
  after(() => closeAllEditorsDiscarding());

  it('hover over W_Q shows its shape, origin and values', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'W_Q = ', 'W_Q'));
    const text = hoverText(hovers);
    assert.match(text, /\*\*W\\_Q\*\*: 3 × 3/);
    assert.match(text, /random\.randint with seed 42/);
    // NumPy: np.random.seed(42); randint(3, size=(3, 3)) → [[2, 0, 2], [2, 0, 0], [2, 1, 2]]
    assert.ok(text.includes('  │ 0  1  2\n──┼────────\n0 │ 2  0  2\n1 │ 2  0  0\n2 │ 2  1  2\n'), text);
    assert.match(text, /!\[heatmap of W\\_Q\]\(data:image\/svg\+xml;base64,/);
  });

  it('hover over a later use of a name shows that definition', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'Q = words @ W_Q', 'words'));
    assert.match(hoverText(hovers), /\*\*words\*\*: 4 × 3/);
  });

  it('hover over word_1 after a computation shows the keys it attends to, sorted', async () => {
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    await finalState(doc.uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'word_1 = ', 'word_1'));
    const text = hoverText(hovers);
    assert.match(text, /As query 0, \*\*word\\_1\*\* attends to \(scaled dot\):/);
    // NumPy weights of word_1: word_3 0.7491, word_1 0.2361, word_2 0.007390, word_4 0.007390
    assert.match(text, /word_3 +0\.7491 +█+/);
    assert.ok(text.indexOf('word_3') < text.indexOf('word_1      '), 'sorted by weight');
  });

  it('the mouse over word_1 shows that hover in the editor', async function () {
    skipWithoutDom(this, 'the workbench’s DOM');
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    await finalState(doc.uri);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.revealRange(new vscode.Range(10, 0, 30, 0), vscode.TextEditorRevealType.AtTop);
    await workbenchHover('.monaco-editor .view-line span:text-is("word_1")');
    const shown = await waitFor('the hover', async () => {
      const t = await workbenchText('.monaco-hover .hover-contents', 10_000);
      return t.some((s) => s.includes('attends to')) ? t : undefined;
    });
    assert.match(shown.join('\n'), /word_3/);
    await screenshot(screenshotPath('screenshot-hover.png'));
  });

  it('shows the shape as an inlay hint after each matrix assignment', async () => {
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
    const byLine = new Map(hints.map((h) => [h.position.line, typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')]));
    const line = positionOf(doc, 'W_Q = ', 'W_Q').line;
    assert.equal(byLine.get(line), '⟨3×3⟩');
    assert.equal(byLine.get(positionOf(doc, 'scores = ', 'scores').line), '⟨4×4⟩');
    assert.equal(hints.find((h) => h.position.line === line)?.position.character, doc.lineAt(line).text.length);
  });

  it('offers a "Compute attention" CodeLens above the pipeline', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const lens = lenses.find((l) => l.command?.title.includes('Compute attention'));
    assert.ok(lens, 'a Compute attention lens');
    assert.equal(lens.range.start.line, positionOf(doc, 'words = ', 'words').line, 'above the definition of X');
  });

  it('flags Q @ K with mismatched shapes and fixes it by transposing K (undoable)', async () => {
    const bad = await vscode.workspace.openTextDocument({ language: 'python', content: 'import numpy as np\nQ = np.ones((4, 3))\nK = np.ones((4, 3))\nscores = Q @ K\n' });
    const editor = await vscode.window.showTextDocument(bad, vscode.ViewColumn.One);
    const diagnostics = await waitFor('a diagnostic', () => {
      const d = vscode.languages.getDiagnostics(bad.uri);
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics[0].message, 'scores (line 4): matmul: Q has shape (4, 3) and K has shape (4, 3): inner dimensions 3 and 4 differ');
    assert.deepEqual([diagnostics[0].range.start.line, diagnostics[0].range.start.character, diagnostics[0].range.end.character], [3, 9, 14]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', bad.uri, diagnostics[0].range);
    const fix = actions.find((a) => a.title === 'Transpose the right operand: Q @ K.T');
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(bad.lineAt(3).text, 'scores = Q @ K.T');
    await waitFor('the diagnostic to go away', () => (vscode.languages.getDiagnostics(bad.uri).length === 0 ? true : undefined));
    await vscode.window.showTextDocument(bad, editor.viewColumn);
    await vscode.commands.executeCommand('undo');
    assert.equal(bad.lineAt(3).text, 'scores = Q @ K');
  });

  it('the hover and diagnostics switches turn those features off, and back on', async () => {
    const config = vscode.workspace.getConfiguration('attentionExplorer');
    const bad = await vscode.workspace.openTextDocument({ language: 'python', content: 'import numpy as np\nQ = np.ones((4, 3))\nK = np.ones((4, 3))\nscores = Q @ K\n' });
    await vscode.window.showTextDocument(bad, vscode.ViewColumn.One);
    const problems = (): number => vscode.languages.getDiagnostics(bad.uri).length;
    const hoverOfQ = async (): Promise<string> => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', bad.uri, new vscode.Position(1, 0)));
    await waitFor('a diagnostic', () => (problems() ? true : undefined));
    assert.match(await hoverOfQ(), /\*\*Q\*\*: 4 × 3/);
    try {
      await config.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Global);
      await config.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
      await waitFor('the diagnostics to be cleared', () => (problems() === 0 ? true : undefined));
      assert.doesNotMatch(await hoverOfQ(), /\*\*Q\*\*/);
    } finally {
      await config.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Global);
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the diagnostics to come back', () => (problems() ? true : undefined));
    assert.match(await hoverOfQ(), /\*\*Q\*\*: 4 × 3/);
  });

  it('works beyond Python: a MATLAB file (opened as Objective-C) gets hovers, inlay hints and the command', async () => {
    const m = await vscode.workspace.openTextDocument(examplePath('notations', 'attention.m'));
    await vscode.window.showTextDocument(m, vscode.ViewColumn.One);
    await (await api()).index.ready(m);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', m.uri, positionOf(m, 'W_Q = [', 'W_Q'));
    const text = hoverText(hovers);
    assert.match(text, /\*\*W\\_Q\*\*: 3 × 3/);
    assert.ok(text.includes('  │ 0  1  2\n──┼────────\n0 │ 2  0  2\n1 │ 2  0  0\n2 │ 2  1  2\n'), text);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', m.uri, new vscode.Range(0, 0, m.lineCount, 0));
    assert.ok(hints.some((h) => h.label === '⟨4×3⟩'), 'X is 4 × 3');
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', m.uri);
    const state = await finalState(m.uri);
    assert.equal(state.kind, 'data', state.kind === 'error' ? state.message : '');
    if (state.kind !== 'data') return;
    // NumPy (test/fixtures/notations.json, from scripts/fixtures/make_notation_fixtures.py): the tutorial's output.
    const output = state.result.steps.find((s) => s.id === 'output')?.matrix.values as number[];
    [0.9852202489021356, 1.741740509995756, 0.7565202610936204].forEach((x, j) => assert.ok(Math.abs(output[j] - x) < 1e-9));
  });

  it('hovers work in notebook cells, with names from earlier cells', async () => {
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(examplePath('self_attention_notebook.ipynb')));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.getCells().find((c) => c.document.getText().startsWith('Q = X @ W_Q'));
    assert.ok(cell);
    await (await api()).index.ready(cell.document);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.document.uri, new vscode.Position(0, 4));
    assert.match(hoverText(hovers), /\*\*X\*\*: 4 × 4/);
  });
});
