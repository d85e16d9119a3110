import type { Matrix } from '../matrix/matrix';
import type { NDArray } from '../ndarray/array';

/** An array as NumPy holds it: shape, entries in C order (bool as 0/1) and dtype (float64 when unset). */
export interface ArrayValue {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly dtype?: 'bool' | 'int64' | 'float64' | 'float32';
}
import type { SourceRange } from '../range';

/**
 * The roles a matrix can play in an attention computation (names from the field): the input X and its
 * projections, queries/keys/values given directly, the output projection W_O, the parameters of the
 * general/additive/concat scores (W_a, U_a, v_a), an L × S mask and an S-entry key-padding mask.
 */
export type Role = 'x' | 'wq' | 'wk' | 'wv' | 'wo' | 'q' | 'k' | 'v' | 'wa' | 'ua' | 'va' | 'mask' | 'padding';

/** All roles, in the order the UI lists them. */
export const ROLES: readonly Role[] = ['x', 'wq', 'wk', 'wv', 'wo', 'q', 'k', 'v', 'wa', 'ua', 'va', 'mask', 'padding'];

/** How alignment scores are computed from queries and keys (see scores.ts for formulas and sources). */
export type ScoreFunction = 'dot' | 'scaled_dot' | 'general' | 'additive' | 'concat' | 'cosine';

export const SCORE_FUNCTIONS: readonly ScoreFunction[] = ['scaled_dot', 'dot', 'general', 'additive', 'concat', 'cosine'];

/**
 * Which mask is applied to the logits: none; causal upper-left aligned (query i keeps keys j ≤ i, as PyTorch
 * `is_causal=True`); causal lower-right aligned (keeps j ≤ i + S − L, for decoding with a cache); or the
 * matrix bound to the `mask` role.
 */
export type MaskKind = 'none' | 'causal' | 'causal_lower_right' | 'matrix';

export const MASK_KINDS: readonly MaskKind[] = ['none', 'causal', 'causal_lower_right', 'matrix'];

/**
 * What a non-zero entry of a mask matrix (or key-padding vector) means: `keep` = may attend (PyTorch
 * `scaled_dot_product_attention`: True = attend), `block` = may not (`nn.MultiheadAttention`'s `attn_mask`
 * and `key_padding_mask`: True = not allowed).
 */
export type MaskConvention = 'keep' | 'block';

export const MASK_CONVENTIONS: readonly MaskConvention[] = ['keep', 'block'];

/** A matrix found in a document: its name (null for an anonymous literal), value and source range. */
export interface NamedMatrix {
  readonly name: string | null;
  readonly matrix: Matrix;
  readonly range: SourceRange;
  /** Labels of the rows when the source gives them (e.g. `words = array([word_1, word_2])`). */
  readonly rowLabels?: readonly string[];
  /**
   * NumPy's shape when the array has 3 or more dimensions (`[2, 4, 8]`); `matrix` is then its first 2-D slice
   * (`x[0, 0, …]`), for display only: the attention computation refuses such a matrix with a message.
   */
  readonly ndShape?: readonly number[];
  /** The whole array (any rank) when the source is a program that computes it. */
  readonly array?: ArrayValue;
}

/** A matrix bound to a role, and where that came from. */
export interface RoleBinding {
  readonly role: Role;
  readonly name: string;
  readonly matrix: Matrix;
  readonly range?: SourceRange;
  readonly rowLabels?: readonly string[];
  /** `inferred` from the name, or `given` by the user (flag, setting or command argument). */
  readonly source: 'inferred' | 'given';
  /**
   * The whole array when it has 3 or more dimensions (or is a mask or padding of any rank, for its dtype):
   * `matrix` is then its first 2-D slice. The batched engine (batched.ts) computes on it.
   */
  readonly array?: ArrayValue;
  /** With an N-D `array`: the index of its leading axes that `matrix` is (`[1]` for `x[1]`); `[0, …]` when unset. */
  readonly sliceIndex?: readonly number[];
  /** The dtype the program holds the matrix in, when it is not float64 (a float32 tensor, an int or bool array). */
  readonly dtype?: 'bool' | 'int64' | 'float32';
}

