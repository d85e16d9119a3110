/**
 * The "Attention" activity-bar container: the "Matrices" tree and the "Live Attention" view, their
 * commands, and what the extension's API exposes of them for tests. Everything it creates is returned
 * as disposables for the activation context.
 */
import * as vscode from 'vscode';
import { roleTitle, type RoleOverrides } from '../../core/attention/roles';
import { ROLES, type AttentionOptions, type Role } from '../../core/attention/types';
import { foundShapeText } from '../../core/parse/shapeText';
import type { GrammarLoader } from '../../core/parse/treeSitter';
import type { IndexService } from '../index/indexService';
import { ActiveDocument } from './activeDocument';
import type { LiveState } from '../../shared/liveProtocol';
import { COMMANDS } from '../commandIds';
import type { CommandHandlers } from '../commands';
import { setLiveEnabled } from '../config';
import { LIVE_VIEW_ID, LiveAttentionView } from './liveView';
import { type ExplorerItem, type ExplorerNode, MATRICES_VIEW_ID, type MatrixNode, MatricesTree, definitionRange } from './matricesTree';
import { matrixRoles } from '../../core/attention/matrixRoles';
import { revealRange } from './reveal';
import { roleMeaning } from './roleStyle';

/** The commands of the side bar (registered with the others by extension.ts). */
export type ExplorerCommands = Pick<CommandHandlers, 'reveal' | 'assignRole' | 'explorerCompute' | 'liveOn' | 'liveOff'>;

/** The activity-bar container (`workbench.view.extension.<id>` opens it). */
export const CONTAINER_ID = 'attentionExplorer';

/** What the explorer needs of the controller: the user's choices per document, and changing a role. */
export interface ChoicesOwner {
  choices(uri: vscode.Uri): { options: AttentionOptions; roles: RoleOverrides };
  change(uri: vscode.Uri, change: { role: { role: Role; name: string | null } }): Promise<unknown>;
  /** Computes the whole document or notebook in the attention panel. */
  computeDocument(uri: vscode.Uri): Promise<unknown>;
  readonly onDidChangeChoices: vscode.Event<vscode.Uri>;
}

/** The explorer as the extension's API shows it (tests read the tree and the live view through it). */
export interface ExplorerApi {
  /** The tree's rows, depth first. */
  items(): ExplorerItem[];
  /** The row of the last definition named `name` (to pass to the explorer's commands). */
  matrix(name: string): MatrixNode | undefined;
  /**
   * What the live view shows, whether it is on screen, whether a computation is pending, the number of the
   * last state sent and when the view last painted one (host `performance.now()`).
   */
  live(): { readonly state: LiveState; readonly visible: boolean; readonly busy: boolean; readonly sent: number; readonly painted?: { readonly run: number; readonly at: number } };
}

