/**
 * Runs computations for the editor and sends their results to the panels: the one place that connects
 * the core (parser, engine) to VS Code. Owns the grammar loader, the panels and each panel's session
 * (the input, and the options and roles the user chose in the panel).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Analysis, analyze } from '../core/analyze';
import type { RoleOverrides } from '../core/attention/roles';
import { selectBatch } from '../core/attention/batchIndex';
import type { AttentionOptions, AttentionResult, Role } from '../core/attention/types';
import { type ExportFormat, exportMatrix } from '../core/export/formats';
import { GrammarLoader } from '../core/parse/treeSitter';
import { describeRange } from '../core/range';
import type { Extraction } from '../core/parse/types';
import { explainCell } from '../shared/explainCell';
import type { ViewState, WireOptions, WireResult } from '../shared/protocol';
import { toWireResult } from '../shared/wire';
import { defaultOptions, maxResolution, parseLimits, viewSettings } from './config';
import { controlsState } from '../shared/controls';
import { AttentionPanels } from './panel/attentionPanel';
import { revealRange } from './explorer/reveal';
import type { IndexEntry, IndexService } from './index/indexService';
import { type ComputeInput, inputForUri, inputFromActiveEditor, NO_FILE_MESSAGE } from './sources';

/** The analysis worker gave no matrices: the message says why (shown as the panel's error). */
class StoppedAnalysis extends Error {}

/** What a panel computes on, and what the user chose in it. */
interface Session {
  input: ComputeInput;
  options: AttentionOptions;
  roles: RoleOverrides;
  last?: Analysis;
  /** `last` converted whole (not sampled), made when the panel first asks to explain a sampled cell. */
  whole?: WireResult;
  /** The batch element and head the panel shows (null head = the mean); batch element 0 by default. */
  slice?: { readonly batch: readonly number[]; readonly head: number | null };
}

/** When the webview painted the numbers of a computation (`at`: `performance.now()` of the extension host). */
export interface PaintMark {
  readonly run: number;
  readonly at: number;
}

export class AttentionController implements vscode.Disposable {
  private readonly loader: GrammarLoader;
  readonly panels: AttentionPanels;
  private readonly sessions = new Map<string, Session>();
  /** Computations started per document: a result that a later one has overtaken is dropped. */
  private readonly latestRun = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly computed = new vscode.EventEmitter<vscode.Uri>();
  private readonly paints = new Map<string, PaintMark>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when the user changes roles or options of a document (panel or explorer). */
  readonly onDidChangeChoices = this.changed.event;
  /** Fires after a computation for a document finished (its last analysis changed). */
  readonly onDidCompute = this.computed.event;

  /** `output`: the "Attention Explorer" log, where analysis failures and timings go. */
  constructor(context: vscode.ExtensionContext, loader: GrammarLoader, private readonly index: IndexService, private readonly output: vscode.LogOutputChannel) {
    this.loader = loader;
    this.panels = new AttentionPanels(context.extensionUri, {
      recompute: (uri) => void this.recompute(uri),
      reveal: (uri, range, cell) => void this.reveal(uri, range, cell),
      change: (uri, change) => void this.change(uri, change),
      exportStep: (uri, step, head, format) => void this.exportStep(uri, step, head, format),
      saveImage: (uri, format, fileName, data) => void this.saveImage(uri, format, fileName, data),
      explain: (uri, step, head, row, col) => this.explain(uri, step, head, row, col),
      painted: (uri, run) => this.paints.set(uri.toString(), { run, at: performance.now() }),
      unpinned: (uri) => void this.recompute(uri),
      selectSlice: (uri, batch, head) => this.selectSlice(uri, batch, head),
    });
    // The panel follows its document: the index is rebuilt after a short pause in typing, then the panel recomputes.
    this.disposables.push(index.onDidUpdate((entry) => this.follow(entry)));
  }

  /** Recomputes the panel of an edited document, unless it is pinned or already shows that text. */
  private follow(entry: IndexEntry): void {
    const key = entry.uri.toString();
    const session = this.sessions.get(key);
    if (!session || !this.panels.stateOf(entry.uri) || this.panels.isPinned(entry.uri)) return;
    if (sameVersions(session.input.versions, entry.versions)) return;
    void this.recompute(entry.uri);
  }

