/**
 * The one message protocol between the extension host and the webview panel. Both sides import it.
 * Everything here is plain JSON: VS Code serialises webview messages as JSON, so `−∞` (a masked logit)
 * travels as `null`.
 */
import { optionsProblem } from '../core/attention/options';
import { ROLES, type AttentionOptions, type Provenance, type Role, type RowDiagnostics, type ScoreFunction, type StepRole } from '../core/attention/types';
import type { HeadCountChoice } from '../core/attention/heads';
import type { SourceRange } from '../core/range';

/** A matrix on the wire: row-major `values` of length `rows × cols`; `null` stands for `−∞`. */
export interface WireMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly (number | null)[];
  /**
   * Set when the matrix was too large to send whole: `values` holds the rows `rowIndex` and the columns
   * `colIndex` (evenly spaced, ascending) of the full `rows × cols` matrix, so sampled entry (i, j) is entry
   * (`rowIndex[i]`, `colIndex[j]`) of the real one. Exports and cell explanations use the full matrix on the host.
   */
  readonly sampledFrom?: { readonly rows: number; readonly cols: number; readonly rowIndex: readonly number[]; readonly colIndex: readonly number[] };
  /**
   * Large matrices travel packed (see src/extension/panel/pack.ts): `values` is then empty and `packed` holds the
   * `rows × cols` entries as base64 of IEEE 754 float64, little-endian, row-major, `−∞` as itself — exactly the
   * numbers, at 10.7 bytes per entry instead of about 20 as JSON text. The webview unpacks them on arrival
   * (webview/unpack.ts), so everything past the boundary sees `values`.
   */
  readonly packed?: string;
}

/** How every entry of a step was computed (the core's Provenance, plain JSON already: a hard row of only −∞ has argmax −1). */
export type WireProvenance = Provenance;

export interface WireStep {
  readonly id: string;
  /** What the step is in the pipeline (the logits, the weights, the mean of the heads…): views find steps by it. */
  readonly role: StepRole;
  readonly title: string;
  readonly formula: string;
  readonly description: string;
  readonly matrix: WireMatrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  /** How each entry was computed; absent when the matrix is sampled (the host explains its cells on the whole one). */
  readonly provenance?: WireProvenance;
}

/** An input matrix shown in the "Inputs" section (X, W_Q… or Q, K, V given directly). */
export interface WireInput {
  readonly role: string;
  /** Conventional symbol of the role: `X`, `W_Q`, `Q`… */
  readonly roleTitle: string;
  readonly name: string;
  readonly source: 'inferred' | 'given';
  readonly matrix: WireMatrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly range?: SourceRange;
  /** Notebook cell index of the definition, when the panel shows a notebook. */
  readonly cell?: number;
  /** NumPy's full shape of an N-D input (rank ≥ 3); `matrix` is then its 2-D slice `x[sliceIndex]`. */
  readonly ndShape?: readonly number[];
  /** Index of the leading axes of the slice shown (`[0]` for `x[0]`); present with `ndShape`. */
  readonly sliceIndex?: readonly number[];
  /** The program's dtype of the input when it is not float64 (`float32` for a torch, TF or JAX tensor). */
  readonly dtype?: 'bool' | 'int64' | 'float32';
}

/** Per-query diagnostics (the core's RowDiagnostics). */
export type WireDiagnostics = RowDiagnostics;

/** The pipeline's options as the panel shows and changes them: the core's AttentionOptions, every one set. */
export type WireOptions = Readonly<Required<AttentionOptions>>;

/** One head of multi-head attention: its steps (scores … head output) and per-query diagnostics. */
export interface WireHead {
  readonly steps: readonly WireStep[];
  readonly diagnostics: readonly WireDiagnostics[];
}

