/**
 * The messages between the extension host and the "Live Attention" view, imported by both sides. Plain
 * JSON (a masked weight, `−∞`, travels as `null`). The view shows exactly one state: a message (nothing to
 * show, live mode off), loading, an error, or the data. Each message is declared once, as a valibot schema: its
 * type is inferred from it and the receiving side validates with it.
 */
import * as v from 'valibot';
import { COLOR_MAPS } from './colorMaps';
import { index, parse, PlainMatrixSchema, RangeSchema, type WireOf } from './schema';

/** A place in the shown document the view links to: a problem, or the error's range. */
const LiveLinkSchema = v.object({
  message: v.string(),
  range: RangeSchema,
  /** Notebook cell index (the document is a notebook). */
  cell: v.optional(index()),
});
export type LiveLink = WireOf<typeof LiveLinkSchema>;

/** A role of the computation: `W_Q = W_K (given)`. */
const LiveRoleSchema = v.object({
  /** `X`, `W_Q`, … */
  title: v.string(),
  name: v.string(),
  source: v.picklist(['inferred', 'given']),
});
export type LiveRole = WireOf<typeof LiveRoleSchema>;

/** What the view shows; also what it restores from its saved state. */
export const LiveStateSchema = v.variant('kind', [
  /** Nothing to compute: no document, an unsupported one, no matrices. */
  v.object({ kind: v.literal('message'), message: v.string() }),
  /** Live mode is turned off (setting `attentionExplorer.live.enabled`). */
  v.object({ kind: v.literal('off') }),
  v.object({ kind: v.literal('loading'), title: v.string() }),
  v.object({ kind: v.literal('error'), title: v.string(), message: v.string(), link: v.optional(LiveLinkSchema), problems: v.array(LiveLinkSchema) }),
  v.object({
    kind: v.literal('data'),
    title: v.string(),
    /** `scaled dot · 4 queries × 4 keys · d_k = 3`. */
    summary: v.string(),
    roles: v.array(LiveRoleSchema),
    queryLabels: v.array(v.string()),
    keyLabels: v.array(v.string()),
    /** (L, S), or absent when too large to send (then `tooLarge` says so). */
    weights: v.optional(PlainMatrixSchema),
    /** (L, d_v) */
    output: v.optional(PlainMatrixSchema),
    tooLarge: v.optional(v.string()),
    notes: v.array(v.string()),
    /** Problems in the document that did not stop this computation. */
    problems: v.array(LiveLinkSchema),
    /** Significant digits in the cells (full precision in each cell's tooltip). */
    precision: v.pipe(index(), v.minValue(1), v.maxValue(17)),
    /** The colour map chosen for heatmaps (`attentionExplorer.display.colorMap`). */
    colorMap: v.optional(v.picklist(COLOR_MAPS)),
  }),
]);
export type LiveState = WireOf<typeof LiveStateSchema>;

/** Host → view. `run` numbers the states sent, so the view can say when it painted one (latency marks). */
const LiveHostMessageSchema = v.object({ type: v.literal('state'), state: LiveStateSchema, run: v.optional(index()) });
export type LiveHostMessage = WireOf<typeof LiveHostMessageSchema>;

/** View → host: nothing but the keys declared. */
const LiveViewMessageSchema = v.variant('type', [
  /** The view listens: send the state. */
  v.strictObject({ type: v.literal('ready') }),
  /** Select `range` of the shown document (of cell `cell` in a notebook) in the editor. */
  v.strictObject({ type: v.literal('reveal'), range: RangeSchema, cell: v.optional(index()) }),
  /** Compute the whole document in the attention panel. */
  v.strictObject({ type: v.literal('openPanel') }),
  /** Turn live mode on. */
  v.strictObject({ type: v.literal('enableLive') }),
  /** State `run` is on screen (the first frame after rendering it). */
  v.strictObject({ type: v.literal('painted'), run: index() }),
]);
export type LiveViewMessage = WireOf<typeof LiveViewMessageSchema>;

/** Validates a message from the view; anything else is rejected (undefined). */
export function parseLiveViewMessage(raw: unknown): LiveViewMessage | undefined {
  return parse(LiveViewMessageSchema, raw);
}

/** Validates a message from the host (the view trusts nothing it has not checked). */
export function parseLiveHostMessage(raw: unknown): LiveHostMessage | undefined {
  return parse(LiveHostMessageSchema, raw);
}

/** Validates a state the view stored earlier: undefined unless it conforms. */
export function parseLiveState(raw: unknown): LiveState | undefined {
  return parse(LiveStateSchema, raw);
}

/** Does `s` conform to the state's schema? */
export function isLiveState(s: unknown): s is LiveState {
  return v.is(LiveStateSchema, s);
}
