/**
 * The engine's result as the panel receives it (WireResult and its parts), declared once as valibot schemas:
 * the types below are inferred from them, and the webview validates what the host sends with them (before
 * unpacking packed matrices). Adding a field to a wire type is one line in its entries object.
 *
 * Plain JSON: `−∞` (a masked logit) travels as `null`; large matrices travel packed (see {@link WireMatrix}).
 * Wire types that copy a core type (WireProvenance, WireDiagnostics, WireOptions) are aliases of it, with a
 * compile-time check that the schema agrees with the core type.
 */
import * as v from 'valibot';
import { optionProblem } from '../core/attention/options';
import {
  MASK_CONVENTIONS, MASK_TESTS, ROLES, SCORE_FUNCTIONS, STEP_IDS, STEP_ROLES, type AttentionOptions, type ColumnBlock, type MaskRule, type Operand, type Provenance, type RowDiagnostics,
} from '../core/attention/types';
import { type Agrees, type Assert, count, entriesProblem, finite, index, MATRIX_ENTRIES, RangeSchema, type WireOf } from './schema';

/** Head-grid thumbnails are sampled to at most this many rows and columns. */
export const MAX_THUMBNAIL_SIDE = 64;

/** Labels of rows or columns. */
const labels = v.array(v.string());

/** `n` ascending indices below `size`. */
function isIndexList(xs: readonly number[], n: number, size: number): boolean {
  return xs.length === n && xs.every((x, k) => x < size && (k === 0 || x > xs[k - 1]));
}

/**
 * A matrix on the wire.
 * - `sampledFrom`: set when the matrix was too large to send whole: `values` holds the rows `rowIndex` and the
 *   columns `colIndex` (evenly spaced, ascending) of the full `rows × cols` matrix, so sampled entry (i, j) is
 *   entry (`rowIndex[i]`, `colIndex[j]`) of the real one. Exports and cell explanations use the full matrix on the host.
 * - `packed`: large matrices travel packed (src/extension/panel/pack.ts): `values` is then empty and `packed` holds
 *   the `rows × cols` entries as base64 of IEEE 754 float64, little-endian, row-major, `−∞` as itself — exactly the
 *   numbers, at 10.7 bytes per entry instead of about 20 as JSON text. The webview unpacks them after validation
 *   (webview/unpack.ts), so everything past the boundary sees `values`.
 */
export const WireMatrixSchema = v.pipe(
  v.object(
    {
      ...MATRIX_ENTRIES,
      sampledFrom: v.optional(v.object({ rows: count, cols: count, rowIndex: v.array(count), colIndex: v.array(count) }, 'malformed sampling')),
      packed: v.optional(v.string()),
    },
    'malformed matrix',
  ),
  v.check((m) => !entriesProblem(m), (issue) => entriesProblem(issue.input) ?? ''),
  v.check(
    (m) => m.sampledFrom === undefined || (isIndexList(m.sampledFrom.rowIndex, m.rows, m.sampledFrom.rows) && isIndexList(m.sampledFrom.colIndex, m.cols, m.sampledFrom.cols)),
    (issue) => `sampled indices do not match the ${issue.input.rows} × ${issue.input.cols} sample of ${issue.input.sampledFrom?.rows} × ${issue.input.sampledFrom?.cols}`,
  ),
);
export type WireMatrix = WireOf<typeof WireMatrixSchema>;

/** Why a matrix's labels do not match its shape, or undefined. */
function labelsProblem(s: { readonly matrix: { readonly rows: number; readonly cols: number }; readonly rowLabels: readonly string[]; readonly colLabels: readonly string[] }): string | undefined {
  return s.rowLabels.length === s.matrix.rows && s.colLabels.length === s.matrix.cols ? undefined : `labels do not match the ${s.matrix.rows} × ${s.matrix.cols} shape`;
}

/** A head's block of columns (the core's ColumnBlock). */
const ColumnBlockSchema = v.object({ start: count, width: count });

/** A matrix a step is computed from (the core's Operand). */
const OperandSchema = v.object({ in: v.picklist(['steps', 'pipeline', 'inputs']), name: v.string(), symbol: v.string(), columns: v.optional(ColumnBlockSchema) });

/** A source of masking of a masked step (the core's MaskRule). */
const MaskRuleSchema = v.variant('kind', [
  v.object({ kind: v.literal('causal'), align: v.picklist(['upper_left', 'lower_right']), offset: v.pipe(v.number(), v.integer()) }),
  v.object({ kind: v.literal('matrix'), input: v.string(), blocks: v.picklist(MASK_TESTS), convention: v.picklist(MASK_CONVENTIONS), rows: count, cols: count }),
  v.object({ kind: v.literal('padding'), input: v.string(), blocks: v.picklist(MASK_TESTS), convention: v.picklist(MASK_CONVENTIONS) }),
]);

