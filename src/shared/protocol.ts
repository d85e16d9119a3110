/**
 * The one message protocol between the extension host and the webview panel. Both sides import it.
 * Everything here is plain JSON: VS Code serialises webview messages as JSON, so `−∞` (a masked logit)
 * travels as `null`.
 */
import type { SourceRange } from '../core/range';

/** A matrix on the wire: row-major `values` of length `rows × cols`; `null` stands for `−∞`. */
export interface WireMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly (number | null)[];
}

export interface WireDerivation {
  readonly left: string;
  readonly leftSymbol: string;
  readonly right: string;
  readonly rightSymbol: string;
  readonly rightAxis: 'row' | 'col';
  readonly divisor?: number;
}

export interface WireStep {
  readonly id: string;
  readonly title: string;
  readonly formula: string;
  readonly description: string;
  readonly matrix: WireMatrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly derivation?: WireDerivation;
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
}

export interface WireDiagnostics {
  readonly sum: number;
  readonly entropy: number;
  readonly argmax: number;
}

export interface WireResult {
  readonly options: { readonly score: string; readonly mask: string; readonly temperature: number };
  readonly dk: number;
  readonly inputs: readonly WireInput[];
  readonly steps: readonly WireStep[];
  readonly diagnostics: readonly WireDiagnostics[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
}

/** Display settings the webview needs. */
export interface ViewSettings {
  /** Significant digits shown in tables (full precision is in the cell tooltip). */
  readonly precision: number;
  /** Matrices with more rows or columns than this are drawn on a canvas instead of a table. */
  readonly canvasThreshold: number;
}

/**
 * What the panel shows: exactly one of loading, error or data — never a half state. `documentUri` names the
 * document (or notebook) the panel belongs to, so that a panel restored after a reload can compute again.
 */
export type ViewState = (
  | { readonly kind: 'loading'; readonly title: string }
  | { readonly kind: 'error'; readonly title: string; readonly message: string; readonly range?: SourceRange; readonly cell?: number }
  | { readonly kind: 'data'; readonly title: string; readonly result: WireResult; readonly settings: ViewSettings }
) & { readonly documentUri?: string };

/** Host → webview. */
export type HostMessage = { readonly type: 'state'; readonly state: ViewState };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  /** Select `range` in the editor; `cell` is the notebook cell index when the panel shows a notebook. */
  | { readonly type: 'reveal'; readonly range: SourceRange; readonly cell?: number }
  | { readonly type: 'recompute' };

/** Validates a message from the webview; anything else is rejected (returns undefined). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'recompute':
      return Object.keys(raw).length === 1 ? { type: raw.type } : undefined;
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
  if (!isObject(raw) || raw.type !== 'state' || !isObject(raw.state)) return undefined;
  const s = raw.state;
  if (typeof s.title !== 'string' || (s.documentUri !== undefined && typeof s.documentUri !== 'string')) return undefined;
  if (s.kind === 'loading') return raw as HostMessage;
  if (s.kind === 'error' && typeof s.message === 'string' && (s.range === undefined || isRange(s.range))) return raw as HostMessage;
  if (s.kind === 'data' && isObject(s.result) && Array.isArray(s.result.steps) && isObject(s.settings)) return raw as HostMessage;
  return undefined;
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
