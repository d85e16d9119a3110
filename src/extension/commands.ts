/** The extension's commands, as a table: id → handler. */
import * as vscode from 'vscode';
import type { AttentionController } from './controller';

export const COMMANDS = {
  computeOnSelection: 'attentionExplorer.computeOnSelection',
} as const;

export function registerCommands(controller: AttentionController): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMANDS.computeOnSelection, () => controller.computeOnSelection())];
}