/** How every entry of a step was computed (the core's Provenance; a hard row whose keys are all masked has argmax −1). */
export const WireProvenanceSchema = v.variant('kind', [
  v.object({ kind: v.literal('given'), input: v.string(), heads: v.optional(v.array(ColumnBlockSchema)) }),
  v.object({ kind: v.literal('product'), left: OperandSchema, right: OperandSchema, rightAxis: v.picklist(['row', 'col']), divisor: v.optional(finite) }),
  v.object({ kind: v.literal('score'), score: v.picklist(SCORE_FUNCTIONS), left: OperandSchema, right: OperandSchema }),
  v.object({ kind: v.literal('mask'), of: v.picklist(STEP_IDS), rules: v.array(MaskRuleSchema) }),
  v.object({ kind: v.literal('softmax'), of: v.picklist(STEP_IDS), temperature: finite }),
  v.object({ kind: v.literal('hardmax'), of: v.picklist(STEP_IDS), argmax: v.array(v.pipe(v.number(), v.integer(), v.minValue(-1))) }),
  v.object({ kind: v.literal('mean'), heads: count }),
  v.object({ kind: v.literal('concat'), blocks: v.array(ColumnBlockSchema) }),
]);
export type WireProvenance = Provenance;

/** Why a step's provenance does not fit its matrix (a hard argmax per row, within the keys), or undefined. */
function provenanceProblem(s: { readonly matrix: { readonly rows: number; readonly cols: number }; readonly provenance?: WireProvenance }): string | undefined {
  const p = s.provenance;
  if (p?.kind !== 'hardmax' || (p.argmax.length === s.matrix.rows && p.argmax.every((j) => j < s.matrix.cols))) return undefined;
  return `the argmax (${p.argmax.length} rows) does not fit the ${s.matrix.rows} × ${s.matrix.cols} weights`;
}

/**
 * One step of the pipeline: its role (what it is: views find the logits, the weights… by it), its formula (LaTeX),
 * the sentence saying what it does, its matrix and labels, and how each entry was computed (absent when the
 * matrix is sampled: the host explains its cells on the whole one).
 */
export const WireStepSchema = v.pipe(
  v.object({
    id: v.string(),
    role: v.picklist(STEP_ROLES),
    title: v.string(),
    formula: v.string(),
    description: v.string(),
    matrix: WireMatrixSchema,
    rowLabels: labels,
    colLabels: labels,
    provenance: v.optional(WireProvenanceSchema),
  }),
  v.check((s) => !labelsProblem(s), (issue) => labelsProblem(issue.input) ?? ''),
  v.check((s) => !provenanceProblem(s), (issue) => provenanceProblem(issue.input) ?? ''),
);
export type WireStep = WireOf<typeof WireStepSchema>;

/** Why an N-D input's full shape (rank ≥ 3) and the index of the slice shown (its leading axes) disagree (both or neither), or undefined. */
function sliceProblem(i: { readonly ndShape?: readonly number[]; readonly sliceIndex?: readonly number[] }): string | undefined {
  const { ndShape: s, sliceIndex: k } = i;
  if (s === undefined && k === undefined) return undefined;
  if (s === undefined || k === undefined) return 'malformed N-D shape or slice index';
  return s.length >= 3 && k.length === s.length - 2 && k.every((x, a) => x < s[a]) ? undefined : `slice [${k.join(', ')}] does not fit the shape (${s.join(', ')})`;
}

/** An input matrix shown in the "Inputs" section (X, W_Q… or Q, K, V given directly). */
export const WireInputSchema = v.pipe(
  v.object({
    role: v.picklist(ROLES),
    /** Conventional symbol of the role: `X`, `W_Q`, `Q`… */
    roleTitle: v.string(),
    name: v.string(),
    source: v.picklist(['inferred', 'given']),
    matrix: WireMatrixSchema,
    rowLabels: labels,
    colLabels: labels,
    range: v.optional(RangeSchema),
    /** Notebook cell index of the definition, when the panel shows a notebook. */
    cell: v.optional(index()),
    /** NumPy's full shape of an N-D input (rank ≥ 3); `matrix` is then its 2-D slice `x[sliceIndex]`. */
    ndShape: v.optional(v.array(count)),
    /** Index of the leading axes of the slice shown (`[0]` for `x[0]`); present with `ndShape`. */
    sliceIndex: v.optional(v.array(count)),
    /** The program's dtype of the input when it is not float64 (`float32` for a torch, TF or JAX tensor). */
    dtype: v.optional(v.picklist(['bool', 'int64', 'float32'])),
  }),
  v.check((s) => !labelsProblem(s), (issue) => labelsProblem(issue.input) ?? ''),
  v.check((i) => !sliceProblem(i), (issue) => sliceProblem(issue.input) ?? ''),
);
export type WireInput = WireOf<typeof WireInputSchema>;

/** Per-query diagnostics (the core's RowDiagnostics). */
export const WireDiagnosticsSchema = v.object({ sum: v.number(), entropy: v.number(), argmax: index() });
export type WireDiagnostics = RowDiagnostics;

/** One option, checked by the core's one options validator (its limits and its sentence). */
function option<K extends keyof AttentionOptions>(key: K) {
  return v.custom<Required<AttentionOptions>[K]>((x) => optionProblem(key, x) === undefined, (issue) => optionProblem(key, issue.input) ?? `malformed ${key}`);
}

