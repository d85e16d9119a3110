/** Registers the editor features that read the document index: hovers, inlay hints, CodeLens, diagnostics. */
import * as vscode from 'vscode';
import type { AttentionController } from '../controller';
import type { IndexService } from '../index/indexService';
import { COMPUTE_DOCUMENT_COMMAND, ComputeCodeLensProvider } from './codeLens';
import { ShapeDiagnostics } from './diagnostics';
import { MatrixHoverProvider } from './hover';
import { ShapeInlayHintsProvider } from './inlayHints';
import { DOCUMENT_SELECTOR } from './languages';
import { NO_FILE_MESSAGE } from '../sources';

export function registerEditorFeatures(index: IndexService, controller: AttentionController): vscode.Disposable[] {
  const hints = new ShapeInlayHintsProvider(index);
  const lenses = new ComputeCodeLensProvider(index);
  const diagnostics = new ShapeDiagnostics();
  for (const uri of vscode.workspace.textDocuments.map((d) => d.uri)) {
    const entry = index.get(uri);
    if (entry) diagnostics.update(entry);
  }
  return [
    hints,
    lenses,
    diagnostics,
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new MatrixHoverProvider(index, controller)),
    vscode.languages.registerInlayHintsProvider(DOCUMENT_SELECTOR, hints),
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, diagnostics, { providedCodeActionKinds: ShapeDiagnostics.providedCodeActionKinds }),
    index.onDidUpdate((entry) => {
      diagnostics.update(entry);
      hints.refresh();
      lenses.refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.clear([d.uri])),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('attentionExplorer.inlayHints')) hints.refresh();
      if (e.affectsConfiguration('attentionExplorer.codeLens')) lenses.refresh();
    }),
    vscode.commands.registerCommand(COMPUTE_DOCUMENT_COMMAND, (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri ?? vscode.window.activeNotebookEditor?.notebook.uri;
      if (target) return controller.computeDocument(target);
      void vscode.window.showInformationMessage(NO_FILE_MESSAGE);
      return undefined;
    }),
  ];
}