export function registerExplorer(extensionUri: vscode.Uri, loader: GrammarLoader, index: IndexService, owner: ChoicesOwner, log: vscode.LogOutputChannel): { disposables: vscode.Disposable[]; api: ExplorerApi; commands: ExplorerCommands } {
  const active = new ActiveDocument();
  const tree = new MatricesTree(index, active, (uri) => owner.choices(uri), owner.onDidChangeChoices);
  const view = vscode.window.createTreeView(MATRICES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.view = view;
  tree.refresh();
  const live = new LiveAttentionView(extensionUri, {
    loader, index, active,
    choices: (uri) => owner.choices(uri),
    onDidChangeChoices: owner.onDidChangeChoices,
    openPanel: () => void vscode.commands.executeCommand(COMMANDS.explorerCompute),
    log,
  });

  const disposables: vscode.Disposable[] = [
    active, tree, view, live,
    vscode.window.registerWebviewViewProvider(LIVE_VIEW_ID, live),
  ];
  const commands: ExplorerCommands = {
    reveal: (node?: ExplorerNode) => {
      if (node && node.kind !== 'cell') return revealRange(node.document, definitionRange(node), true);
      return undefined;
    },
    assignRole: (node?: MatrixNode, role?: Role | null) => assignRole(owner, index, node ?? nodeAtCursor(tree), role),
    explorerCompute: async () => {
      if (active.uri) return owner.computeDocument(active.uri);
      void vscode.window.showInformationMessage('Open a Python file, a notebook or another file with matrices, then compute its attention.');
      return undefined;
    },
    liveOn: () => setLiveEnabled(true),
    liveOff: () => setLiveEnabled(false),
  };
  const api: ExplorerApi = {
    items: () => tree.items(),
    matrix: (name) => tree.matrixNodes().filter((n) => n.matrix.name === name).pop(),
    live: () => ({ state: live.current, visible: live.visible, busy: live.busy, ...live.paints }),
  };
  return { disposables, api, commands };
}

interface RolePick extends vscode.QuickPickItem {
  readonly role: Role | null;
}

/**
 * Gives `node`'s matrix the role `role` (asks with a quick pick when not given); `null` gives every role
 * chosen for it back to inference. A role chosen for this matrix before is cleared when another is chosen.
 */
async function assignRole(owner: ChoicesOwner, index: IndexService, node: MatrixNode | undefined, role?: Role | null): Promise<void> {
  const name = node?.matrix.name;
  if (!node || !name) {
    void vscode.window.showInformationMessage('Choose a named matrix in the Matrices view (or put the cursor on one) to assign it a role.');
    return;
  }
  const overrides = owner.choices(node.uri).roles;
  const chosen = ROLES.filter((r) => overrides[r] === name);
  if (role === undefined) {
    const picked = await pickRole(owner, index, node, name);
    if (picked === undefined) return;
    role = picked;
  }
  if (role !== null && !ROLES.includes(role)) return;
  for (const r of chosen) if (r !== role) await owner.change(node.uri, { role: { role: r, name: null } });
  if (role !== null && overrides[role] !== name) await owner.change(node.uri, { role: { role, name } });
  if (role === null && chosen.length === 0 && node.roles.length > 0) {
    const titles = node.roles.map((r) => roleTitle(r.role)).join(', ');
    void vscode.window.showInformationMessage(`${name} plays ${titles} because of its name or position; assign another matrix to ${titles} to replace it.`);
  }
}

async function pickRole(owner: ChoicesOwner, index: IndexService, node: MatrixNode, name: string): Promise<Role | null | undefined> {
  const entry = index.get(node.uri);
  const players = new Map<Role, string>();
  if (entry) {
    for (const [m, roles] of matrixRoles(entry.extraction, owner.choices(node.uri).roles).played) {
      for (const r of roles) players.set(r.role, `${m.name ?? 'a literal'}${r.source === 'given' ? ' (given)' : ''}`);
    }
  }
  const own = new Set(node.roles.map((r) => r.role));
  const items: RolePick[] = [
    ...ROLES.map((r): RolePick => ({
      label: roleTitle(r),
      description: roleMeaning(r),
      detail: own.has(r) ? `played by ${name} now` : players.has(r) ? `now: ${players.get(r)}` : undefined,
      role: r,
    })),
    { label: '(no role)', description: 'give the roles chosen for it back to inference', role: null },
  ];
  const quickPick = vscode.window.createQuickPick<RolePick>();
  quickPick.title = `Assign a role to ${name}`;
  quickPick.placeholder = `Role of ${name} (${foundShapeText(node.matrix)})`;
  quickPick.items = items;
  quickPick.matchOnDescription = true;
  const current = items.find((i) => i.role !== null && own.has(i.role));
  if (current) quickPick.activeItems = [current];
  return new Promise((resolve) => {
    let result: Role | null | undefined;
    quickPick.onDidAccept(() => {
      result = quickPick.selectedItems[0]?.role ?? quickPick.activeItems[0]?.role;
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(result);
    });
    quickPick.show();
  });
}

/** The row of the matrix under the cursor of the active editor, when the command runs from the palette. */
function nodeAtCursor(tree: MatricesTree): MatrixNode | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  return tree.matrixNodes().find((n) => {
    if (n.document.toString() !== editor.document.uri.toString()) return false;
    const r = n.matrix.nameRange ?? n.matrix.range;
    return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character).contains(pos);
  });
}