/** The pipeline's options as the panel shows and changes them: the core's AttentionOptions, every one set, nothing else. */
export const WireOptionsSchema = v.strictObject(
  {
    score: option('score'),
    mask: option('mask'),
    maskConvention: option('maskConvention'),
    temperature: option('temperature'),
    scale: option('scale'),
    heads: option('heads'),
    hard: option('hard'),
  },
  (issue) => {
    const key = issue.path?.[issue.path.length - 1]?.key;
    if (typeof key !== 'string') return 'missing';
    return issue.expected === 'never' ? `unknown option ${key}` : `missing ${key}`;
  },
);
export type WireOptions = Readonly<Required<AttentionOptions>>;

/** One head of multi-head attention: its steps (scores … head output) and per-query diagnostics. */
export const WireHeadSchema = v.object({ steps: v.array(WireStepSchema), diagnostics: v.array(WireDiagnosticsSchema) });
export type WireHead = WireOf<typeof WireHeadSchema>;

/**
 * Batched (N-D) inputs: `shape` is the broadcast batch shape (every axis before L, the head axis excluded) and
 * `index` the batch element the steps show (same length, each index below its dimension).
 */
export const WireBatchSchema = v.pipe(
  v.object({ shape: v.array(count), index: v.array(count) }),
  v.check(
    (b) => b.shape.length === b.index.length && b.index.every((k, a) => k < b.shape[a]),
    (issue) => `index [${issue.input.index.join(', ')}] does not fit the batch shape (${issue.input.shape.join(', ')})`,
  ),
);
export type WireBatch = WireOf<typeof WireBatchSchema>;

/**
 * Every head's attention weights (L × S, sampled to at most {@link MAX_THUMBNAIL_SIDE} on a side) for the
 * current batch element, their mean (same shape), and the head the steps show (`null` = the mean).
 */
export const WireHeadGridSchema = v.pipe(
  v.object({ heads: v.pipe(v.array(WireMatrixSchema), v.minLength(2, 'fewer than two heads')), mean: WireMatrixSchema, current: v.nullable(count) }),
  v.check(
    (g) => g.heads[0].rows <= MAX_THUMBNAIL_SIDE && g.heads[0].cols <= MAX_THUMBNAIL_SIDE,
    (issue) => `thumbnails of ${issue.input.heads[0].rows} × ${issue.input.heads[0].cols}, larger than ${MAX_THUMBNAIL_SIDE} on a side`,
  ),
  v.check((g) => g.current === null || g.current < g.heads.length, (issue) => `current head ${issue.input.current} of ${issue.input.heads.length}`),
  v.check(
    (g) => [...g.heads, g.mean].every((m) => m.rows === g.heads[0].rows && m.cols === g.heads[0].cols),
    (issue) => {
      const g = issue.input;
      const all = [...g.heads, g.mean];
      const k = all.findIndex((m) => m.rows !== g.heads[0].rows || m.cols !== g.heads[0].cols);
      return `${k < g.heads.length ? `head ${k}` : 'mean'}: ${all[k].rows} × ${all[k].cols}, unlike head 0`;
    },
  ),
);
export type WireHeadGrid = WireOf<typeof WireHeadGridSchema>;

/** The engine's result as the panel receives it (src/shared/wire.ts makes it). */
export const WireResultSchema = v.pipe(
  v.object({
    options: WireOptionsSchema,
    dk: count,
    inputs: v.array(WireInputSchema),
    steps: v.array(WireStepSchema),
    diagnostics: v.array(WireDiagnosticsSchema),
    queryLabels: labels,
    keyLabels: labels,
    /** Per head when options.heads > 1 (the top-level weights step is their mean). */
    heads: v.optional(v.array(WireHeadSchema)),
    /** Notes for people (e.g. a query whose keys are all masked). */
    notes: v.array(v.string()),
    batch: v.optional(WireBatchSchema),
    /** The weights of every head for the current batch element; present whenever there are ≥ 2 heads. */
    headGrid: v.optional(WireHeadGridSchema),
  }),
  v.check((r) => r.heads === undefined || r.heads.length === r.options.heads, (issue) => `${issue.input.heads?.length} heads for heads = ${issue.input.options.heads}`),
);
export type WireResult = WireOf<typeof WireResultSchema>;

/**
 * The wire types that are aliases of core types agree with their schemas: same keys, same value types (this
 * stops compiling when either side gains, loses or changes a field).
 */
export type WireAliasesAgree = [
  Assert<Agrees<WireOf<typeof WireProvenanceSchema>, Provenance>>,
  Assert<Agrees<WireOf<typeof MaskRuleSchema>, MaskRule>>,
  Assert<Agrees<WireOf<typeof OperandSchema>, Operand>>,
  Assert<Agrees<WireOf<typeof ColumnBlockSchema>, ColumnBlock>>,
  Assert<Agrees<v.InferOutput<typeof WireDiagnosticsSchema>, RowDiagnostics>>,
  Assert<Agrees<v.InferOutput<typeof WireOptionsSchema>, Required<AttentionOptions>>>,
];