export interface WireResult {
  readonly options: WireOptions;
  readonly dk: number;
  readonly inputs: readonly WireInput[];
  readonly steps: readonly WireStep[];
  readonly diagnostics: readonly WireDiagnostics[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** Per head when options.heads > 1 (the top-level weights step is their mean). */
  readonly heads?: readonly WireHead[];
  /** Notes for people (e.g. a query whose keys are all masked). */
  readonly notes: readonly string[];
  /**
   * Batched (N-D) inputs: `shape` is the broadcast batch shape (every axis before L, the head axis excluded)
   * and `index` the batch element the steps show (same length). Absent for 2-D inputs.
   */
  readonly batch?: WireBatch;
  /** The weights of every head for the current batch element; present whenever there are ≥ 2 heads. */
  readonly headGrid?: WireHeadGrid;
}

/** The batch dimensions of an N-D computation and the batch element shown. */
export interface WireBatch {
  readonly shape: readonly number[];
  readonly index: readonly number[];
}

/**
 * Every head's attention weights (L × S, sampled to at most {@link MAX_THUMBNAIL_SIDE} on a side) for the
 * current batch element, their mean, and the head the steps show (`null` = the mean).
 */
export interface WireHeadGrid {
  readonly heads: readonly WireMatrix[];
  readonly mean: WireMatrix;
  readonly current: number | null;
}

/** Head-grid thumbnails are sampled to at most this many rows and columns. */
export const MAX_THUMBNAIL_SIDE = 64;

/** At most this many batch indices are accepted in `selectSlice` (the host checks each against its batch shape). */
export const MAX_BATCH_RANK = 32;

/** A role as the controls show it: which matrix plays it, and whether that was inferred or chosen. */
export interface WireRole {
  readonly role: Role;
  /** `X`, `W_Q`, … */
  readonly title: string;
  /** The matrix's name, or null when no matrix plays the role. */
  readonly name: string | null;
  readonly source: 'inferred' | 'given' | 'none';
}

/** A named matrix the user may assign to a role. */
export interface WireCandidate {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly cell?: number;
}

/** What the panel's controls need: the options in force, the roles and the matrices to choose from. */
export interface ControlsState {
  readonly options: WireOptions;
  readonly roles: readonly WireRole[];
  readonly candidates: readonly WireCandidate[];
  /** The score functions; `multiHead`: whether it works with several heads (no parameters). */
  readonly scores: readonly { readonly id: ScoreFunction; readonly title: string; readonly source: string; readonly params: readonly string[]; readonly multiHead: boolean }[];
  /** The numbers of heads to offer (the engine's rules for the inputs in force), ascending; the one in force included. */
  readonly heads: readonly WireHeadChoice[];
}

/** A number of heads the controls offer, and whether the engine accepts it (the core's HeadCountChoice). */
export type WireHeadChoice = HeadCountChoice;

/** Display settings the webview needs. */
export interface ViewSettings {
  /** Significant digits shown in tables (full precision is in the cell tooltip). */
  readonly precision: number;
  /** Matrices with more rows or columns than this are drawn on a canvas instead of a table. */
  readonly canvasThreshold: number;
  /** Colour map of the heatmaps (`theme` follows the VS Code theme's colours). */
  readonly colorMap: ColorMapName;
}

export type ColorMapName = 'theme' | 'blues' | 'viridis' | 'magma' | 'cividis';

/**
 * How the colours of an attention matrix (rows = queries) are scaled: `global` one range for the whole matrix
 * (weights 0…1), `row` each query's own min…max, `log` logarithmic. The panel's choice, kept in its state.
 */
export type ColorScaleMode = 'global' | 'row' | 'log';
export const COLOR_SCALE_MODES: readonly ColorScaleMode[] = ['global', 'row', 'log'];
export const COLOR_MAPS: readonly ColorMapName[] = ['theme', 'blues', 'viridis', 'magma', 'cividis'];

/** Formats a step can be copied as. */
export type ExportFormat = 'numpy' | 'csv' | 'latex' | 'markdown';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['numpy', 'csv', 'latex', 'markdown'];

/**
 * What the panel shows: exactly one of loading, error or data — never a half state. `documentUri` names the
 * document (or notebook) the panel belongs to, so that a panel restored after a reload can compute again.
 * `run` counts the panel's computations (the webview reports the paint of each with `painted`), `updatedAt`
 * is when the shown one finished (epoch ms: the header says "updated …" even when the numbers did not change),
 * and `pinned` says the panel no longer follows edits of its document.
 */
export type ViewState = (
  | { readonly kind: 'loading'; readonly title: string }
  | { readonly kind: 'error'; readonly title: string; readonly message: string; readonly range?: SourceRange; readonly cell?: number; readonly controls?: ControlsState }
  | { readonly kind: 'data'; readonly title: string; readonly result: WireResult; readonly settings: ViewSettings; readonly controls: ControlsState }
) & { readonly documentUri?: string; readonly run?: number; readonly updatedAt?: number; readonly pinned?: boolean };

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'state'; readonly state: ViewState }
  /** The answer to `explain`: how real entry (`row`, `col`) of a sampled step was computed. */
  | { readonly type: 'explanation'; readonly step: string; readonly head?: number; readonly row: number; readonly col: number; readonly text: string };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** Select `range` in the editor; `cell` is the notebook cell index when the panel shows a notebook. */
  | { readonly type: 'reveal'; readonly range: SourceRange; readonly cell?: number }
  | { readonly type: 'recompute' }
  /** Change some options; the host recomputes at once. */
  | { readonly type: 'setOptions'; readonly options: Partial<WireOptions> }
  /** Assign the matrix `name` to `role`, or give the role back to inference (`name: null`). */
  | { readonly type: 'setRole'; readonly role: Role; readonly name: string | null }
  /** Copy a step (of head `head`, when given) to the clipboard in `format`. */
  | { readonly type: 'export'; readonly step: string; readonly head?: number; readonly format: ExportFormat }
  /** Save a heatmap image the webview drew: `data` is base64 PNG or SVG text. */
  | { readonly type: 'saveImage'; readonly format: 'png' | 'svg'; readonly fileName: string; readonly data: string }
  /** Explain real entry (`row`, `col`) of a step the panel received sampled (the host holds the whole matrices). */
  | { readonly type: 'explain'; readonly step: string; readonly head?: number; readonly row: number; readonly col: number }
  /** The numbers of computation `run` are on screen (the first frame after rendering them): latency marks. */
  | { readonly type: 'painted'; readonly run: number }
  /** Pin (freeze) the panel, or let it follow edits of its document again. */
  | { readonly type: 'pin'; readonly pinned: boolean }
  /**
   * Show batch element `batch` (one index per batch dimension) and head `head` (null = the mean over heads):
   * the host checks the indices against the result (out of range: ignored) and sends the state again.
   */
  | { readonly type: 'selectSlice'; readonly batch: readonly number[]; readonly head: number | null };

