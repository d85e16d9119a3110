/**
 * The one message protocol between the extension host and the webview panel. Both sides import it.
 * Every message is declared once, as a valibot schema: its type is inferred from it, and the receiving side
 * validates with it (the host what the webview posts, the webview what the host sends). Everything here is
 * plain JSON: VS Code serialises webview messages as JSON, so `−∞` (a masked logit) travels as `null`.
 */
import * as v from 'valibot';
import { ROLES, SCORE_FUNCTIONS } from '../core/attention/types';
import { COLOR_MAPS } from './colorMaps';
import type { HeadCountChoice } from '../core/attention/heads';
import { type Agrees, type Assert, count, index, parse, problem, RangeSchema, type WireOf } from './schema';
import { WireOptionsSchema, WireResultSchema } from './wireSchema';

export {
  MAX_THUMBNAIL_SIDE,
  type WireBatch,
  type WireProvenance,
  type WireDiagnostics,
  type WireHead,
  type WireHeadGrid,
  type WireInput,
  type WireMatrix,
  type WireOptions,
  type WireResult,
  type WireStep,
} from './wireSchema';
export { COLOR_MAPS, type ColorMapName } from './colorMaps';

/** At most this many batch indices are accepted in `selectSlice` (the host checks each against its batch shape). */
export const MAX_BATCH_RANK = 32;

/** Heads are numbered below this in messages from the webview. */
const MAX_HEAD = 1024;

/** The names the host accepts in `setRole`: a Python-like identifier, dots allowed (`self.W_q`), at most 200 characters. */
export const MATRIX_NAME = /^[\p{L}_][\p{L}\p{N}_.]{0,199}$/u;

/** A step id in a message from the webview. */
const STEP_ID = v.pipe(v.string(), v.regex(/^[A-Za-z_]{1,20}$/));

/** A head in a message from the webview. */
const head = v.pipe(index(), v.maxValue(MAX_HEAD - 1));

/**
 * How the colours of an attention matrix (rows = queries) are scaled: `global` one range for the whole matrix
 * (weights 0…1), `row` each query's own min…max, `log` logarithmic. The panel's choice, kept in its state.
 */
export type ColorScaleMode = 'global' | 'row' | 'log';
export const COLOR_SCALE_MODES: readonly ColorScaleMode[] = ['global', 'row', 'log'];

/** Formats a step can be copied as. */
export type ExportFormat = 'numpy' | 'csv' | 'latex' | 'markdown';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['numpy', 'csv', 'latex', 'markdown'];

/** A role as the controls show it: which matrix plays it (null: none), and whether that was inferred or chosen. */
const WireRoleSchema = v.object({
  role: v.picklist(ROLES),
  /** `X`, `W_Q`, … */
  title: v.string(),
  name: v.nullable(v.string()),
  source: v.picklist(['inferred', 'given', 'none']),
});
export type WireRole = WireOf<typeof WireRoleSchema>;

/** A named matrix the user may assign to a role (`cell`: its notebook cell, when the panel shows a notebook). */
const WireCandidateSchema = v.object({ name: v.string(), rows: count, cols: count, cell: v.optional(count) });
export type WireCandidate = WireOf<typeof WireCandidateSchema>;

/** A score function the controls offer, from the engine's score table; `multiHead`: whether it works with several heads (no parameters). */
const WireScoreSchema = v.object({ id: v.picklist(SCORE_FUNCTIONS), title: v.string(), source: v.string(), params: v.array(v.string()), multiHead: v.boolean() });

/** A number of heads the controls offer, and whether the engine accepts it for the inputs (the core's HeadCountChoice). */
const WireHeadChoiceSchema = v.object({ heads: count, valid: v.boolean(), description: v.string() });

/** What the panel's controls need: the options in force, the roles and the matrices to choose from. */
export const ControlsStateSchema = v.object({
  options: WireOptionsSchema,
  roles: v.array(WireRoleSchema),
  candidates: v.array(WireCandidateSchema),
  scores: v.array(WireScoreSchema),
  /** The numbers of heads to offer (the engine's rules for the inputs in force, core HeadCountChoice), ascending; the one in force included. */
  heads: v.array(WireHeadChoiceSchema),
});
export type ControlsState = WireOf<typeof ControlsStateSchema>;
export type WireHeadChoice = HeadCountChoice;

/** Display settings the webview needs; anything missing or out of range falls back to its default. */
/**
 * The display settings' bounds and defaults, in one place: the settings reader (extension/config.ts) clamps to
 * them, the webview's schema falls back to the default outside them, and package.json declares the same
 * (checked by a unit test).
 */
