import type { Matrix } from '../matrix/matrix';
import type { SourceRange } from '../range';

/** The roles a matrix can play in an attention computation (names from the field). */
export type Role = 'x' | 'wq' | 'wk' | 'wv' | 'wo' | 'q' | 'k' | 'v' | 'mask';

/** How alignment scores are computed from queries and keys. */
export type ScoreFunction = 'dot' | 'scaled_dot';

/** A matrix found in a document: its name (null for an anonymous literal), value and source range. */
export interface NamedMatrix {
  readonly name: string | null;
  readonly matrix: Matrix;
  readonly range: SourceRange;
  /** Labels of the rows when the source gives them (e.g. `words = array([word_1, word_2])`). */
  readonly rowLabels?: readonly string[];
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
}

/** Options of the pipeline; defaults give Vaswani et al.'s scaled dot-product attention. */
export interface AttentionOptions {
  /** Score function; default `scaled_dot`. */
  readonly score?: ScoreFunction;
  /** `causal` (upper-left aligned, like PyTorch `is_causal=True`) or none. */
  readonly mask?: 'none' | 'causal';
  /** Softmax temperature T > 0: `weights = softmax(logits / T)`; default 1. */
  readonly temperature?: number;
}

/** Identifiers of the pipeline's steps, in pipeline order. */
export type StepId = 'Q' | 'K' | 'V' | 'scores' | 'scaled' | 'masked' | 'weights' | 'output';

/**
 * How one entry of a step is obtained from two other matrices, so a UI can explain a cell:
 * entry (i, j) = row i of `left` · (row j of `right` when `rightAxis` is `row`, column j when `col`).
 */
export interface Derivation {
  readonly left: string;
  readonly leftSymbol: string;
  readonly right: string;
  readonly rightSymbol: string;
  readonly rightAxis: 'row' | 'col';
  /** Divide the dot product by this (√d_k for `scaled`), when set. */
  readonly divisor?: number;
}

/** One step of the pipeline, kept with its formula and shape. */
export interface Step {
  readonly id: StepId;
  /** Title for people, e.g. "Alignment scores". */
  readonly title: string;
  /** The formula in LaTeX (KaTeX subset). */
  readonly formula: string;
  /** One sentence saying what the step does and why. */
  readonly description: string;
  readonly matrix: Matrix;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
  readonly derivation?: Derivation;
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
  /** d_k: columns of K. */
  readonly dk: number;
}
