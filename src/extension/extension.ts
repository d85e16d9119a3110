/** Activation: creates the controller, registers commands and the panel serializer; all disposables in one place. */
import * as vscode from 'vscode';
import type { ViewState } from '../shared/protocol';
import { registerCommands } from './commands';
import { AttentionController } from './controller';
import { PANEL_VIEW_TYPE } from './panel/attentionPanel';

/** What the extension exposes to other extensions and to its tests. */
export interface AttentionExplorerApi {
  /** The view state of the panel of `uri`, if there is one. */
  panelState(uri: vscode.Uri): ViewState | undefined;
}

export function activate(context: vscode.ExtensionContext): AttentionExplorerApi {
  const controller = new AttentionController(context);
  context.subscriptions.push(
    controller,
    ...registerCommands(controller),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => controller.panels.revive(panel, state),
    }),
  );
  return { panelState: (uri) => controller.panels.stateOf(uri) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
