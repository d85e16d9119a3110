/**
 * The getting-started walkthrough's "open a sample" command: opens a copy of one of the example programs
 * shipped inside the extension (`examples/` is in the .vsix) as a new, untitled document, so that a user can
 * try the extension at once and nothing they type changes the installed files.
 */
import * as vscode from 'vscode';
import { SAMPLES } from '../shared/samples';

/**
 * Opens `examples/<name>` of the extension as an untitled copy; without a name, asks which sample.
 * @throws never: an unknown sample name shows an error message instead.
 */
export async function openSample(extensionUri: vscode.Uri, name?: unknown): Promise<vscode.TextEditor | undefined> {
  const file = typeof name === 'string' ? name : await vscode.window.showQuickPick(Object.keys(SAMPLES), { title: 'Open a sample program (as a new, unsaved document)' });
  if (file === undefined) return undefined;
  const language = SAMPLES[file];
  if (!language) {
    void vscode.window.showErrorMessage(`Attention Explorer has no sample named ${JSON.stringify(file)}; the samples are ${Object.keys(SAMPLES).join(', ')}.`);
    return undefined;
  }
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'examples', file));
  const doc = await vscode.workspace.openTextDocument({ language, content: new TextDecoder().decode(bytes) });
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
}