/** Options of the pipeline; defaults give Vaswani et al.'s scaled dot-product attention. */
export interface AttentionOptions {
  /** Score function; default `scaled_dot`. */
  readonly score?: ScoreFunction;
  /** Mask; default `none`. `matrix` uses the matrix bound to the `mask` role. */
  readonly mask?: MaskKind;
  /** Meaning of non-zero entries of the mask matrix and key-padding vector; default `keep`. */
  readonly maskConvention?: MaskConvention;
  /** Softmax temperature T > 0: `weights = softmax(logits / T)`; default 1. */
  readonly temperature?: number;
  /** The factor of `scaled_dot` (`scaled = scale · Q·Kᵀ`); null (default) means 1/√d_k. */
  readonly scale?: number | null;
  /** Number of heads H ≥ 1 (multi-head attention, like `torch.nn.MultiheadAttention`); default 1. */
  readonly heads?: number;
  /** Hard attention: weights are the one-hot argmax of the logits instead of their softmax; default false. */
  readonly hard?: boolean;
}

/** Identifiers of the pipeline's steps, in pipeline order. */
export type StepId = 'Q' | 'K' | 'V' | 'scores' | 'scaled' | 'masked' | 'weights' | 'concat' | 'output';

export const STEP_IDS: readonly StepId[] = ['Q', 'K', 'V', 'scores', 'scaled', 'masked', 'weights', 'concat', 'output'];

/**
 * What a step is in the pipeline, so a view finds the logits, the weights or the output by what they are, never
 * by an id pattern or a position in the list:
 * - `queries`, `keys`, `values`: Q, K, V (the full projections `X·W`, or given directly);
 * - `scores`: the raw alignment scores of the score function; `scaled`: `scale · scores` (scaled_dot only);
 *   `masked`: the logits with the masked entries set to −∞;
 * - `weights`: the attention weights of one head (softmax or hard argmax of the logits);
 *   `head_mean`: the mean of the heads' weights (the top-level weights with several heads);
 * - `output`: the context vectors `A·V` of a one-head pipeline (its final output); `head_output`: `A_h·V_h` of one
 *   head, before any output projection;
 * - `concat`: the heads' outputs side by side (before W_O, or the final output when no W_O is given);
 *   `projection`: the concatenated heads times W_O (the final output).
 */
export type StepRole =
  | 'queries' | 'keys' | 'values' | 'scores' | 'scaled' | 'masked' | 'weights' | 'head_mean' | 'output' | 'head_output' | 'concat' | 'projection';

export const STEP_ROLES: readonly StepRole[] = ['queries', 'keys', 'values', 'scores', 'scaled', 'masked', 'weights', 'head_mean', 'output', 'head_output', 'concat', 'projection'];

/** Columns `start … start + width − 1` of a matrix: the block of Q, K or V one head works on (or produces in the concatenation). */
export interface ColumnBlock {
  readonly start: number;
  readonly width: number;
}

/**
 * A matrix a step is computed from: a step of the same list as the step (`in: 'steps'`: the head's own steps for a
 * head's step), a step of the pipeline's top level (`in: 'pipeline'`: Q, K, V for a head), or an input matrix by
 * its name (`in: 'inputs'`). With `columns`, only that block of its columns is used (the head's slice).
 */
export interface Operand {
  readonly in: 'steps' | 'pipeline' | 'inputs';
  /** A step id (`steps`, `pipeline`) or the input's name (`inputs`). */
  readonly name: string;
  /** The symbol of one row (`q`, `x`, `a`) or one column (`W_Q`, `v`) in explanations. */
  readonly symbol: string;
  readonly columns?: ColumnBlock;
}