/** Validates a message from the webview; anything else is rejected (returns undefined). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'recompute':
      return Object.keys(raw).length === 1 ? { type: raw.type } : undefined;
    case 'setOptions': {
      const options = parseOptions(raw.options);
      return options && onlyKeys(raw, ['type', 'options']) ? { type: 'setOptions', options } : undefined;
    }
    case 'setRole':
      if (!onlyKeys(raw, ['type', 'role', 'name']) || !(ROLES as readonly unknown[]).includes(raw.role)) return undefined;
      if (raw.name !== null && !(typeof raw.name === 'string' && /^[\p{L}_][\p{L}\p{N}_.]{0,199}$/u.test(raw.name))) return undefined;
      return { type: 'setRole', role: raw.role as Role, name: raw.name as string | null };
    case 'export':
      if (!onlyKeys(raw, ['type', 'step', 'head', 'format']) || typeof raw.step !== 'string' || !/^[A-Za-z_]{1,20}$/.test(raw.step)) return undefined;
      if (!(EXPORT_FORMATS as readonly unknown[]).includes(raw.format) || (raw.head !== undefined && !(isNat(raw.head) && raw.head < 1024))) return undefined;
      return raw.head === undefined
        ? { type: 'export', step: raw.step, format: raw.format as ExportFormat }
        : { type: 'export', step: raw.step, head: raw.head as number, format: raw.format as ExportFormat };
    case 'saveImage':
      if (!onlyKeys(raw, ['type', 'format', 'fileName', 'data']) || (raw.format !== 'png' && raw.format !== 'svg')) return undefined;
      if (typeof raw.fileName !== 'string' || !/^[\w.\- ]{1,100}$/.test(raw.fileName) || raw.fileName.startsWith('.')) return undefined;
      if (typeof raw.data !== 'string' || raw.data.length > 32 * 1024 * 1024) return undefined;
      if (raw.format === 'png' && !/^[A-Za-z0-9+/=]+$/.test(raw.data)) return undefined;
      return { type: 'saveImage', format: raw.format, fileName: raw.fileName, data: raw.data };
    case 'explain':
      if (!onlyKeys(raw, ['type', 'step', 'head', 'row', 'col']) || typeof raw.step !== 'string' || !/^[A-Za-z_]{1,20}$/.test(raw.step)) return undefined;
      if (!isNat(raw.row) || !isNat(raw.col) || (raw.head !== undefined && !(isNat(raw.head) && raw.head < 1024))) return undefined;
      return { type: 'explain', step: raw.step, ...(raw.head !== undefined ? { head: raw.head } : {}), row: raw.row, col: raw.col };
    case 'painted':
      return onlyKeys(raw, ['type', 'run']) && isNat(raw.run) ? { type: 'painted', run: raw.run } : undefined;
    case 'pin':
      return onlyKeys(raw, ['type', 'pinned']) && typeof raw.pinned === 'boolean' ? { type: 'pin', pinned: raw.pinned } : undefined;
    case 'selectSlice': {
      if (!onlyKeys(raw, ['type', 'batch', 'head']) || !Array.isArray(raw.batch) || raw.batch.length > MAX_BATCH_RANK) return undefined;
      const batch: unknown[] = raw.batch;
      if (!batch.every((i) => isNat(i))) return undefined;
      if (raw.head !== null && !(isNat(raw.head) && raw.head < 1024)) return undefined;
      return { type: 'selectSlice', batch: batch as number[], head: raw.head as number | null };
    }
    case 'reveal':
      if (!isRange(raw.range) || (raw.cell !== undefined && !isNat(raw.cell))) return undefined;
      if (Object.keys(raw).some((k) => !['type', 'range', 'cell'].includes(k))) return undefined;
      return raw.cell === undefined ? { type: 'reveal', range: raw.range } : { type: 'reveal', range: raw.range, cell: raw.cell };
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview trusts nothing it has not checked). */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (isObject(raw) && raw.type === 'explanation') {
    const ok = typeof raw.step === 'string' && isNat(raw.row) && isNat(raw.col) && typeof raw.text === 'string' && (raw.head === undefined || isNat(raw.head));
    return ok ? (raw as HostMessage) : undefined;
  }
  if (!isObject(raw) || raw.type !== 'state' || !isObject(raw.state)) return undefined;
  const s = raw.state;
  if (typeof s.title !== 'string' || (s.documentUri !== undefined && typeof s.documentUri !== 'string')) return undefined;
  if ((s.run !== undefined && !isNat(s.run)) || (s.updatedAt !== undefined && typeof s.updatedAt !== 'number') || (s.pinned !== undefined && typeof s.pinned !== 'boolean')) return undefined;
  if (s.kind === 'loading') return raw as HostMessage;
  if (s.kind === 'error' && typeof s.message === 'string' && (s.range === undefined || isRange(s.range))) return raw as HostMessage;
  if (s.kind === 'data' && isObject(s.result) && Array.isArray(s.result.steps) && isObject(s.settings) && isObject(s.controls)) return raw as HostMessage;
  return undefined;
}

/** Validates a partial options object from the webview: known keys with values in range only. */
function parseOptions(raw: unknown): Partial<WireOptions> | undefined {
  if (!isObject(raw)) return undefined;
  const out: { -readonly [K in keyof WireOptions]?: WireOptions[K] } = {};
  if (optionsProblem(raw)) return undefined;
  for (const [k, v] of Object.entries(raw)) (out as Record<string, unknown>)[k] = v;
  return out;
}

function onlyKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPosition(x: unknown): x is { line: number; character: number } {
  return isObject(x) && isNat(x.line) && isNat(x.character) && Object.keys(x).length === 2;
}

export function isRange(x: unknown): x is SourceRange {
  return isObject(x) && isPosition(x.start) && isPosition(x.end) && Object.keys(x).length === 2;
}

function isNat(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 1e9;
}
