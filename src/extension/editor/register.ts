/** Registers the editor features that read the document index: hovers, inlay hints, CodeLens, diagnostics. */
import * as vscode from 'vscode';
import { featureEnabled, onDidChangeSettings } from '../config';
import type { IndexEntry } from '../index/indexService';
import type { AttentionController } from '../controller';
import type { IndexService } from '../index/indexService';
import { ComputeCodeLensProvider } from './codeLens';
import { ShapeDiagnostics } from './diagnostics';
import { MatrixHoverProvider } from './hover';
import { ShapeInlayHintsProvider } from './inlayHints';
import { DOCUMENT_SELECTOR } from './languages';

export function registerEditorFeatures(index: IndexService, controller: AttentionController): vscode.Disposable[] {
  const hints = new ShapeInlayHintsProvider(index);
  const lenses = new ComputeCodeLensProvider(index);
  const diagnostics = new ShapeDiagnostics();
  /** Publishes every indexed document's problems, or none when diagnostics are switched off. */
  const publishAll = (): void => {
    for (const uri of vscode.workspace.textDocuments.map((d) => d.uri)) {
      const entry = index.get(uri);
      if (entry) publish(entry);
    }
  };
  const publish = (entry: IndexEntry): void => {
    if (featureEnabled('diagnostics')) diagnostics.update(entry);
    else diagnostics.clear(entry.documents);
  };
  publishAll();
  return [
    hints,
    lenses,
    diagnostics,
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new MatrixHoverProvider(index, controller)),
    vscode.languages.registerInlayHintsProvider(DOCUMENT_SELECTOR, hints),
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, diagnostics, { providedCodeActionKinds: ShapeDiagnostics.providedCodeActionKinds }),
    index.onDidUpdate((entry) => {
      publish(entry);
      hints.refresh();
      lenses.refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.clear([d.uri])),
    onDidChangeSettings(() => hints.refresh(), 'inlayHints'),
    onDidChangeSettings(() => lenses.refresh(), 'codeLens'),
    onDidChangeSettings(publishAll, 'diagnostics'),
  ];
}