export const VIEW_SETTING_LIMITS = {
  precision: { min: 1, max: 17, default: 4 },
  canvasThreshold: { min: 8, max: 4096, default: 20 },
} as const;

const bounded = (l: { readonly min: number; readonly max: number; readonly default: number }) =>
  v.fallback(v.pipe(v.number(), v.integer(), v.minValue(l.min), v.maxValue(l.max)), l.default);

export const ViewSettingsSchema = v.object({
  /** Significant digits shown in tables (full precision is in the cell tooltip). */
  precision: bounded(VIEW_SETTING_LIMITS.precision),
  /** Matrices with more rows or columns than this are drawn on a canvas instead of a table. */
  canvasThreshold: bounded(VIEW_SETTING_LIMITS.canvasThreshold),
  /** Colour map of the heatmaps (`theme` follows the VS Code theme's colours). */
  colorMap: v.fallback(v.picklist(COLOR_MAPS), 'theme'),
});
export type ViewSettings = WireOf<typeof ViewSettingsSchema>;

/**
 * Fields of every state: `documentUri` names the document (or notebook) the panel belongs to, so that a panel
 * restored after a reload can compute again; `run` counts the panel's computations (the webview reports the
 * paint of each with `painted`), `updatedAt` is when the shown one finished (epoch ms: the header says
 * "updated …" even when the numbers did not change), and `pinned` says the panel no longer follows edits.
 */
const STAMPS = { documentUri: v.optional(v.string()), run: v.optional(index()), updatedAt: v.optional(v.number()), pinned: v.optional(v.boolean()) };

/** The data state's fields (the result and the controls are checked in depth). */
const DATA = { kind: v.literal('data'), title: v.string(), result: WireResultSchema, settings: ViewSettingsSchema, controls: ControlsStateSchema, ...STAMPS };

/** What the panel shows: exactly one of loading, error or data — never a half state. */
export const ViewStateSchema = v.variant('kind', [
  v.object({ kind: v.literal('loading'), title: v.string(), ...STAMPS }),
  v.object({
    kind: v.literal('error'),
    title: v.string(),
    message: v.string(),
    range: v.optional(RangeSchema),
    cell: v.optional(index()),
    /** Malformed controls are left out (the error is shown without them). */
    controls: v.fallback(v.optional(ControlsStateSchema), undefined),
    ...STAMPS,
  }),
  v.object(DATA),
]);
export type ViewState = WireOf<typeof ViewStateSchema>;

/** Host → webview. */
export const HostMessageSchema = v.variant('type', [
  v.object({ type: v.literal('state'), state: ViewStateSchema }),
  /** The answer to `explain`: how real entry (`row`, `col`) of a sampled step was computed. */
  v.object({ type: v.literal('explanation'), step: v.string(), head: v.optional(index()), row: index(), col: index(), text: v.string() }),
]);
export type HostMessage = WireOf<typeof HostMessageSchema>;

/** Webview → host: nothing but the keys declared (a message with any other key is dropped). */
export const WebviewMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ready') }),
  /** Select `range` in the editor; `cell` is the notebook cell index when the panel shows a notebook. */
  v.strictObject({ type: v.literal('reveal'), range: RangeSchema, cell: v.optional(index()) }),
  v.strictObject({ type: v.literal('recompute') }),
  /** Change some options; the host recomputes at once. */
  v.strictObject({ type: v.literal('setOptions'), options: v.partial(WireOptionsSchema) }),
  /** Assign the matrix `name` to `role`, or give the role back to inference (`name: null`). */
  v.strictObject({ type: v.literal('setRole'), role: v.picklist(ROLES), name: v.nullable(v.pipe(v.string(), v.regex(MATRIX_NAME))) }),
  /** Copy a step (of head `head`, when given) to the clipboard in `format`. */
  v.strictObject({ type: v.literal('export'), step: STEP_ID, head: v.optional(head), format: v.picklist(EXPORT_FORMATS) }),
  /** Save a heatmap image the webview drew: `data` is base64 PNG or SVG text (at most 32 MiB). */
  v.pipe(
    v.strictObject({
      type: v.literal('saveImage'),
      format: v.picklist(['png', 'svg']),
      fileName: v.pipe(v.string(), v.regex(/^[\w.\- ]{1,100}$/), v.check((name) => !name.startsWith('.'), 'a hidden file name')),
      data: v.pipe(v.string(), v.maxLength(32 * 1024 * 1024)),
    }),
    v.check((m) => m.format !== 'png' || /^[A-Za-z0-9+/=]+$/.test(m.data), 'PNG data that is not base64'),
  ),
  /** Explain real entry (`row`, `col`) of a step the panel received sampled (the host holds the whole matrices). */
  v.strictObject({ type: v.literal('explain'), step: STEP_ID, head: v.optional(head), row: index(), col: index() }),
  /** The numbers of computation `run` are on screen (the first frame after rendering them): latency marks. */
  v.strictObject({ type: v.literal('painted'), run: index() }),
  /** Pin (freeze) the panel, or let it follow edits of its document again. */
  v.strictObject({ type: v.literal('pin'), pinned: v.boolean() }),
  /**
   * Show batch element `batch` (one index per batch dimension) and head `head` (null = the mean over heads):
   * the host checks the indices against the result (out of range: ignored) and sends the state again.
   */
  v.strictObject({ type: v.literal('selectSlice'), batch: v.pipe(v.array(index()), v.maxLength(MAX_BATCH_RANK)), head: v.nullable(head) }),
]);
export type WebviewMessage = WireOf<typeof WebviewMessageSchema>;

