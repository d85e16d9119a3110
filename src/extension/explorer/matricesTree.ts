/**
 * The "Matrices" tree: the matrices the index found in the shown document (grouped by cell in a notebook),
 * with shape, line and role, then the problems that stop a matrix from being read. It reads the index and
 * the user's role choices; it never parses.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import { visibleDefinitions } from '../../core/parse/definitions';
import { roleForName, roleTitle, type RoleOverrides } from '../../core/attention/roles';
import type { Role } from '../../core/attention/types';
import { displayedSlice, foundShapeText } from '../../core/parse/shapeText';
import { type FoundMatrix, type Problem, UNSEEDED_NOTE } from '../../core/parse/types';
import type { SourceRange } from '../../core/range';
import type { IndexEntry, IndexService } from '../index/indexService';
import type { ActiveDocument } from './activeDocument';
import { type MatrixRoles, matrixRoles, type PlayedRole } from './matrixRoles';
import { rootProblems } from './problems';
import { roleIcon, roleMeaning } from './roleStyle';

export const MATRICES_VIEW_ID = 'attentionExplorer.matrices';
/** Context key for the welcome content: `none`, `unsupported`, `indexing`, `empty` or `items`. */
const STATE_KEY = 'attentionExplorer.explorer.state';

/** A matrix definition in the shown document. */
export interface MatrixNode {
  readonly kind: 'matrix';
  /** The document or notebook. */
  readonly uri: vscode.Uri;
  /** The text document holding the definition (the cell's, in a notebook). */
  readonly document: vscode.Uri;
  readonly notebook: boolean;
  readonly matrix: FoundMatrix;
  /** The roles it plays in a computation of the document with the current choices. */
  readonly roles: readonly PlayedRole[];
  /** The role its name suggests when it plays none (e.g. Q when X and the projections are used). */
  readonly suggested?: Role;
  /** The line of a later definition of the same name, which is the one used. */
  readonly redefinedAt?: number;
  readonly parent?: CellNode;
}

/** Something that stops a matrix from being read (a ragged literal, a shape mismatch). */
export interface ProblemNode {
  readonly kind: 'problem';
  readonly uri: vscode.Uri;
  readonly document: vscode.Uri;
  readonly problem: Problem;
  readonly parent?: CellNode;
}

/** A notebook cell that defines matrices. */
export interface CellNode {
  readonly kind: 'cell';
  readonly uri: vscode.Uri;
  readonly cell: number;
  readonly children: (MatrixNode | ProblemNode)[];
}

export type ExplorerNode = CellNode | MatrixNode | ProblemNode;

/** A row of the tree as people see it (for tests and the API). */
export interface ExplorerItem {
  readonly kind: ExplorerNode['kind'];
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly cell?: number;
  readonly depth: number;
}

