/**
 * The "Live Attention" view: the attention weights and output of the shown document with its inferred (or
 * chosen) roles, recomputed after a short pause whenever its index is rebuilt. It computes only while the
 * view is visible and live mode is on; a newer request supersedes an older one, whose result is dropped.
 */
import * as vscode from 'vscode';
import { type Analysis, analyze } from '../../core/analyze';
import { roleTitle, type RoleOverrides } from '../../core/attention/roles';
import type { AttentionOptions, AttentionResult, StepId } from '../../core/attention/types';
import { toText } from '../../core/formula/text';
import type { GrammarLoader } from '../../core/parse/treeSitter';
import type { Problem } from '../../core/parse/types';
import type { SourceRange } from '../../core/range';
import { toWireMatrix } from '../../shared/wire';
import { describeResult } from '../../shared/describe';
import { featureEnabled, onDidChangeSettings, parseLimits, setLiveEnabled, viewSettings } from '../config';
import type { IndexService } from '../index/indexService';
import type { ActiveDocument } from './activeDocument';
import { liveHtml } from './liveHtml';
import { type LiveHostMessage, type LiveLink, type LiveState, parseLiveViewMessage } from '../../shared/liveProtocol';
import { revealRange } from './reveal';

export const LIVE_VIEW_ID = 'attentionExplorer.live';
/** The setting that turns live mode on and off. */
/**
 * Pause after the index was rebuilt before computing. The index itself waits for a pause in typing
 * (IndexService's debounce), so none more is needed here: the view updates ≈ that debounce + the computation
 * after the last keystroke (target ≤ 300 ms).
 */
const LIVE_DELAY_MS = 0;
/** Largest matrix sent to the view, in entries (bigger ones belong in the panel). */
const MAX_ENTRIES = 64 * 64;
/** Significant digits in the view's small cells. */
const LIVE_PRECISION = 3;
/** Problems listed at most. */
const MAX_PROBLEMS = 5;

/** What the view needs from the rest of the extension. */
export interface LiveHost {
  readonly loader: GrammarLoader;
  readonly index: IndexService;
  readonly active: ActiveDocument;
  choices(uri: vscode.Uri): { options: AttentionOptions; roles: RoleOverrides };
  readonly onDidChangeChoices: vscode.Event<vscode.Uri>;
  /** Computes the whole shown document in the attention panel. */
  openPanel(): void;
  /** The extension's log ("Attention Explorer" in the Output view): unexpected failures go there with their stack. */
  readonly log: vscode.LogOutputChannel;
}


