/**
 * Runs computations for the editor and sends their results to the panels: the one place that connects
 * the core (parser, engine) to VS Code. Owns the grammar loader and the panels.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import { GrammarLoader } from '../core/parse/treeSitter';
import { describeRange } from '../core/range';
import type { ViewState } from '../shared/protocol';
import { toWireResult } from '../shared/wire';
import { defaultOptions, parseLimits, viewSettings } from './config';
import { AttentionPanels } from './panel/attentionPanel';
import { type ComputeInput, inputForUri, inputFromActiveEditor } from './sources';

export class AttentionController implements vscode.Disposable {
  private readonly loader: GrammarLoader;
  readonly panels: AttentionPanels;
  /** The last input of each panel's document, so the refresh button keeps the same selection. */
  private readonly lastInputs = new Map<string, ComputeInput>();
  private readonly output: vscode.LogOutputChannel;

  constructor(private readonly context: vscode.ExtensionContext) {
    const dist = path.join(context.extensionPath, 'dist');
    this.loader = new GrammarLoader((file) => path.join(dist, file));
    this.panels = new AttentionPanels(context.extensionUri, {
      recompute: (uri) => void this.recompute(uri),
      reveal: (uri, range, cell) => void this.reveal(uri, range, cell),
    });
    this.output = vscode.window.createOutputChannel('Attention Explorer', { log: true });
  }

  /** "Compute Attention on Selection": the selection, or the whole file or notebook when nothing is selected. */
  async computeOnSelection(): Promise<ViewState | undefined> {
    const input = inputFromActiveEditor();
    if (typeof input === 'string') {
      void vscode.window.showInformationMessage(input);
      return undefined;
    }
    return this.compute(input);
  }

  async recompute(uri: vscode.Uri): Promise<ViewState | undefined> {
    const fresh = inputForUri(uri);
    const last = this.lastInputs.get(uri.toString());
    if (!fresh) {
      if (!last) return undefined;
      return this.compute(last);
    }
    return this.compute(last?.target ? { ...fresh, title: last.title, target: last.target } : fresh);
  }

  private async compute(input: ComputeInput): Promise<ViewState> {
    this.lastInputs.set(input.uri.toString(), input);
    this.panels.show(input.uri, { kind: 'loading', title: input.title });
    const started = performance.now();
    let state: ViewState;
    try {
      const analysis = await analyze(this.loader, { sources: input.sources, target: input.target, options: defaultOptions(), limits: parseLimits() });
      if (analysis.ok) {
        const wire = toWireResult(analysis.value.result);
        const { roleSources } = analysis.value;
        const inputs = input.sources.length > 1 ? wire.inputs.map((i) => ({ ...i, cell: roleSources.get(i.role) })) : wire.inputs;
        state = { kind: 'data', title: input.title, result: { ...wire, inputs }, settings: viewSettings() };
        this.output.info(`${input.title}: computed in ${(performance.now() - started).toFixed(1)} ms (${wire.queryLabels.length} queries × ${wire.keyLabels.length} keys)`);
      } else {
        const { message, range } = analysis.error;
        const cell = 'source' in analysis.error ? (analysis.error as { source?: number }).source : undefined;
        state = { kind: 'error', title: input.title, message, ...(range ? { range } : {}), ...(cell !== undefined && input.sources.length > 1 ? { cell } : {}) };
        this.notifyError(input, message, range, cell);
      }
    } catch (e) {
      // A bug, not bad input: say so plainly and keep the details in the log.
      this.output.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      state = { kind: 'error', title: input.title, message: `Attention Explorer failed unexpectedly: ${e instanceof Error ? e.message : String(e)} (details in the "Attention Explorer" output)` };
      void vscode.window.showErrorMessage(state.message);
    }
    this.panels.show(input.uri, state);
    return state;
  }

  private notifyError(input: ComputeInput, message: string, range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined, cell: number | undefined): void {
    const where = range ? ` (${describeRange(range)}${cell !== undefined && input.sources.length > 1 ? `, cell ${cell + 1}` : ''})` : '';
    const actions = range ? ['Show in Editor'] : [];
    void vscode.window.showErrorMessage(`Attention Explorer: ${message}${where}`, ...actions).then((choice) => {
      if (choice && range) void this.reveal(input.uri, new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), cell);
    });
  }

  /** Selects `range` in the document of `uri` (or in cell `cell` of that notebook) and scrolls to it. */
  async reveal(uri: vscode.Uri, range: vscode.Range, cell: number | undefined): Promise<void> {
    const input = this.lastInputs.get(uri.toString());
    const docUri = input?.documents[cell ?? input.target?.source ?? 0] ?? uri;
    const doc = await vscode.workspace.openTextDocument(docUri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.panels.dispose();
    this.output.dispose();
  }
}