  /**
   * Makes batch element `batch` and head `head` (null = the mean) current in the panel of `uri` and sends the
   * state again; an index out of range (or a result that has no such batch or head) is ignored.
   */
  selectSlice(uri: vscode.Uri, batch: readonly number[], head: number | null): ViewState | undefined {
    const session = this.sessions.get(uri.toString());
    const shown = this.panels.stateOf(uri);
    const result = session?.last?.result;
    if (!session || !result || shown?.kind !== 'data') return undefined;
    const selected = selectBatch(result, batch);
    const heads = selected?.heads?.length ?? 0;
    if (!selected || (head !== null && head >= heads)) return undefined;
    session.slice = { batch: [...batch], head };
    session.whole = undefined;
    const state: ViewState = { ...shown, result: this.wireOf(session, selected) };
    this.panels.show(uri, state);
    return state;
  }

  /** The panel's result for `shown` (the session's result at its current batch element), with notebook cells. */
  private wireOf(session: Session, shown: AttentionResult): WireResult {
    const wire = toWireResult(shown, false, session.slice?.head ?? null, maxResolution());
    const roleSources = session.last?.roleSources;
    return session.input.sources.length > 1 && roleSources ? { ...wire, inputs: wire.inputs.map((i) => ({ ...i, cell: roleSources.get(i.role) })) } : wire;
  }

  /** When the panel of `uri` last painted numbers (latency marks, for tests). */
  lastPaint(uri: vscode.Uri): PaintMark | undefined {
    return this.paints.get(uri.toString());
  }

  /** "Compute Attention on Selection": the selection, or the whole file or notebook when nothing is selected. */
  async computeOnSelection(): Promise<ViewState | undefined> {
    const input = inputFromActiveEditor();
    if (typeof input === 'string') {
      void vscode.window.showInformationMessage(input);
      return undefined;
    }
    const session = this.sessions.get(input.uri.toString());
    return this.compute({ input, options: session?.options ?? {}, roles: session?.roles ?? {} }, true, true);
  }

  /** Computes attention on the whole document or notebook `uri` (CodeLens, explorer). */
  async computeDocument(uri: vscode.Uri): Promise<ViewState | undefined> {
    const input = inputForUri(uri);
    if (!input) {
      void vscode.window.showInformationMessage(NO_FILE_MESSAGE);
      return undefined;
    }
    const session = this.sessions.get(uri.toString());
    return this.compute({ input, options: session?.options ?? {}, roles: session?.roles ?? {} }, true, true);
  }

  /** Computes again with the document's current text (refresh button, restored panel, changed controls). */
  async recompute(uri: vscode.Uri): Promise<ViewState | undefined> {
    const session = this.sessions.get(uri.toString());
    const fresh = inputForUri(uri);
    if (!fresh && !session) return undefined;
    const input = fresh && session?.input.target ? { ...fresh, title: session.input.title, target: session.input.target } : (fresh ?? (session as Session).input);
    return this.compute({ input, options: session?.options ?? {}, roles: session?.roles ?? {} });
  }

  /** Applies a change from the panel's controls and recomputes at once. */
  async change(uri: vscode.Uri, change: { options?: Partial<WireOptions>; role?: { role: Role; name: string | null } }): Promise<ViewState | undefined> {
    let session = this.sessions.get(uri.toString());
    if (!session) {
      const input = inputForUri(uri);
      if (!input) return undefined;
      session = { input, options: {}, roles: {} };
      this.sessions.set(uri.toString(), session);
    }
    if (change.options) session.options = { ...session.options, ...change.options };
    if (change.role) {
      const roles: Partial<Record<Role, string>> = { ...session.roles };
      if (change.role.name === null) delete roles[change.role.role];
      else roles[change.role.role] = change.role.name;
      session.roles = roles;
    }
    this.changed.fire(uri);
    // Recompute the panel when one is open; otherwise the change waits for the next computation.
    return this.panels.stateOf(uri) ? this.recompute(uri) : undefined;
  }

  /** The roles and options the user chose for `uri` (in the panel or the explorer). */
  choices(uri: vscode.Uri): { options: AttentionOptions; roles: RoleOverrides } {
    const s = this.sessions.get(uri.toString());
    return { options: { ...defaultOptions(), ...s?.options }, roles: s?.roles ?? {} };
  }