/** Validates a message from the webview; anything else is rejected (returns undefined). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  return parse(WebviewMessageSchema, raw);
}

/** A data state whose result or controls may be malformed (to say what is wrong with them). */
const ShowableEnvelopeSchema = v.object({
  type: v.literal('state'),
  state: v.object({ ...DATA, result: v.looseObject({ steps: v.array(v.unknown()) }), controls: v.looseObject({}) }),
});

/**
 * Validates a message from the host (the webview trusts nothing it has not checked). A data state whose result
 * or controls are malformed would render half a panel (or controls that post invalid messages): it becomes an
 * error state that names the problem. Anything else that does not conform is dropped (undefined).
 */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  const message = parse(HostMessageSchema, raw);
  if (message) return message;
  const envelope = parse(ShowableEnvelopeSchema, raw);
  if (!envelope) return undefined;
  const { state } = envelope;
  const controls = controlsProblem(state.controls);
  const why = resultProblem(state.result) ?? (controls ? `controls: ${controls}` : 'malformed');
  const stamps = { documentUri: state.documentUri, run: state.run, updatedAt: state.updatedAt, pinned: state.pinned };
  const known = Object.fromEntries(Object.entries(stamps).filter(([, x]) => x !== undefined));
  return { type: 'state', state: { kind: 'error', title: state.title, message: `The extension sent a result the panel cannot show: ${why}.`, ...known } };
}

/** Validates a state the panel stored earlier (an older build may have stored something else): undefined unless it conforms. */
export function parseViewState(raw: unknown): ViewState | undefined {
  return parse(ViewStateSchema, raw);
}

/** The webview's persisted state as VS Code hands it to the host when it restores a panel: the document of the last view. */
const SavedPanelSchema = v.object({ view: v.looseObject({ documentUri: v.string(), title: v.string() }) });

/**
 * The document and the view of a panel VS Code restores after a reload (from the state the webview persisted),
 * or undefined when the state names no document. A saved view that does not conform (an older build's) is
 * replaced by loading: the panel computes again at once.
 */
export function parseSavedPanel(saved: unknown): { readonly documentUri: string; readonly view: ViewState } | undefined {
  const s = parse(SavedPanelSchema, saved);
  if (!s) return undefined;
  const { documentUri, title } = s.view;
  return { documentUri, view: parseViewState(s.view) ?? { kind: 'loading', title, documentUri } };
}

/** What is wrong with a result as the host sends it (before packed matrices are unpacked), or undefined. */
export function resultProblem(result: unknown): string | undefined {
  return problem(WireResultSchema, result);
}

/** What is wrong with the controls' state, or undefined when the controls can be shown. */
export function controlsProblem(controls: unknown): string | undefined {
  return problem(ControlsStateSchema, controls);
}

/** The settings, with the default of anything missing or out of range. */
export function normalizeSettings(raw: unknown): ViewSettings {
  return parse(ViewSettingsSchema, raw) ?? v.getFallbacks(ViewSettingsSchema);
}

/** The controls' head choices agree with the core's HeadCountChoice (this stops compiling when either drifts). */
export type HeadChoiceAgrees = Assert<Agrees<v.InferOutput<typeof WireHeadChoiceSchema>, HeadCountChoice>>;
