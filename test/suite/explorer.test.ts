/**
 * The "Attention" side bar in a real VS Code: the Matrices tree lists the NumPy tutorial's matrices with
 * their shapes and roles, clicking one selects it, a role assigned from the tree changes the panel's output
 * (checked against NumPy), and the Live Attention view shows the weights and follows edits and errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LiveState } from '../../src/shared/liveProtocol';
import type { ViewState } from '../../src/shared/protocol';
import { SIDE_BAR_VIEW, hasE2eEndpoint, screenshot, skipWithoutDom, webviewClick, webviewKeys, webviewText, workbenchClick, workbenchText } from './e2eClient';
import { api, closeAllEditorsDiscarding, examplePath, finalState, screenshotPath, waitFor } from './util';

interface Case {
  readonly weights: number[][];
  readonly output: number[][];
}
/** NumPy's numbers (scripts/fixtures/make_explorer_fixtures.py): the tutorial as named, and with W_K as W_Q. */
const FIXTURE = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'explorer.json'), 'utf8')) as {
  shapes: Record<string, [number, number]>;
  cases: { inferred: Case; wq_is_wk: Case };
};
const CONTAINER = 'workbench.view.extension.attentionExplorer';
const TREE_ROWS = `[id="${CONTAINER}"] .monaco-list-row`;

/** Every entry of `values` (row-major) within `tol` (relative, absolute near 0) of `expected`. */
function close(values: readonly (number | null)[] | undefined, expected: number[][], tol: number): boolean {
  const flat = expected.flat();
  return !!values && values.length === flat.length && values.every((v, k) => v !== null && Math.abs(v - flat[k]) <= tol * Math.max(1, Math.abs(flat[k])));
}

function panelOutput(state: ViewState | undefined): readonly (number | null)[] | undefined {
  return state?.kind === 'data' ? state.result.steps.find((s) => s.id === 'output')?.matrix.values : undefined;
}

/** Waits until the live view shows a state accepted by `ok`. */
async function liveState<K extends LiveState['kind']>(kind: K, ok: (s: Extract<LiveState, { kind: K }>) => boolean = () => true): Promise<Extract<LiveState, { kind: K }>> {
  const a = await api();
  try {
    return await waitFor(`the live view to show ${kind}`, () => {
      const { state, busy } = a.explorer.live();
      return !busy && state.kind === kind && ok(state as Extract<LiveState, { kind: K }>) ? (state as Extract<LiveState, { kind: K }>) : undefined;
    });
  } catch (e) {
    const { state, visible, busy } = a.explorer.live();
    throw new Error(`${e instanceof Error ? e.message : String(e)}; it shows ${JSON.stringify(state).slice(0, 400)} (visible: ${visible}, busy: ${busy})`);
  }
}

