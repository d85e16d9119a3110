/**
 * The id of every command the extension contributes, in one table (no `vscode` import, so that a unit test
 * checks it against `package.json`). Registration is in commands.ts, from one handler per id.
 */
export const COMMANDS = {
  computeOnSelection: 'attentionExplorer.computeOnSelection',
  computeDocument: 'attentionExplorer.computeDocument',
  explorerCompute: 'attentionExplorer.explorer.compute',
  assignRole: 'attentionExplorer.explorer.assignRole',
  reveal: 'attentionExplorer.explorer.reveal',
  liveOn: 'attentionExplorer.live.enable',
  liveOff: 'attentionExplorer.live.disable',
  openSample: 'attentionExplorer.openSample',
} as const;

export type CommandKey = keyof typeof COMMANDS;
