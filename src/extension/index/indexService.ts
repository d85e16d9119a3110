/**
 * One index per open document (and per notebook: all its cells), built off the extension host's thread by
 * the analysis worker (see core/index/indexClient.ts): after an edit, a rebuild is scheduled after a short
 * pause; a newer edit supersedes it (and cancels it in the worker). Hovers, inlay hints, CodeLens,
 * diagnostics, the explorer, the Live view and the panel all read the index: parse once, use everywhere.
 * A document whose analysis ran past its time or memory budget has an `error` ("analysis stopped: …") and
 * no matrices. Closing a document drops its index.
 */
import * as vscode from 'vscode';
import type { IndexClient } from '../../core/index/indexClient';
import type { IndexOutcome } from '../../core/index/protocol';
import { matrixAt, unknownAt } from '../../core/index/lookup';
import type { Extraction, FoundMatrix, SourceDocument, Target, UnknownName } from '../../core/parse/types';
import { onDidChangeSettings, parseLimits } from '../config';
import { languageOf, notebookOf, notebookSourcesOf } from '../sources';

/** The index of one document or notebook. */
export interface IndexEntry {
  /** The document, or the notebook for notebook cells. */
  readonly uri: vscode.Uri;
  /** The text document of each source (one for a file, one per cell for a notebook). */
  readonly documents: readonly vscode.Uri[];
  readonly sources: readonly SourceDocument[];
  /** The document versions the index was built from (one per source). */
  readonly versions: readonly number[];
  readonly extraction: Extraction;
  /**
   * An error that stopped indexing, if any: the file is larger than the limit, it is not a notebook, the
   * analysis ran past its budget ("analysis stopped: …"), or an internal error.
   */
  readonly error?: string;
  /** How long the build took, in milliseconds. */
  readonly buildMs: number;
}

/** Where a text document sits in an index: the entry and the source (cell) index. */
export interface IndexLocation {
  readonly entry: IndexEntry;
  readonly source: number;
}

/** What a build that a newer one superseded returns. */
const SUPERSEDED = Symbol('superseded');

/**
 * Delay between the last edit and the rebuild, in milliseconds: long enough to skip the rebuilds of fast
 * typing, short enough for the Live view and the panel to follow within 300 ms of the last keystroke.
 */
const DEBOUNCE_MS = 150;

