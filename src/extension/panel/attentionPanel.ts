/**
 * The attention panels: one webview panel per document (or notebook), revealed again when the command is
 * re-run, restored after a reload by a serializer. Each panel shows exactly one view state at a time.
 */
import * as vscode from 'vscode';
import type { Role } from '../../core/attention/types';
import { type ExportFormat, type HostMessage, type ViewState, type WireOptions, parseSavedPanel, parseWebviewMessage } from '../../shared/protocol';
import { panelHtml, makeNonce } from './html';
import { packState } from './pack';

export const PANEL_VIEW_TYPE = 'attentionExplorer.panel';

/** What a panel asks of its owner. */
export interface PanelHost {
  /** Compute again for this document (refresh button, restored panel). */
  recompute(uri: vscode.Uri): void;
  /** Select `range` of the panel's document (`cell` for a notebook) in the editor. */
  reveal(uri: vscode.Uri, range: vscode.Range, cell: number | undefined): void;
  /** The user changed options or a role in the panel's controls. */
  change(uri: vscode.Uri, change: { options?: Partial<WireOptions>; role?: { role: Role; name: string | null } }): void;
  /** Copy a step to the clipboard. */
  exportStep(uri: vscode.Uri, step: string, head: number | undefined, format: ExportFormat): void;
  /** Save an image the webview drew. */
  saveImage(uri: vscode.Uri, format: 'png' | 'svg', fileName: string, data: string): void;
  /** How real entry (row, col) of a step was computed (the panel received the step sampled). */
  explain(uri: vscode.Uri, step: string, head: number | undefined, row: number, col: number): string | undefined;
  /** The webview painted the numbers of computation `run` (latency marks). */
  painted(uri: vscode.Uri, run: number): void;
  /** The panel was unpinned: it follows its document again. */
  unpinned(uri: vscode.Uri): void;
  /** Show batch element `batch` and head `head` (null = the mean) of the last result; ignored when out of range. */
  selectSlice(uri: vscode.Uri, batch: readonly number[], head: number | null): void;
}

class Panel implements vscode.Disposable {
  private state: ViewState;
  private ready = false;
  /** Computations shown so far (each final state gets the next number). */
  private runs = 0;
  /** Pinned: the panel keeps its numbers while its document is edited. */
  pinned = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    extensionUri: vscode.Uri,
    host: PanelHost,
    initial: ViewState,
    onDispose: () => void,
  ) {
    this.state = initial;
    const webview = webviewPanel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    webview.html = panelHtml(webview, extensionUri, makeNonce());
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) return; // anything not in the protocol is ignored
        switch (message.type) {
          case 'ready':
            this.ready = true;
            void this.post();
            return;
          case 'recompute':
            host.recompute(this.uri);
            return;
          case 'reveal': {
            const { start, end } = message.range;
            host.reveal(this.uri, new vscode.Range(start.line, start.character, end.line, end.character), message.cell);
            return;
          }
          case 'setOptions':
            host.change(this.uri, { options: message.options });
            return;
          case 'setRole':
            host.change(this.uri, { role: { role: message.role, name: message.name } });
            return;
          case 'export':
            host.exportStep(this.uri, message.step, message.head, message.format);
            return;
          case 'saveImage':
            host.saveImage(this.uri, message.format, message.fileName, message.data);
            return;
          case 'explain': {
            const { step, head, row, col } = message;
            const text = host.explain(this.uri, step, head, row, col) ?? 'This entry cannot be explained any more: compute again.';
            void webview.postMessage({ type: 'explanation', step, ...(head !== undefined ? { head } : {}), row, col, text } satisfies HostMessage);
            return;
          }
          case 'painted':
            host.painted(this.uri, message.run);
            return;
          case 'pin':
            this.pinned = message.pinned;
            this.state = { ...this.state, pinned: this.pinned };
            void this.post();
            if (!this.pinned) host.unpinned(this.uri);
            return;
          case 'selectSlice':
            host.selectSlice(this.uri, message.batch, message.head);
            return;
        }
      }),
      webviewPanel.onDidDispose(() => {
        onDispose();
        this.dispose();
      }),
    );
  }

  /** The state shown (or about to be shown). */
  get current(): ViewState {
    return this.state;
  }

  show(state: ViewState): void {
    const stamp = state.kind === 'loading' ? {} : { run: ++this.runs, updatedAt: Date.now() };
    this.state = { ...state, documentUri: this.uri.toString(), ...stamp, pinned: this.pinned };
    this.webviewPanel.title = `Attention: ${state.title}`;
    void this.post();
  }

  private async post(): Promise<void> {
    if (!this.ready) return; // the webview asks with `ready` once its script runs
    // Large matrices travel packed (base64 float64: exact, half the size of JSON numbers).
    const message: HostMessage = { type: 'state', state: packState(this.state) };
    try {
      await this.webviewPanel.webview.postMessage(message);
    } catch (e) {
      // E.g. a result too large to serialise: say so in the panel rather than spin forever.
      if (this.state.kind === 'error') return;
      this.state = { kind: 'error', title: this.state.title, message: `The result could not be shown: ${e instanceof Error ? e.message : String(e)}. Try a smaller selection.`, documentUri: this.uri.toString() };
      await this.webviewPanel.webview.postMessage({ type: 'state', state: this.state } satisfies HostMessage).then(undefined, () => undefined);
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** All attention panels, keyed by document URI. */
export class AttentionPanels implements vscode.Disposable {
  private readonly panels = new Map<string, Panel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {}

  /**
   * Shows `state` in the panel of `uri`, creating it beside the editor (without taking the focus). `reveal`:
   * bring a hidden panel to the front (a command the user ran); otherwise (edits followed, roles chosen in the
   * side bar, the panel's own controls) a hidden panel is updated where it is, never over the editor.
   */
  show(uri: vscode.Uri, state: ViewState, reveal = false): void {
    const existing = this.panels.get(uri.toString());
    if (existing) {
      if (reveal && !existing.webviewPanel.visible) existing.webviewPanel.reveal(undefined, true);
      existing.show(state);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Attention: ${state.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    this.adopt(webviewPanel, uri, state);
  }

  /** Re-attaches a panel restored by VS Code after a reload; it shows its last state and computes again. */
  revive(webviewPanel: vscode.WebviewPanel, saved: unknown): void {
    const restored = parseSavedPanel(saved);
    if (!restored) {
      webviewPanel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(restored.documentUri);
    this.adopt(webviewPanel, uri, restored.view);
    this.host.recompute(uri);
  }

  /** Is the panel of `uri` pinned (not following edits)? */
  isPinned(uri: vscode.Uri): boolean {
    return this.panels.get(uri.toString())?.pinned ?? false;
  }

  /** The state shown for `uri`, if it has a panel. */
  stateOf(uri: vscode.Uri): ViewState | undefined {
    return this.panels.get(uri.toString())?.current;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, state: ViewState): void {
    webviewPanel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-icon.svg');
    const key = uri.toString();
    const panel = new Panel(webviewPanel, uri, this.extensionUri, this.host, state, () => this.panels.delete(key));
    this.panels.set(key, panel);
    panel.show(state);
  }

  dispose(): void {
    for (const p of this.panels.values()) p.webviewPanel.dispose();
    this.panels.clear();
  }
}