  /** The last computation for `uri` as its panel shows it: the chosen batch element, and head (null = the mean). */
  shownResult(uri: vscode.Uri): { readonly result: AttentionResult; readonly head: number | null } | undefined {
    const session = this.sessions.get(uri.toString());
    const result = session && this.sliceShown(session);
    return result ? { result, head: session?.slice?.head ?? null } : undefined;
  }

  /**
   * Computes for `session` and shows the result. `notify`: also raise a notification for an error (when the
   * user ran a command from the editor; a change made in the panel shows its error in the panel only).
   * `reveal`: bring a hidden panel to the front (only for a command the user ran).
   */
  private async compute(session: Session, notify = false, reveal = false): Promise<ViewState> {
    // A command the user ran shows its progress in the status bar (a large file can take a moment).
    if (!notify) return this.computeNow(session, notify, reveal);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Attention Explorer: computing ${session.input.title}` },
      () => this.computeNow(session, notify, reveal),
    );
  }

  private async computeNow(session: Session, notify: boolean, reveal: boolean): Promise<ViewState> {
    const { input } = session;
    const key = input.uri.toString();
    const run = (this.latestRun.get(key) ?? 0) + 1;
    this.latestRun.set(key, run);
    this.sessions.set(key, session);
    if (!this.panels.stateOf(input.uri)) this.panels.show(input.uri, { kind: 'loading', title: input.title });
    const options: AttentionOptions = { ...defaultOptions(), ...session.options };
    const started = performance.now();
    let state: ViewState;
    try {
      // One parse path: the matrices come from the analysis worker (the document index, or a selection read there).
      const found = await this.extraction(input);
      if (typeof found === 'string') throw new StoppedAnalysis(found);
      const analysis = await analyze(this.loader, {
        sources: input.sources, target: input.target, roles: session.roles, options, limits: parseLimits(), scoreFromRoles: true, extraction: found,
      });
      const multi = input.sources.length > 1;
      if (analysis.ok) {
        session.last = analysis.value;
        // Keep the batch element and head the user chose while they still exist; batch element 0 otherwise.
        const full = analysis.value.result;
        const kept = session.slice && selectBatch(full, session.slice.batch);
        const head = session.slice?.head ?? null;
        if (!kept || (head !== null && head >= (kept.heads?.length ?? 0))) session.slice = undefined;
        const wire = this.wireOf(session, kept ?? full);
        state = {
          kind: 'data', title: input.title, result: wire, settings: viewSettings(),
          // The options in force: the score may come from the roles (no score chosen yet).
          controls: controlsState(analysis.value.result.options, session.roles, analysis.value.extraction, analysis.value.roles, multi),
        };
        this.output.info(`${input.title}: computed in ${(performance.now() - started).toFixed(1)} ms (${wire.queryLabels.length} queries × ${wire.keyLabels.length} keys)`);
      } else {
        session.last = undefined;
        const { message, range } = analysis.error;
        const cell = (analysis.error as { source?: number }).source;
        state = {
          kind: 'error', title: input.title, message, ...(range ? { range } : {}), ...(cell !== undefined && multi ? { cell } : {}),
          controls: controlsState(options, session.roles, analysis.extraction, analysis.roles, multi),
        };
        this.output.info(`${input.title}: not computed (${(performance.now() - started).toFixed(1)} ms): ${message}`);
        if (notify) this.notifyError(input, message, range, cell, analysis.error.detail?.kind === 'in-statement');
      }
    } catch (e) {
      if (e instanceof StoppedAnalysis) {
        // Bad input, a budget the analysis ran over, or an internal error in the worker: its message says which.
        session.last = undefined;
        state = { kind: 'error', title: input.title, message: e.message };
        this.output.warn(`${input.title}: not computed: ${e.message}`);
        if (notify) this.notifyError(input, e.message, undefined, undefined, false);
        if (this.latestRun.get(key) !== run) return state;
        this.panels.show(input.uri, state);
        this.computed.fire(input.uri);
        return state;
      }
      // A bug, not bad input: say so plainly and keep the details in the log.
      this.output.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      state = { kind: 'error', title: input.title, message: `Attention Explorer failed unexpectedly: ${e instanceof Error ? e.message : String(e)} (details in the "Attention Explorer" output)` };
      void vscode.window.showErrorMessage(state.message);
    }
    if (this.latestRun.get(key) !== run) return state; // overtaken by a newer computation (fast changes in the panel)
    session.whole = undefined;
    this.panels.show(input.uri, state, reveal);
    this.computed.fire(input.uri);
    return state;
  }

  /**
   * The matrices of `input`, read in the analysis worker: the document index when the whole document is
   * computed, else the selection; a string says why there are none (too large, analysis stopped, …).
   */
  private async extraction(input: ComputeInput): Promise<Extraction | string> {
    const whole = !input.target || (input.sources.length === 1 && !input.target.range);
    if (whole) {
      const entry = await this.index.readyFor(input.uri);
      if (entry && entry.sources.length === input.sources.length && entry.sources.every((s, i) => s.text === input.sources[i].text)) {
        return entry.error ?? entry.extraction;
      }
    }
    const outcome = await this.index.extract(input.sources, input.target);
    return outcome.ok ? outcome.extraction : outcome.message;
  }

  /** `placed`: the message names the statement's line already (`W_K (line 7): …`, an error in a statement). */
  private notifyError(input: ComputeInput, message: string, range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined, cell: number | undefined, placed: boolean): void {
    const said = range ? placed : true;
    const inCell = cell !== undefined && input.sources.length > 1 ? `cell ${cell + 1}` : '';
    const where = range && (!said || inCell) ? ` (${[said ? '' : describeRange(range), inCell].filter(Boolean).join(', ')})` : '';
    const actions = range ? ['Show in Editor'] : [];
    void vscode.window.showErrorMessage(`Attention Explorer: ${message}${where}`, ...actions).then((choice) => {
      if (choice && range) void this.reveal(input.uri, new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), cell);
    });
  }

  /** How real entry (`row`, `col`) of a step of the panel's last result was computed, on the whole matrices. */
  private explain(uri: vscode.Uri, step: string, head: number | undefined, row: number, col: number): string | undefined {
    const session = this.sessions.get(uri.toString());
    if (!session?.last) return undefined;
    session.whole ??= toWireResult(this.sliceShown(session) ?? session.last.result, true);
    return explainCell(session.whole, step, head, row, col, viewSettings().precision);
  }

  /** Selects `range` in the document of `uri` (or in cell `cell` of that notebook) and scrolls to it. */
  async reveal(uri: vscode.Uri, range: vscode.Range, cell: number | undefined): Promise<void> {
    const input = this.sessions.get(uri.toString())?.input;
    const docUri = input?.documents[cell ?? input.target?.source ?? 0] ?? uri;
    await revealRange(docUri, range, false);
  }

  /** The session's last result at the batch element the panel shows. */
  private sliceShown(session: Session): AttentionResult | undefined {
    const result = session.last?.result;
    return result && session.slice ? (selectBatch(result, session.slice.batch) ?? result) : result;
  }

  /** Copies step `stepId` (of head `head`) of the panel's last result to the clipboard in `format`. */
  async exportStep(uri: vscode.Uri, stepId: string, head: number | undefined, format: ExportFormat): Promise<string | undefined> {
    const session = this.sessions.get(uri.toString());
    const result = session && this.sliceShown(session);
    const steps = head === undefined ? result?.steps : result?.heads?.[head]?.steps;
    const step = steps?.find((s) => s.id === stepId);
    if (!step) {
      void vscode.window.showWarningMessage(`Attention Explorer: there is no step "${stepId}" to copy; compute again.`);
      return undefined;
    }
    const name = `${stepId}${head === undefined ? '' : `_head_${head}`}`;
    const text = exportMatrix({ name, matrix: step.matrix, rowLabels: step.rowLabels, colLabels: step.colLabels }, format);
    await vscode.env.clipboard.writeText(format === 'numpy' ? `import numpy as np\n\n${text}` : text);
    const label = { numpy: 'NumPy code', csv: 'CSV', latex: 'LaTeX', markdown: 'a Markdown table' }[format];
    void vscode.window.setStatusBarMessage(`$(check) Copied ${step.title.toLowerCase()} (${step.matrix.rows} × ${step.matrix.cols}) as ${label}`, 4000);
    return text;
  }

  /** Asks where to save an image the webview drew, and writes it there. */
  async saveImage(uri: vscode.Uri, format: 'png' | 'svg', fileName: string, data: string): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
      saveLabel: 'Save Heatmap',
    });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.setStatusBarMessage(`$(check) Saved ${path.basename(target.path)}`, 4000);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.panels.dispose();
    this.changed.dispose();
    this.computed.dispose();
  }
}

function sameVersions(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, k) => v === b[k]);
}