export class IndexService implements vscode.Disposable {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; done: Promise<IndexEntry | undefined>; resolve: (e: IndexEntry | undefined) => void }>();
  private readonly generation = new Map<string, number>();
  private readonly emitter = new vscode.EventEmitter<IndexEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires after an index was rebuilt. */
  readonly onDidUpdate = this.emitter.event;

  constructor(private readonly worker: IndexClient, private readonly output?: vscode.LogOutputChannel) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (!notebookOf(d)) this.drop(d.uri);
      }),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.scheduleKey(nb.uri, 0)),
      vscode.workspace.onDidChangeNotebookDocument((e) => this.scheduleKey(e.notebook.uri, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.drop(nb.uri)),
      onDidChangeSettings(() => {
        for (const key of this.entries.keys()) this.scheduleKey(vscode.Uri.parse(key), 0);
      }, 'limits'),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    for (const nb of vscode.workspace.notebookDocuments) this.scheduleKey(nb.uri, 0);
  }

  /** The index of the document or notebook `uri`, as last built (never waits). */
  get(uri: vscode.Uri): IndexEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** The index holding text document `doc` (a file, or a notebook cell) and its source index. */
  locate(doc: vscode.TextDocument): IndexLocation | undefined {
    const nb = notebookOf(doc);
    const entry = this.entries.get((nb?.uri ?? doc.uri).toString());
    if (!entry) return undefined;
    const source = entry.documents.findIndex((u) => u.toString() === doc.uri.toString());
    return source < 0 ? undefined : { entry, source };
  }

  /** The index of `doc` once it is up to date with the document's current text (builds now if needed). */
  async ready(doc: vscode.TextDocument): Promise<IndexLocation | undefined> {
    const nb = notebookOf(doc);
    const key = (nb?.uri ?? doc.uri).toString();
    const current = this.locate(doc);
    if (current && current.entry.versions[current.source] === doc.version && !this.pending.has(key)) return current;
    if (!this.pending.has(key)) this.scheduleKey(nb?.uri ?? doc.uri, 0);
    await this.pending.get(key)?.done;
    return this.locate(doc);
  }

  /**
   * The index of the document or notebook `uri` once it is up to date with its current text (builds now if
   * needed); undefined when it is not open or not supported.
   */
  async readyFor(uri: vscode.Uri): Promise<IndexEntry | undefined> {
    const key = uri.toString();
    const snapshot = this.snapshot(uri);
    if (!snapshot) return undefined;
    const current = this.entries.get(key);
    const fresh = current && current.versions.length === snapshot.versions.length && current.versions.every((v, i) => v === snapshot.versions[i]);
    if (fresh && !this.pending.has(key)) return current;
    if (!this.pending.has(key)) this.scheduleKey(uri, 0);
    await this.pending.get(key)?.done;
    return this.entries.get(key);
  }

  /** The matrices of a selection `target` of `sources`, read in the analysis worker (the panel's selections). */
  extract(sources: readonly SourceDocument[], target: Target | undefined): Promise<IndexOutcome> {
    return this.worker.extract(sources, target, parseLimits());
  }

  /** The matrix defined at `position` of `doc`: the definition whose name is under it, else the name's latest definition. */
  matrixAt(doc: vscode.TextDocument, position: vscode.Position): { matrix: FoundMatrix; location: IndexLocation } | undefined {
    const location = this.locate(doc);
    if (!location) return undefined;
    const matrix = matrixAt(location.entry.extraction, location.source, position, doc.lineAt(position.line).text);
    return matrix ? { matrix, location } : undefined;
  }

  /** The unknown record of the name under the cursor, when the name has no value there (see `unknownAt`). */
  unknownAt(doc: vscode.TextDocument, position: vscode.Position): UnknownName | undefined {
    const location = this.locate(doc);
    if (!location) return undefined;
    return unknownAt(location.entry.extraction, location.source, position, doc.lineAt(position.line).text);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const nb = notebookOf(doc);
    if (nb) return this.scheduleKey(nb.uri, delay);
    if (!languageOf(doc) || doc.uri.scheme === 'output' || doc.uri.scheme === 'git') return;
    this.scheduleKey(doc.uri, delay);
  }

  private scheduleKey(uri: vscode.Uri, delay: number): void {
    const key = uri.toString();
    const old = this.pending.get(key);
    if (old) clearTimeout(old.timer);
    let resolve!: (e: IndexEntry | undefined) => void;
    const done = old?.done ?? new Promise<IndexEntry | undefined>((r) => (resolve = r));
    const settle = old?.resolve ?? resolve;
    // A build that a newer one superseded leaves the waiters to the newer one.
    const timer = setTimeout(() => void this.build(uri).then((e) => e !== SUPERSEDED && settle(e), () => settle(undefined)), delay);
    this.pending.set(key, { timer, done, resolve: settle });
  }

  private async build(uri: vscode.Uri): Promise<IndexEntry | undefined | typeof SUPERSEDED> {
    const key = uri.toString();
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    const snapshot = this.snapshot(uri);
    if (!snapshot) {
      this.pending.delete(key);
      return undefined;
    }
    const started = performance.now();
    const outcome = await this.worker.index(key, snapshot.sources, parseLimits());
    if (this.generation.get(key) !== gen || (!outcome.ok && outcome.reason === 'superseded')) return SUPERSEDED; // by a newer edit
    const extraction: Extraction = outcome.ok ? outcome.extraction : { matrices: [], problems: [] };
    const error = outcome.ok ? undefined : outcome.message;
    if (error !== undefined) this.output?.warn(`analysis of ${uri.fsPath || key} stopped: ${error}`);
    else this.output?.trace(`analysed ${uri.fsPath || key} in ${(outcome.ok ? outcome.buildMs : 0).toFixed(1)} ms`);
    this.pending.delete(key);
    const entry: IndexEntry = { uri, ...snapshot, extraction, buildMs: outcome.ok ? outcome.buildMs : performance.now() - started, ...(error ? { error } : {}) };
    this.entries.set(key, entry);
    this.emitter.fire(entry);
    return entry;
  }

  /** The texts to index for `uri` right now, or undefined when the document is closed or not supported. */
  private snapshot(uri: vscode.Uri): Pick<IndexEntry, 'documents' | 'sources' | 'versions'> | undefined {
    const nb = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
    if (nb) return notebookSourcesOf(nb);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const language = doc ? languageOf(doc) : undefined;
    if (!doc || !language) return undefined;
    return { documents: [doc.uri], sources: [{ text: doc.getText(), language }], versions: [doc.version] };
  }

  private drop(uri: vscode.Uri): void {
    const key = uri.toString();
    const p = this.pending.get(key);
    if (p) {
      clearTimeout(p.timer);
      p.resolve(undefined);
    }
    this.pending.delete(key);
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    this.generation.delete(key);
    this.entries.delete(key);
    this.worker.drop(key);
  }

  /** Number of indexed documents (for tests and the memory benchmark). */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.entries.clear();
    this.worker.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
