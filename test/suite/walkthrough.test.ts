/**
 * The getting-started walkthrough: it opens in the Welcome page, its "open the tutorial" link opens the sample
 * shipped inside the extension as an untitled copy, and its "Compute Attention" link, run from the Welcome page,
 * computes on that copy and shows NumPy's numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { skipWithoutDom, workbenchText } from './e2eClient';
import { EXTENSION_ID, assertTutorialOutput, closeAllEditorsDiscarding, examplePath, finalState, waitFor } from './util';

describe('the getting-started walkthrough', function () {
  this.timeout(90_000);

  // Close what this suite opened: the Welcome page, the panel and the untitled copy (reverted first, so closing it asks nothing).
  after(() => closeAllEditorsDiscarding());

  it('opens in the Welcome page with its steps', async function () {
    skipWithoutDom(this, 'the workbench’s DOM (the Welcome page)');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    const titles = await waitFor('the walkthrough steps', async () => {
      const t = await workbenchText('.getting-started-step .step-title', 15_000);
      return t.some((x) => /Open a NumPy attention tutorial/.test(x)) ? t : undefined;
    });
    assert.ok(titles.some((t) => /Compute attention/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /Bahdanau/.test(t)), titles.join(' | '));
  });

  it('opens the tutorial as an untitled copy, and its Compute link, clicked on the Welcome page, shows NumPy’s numbers', async () => {
    const walkthrough = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    await walkthrough();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('attentionExplorer.openSample', 'attention_numpy_tutorial.py');
    assert.ok(editor, 'an editor');
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'untitled', 'a copy, not the installed file');
    assert.equal(doc.languageId, 'python');
    assert.equal(doc.getText(), readFileSync(examplePath('attention_numpy_tutorial.py'), 'utf8'));
    // Back on the Welcome page (the sample behind it), the next step's link runs the command with no argument.
    await walkthrough();
    await waitFor('the Welcome page in front of the sample', () => (vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputText ? undefined : true));
    // With the Welcome page in front there is no active text editor: the command falls back to the last one.
    assert.equal(vscode.window.activeTextEditor, undefined, 'no active text editor while the Welcome page is in front');
    await vscode.commands.executeCommand('attentionExplorer.computeDocument');
    assertTutorialOutput(await finalState(doc.uri));
  });
});