describe('the Attention side bar', function () {
  this.timeout(90_000);
  let doc: vscode.TextDocument;

  before(async () => {
    doc = await vscode.workspace.openTextDocument(examplePath('attention_numpy_tutorial.py'));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await (await api()).index.ready(doc);
  });

  after(async () => {
    // The suites after this one start from no editor, no panel, the settings as found and the file explorer.
    await closeAllEditorsDiscarding();
    await vscode.workspace.getConfiguration('attentionExplorer').update('live.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  /** An untitled copy of the tutorial, shown: edits go there (the web workbench may auto-save a file, and the examples must stay as they are). */
  async function editableCopy(): Promise<vscode.TextDocument> {
    const copy = await vscode.workspace.openTextDocument({ language: 'python', content: doc.getText() });
    await vscode.window.showTextDocument(copy, vscode.ViewColumn.One);
    await liveState('data', (s) => s.title === path.basename(copy.uri.path) && close(s.weights?.values, FIXTURE.cases.inferred.weights, 1e-9));
    return copy;
  }

  /** Replaces the line of `word_1` in `copy`. */
  async function setWord1(copy: vscode.TextDocument, text: string): Promise<void> {
    const line = copy.getText().split('\n').findIndex((l) => l.startsWith('word_1 = '));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(copy.uri, new vscode.Range(line, 0, line, copy.lineAt(line).text.length), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }

  async function closeCopy(copy: vscode.TextDocument): Promise<void> {
    await vscode.window.showTextDocument(copy, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }

  it('lists the matrices of the NumPy tutorial with their shapes, lines and roles', async () => {
    const a = await api();
    const names = Object.keys(FIXTURE.shapes);
    const items = await waitFor('the Matrices rows', () => {
      const rows = a.explorer.items().filter((i) => i.kind === 'matrix');
      return rows.length === names.length ? rows : undefined;
    });
    assert.deepEqual(items.map((i) => i.label), names, 'every matrix-valued name NumPy ends with, in source order');
    for (const item of items) {
      const [rows, cols] = FIXTURE.shapes[item.label];
      const line = doc.getText().split('\n').findIndex((l) => l.startsWith(`${item.label} = `)) + 1;
      assert.ok(item.description.startsWith(`${rows} × ${cols} · line ${line}`), `${item.label}: ${item.description}`);
    }
    const row = (name: string) => items.find((i) => i.label === name);
    assert.equal(row('words')?.description, '4 × 3 · line 18 · X');
    assert.equal(row('W_Q')?.description, '3 × 3 · line 22 · W_Q');
    assert.equal(row('Q')?.description, '4 × 3 · line 27', 'Q is not used when X and the projections are');
    assert.match(row('W_Q')?.tooltip ?? '', /random\.randint with seed 42/);
    assert.match(row('W_Q')?.tooltip ?? '', /W_Q \(query projection\), inferred from the name/);
    assert.match(row('Q')?.tooltip ?? '', /suggests Q/);
  });

  it('an unseeded draw is labelled one possible draw, in the hover and in the Matrices tree; a seeded one is not', async () => {
    const a = await api();
    const copy = await vscode.workspace.openTextDocument({ language: 'python', content: 'import numpy as np\nW = np.random.rand(2, 3)\nS = np.ones((2, 2))\n' });
    await vscode.window.showTextDocument(copy, vscode.ViewColumn.One);
    await a.index.ready(copy);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', copy.uri, new vscode.Position(1, 0));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /One possible draw\\?: the program never seeds the generator/, text);
    const rows = await waitFor('the Matrices rows of the untitled file', () => {
      const r = a.explorer.items().filter((i) => i.kind === 'matrix');
      return r.length === 2 && r[0].label === 'W' ? r : undefined;
    });
    assert.match(rows[0].tooltip ?? '', /Note: one possible draw: the program never seeds the generator/);
    assert.doesNotMatch(rows[1].tooltip ?? '', /possible draw/, 'np.ones is not a draw');
    await closeCopy(copy);
  });

  it('shows the tutorial’s rows in the workbench’s tree', async function () {
    skipWithoutDom(this, 'the workbench’s DOM');
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand(CONTAINER);
    const texts = await waitFor('the tree rows in the workbench', async () => {
      const t = (await workbenchText(TREE_ROWS)).map((s) => s.replace(/\s+/g, ' ').trim());
      return t.some((s) => s.startsWith('W_Q')) ? t : undefined;
    });
    // A row's text is its label then its description.
    assert.ok(texts.some((t) => /^W_Q\s*3 × 3 · line 22 · W_Q$/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /^words\s*4 × 3 · line 18 · X$/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /^attention\s*4 × 3 · line 38$/.test(t)), texts.join(' | '));
  });

  it('clicking a matrix selects its name in the editor', async () => {
    const a = await api();
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const line = (name: string) => doc.getText().split('\n').findIndex((l) => l.startsWith(`${name} = `));
    if (hasE2eEndpoint()) {
      await vscode.commands.executeCommand(CONTAINER);
      await workbenchClick(`${TREE_ROWS}[aria-label^="W_V,"]`);
    } else {
      await vscode.commands.executeCommand('attentionExplorer.explorer.reveal', a.explorer.matrix('W_V'));
    }
    const selection = await waitFor('the selection of W_V', () => {
      const s = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.selection;
      return s && s.start.line === line('W_V') ? s : undefined;
    });
    assert.deepEqual([selection.start.character, selection.end.line, selection.end.character], [0, line('W_V'), 3]);
  });

  it('computes from the view, and a role assigned in the tree changes the output (W_K as W_Q, as NumPy)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('attentionExplorer.explorer.compute');
    const computed = await finalState(doc.uri);
    assert.ok(close(panelOutput(computed), FIXTURE.cases.inferred.output, 1e-9), 'the tutorial as NumPy computes it');

    const wk = a.explorer.matrix('W_K');
    assert.ok(wk);
    if (hasE2eEndpoint()) {
      // Through the quick pick, as a user does: the row of the role W_Q.
      void vscode.commands.executeCommand('attentionExplorer.explorer.assignRole', wk);
      await workbenchClick('.quick-input-widget .monaco-list-row:has-text("query projection")');
    } else {
      await vscode.commands.executeCommand('attentionExplorer.explorer.assignRole', wk, 'wq');
    }
    await waitFor('the panel to show NumPy’s output with W_K as W_Q', () => (close(panelOutput(a.panelState(doc.uri)), FIXTURE.cases.wq_is_wk.output, 1e-9) ? true : undefined));
    const state = a.panelState(doc.uri);
    assert.equal(state?.kind, 'data');
    if (state?.kind === 'data') {
      const weights = state.result.steps.find((s) => s.id === 'weights');
      assert.ok(close(weights?.matrix.values, FIXTURE.cases.wq_is_wk.weights, 1e-9));
      assert.deepEqual(state.result.inputs.map((i) => `${i.roleTitle}=${i.name}`), ['X=words', 'W_Q=W_K', 'W_K=W_K', 'W_V=W_V']);
    }
    const rows = await waitFor('the tree to show the chosen role', () => {
      const items = a.explorer.items();
      return items.find((i) => i.label === 'W_K')?.description.includes('W_Q (given)') ? items : undefined;
    });
    assert.equal(rows.find((i) => i.label === 'W_K')?.description, '3 × 3 · line 23 · W_Q (given), W_K');
    assert.equal(rows.find((i) => i.label === 'W_Q')?.description, '3 × 3 · line 22', 'W_Q no longer plays a role');

    // "(no role)" gives W_Q back to inference.
    await vscode.commands.executeCommand('attentionExplorer.explorer.assignRole', a.explorer.matrix('W_K'), null);
    await waitFor('the panel to show the tutorial’s output again', () => (close(panelOutput(a.panelState(doc.uri)), FIXTURE.cases.inferred.output, 1e-9) ? true : undefined));
    assert.equal(a.explorer.items().find((i) => i.label === 'W_Q')?.description, '3 × 3 · line 22 · W_Q');
  });

  it('the live view shows the weights, follows edits and links errors to the code', async () => {
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.live.focus');
    const live = await liveState('data', (s) => close(s.weights?.values, FIXTURE.cases.inferred.weights, 1e-9));
    assert.ok(close(live.output?.values, FIXTURE.cases.inferred.output, 1e-9));
    assert.deepEqual(live.queryLabels, ['word_1', 'word_2', 'word_3', 'word_4']);
    assert.match(live.summary, /^L = 4 queries, S = 4 keys, d_k = 3, scaled dot-product, no mask/);

    const copy = await editableCopy();
    // A ragged literal: the view shows the error with a link to the offending definition.
    await setWord1(copy, 'word_1 = array([1, 0])');
    const error = await liveState('error');
    assert.match(error.message, /ragged/);
    assert.equal(error.link?.range.start.line, 17, 'words (line 18) is the ragged matrix');
    // Fixed again: the weights return.
    await setWord1(copy, 'word_1 = array([1, 0, 0])');
    await liveState('data', (s) => close(s.weights?.values, FIXTURE.cases.inferred.weights, 1e-9));
    await closeCopy(copy);
  });

  it('the live view draws the weights, and its error link selects the ragged matrix', async function () {
    skipWithoutDom(this, 'the side bar’s webview DOM');
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.live.focus');
    await liveState('data', (s) => close(s.weights?.values, FIXTURE.cases.inferred.weights, 1e-9));
    const cells = await waitFor('the weights in the view', async () => {
      const t = await webviewText('section.step[data-step="weights"] td.cell', 15_000, SIDE_BAR_VIEW);
      return t.length === 16 ? t : undefined;
    });
    const shown = cells.map((t) => Number(t.trim().replace('\u2212', '-')));
    // Three significant digits: within half a unit of the third digit of NumPy's value.
    assert.ok(close(shown, FIXTURE.cases.inferred.weights, 5e-3), cells.join(' '));
    const heads = await webviewText('section.step[data-step="weights"] tbody th', 15_000, SIDE_BAR_VIEW);
    assert.deepEqual(heads.map((t) => t.trim()), ['word_1', 'word_2', 'word_3', 'word_4']);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
    editor.revealRange(new vscode.Range(10, 0, 10, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand(CONTAINER);
    // The Matrices tree is drawn before the screenshot of the side bar.
    await waitFor('the tree rows in the workbench', async () => ((await workbenchText(TREE_ROWS)).some((t) => t.startsWith('W_Q')) ? true : undefined));
    await screenshot(screenshotPath('screenshot-explorer.png'));
    await screenshot(screenshotPath('screenshot-live.png'), 'main', 15_000, SIDE_BAR_VIEW);
    // Keyboard: one cell of the weights is in the tab order (a roving tabindex) and the arrows move it, as in the
    // panel; only the status line is aria-live, not the whole view.
    // (After the screenshots, which show no focus ring.)
    const weightCell = (attrs: string): string => `section.step[data-step="weights"] td.cell${attrs}`;
    assert.equal((await webviewText(weightCell('[tabindex="0"]'), 15_000, SIDE_BAR_VIEW)).length, 1, 'one cell in the tab order');
    await webviewKeys(['ArrowRight', 'ArrowDown'], weightCell('[data-row="0"][data-col="0"]'), undefined, 15_000, SIDE_BAR_VIEW);
    await waitFor('the arrows to move to cell (1, 1)', async () => ((await webviewText(weightCell('[tabindex="0"][data-row="1"][data-col="1"]'), 0, SIDE_BAR_VIEW)).length === 1 ? true : undefined));
    assert.equal((await webviewText('[aria-live]', 0, SIDE_BAR_VIEW)).length, 1, 'one aria-live region: the status line');

    const copy = await editableCopy();
    await setWord1(copy, 'word_1 = array([1, 0])');
    await liveState('error');
    const [message] = await webviewText('.error-message', 15_000, SIDE_BAR_VIEW);
    assert.match(message, /ragged/);
    await webviewClick('.error-message a.reveal', 15_000, SIDE_BAR_VIEW);
    await waitFor('the ragged matrix to be selected', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document === copy && e.selection.start.line === 17 && e.selection.end.line === 17 ? true : undefined;
    });
    await setWord1(copy, 'word_1 = array([1, 0, 0])');
    await liveState('data', (s) => close(s.weights?.values, FIXTURE.cases.inferred.weights, 1e-9));
    await closeCopy(copy);
  });

  it('live mode can be turned off and on', async () => {
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('attentionExplorer.live.disable');
    await liveState('off');
    await vscode.commands.executeCommand('attentionExplorer.live.enable');
    await liveState('data');
  });

  it('groups the matrices of a notebook by cell', async () => {
    const a = await api();
    const nb = await vscode.workspace.openNotebookDocument(vscode.Uri.file(examplePath('self_attention_notebook.ipynb')));
    await vscode.window.showNotebookDocument(nb);
    const items = await waitFor('the notebook’s rows', () => {
      const rows = a.explorer.items();
      return rows.some((r) => r.kind === 'cell') && rows.some((r) => r.label === 'W_V') ? rows : undefined;
    });
    const x = items.find((r) => r.label === 'X');
    assert.ok(x && x.depth === 1 && x.cell !== undefined, JSON.stringify(x));
    assert.ok(items.some((r) => r.kind === 'cell' && r.label === `Cell ${(x.cell ?? 0) + 1}`));
    assert.match(x.description, /^4 × \d+ · line \d+ · X$/);
    await liveState('data', (s) => s.queryLabels.join(' ') === 'the cat sat on');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