export class MatricesTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private roots: ExplorerNode[] = [];
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidChangeTreeData = this.emitter.event;
  /** Set by the owner once the tree view exists (for its message and description). */
  view?: vscode.TreeView<ExplorerNode>;

  constructor(
    private readonly index: IndexService,
    private readonly active: ActiveDocument,
    private readonly choices: (uri: vscode.Uri) => { roles: RoleOverrides },
    onDidChangeChoices: vscode.Event<vscode.Uri>,
  ) {
    const concerns = (uri: vscode.Uri): boolean => this.active.uri?.toString() === uri.toString();
    this.disposables.push(
      index.onDidUpdate((entry) => concerns(entry.uri) && this.refresh()),
      active.onDidChange(() => this.refresh()),
      onDidChangeChoices((uri) => concerns(uri) && this.refresh()),
    );
    this.refresh();
  }

  /** Rebuilds the rows from the index and the current choices. */
  refresh(): void {
    const shown = this.active.shown;
    const entry = shown.kind === 'document' ? this.index.get(shown.uri) : undefined;
    const roles = entry ? matrixRoles(entry.extraction, this.choices(entry.uri).roles) : undefined;
    this.roots = entry && roles && shown.kind === 'document' ? buildNodes(entry, shown.notebook, roles) : [];
    const state = shown.kind !== 'document' ? shown.kind : !entry ? 'indexing' : this.roots.length ? 'items' : 'empty';
    void vscode.commands.executeCommand('setContext', STATE_KEY, state);
    if (this.view) {
      this.view.description = shown.kind === 'document' ? baseName(shown.uri) : undefined;
      this.view.message = entry?.error
        ? `Cannot read this document: ${entry.error}`
        : state === 'items' && roles?.incomplete ? `Roles incomplete: ${roles.incomplete}` : undefined;
    }
    this.emitter.fire(undefined);
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] {
    if (!node) return this.roots;
    return node.kind === 'cell' ? node.children : [];
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.kind === 'cell' ? undefined : node.parent;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'cell': {
        const item = new vscode.TreeItem(`Cell ${node.cell + 1}`, vscode.TreeItemCollapsibleState.Expanded);
        const count = node.children.filter((c) => c.kind === 'matrix').length;
        item.id = `${node.uri.toString()}#cell${node.cell}`;
        item.description = `${count} ${count === 1 ? 'matrix' : 'matrices'}`;
        item.iconPath = new vscode.ThemeIcon('notebook');
        item.contextValue = 'cell';
        return item;
      }
      case 'matrix': {
        const m = node.matrix;
        const item = new vscode.TreeItem(m.name ?? '(literal)', vscode.TreeItemCollapsibleState.None);
        item.id = `${node.uri.toString()}#${m.source}:${m.name ?? ''}@${m.range.start.line}:${m.range.start.character}`;
        item.description = matrixDescription(node);
        item.tooltip = markdown(tooltipLines(node));
        item.iconPath = roleIcon(node.roles[0]?.role);
        item.contextValue = m.name === null ? 'matrix.literal' : 'matrix.named';
        item.command = { command: COMMANDS.reveal, title: 'Show in Editor', arguments: [node] };
        item.accessibilityInformation = { label: `${m.name ?? 'literal'}, ${item.description}` };
        return item;
      }
      case 'problem': {
        const p = node.problem;
        const item = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.uri.toString()}#problem${p.source}@${p.range.start.line}:${p.range.start.character}:${p.message.length}`;
        item.description = `line ${p.range.start.line + 1}`;
        item.tooltip = problemTooltip(node);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.contextValue = 'problem';
        item.command = { command: COMMANDS.reveal, title: 'Show in Editor', arguments: [node] };
        return item;
      }
    }
  }

  /** Every row, depth first, as people see it. */
  items(): ExplorerItem[] {
    const out: ExplorerItem[] = [];
    const walk = (nodes: readonly ExplorerNode[], depth: number): void => {
      for (const n of nodes) {
        const item = this.getTreeItem(n);
        const tooltip = n.kind === 'matrix' ? tooltipLines(n).join('\n') : n.kind === 'problem' ? problemTooltip(n) : '';
        out.push({
          kind: n.kind,
          label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
          description: typeof item.description === 'string' ? item.description : '',
          tooltip,
          ...(n.kind === 'cell' ? { cell: n.cell } : n.parent ? { cell: n.parent.cell } : {}),
          depth,
        });
        walk(this.getChildren(n), depth + 1);
      }
    };
    walk(this.roots, 0);
    return out;
  }

  /** The matrix rows, depth first. */
  matrixNodes(): MatrixNode[] {
    return this.roots.flatMap((n) => (n.kind === 'cell' ? n.children : [n])).filter((n): n is MatrixNode => n.kind === 'matrix');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function buildNodes(entry: IndexEntry, notebook: boolean, { played }: MatrixRoles): ExplorerNode[] {
  const { matrices, problems } = entry.extraction;
  const used = new Set(visibleDefinitions(entry.extraction));
  const document = (source: number): vscode.Uri => entry.documents[source] ?? entry.uri;

  const matrixNode = (m: FoundMatrix, parent: CellNode | undefined): MatrixNode => {
    const roles = played.get(m) ?? [];
    const suggested = m.name !== null && roles.length === 0 && used.has(m) ? roleForName(m.name) : undefined;
    const later = used.has(m) ? undefined : [...used].find((u) => u.name === m.name);
    return {
      kind: 'matrix', uri: entry.uri, document: document(m.source), notebook, matrix: m, roles,
      ...(suggested ? { suggested } : {}),
      ...(later ? { redefinedAt: later.range.start.line } : {}),
      ...(parent ? { parent } : {}),
    };
  };
  const problemNode = (p: Problem, parent: CellNode | undefined): ProblemNode => ({ kind: 'problem', uri: entry.uri, document: document(p.source), problem: p, ...(parent ? { parent } : {}) });
  const rootCauses = rootProblems(problems);

  if (!notebook) return [...matrices.map((m) => matrixNode(m, undefined)), ...rootCauses.map((p) => problemNode(p, undefined))];
  const cells = new Map<number, CellNode>();
  const cellOf = (source: number): CellNode => {
    let c = cells.get(source);
    if (!c) cells.set(source, (c = { kind: 'cell', uri: entry.uri, cell: source, children: [] }));
    return c;
  };
  for (const m of matrices) {
    const c = cellOf(m.source);
    c.children.push(matrixNode(m, c));
  }
  for (const p of rootCauses) {
    const c = cellOf(p.source);
    c.children.push(problemNode(p, c));
  }
  return [...cells.values()].sort((a, b) => a.cell - b.cell);
}

function matrixDescription(node: MatrixNode): string {
  const m = node.matrix;
  const roles = node.roles.map((r) => `${roleTitle(r.role)}${r.source === 'given' ? ' (given)' : ''}`).join(', ');
  return `${foundShapeText(m)} · line ${m.range.start.line + 1}${roles ? ` · ${roles}` : ''}`;
}

/** The tooltip of a matrix row, line by line, as plain text: shape and line, origin, role. */
function tooltipLines(node: MatrixNode): string[] {
  const m = node.matrix;
  const lines = [
    `${m.name ?? 'Matrix literal'} · ${foundShapeText(m)}${displayedSlice(m) ? ` (showing ${displayedSlice(m)})` : ''} · line ${m.range.start.line + 1}${node.parent ? ` of cell ${node.parent.cell + 1}` : ''}`,
    `Origin: ${m.origin ?? 'literal'}`,
    ...(m.unseeded ? [`Note: ${UNSEEDED_NOTE}`] : []),
    ...(m.precision ? [`Note: ${m.precision}`] : []),
  ];
  for (const r of node.roles) {
    const why = r.source === 'given' ? 'given' : m.name !== null && roleForName(m.name) === r.role ? 'inferred from the name' : 'inferred from its position';
    lines.push(`Role: ${roleTitle(r.role)} (${roleMeaning(r.role)}), ${why}`);
  }
  if (node.roles.length === 0) {
    if (node.redefinedAt !== undefined) lines.push(`Role: none (redefined on line ${node.redefinedAt + 1}; that definition is used)`);
    else if (node.suggested) lines.push(`Role: none (the name suggests ${roleTitle(node.suggested)}, but this computation does not use it)`);
    else lines.push('Role: none');
  }
  if (m.rowLabels?.length) lines.push(`Rows: ${m.rowLabels.join(', ')}`);
  return lines;
}

function problemTooltip(node: ProblemNode): string {
  const p = node.problem;
  return `${p.message} (line ${p.range.start.line + 1}${node.parent ? `, cell ${p.source + 1}` : ''})`;
}

function markdown(lines: readonly string[]): vscode.MarkdownString {
  const [first, ...rest] = lines.map((l) => l.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&'));
  return new vscode.MarkdownString([`**${first}**`, ...rest].join('\n\n'));
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}

/** The range a click selects: the name of an assignment, else the whole definition (the focus of a problem). */
export function definitionRange(node: MatrixNode | ProblemNode): SourceRange {
  return node.kind === 'matrix' ? (node.matrix.nameRange ?? node.matrix.range) : (node.problem.focus ?? node.problem.range);
}
