/** Activation: creates the controller, registers commands and the panel serializer; all disposables in one place. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { IndexClient } from '../core/index/indexClient';
import { KERNELS_WASM_FILE, provideWasmKernels } from '../core/matrix/wasm/kernels';
import { GrammarLoader } from '../core/parse/treeSitter';
import type { ViewState } from '../shared/protocol';
import { registerCommands } from './commands';
import { AttentionController, type PaintMark } from './controller';
import { analysisMemory, analysisTimeout } from './config';
import { IndexService } from './index/indexService';
import { spawnNodeWorker } from './index/nodeWorker';
import { registerEditorFeatures } from './editor/register';
import { type ExplorerApi, registerExplorer } from './explorer/explorer';
import { PANEL_VIEW_TYPE } from './panel/attentionPanel';
import { NO_FILE_MESSAGE } from './sources';
import { openSample } from './walkthrough';

/** What the extension exposes to other extensions and to its tests. */
export interface AttentionExplorerApi {
  /** The view state of the panel of `uri`, if there is one. */
  panelState(uri: vscode.Uri): ViewState | undefined;
  /** When the panel of `uri` last painted numbers (its run and the host's `performance.now()`): latency marks. */
  panelPaint(uri: vscode.Uri): PaintMark | undefined;
  /** What the panel's `selectSlice` message does: show batch element `batch`, head `head` (null = mean); the new state. */
  selectSlice(uri: vscode.Uri, batch: readonly number[], head: number | null): ViewState | undefined;
  /** The document index (for tests and benchmarks). */
  readonly index: IndexService;
  /** The "Attention" side bar: the Matrices tree and the Live Attention view (for tests). */
  readonly explorer: ExplorerApi;
}

export function activate(context: vscode.ExtensionContext): AttentionExplorerApi {
  const dist = path.join(context.extensionPath, 'dist');
  const loader = new GrammarLoader((file) => path.join(dist, file));
  provideWasmKernels(() => readFileSync(path.join(dist, KERNELS_WASM_FILE)));
  // Parsing and evaluation run in a worker thread, one per window, never on the extension host's thread.
  const worker = new IndexClient({
    spawn: () => spawnNodeWorker(path.join(dist, 'indexWorker.js'), dist, analysisMemory()),
    timeoutMs: analysisTimeout,
    memoryMb: analysisMemory,
  });
  // One log for the whole extension ("Attention Explorer" in the Output view): analysis failures and timings.
  const output = vscode.window.createOutputChannel('Attention Explorer', { log: true });
  const index = new IndexService(worker, output);
  const controller = new AttentionController(context, loader, index, output);
  const explorer = registerExplorer(context.extensionUri, loader, index, controller, output);
  // The walkthrough's "Compute Attention" link runs while the Welcome page (not a text editor) is active: the
  // document meant is the text editor the user had last, e.g. the sample the previous step opened.
  let lastTextEditor = vscode.window.activeTextEditor?.document.uri;
  const lastOpenText = (): vscode.Uri | undefined =>
    lastTextEditor && vscode.workspace.textDocuments.some((d) => d.uri.toString() === lastTextEditor?.toString()) ? lastTextEditor : undefined;
  context.subscriptions.push(
    output,
    index,
    controller,
    ...registerCommands({
      computeOnSelection: () => controller.computeOnSelection(),
      computeDocument: (uri?: vscode.Uri) => {
        const target = uri ?? vscode.window.activeTextEditor?.document.uri ?? vscode.window.activeNotebookEditor?.notebook.uri ?? lastOpenText();
        if (target) return controller.computeDocument(target);
        void vscode.window.showInformationMessage(NO_FILE_MESSAGE);
        return undefined;
      },
      openSample: (name?: unknown) => openSample(context.extensionUri, name),
      ...explorer.commands,
    }),
    ...registerEditorFeatures(index, controller),
    ...explorer.disposables,
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastTextEditor = e.document.uri;
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => controller.panels.revive(panel, state),
    }),
  );
  return { panelState: (uri) => controller.panels.stateOf(uri), panelPaint: (uri) => controller.lastPaint(uri), selectSlice: (uri, batch, head) => controller.selectSlice(uri, batch, head), index, explorer: explorer.api };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
