/**
 * The getting-started walkthrough: it opens in the Welcome page, its "open the tutorial" link opens the sample
 * shipped inside the extension as an untitled copy, and computing on it shows NumPy's numbers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { hasE2eEndpoint, workbenchText } from './e2eClient';
import { EXTENSION_ID, assertTutorialOutput, attentionTabs, examplePath, finalState, waitFor } from './util';

describe('the getting-started walkthrough', function () {
  this.timeout(90_000);

  let sample: vscode.TextDocument | undefined;
  after(async () => {
    // Close what this suite opened: its panel, and the untitled copy (reverted first, so closing it asks nothing).
    await vscode.window.tabGroups.close(attentionTabs());
    if (sample && !sample.isClosed) {
      await vscode.window.showTextDocument(sample);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('opens in the Welcome page with its steps', async function () {
    if (!hasE2eEndpoint()) this.skip();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    const titles = await waitFor('the walkthrough steps', async () => {
      const t = await workbenchText('.getting-started-step .step-title', 15_000);
      return t.some((x) => /Open a NumPy attention tutorial/.test(x)) ? t : undefined;
    });
    assert.ok(titles.some((t) => /Compute attention/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /Bahdanau/.test(t)), titles.join(' | '));
  });

  it('opens the tutorial as an untitled copy and computes NumPy’s numbers on it', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('attentionExplorer.openSample', 'attention_numpy_tutorial.py');
    assert.ok(editor, 'an editor');
    const doc = editor.document;
    sample = doc;
    assert.equal(doc.uri.scheme, 'untitled', 'a copy, not the installed file');
    assert.equal(doc.languageId, 'python');
    assert.equal(doc.getText(), readFileSync(examplePath('attention_numpy_tutorial.py'), 'utf8'));
    await vscode.commands.executeCommand('attentionExplorer.computeDocument', doc.uri);
    assertTutorialOutput(await finalState(doc.uri));
  });
});
