/**
 * The messages between the extension host and the "Live Attention" view, imported by both sides. Plain
 * JSON (a masked weight, `−∞`, travels as `null`). The view shows exactly one state: a message (nothing to
 * show, live mode off), loading, an error, or the data.
 */
import { COLOR_MAPS, type ColorMapName, isRange, type WireMatrix } from './protocol';
import type { SourceRange } from '../core/range';

/** A place in the shown document the view links to: a problem, or the error's range. */
export interface LiveLink {
  readonly message: string;
  readonly range: SourceRange;
  /** Notebook cell index (the document is a notebook). */
  readonly cell?: number;
}

/** A role of the computation: `W_Q = W_K (given)`. */
export interface LiveRole {
  /** `X`, `W_Q`, … */
  readonly title: string;
  readonly name: string;
  readonly source: 'inferred' | 'given';
}

export type LiveState =
  /** Nothing to compute: no document, an unsupported one, no matrices. */
  | { readonly kind: 'message'; readonly message: string }
  /** Live mode is turned off (setting `attentionExplorer.live.enabled`). */
  | { readonly kind: 'off' }
  | { readonly kind: 'loading'; readonly title: string }
  | { readonly kind: 'error'; readonly title: string; readonly message: string; readonly link?: LiveLink; readonly problems: readonly LiveLink[] }
  | {
      readonly kind: 'data';
      readonly title: string;
      /** `scaled dot · 4 queries × 4 keys · d_k = 3`. */
      readonly summary: string;
      readonly roles: readonly LiveRole[];
      readonly queryLabels: readonly string[];
      readonly keyLabels: readonly string[];
      /** (L, S), or absent when too large to send (then `tooLarge` says so). */
      readonly weights?: WireMatrix;
      /** (L, d_v) */
      readonly output?: WireMatrix;
      /** The weights' and the output's formulas as plain text (the engine's formulas, rendered by core/formula/text.ts). */
      readonly formulas?: { readonly weights: string; readonly output: string };
      readonly tooLarge?: string;
      readonly notes: readonly string[];
      /** Problems in the document that did not stop this computation. */
      readonly problems: readonly LiveLink[];
      /** Significant digits in the cells (full precision in each cell's tooltip). */
      readonly precision: number;
      /** The colour map chosen for heatmaps (`attentionExplorer.display.colorMap`). */
      readonly colorMap?: ColorMapName;
    };

/** Host → view. `run` numbers the states sent, so the view can say when it painted one (latency marks). */
export type LiveHostMessage = { readonly type: 'state'; readonly state: LiveState; readonly run?: number };

/** View → host. */
export type LiveViewMessage =
  /** The view listens: send the state. */
  | { readonly type: 'ready' }
  /** Select `range` of the shown document (of cell `cell` in a notebook) in the editor. */
  | { readonly type: 'reveal'; readonly range: SourceRange; readonly cell?: number }
  /** Compute the whole document in the attention panel. */
  | { readonly type: 'openPanel' }
  /** Turn live mode on. */
  | { readonly type: 'enableLive' }
  /** State `run` is on screen (the first frame after rendering it). */
  | { readonly type: 'painted'; readonly run: number };

/** Validates a message from the view; anything else is rejected (undefined). */
export function parseLiveViewMessage(raw: unknown): LiveViewMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  const keys = Object.keys(raw);
  switch (raw.type) {
    case 'ready':
    case 'openPanel':
    case 'enableLive':
      return keys.length === 1 ? { type: raw.type } : undefined;
    case 'painted':
      return keys.length === 2 && isIndex(raw.run) ? { type: 'painted', run: raw.run } : undefined;
    case 'reveal':
      if (!isRange(raw.range) || !keys.every((k) => k === 'type' || k === 'range' || k === 'cell')) return undefined;
      if (raw.cell === undefined) return { type: 'reveal', range: raw.range };
      return isIndex(raw.cell) ? { type: 'reveal', range: raw.range, cell: raw.cell } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (the view trusts nothing it has not checked). */
export function parseLiveHostMessage(raw: unknown): LiveHostMessage | undefined {
  if (!isObject(raw) || raw.type !== 'state' || !isObject(raw.state)) return undefined;
  if (raw.run !== undefined && !isIndex(raw.run)) return undefined;
  return isLiveState(raw.state) ? { type: 'state', state: raw.state, ...(raw.run !== undefined ? { run: raw.run } : {}) } : undefined;
}

/** Checks the shape of a state (also what the view restores from its saved state). */
export function isLiveState(s: unknown): s is LiveState {
  if (!isObject(s)) return false;
  switch (s.kind) {
    case 'message':
      return typeof s.message === 'string';
    case 'off':
      return true;
    case 'loading':
      return typeof s.title === 'string';
    case 'error':
      return typeof s.title === 'string' && typeof s.message === 'string' && (s.link === undefined || isLink(s.link)) && isArrayOf(s.problems, isLink);
    case 'data':
      return (
        typeof s.title === 'string' && typeof s.summary === 'string' && isArrayOf(s.roles, isRole) &&
        isArrayOf(s.queryLabels, isString) && isArrayOf(s.keyLabels, isString) &&
        (s.weights === undefined || isMatrix(s.weights)) && (s.output === undefined || isMatrix(s.output)) &&
        (s.formulas === undefined || (isObject(s.formulas) && typeof s.formulas.weights === 'string' && typeof s.formulas.output === 'string')) &&
        (s.tooLarge === undefined || typeof s.tooLarge === 'string') && isArrayOf(s.notes, isString) &&
        isArrayOf(s.problems, isLink) && isIndex(s.precision) && s.precision >= 1 && s.precision <= 17 && (s.colorMap === undefined || (COLOR_MAPS as readonly unknown[]).includes(s.colorMap))
      );
    default:
      return false;
  }
}

function isLink(x: unknown): x is LiveLink {
  return isObject(x) && typeof x.message === 'string' && isRange(x.range) && (x.cell === undefined || isIndex(x.cell));
}

function isRole(x: unknown): x is LiveRole {
  return isObject(x) && typeof x.title === 'string' && typeof x.name === 'string' && (x.source === 'inferred' || x.source === 'given');
}

function isMatrix(x: unknown): x is WireMatrix {
  return (
    isObject(x) && isIndex(x.rows) && isIndex(x.cols) && Array.isArray(x.values) && x.values.length === x.rows * x.cols &&
    x.values.every((v) => v === null || typeof v === 'number')
  );
}

function isArrayOf<T>(x: unknown, each: (v: unknown) => v is T): x is T[] {
  return Array.isArray(x) && x.every(each);
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 1e9;
}