/**
 * Which entries of a mask block a key, as the engine read them: `zero` (a 0/1 mask whose 1s mean attend),
 * `nonzero` (1s mean blocked), `neg_inf` (an additive float mask: −∞ blocks, 0 attends).
 */
export type MaskTest = 'zero' | 'nonzero' | 'neg_inf';

export const MASK_TESTS: readonly MaskTest[] = ['zero', 'nonzero', 'neg_inf'];

/**
 * One source of masking of a `masked` step; entry (i, j) is −∞ when any rule blocks it (see provenance.ts for
 * the one reading of each rule):
 * - `causal`: query i keeps keys j ≤ i + offset (`offset` 0 upper-left aligned, S − L lower-right aligned);
 * - `matrix`: the input matrix `input` (as the result's inputs show it, `rows × cols`, a size-1 axis broadcast)
 *   blocks (i, j) when its entry passes `blocks`;
 * - `padding`: the input vector `input` (S entries) blocks key j when its entry j passes `blocks`.
 */
export type MaskRule =
  | { readonly kind: 'causal'; readonly align: 'upper_left' | 'lower_right'; readonly offset: number }
  | { readonly kind: 'matrix'; readonly input: string; readonly blocks: MaskTest; readonly convention: MaskConvention; readonly rows: number; readonly cols: number }
  | { readonly kind: 'padding'; readonly input: string; readonly blocks: MaskTest; readonly convention: MaskConvention };

/**
 * How every entry of a step was computed, as data a view reads per cell (no view re-derives a rule):
 * - `given`: the input `input` as it is (Q, K, V given directly); with `heads` (inputs with a head axis,
 *   `(..., H, L, d)`), head h's slice of it (`input[..., h, :, :]`, one slice for all heads on an axis of 1) in
 *   the columns `heads[h]`;
 * - `product`: entry (i, j) = row i of `left` · (row j of `right` when `rightAxis` is `row`, column j when
 *   `col`), divided by `divisor` when set (√d_k, or 1/scale, for `scaled`);
 * - `score`: the score function `score` of row i of `left` (the queries) and row j of `right` (the keys): general,
 *   additive, concat, cosine, which have no single dot product per entry;
 * - `mask`: the logits of step `of` with the entries the `rules` block set to −∞;
 * - `softmax`: `softmax(of / temperature)` over each row;
 * - `hardmax`: the one-hot argmax of each row of step `of` (`argmax[i]`: the key chosen, first on ties; −1 when
 *   every key of row i is masked and the row stays 0);
 * - `mean`: the element-wise mean of the `weights` steps of the result's `heads` heads;
 * - `concat`: head h's `head_output` in the columns `blocks[h]`.
 */
export type Provenance =
  | { readonly kind: 'given'; readonly input: string; readonly heads?: readonly ColumnBlock[] }
  | { readonly kind: 'product'; readonly left: Operand; readonly right: Operand; readonly rightAxis: 'row' | 'col'; readonly divisor?: number }
  | { readonly kind: 'score'; readonly score: ScoreFunction; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'mask'; readonly of: StepId; readonly rules: readonly MaskRule[] }
  | { readonly kind: 'softmax'; readonly of: StepId; readonly temperature: number }
  | { readonly kind: 'hardmax'; readonly of: StepId; readonly argmax: readonly number[] }
  | { readonly kind: 'mean'; readonly heads: number }
  | { readonly kind: 'concat'; readonly blocks: readonly ColumnBlock[] };

/** One step of the pipeline, kept with its formula and shape. */
export interface Step {
  readonly id: StepId;
  /** What the step is in the pipeline. */
  readonly role: StepRole;
  /** How each entry was computed. */
  readonly provenance: Provenance;
  /** Title for people, e.g. "Alignment scores". */
  readonly title: string;
  /** The formula in LaTeX (KaTeX subset). */
  readonly formula: string;
  /** One sentence saying what the step does and why. */
  readonly description: string;
  readonly matrix: Matrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
}

