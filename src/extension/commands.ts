/** Registers every command of the extension, from one table of ids (commandIds.ts) and one handler per id. */
import * as vscode from 'vscode';
import { COMMANDS, type CommandKey } from './commandIds';

/** A command's handler: VS Code passes the arguments of `executeCommand`, a menu's node or a CodeLens' arguments. */
export type CommandHandler = (...args: never[]) => unknown;

/** One handler for each command id: the compiler checks that none is missing. */
export type CommandHandlers = { readonly [K in CommandKey]: CommandHandler };

export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandKey[]).map((key) =>
    vscode.commands.registerCommand(COMMANDS[key], handlers[key] as (...args: unknown[]) => unknown));
}
