/** A CodeLens "Compute attention" above the block where the roles of a full pipeline were found. */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { featureEnabled } from '../config';
import { assignRoles } from '../../core/attention/roles';
import { InputError } from '../../core/errors';
import { visibleDefinitions } from '../../core/parse/definitions';
import type { FoundMatrix } from '../../core/parse/types';
import type { IndexService } from '../index/indexService';

export class ComputeCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly index: IndexService) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!featureEnabled('codeLens')) return [];
    const location = this.index.locate(doc);
    if (!location) return [];
    const named = visibleDefinitions(location.entry.extraction).filter((m) => m.name !== null);
    const latest = new Map(named.map((m) => [m.name as string, m]));
    let roles;
    try {
      // Only names count here: position-based guesses would put a lens above any three matrices.
      if (named.length < 3) return [];
      roles = assignRoles(named);
    } catch (e) {
      if (e instanceof InputError) return [];
      throw e;
    }
    const main = roles.mode === 'projection' ? [roles.x, roles.wq, roles.wk, roles.wv] : [roles.q, roles.k, roles.v];
    const here = main.map((b) => latest.get(b.name)).filter((m): m is FoundMatrix => m !== undefined && m.source === location.source);
    if (here.length === 0) return [];
    const first = here.reduce((a, b) => (b.range.start.line < a.range.start.line ? b : a));
    const line = first.range.start.line;
    const what = roles.mode === 'projection' ? `X = ${roles.x.name}, W_Q, W_K, W_V` : `Q = ${roles.q.name}, K = ${roles.k.name}, V = ${roles.v.name}`;
    return [
      new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '$(symbol-array) Compute attention',
        tooltip: `Compute attention on this ${location.entry.documents.length > 1 ? 'notebook' : 'file'} (${what})`,
        command: COMMANDS.computeDocument,
        arguments: [location.entry.uri],
      }),
    ];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