export class LiveAttentionView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private state: LiveState = { kind: 'message', message: 'Open a file with matrices to see its attention here.' };
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;
  /** A computation is due (something changed while the view was hidden, or one is scheduled). */
  private dirty = true;
  private running?: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<LiveState>();
  /** States sent to the view, and when the view last painted one (`performance.now()`): latency marks. */
  private sent = 0;
  private paint?: { readonly run: number; readonly at: number };
  /** Fires when the view's state changed (for tests). */
  readonly onDidChangeState = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: LiveHost,
  ) {
    const concerns = (uri: vscode.Uri): boolean => host.active.uri?.toString() === uri.toString();
    this.disposables.push(
      this.changed,
      host.index.onDidUpdate((entry) => concerns(entry.uri) && this.schedule()),
      host.active.onDidChange(() => this.schedule(0)),
      host.onDidChangeChoices((uri) => concerns(uri) && this.schedule(0)),
      onDidChangeSettings(() => this.schedule(0)),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const d of this.viewDisposables) d.dispose();
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] };
    view.webview.html = liveHtml(view.webview, this.extensionUri);
    this.viewDisposables = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible && this.dirty) this.schedule(0);
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        for (const d of this.viewDisposables) d.dispose();
        this.viewDisposables = [];
      }),
    ];
    this.schedule(0);
  }

  /** What the view shows now. */
  get current(): LiveState {
    return this.state;
  }

  /** Is the view on screen? */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** The number of the last state sent to the view, and when the view last painted one (for tests). */
  get paints(): { readonly sent: number; readonly painted?: { readonly run: number; readonly at: number } } {
    return { sent: this.sent, ...(this.paint ? { painted: this.paint } : {}) };
  }

  /** Is a computation scheduled or running? */
  get busy(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  private receive(raw: unknown): void {
    const message = parseLiveViewMessage(raw);
    if (!message) return; // anything outside the protocol is ignored
    switch (message.type) {
      case 'ready':
        void this.post();
        return;
      case 'reveal': {
        const uri = this.host.active.uri;
        const entry = uri && this.host.index.get(uri);
        const document = entry?.documents[message.cell ?? 0] ?? uri;
        if (document) void revealRange(document, message.range, false);
        return;
      }
      case 'openPanel':
        this.host.openPanel();
        return;
      case 'enableLive':
        void setLiveEnabled(true);
        return;
      case 'painted':
        this.paint = { run: message.run, at: performance.now() };
        return;
    }
  }

  /** Computes after `delay` ms when the view is visible and live mode is on; otherwise remembers that one is due. */
  private schedule(delay = LIVE_DELAY_MS): void {
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.view?.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().finally(() => (this.running = undefined));
    }, delay);
  }

  private async run(): Promise<void> {
    this.dirty = false;
    const generation = ++this.generation;
    const state = await this.compute();
    if (generation !== this.generation) return; // a newer request superseded this one
    this.state = state;
    this.changed.fire(state);
    await this.post();
  }

  private async compute(): Promise<LiveState> {
    if (!featureEnabled('live')) return { kind: 'off' };
    const shown = this.host.active.shown;
    if (shown.kind === 'none') return { kind: 'message', message: 'Open a Python file, a notebook or another file with matrices to see its attention here.' };
    if (shown.kind === 'unsupported') return { kind: 'message', message: `Attention Explorer does not read ${shown.languageId} files.` };
    const entry = this.host.index.get(shown.uri);
    const title = shown.uri.path.split('/').pop() ?? shown.uri.toString();
    if (!entry) return { kind: 'loading', title };
    if (entry.error) return { kind: 'error', title, message: entry.error, problems: [] };
    const notebook = shown.notebook;
    const links = (problems: readonly Problem[]): LiveLink[] =>
      problems.slice(0, MAX_PROBLEMS).map((p) => link(p.message, p.focus ?? p.range, notebook ? p.source : undefined));
    if (entry.extraction.matrices.length === 0 && entry.extraction.problems.length === 0) {
      return { kind: 'message', message: `No matrices in ${title} yet. Define X, W_Q, W_K and W_V (or Q, K and V) to see their attention here.` };
    }
    const { options, roles } = this.host.choices(entry.uri);
    try {
      // The index already holds the matrices of the current text: compute on them, without parsing again.
      const r = await analyze(this.host.loader, { sources: entry.sources, extraction: entry.extraction, roles, options, limits: parseLimits(), scoreFromRoles: true });
      if (!r.ok) {
        const { message, range } = r.error;
        const source = (r.error as { source?: number }).source;
        return {
          kind: 'error', title, message,
          ...(range ? { link: link(message, range, notebook ? (source ?? 0) : undefined) } : {}),
          problems: links(r.extraction?.problems ?? entry.extraction.problems),
        };
      }
      return dataState(title, r.value, links(r.value.extraction.problems));
    } catch (e) {
      // A bug, not bad input: the details go to the log, as the panel's do.
      this.host.log.error(`Live view, ${title}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { kind: 'error', title, message: `Attention Explorer failed unexpectedly: ${e instanceof Error ? e.message : String(e)} (details in the "Attention Explorer" output)`, problems: [] };
    }
  }

  private async post(): Promise<void> {
    if (!this.view) return;
    await this.view.webview.postMessage({ type: 'state', state: this.state, run: ++this.sent } satisfies LiveHostMessage);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
    for (const d of [...this.viewDisposables, ...this.disposables]) d.dispose();
  }
}


function dataState(title: string, a: Analysis, problems: LiveLink[]): LiveState {
  const r = a.result;
  const L = r.queryLabels.length;
  const S = r.keyLabels.length;
  const summary = describeResult(r, r.roles);
  const fits = r.weights.data.length <= MAX_ENTRIES && r.output.data.length <= MAX_ENTRIES;
  return {
    kind: 'data', title, summary,
    roles: r.roles.map((b) => ({ title: roleTitle(b.role), name: b.name, source: b.source })),
    queryLabels: [...r.queryLabels],
    keyLabels: [...r.keyLabels],
    ...(fits
      ? { weights: toWireMatrix(r.weights), output: toWireMatrix(r.output) }
      : { tooLarge: `The weights are ${L} × ${S}: too large for this view. Open the panel to see them.` }),
    formulas: { weights: formulaText(r, 'weights'), output: formulaText(r, 'output') },
    notes: [...r.notes],
    problems,
    precision: LIVE_PRECISION,
    colorMap: viewSettings().colorMap,
  };
}

/** A top-level step's formula as text (`A = softmax((Q Kᵀ) / √d_k)`, `Ā = (1 / 2) Σ_h A_h` with heads). */
function formulaText(r: AttentionResult, id: StepId): string {
  const step = r.steps.find((s) => s.id === id);
  return step ? toText(step.formula) : '';
}

function link(message: string, range: SourceRange, cell: number | undefined): LiveLink {
  return cell === undefined ? { message, range } : { message, range, cell };
}