/** Per query row: how the attention weights of that query are spread. */
export interface RowDiagnostics {
  /** Σ_j weights_ij (1 up to rounding). */
  readonly sum: number;
  /** Shannon entropy −Σ_j w_ij ln w_ij, in nats (0 = all weight on one key). */
  readonly entropy: number;
  /** Index of the key with the largest weight (first on ties). */
  readonly argmax: number;
}

/** One head of multi-head attention: its own steps (scores … output before W_O), weights and output. */
export interface HeadResult {
  readonly steps: readonly Step[];
  /** (L, S) */
  readonly weights: Matrix;
  /** (L, d_v / H): the head's output before the output projection. */
  readonly output: Matrix;
  readonly diagnostics: readonly RowDiagnostics[];
}

/** Everything the pipeline computed. `L` queries, `S` keys, `d_k` key width, `d_v` value width. */
export interface AttentionResult {
  readonly options: Required<AttentionOptions>;
  readonly roles: readonly RoleBinding[];
  readonly steps: readonly Step[];
  /** Attention weights: (L, S). */
  readonly weights: Matrix;
  /** Context vectors: (L, d_v). */
  readonly output: Matrix;
  readonly diagnostics: readonly RowDiagnostics[];
  readonly queryLabels: readonly string[];
  readonly keyLabels: readonly string[];
  /** d_k: columns of K (of one head's K with several heads). */
  readonly dk: number;
  /** Per head, when `heads > 1`; the top-level weights are their mean. */
  readonly heads?: readonly HeadResult[];
  /** Notes for people about how the result was obtained (e.g. fully masked rows). */
  readonly notes: readonly string[];
  /** True when a role's matrix comes from a generator the program never seeds: the numbers are one possible draw. */
  readonly unseeded?: boolean;
  /** Set when the inputs are batched (N-D): the steps above are those of batch element `batch.index`. */
  readonly batch?: BatchInfo;
}

/** How the heads of a batched computation arise. */
export type HeadSource =
  /** One head, or `options.heads` = H splitting Q, K, V into H contiguous column blocks (nn.MultiheadAttention). */
  | 'split'
  /** Q, K, V given with a head axis, `(..., H, L, d_head)`: the axis just before L (PyTorch SDPA's layout). */
  | 'explicit';

/** One step of a batched computation with its full N-D value. */
export interface BatchedStep {
  readonly id: StepId;
  /** What the step is (the role of the 2-D step it stacks). */
  readonly role: StepRole;
  /** `(...batch, rows, cols)`, or `(...batch, H, rows, cols)` for a per-head step. */
  readonly value: NDArray;
  /** Whether `value` has the head axis just before its last two axes. */
  readonly perHead: boolean;
}

/**
 * The batch of an N-D computation: `Q: (...batch, L, d_k)` (or `(...batch, H, L, d_head)` with explicit heads)
 * broadcast against K, V and the mask. Every batch element was computed by the 2-D pipeline on its own slice.
 */
export interface BatchInfo {
  /** The broadcast batch shape: every axis before L, the head axis excluded. */
  readonly shape: readonly number[];
  /** The batch element the result's steps show (one index per axis of `shape`). */
  readonly index: readonly number[];
  readonly headSource: HeadSource;
  /** Every step's full value, in pipeline order. */
  readonly steps: readonly BatchedStep[];
  /** The mean of the heads' weights, `(...batch, L, S)` (the weights themselves with one head). */
  readonly weights: NDArray;
  /** The final output, `(...batch, L, d_out)` (`(...batch, H, L, d_head)` for explicit heads without W_O). */
  readonly output: NDArray;
  /** The 2-D result of every batch element, in C order of `shape`. */
  readonly slices: readonly AttentionResult[];
}
