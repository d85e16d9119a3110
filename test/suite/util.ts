/** Helpers for driving the real VS Code from the integration tests. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AttentionExplorerApi } from '../../src/extension/extension';
import type { ViewState } from '../../src/shared/protocol';

export const EXTENSION_ID = 'attention-explorer.attention-explorer';

export async function api(): Promise<AttentionExplorerApi> {
  const ext = vscode.extensions.getExtension<AttentionExplorerApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** The repository root (the extension under development). */
export function repoRoot(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.extensionPath;
}

export function examplePath(...parts: string[]): string {
  return path.join(repoRoot(), 'examples', ...parts);
}

/** Polls `f` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, f: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the panel of `uri` shows a final state (data or error). */
export async function finalState(uri: vscode.Uri): Promise<ViewState> {
  const a = await api();
  return waitFor(`the panel of ${uri.path}`, () => {
    const s = a.panelState(uri);
    return s && s.kind !== 'loading' ? s : undefined;
  });
}

/** Open tabs that hold an attention panel. */
export function attentionTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('attentionExplorer.panel'));
}

/** Rounds as the panel does with `precision` significant digits. */
export function significant(x: number, precision: number): string {
  return Number(x.toPrecision(precision)).toString();
}

/**
 * Where a test saves a screenshot: test-results/screenshots/ (ignored by git). Tests never rewrite tracked
 * files; `npm run screenshots` copies them into media/ for the README on purpose.
 */
export function screenshotPath(name: string): string {
  return path.join(repoRoot(), 'test-results', 'screenshots', name);
}

/**
 * Closes every editor without a save dialog (a dialog stops a smoke-test workbench): dirty documents (edited
 * untitled copies) are reverted and closed first.
 */
export async function closeAllEditorsDiscarding(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
    if (!tab) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** NumPy's values of every array of the tutorial (test/fixtures/programs.json, made by running it). */
export const TUTORIAL_NUMPY = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'programs.json'), 'utf8')).programs['examples/attention_numpy_tutorial.py'] as Record<string, number[][]>;

/** Asserts that a panel state holds data whose output step is NumPy's `attention` of the tutorial, to 1e-9. */
export function assertTutorialOutput(state: ViewState): void {
  assert.equal(state.kind, 'data', state.kind === 'error' ? state.message : '');
  if (state.kind !== 'data') return;
  const output = state.result.steps.find((s) => s.id === 'output');
  assert.ok(output, 'an output step');
  output.matrix.values.forEach((x, k) => {
    const e = TUTORIAL_NUMPY.attention[Math.floor(k / 3)][k % 3];
    assert.ok(x !== null && Math.abs(x - e) < 1e-9, `output[${k}] = ${x}, NumPy ${e}`);
  });
}
