import { InputError } from '../errors';
import { type Matrix, shapeText } from '../matrix/matrix';
import { applyCausalMask, matmul, matmulTransposed, scale, softmaxRows, allFinite } from '../matrix/ops';
import { rowDiagnostics } from './diagnostics';
import type { RoleSet } from './roles';
import type { AttentionOptions, AttentionResult, RoleBinding, Step } from './types';

/** Default options: scaled dot-product attention, no mask, temperature 1. */
export const DEFAULT_OPTIONS: Required<AttentionOptions> = { score: 'scaled_dot', mask: 'none', temperature: 1 };

/** Limits on the sizes the pipeline accepts, so a huge input ends in a clear error, not a frozen editor. */
export interface PipelineLimits {
  /** Largest number of entries of any matrix (inputs and L × S); default 4,194,304 (2048 × 2048). */
  readonly maxElements: number;
}

export const DEFAULT_LIMITS: PipelineLimits = { maxElements: 2048 * 2048 };

/**
 * Computes attention and keeps every intermediate step (Vaswani et al. 2017, eq. 1):
 * `Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V`.
 *
 * Shapes: `X: (L, d_model)`, `W_Q: (d_model, d_k)`, `W_K: (d_model, d_k)`, `W_V: (d_model, d_v)` in the
 * projection mode (`Q = X·W_Q`, row-vector convention, one token per row), or `Q: (L, d_k)`, `K: (S, d_k)`,
 * `V: (S, d_v)` given directly (cross-attention when L ≠ S). Output: `weights: (L, S)`, `output: (L, d_v)`.
 *
 * - `score: 'dot'` uses `Q·Kᵀ` as the logits; `'scaled_dot'` divides by `√d_k`, `d_k` = columns of K.
 * - `mask: 'causal'` keeps keys j ≤ i for query i (upper-left aligned, like PyTorch `is_causal=True`);
 *   masked logits are `−∞` and get weight exactly 0.
 * - `temperature` T: `weights = softmax(logits / T)`.
 *
 * @throws InputError when shapes do not agree (naming both matrices and their shapes), when an input has
 *   NaN or ±∞ entries, when T ≤ 0, or when a matrix exceeds `limits.maxElements`.
 */
export function computeAttention(
  roles: RoleSet,
  options: AttentionOptions = {},
  limits: PipelineLimits = DEFAULT_LIMITS,
): AttentionResult {
  const opts: Required<AttentionOptions> = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
  if (!(opts.temperature > 0) || !Number.isFinite(opts.temperature)) {
    throw new InputError(`temperature must be a positive number, got ${opts.temperature}`);
  }
  const bindings: RoleBinding[] = roles.mode === 'projection' ? [roles.x, roles.wq, roles.wk, roles.wv] : [roles.q, roles.k, roles.v];
  for (const b of bindings) checkInput(b, limits);

  const steps: Step[] = [];
  let Q: Matrix, K: Matrix, V: Matrix;
  let queryLabels: readonly string[], keyLabels: readonly string[];
  if (roles.mode === 'projection') {
    const { x, wq, wk, wv } = roles;
    const labels = x.rowLabels ?? indexLabels(x.matrix.rows);
    queryLabels = labels;
    keyLabels = labels;
    Q = matmul(x.matrix, wq.matrix, x.name, wq.name);
    K = matmul(x.matrix, wk.matrix, x.name, wk.name);
    V = matmul(x.matrix, wv.matrix, x.name, wv.name);
    steps.push(
      projectionStep('Q', 'Queries', 'Q = X W_Q', Q, labels, x.name, wq.name, 'q', 'each token\'s embedding (a row of X) is projected into a query: what the token is looking for.'),
      projectionStep('K', 'Keys', 'K = X W_K', K, labels, x.name, wk.name, 'k', 'each token is projected into a key: what the token offers to be matched against.'),
      projectionStep('V', 'Values', 'V = X W_V', V, labels, x.name, wv.name, 'v', 'each token is projected into a value: what the token contributes once it is attended to.'),
    );
  } else {
    ({ matrix: Q } = roles.q);
    ({ matrix: K } = roles.k);
    ({ matrix: V } = roles.v);
    queryLabels = roles.q.rowLabels ?? indexLabels(Q.rows);
    keyLabels = roles.k.rowLabels ?? indexLabels(K.rows);
    steps.push(
      givenStep('Q', 'Queries', Q, queryLabels, roles.q.name, 'one query per row: what each position is looking for.'),
      givenStep('K', 'Keys', K, keyLabels, roles.k.name, 'one key per row: what each position offers to be matched against.'),
      givenStep('V', 'Values', V, keyLabels, roles.v.name, 'one value per row: what each position contributes once attended to.'),
    );
  }
  const qName = roles.mode === 'direct' ? roles.q.name : 'Q';
  const kName = roles.mode === 'direct' ? roles.k.name : 'K';
  const vName = roles.mode === 'direct' ? roles.v.name : 'V';
  if (Q.cols !== K.cols) {
    throw new InputError(`${qName} is ${shapeText(Q)} but ${kName} is ${shapeText(K)}: d_k differs (${Q.cols} vs ${K.cols}), so Q·Kᵀ is undefined`, bindingRange(roles, 'k'));
  }
  if (K.rows !== V.rows) {
    throw new InputError(`${kName} is ${shapeText(K)} but ${vName} is ${shapeText(V)}: keys and values must have the same number of rows (S)`, bindingRange(roles, 'v'));
  }
  checkSize('the score matrix Q·Kᵀ', Q.rows * K.rows, limits);

  const dk = K.cols;
  const scores = matmulTransposed(Q, K, 'Q', 'K');
  const colLabels = keyLabels;
  steps.push({
    id: 'scores', title: 'Alignment scores', formula: 'S = Q K^{\\top}',
    description: 'each query is compared with every key by a dot product: a large score means a good match.',
    matrix: scores, rowLabels: queryLabels, colLabels,
    derivation: { left: 'Q', leftSymbol: 'q', right: 'K', rightSymbol: 'k', rightAxis: 'row' },
  });
  let logits = scores;
  if (opts.score === 'scaled_dot') {
    const s = Math.sqrt(dk);
    logits = scale(scores, 1 / s);
    steps.push({
      id: 'scaled', title: 'Scaled scores', formula: `\\frac{Q K^{\\top}}{\\sqrt{d_k}} = \\frac{S}{\\sqrt{${dk}}}`,
      description: `the scores are divided by √d_k = ${formatNumber(s)} so that their spread does not grow with the key width, which would push the softmax into saturation.`,
      matrix: logits, rowLabels: queryLabels, colLabels,
      derivation: { left: 'Q', leftSymbol: 'q', right: 'K', rightSymbol: 'k', rightAxis: 'row', divisor: s },
    });
  }
  if (opts.mask === 'causal') {
    logits = applyCausalMask(logits);
    steps.push({
      id: 'masked', title: 'Causal mask', formula: 'M_{ij} = \\begin{cases} \\text{logit}_{ij} & j \\le i \\\\ -\\infty & j > i \\end{cases}',
      description: 'query i may only attend to keys j ≤ i (upper-left aligned, as PyTorch is_causal=True); masked entries become −∞ and get weight 0.',
      matrix: logits, rowLabels: queryLabels, colLabels,
    });
  }
  const T = opts.temperature;
  const weights = softmaxRows(T === 1 ? logits : scale(logits, 1 / T));
  const logitSymbol = opts.mask === 'causal' ? 'M' : opts.score === 'scaled_dot' ? '\\frac{Q K^{\\top}}{\\sqrt{d_k}}' : 'Q K^{\\top}';
  steps.push({
    id: 'weights', title: 'Attention weights',
    formula: T === 1 ? `A = \\operatorname{softmax}\\left(${logitSymbol}\\right)` : `A = \\operatorname{softmax}\\left(${logitSymbol} / T\\right),\\ T = ${formatNumber(T)}`,
    description: 'a softmax over each row turns the scores into weights that are positive and sum to 1: how much each query attends to each key.',
    matrix: weights, rowLabels: queryLabels, colLabels,
  });
  const output = matmul(weights, V, 'weights', 'V');
  steps.push({
    id: 'output', title: 'Context vectors', formula: 'Z = A V',
    description: 'each output row is the weighted average of the value rows, with the attention weights of that query.',
    matrix: output, rowLabels: queryLabels, colLabels: indexLabels(output.cols),
    derivation: { left: 'weights', leftSymbol: 'a', right: 'V', rightSymbol: 'v', rightAxis: 'col' },
  });

  return {
    options: opts,
    roles: bindings,
    steps,
    weights,
    output,
    diagnostics: rowDiagnostics(weights),
    queryLabels,
    keyLabels,
    dk,
  };
}

function projectionStep(id: 'Q' | 'K' | 'V', title: string, formula: string, m: Matrix, labels: readonly string[], xName: string, wName: string, symbol: string, description: string): Step {
  return {
    id, title, formula: formula.replace(/W_([QKV])/, 'W_{$1}'), description: description.charAt(0).toUpperCase() + description.slice(1),
    matrix: m, rowLabels: labels, colLabels: indexLabels(m.cols),
    derivation: { left: xName, leftSymbol: 'x', right: wName, rightSymbol: `w^{${symbol}}`, rightAxis: 'col' },
  };
}

function givenStep(id: 'Q' | 'K' | 'V', title: string, m: Matrix, labels: readonly string[], name: string, description: string): Step {
  return {
    id, title, formula: name === id ? id : `${id} = \\texttt{${name.replace(/_/g, '\\_')}}`,
    description: `Given: ${description}`, matrix: m, rowLabels: labels, colLabels: indexLabels(m.cols),
  };
}

function checkInput(b: RoleBinding, limits: PipelineLimits): void {
  const m = b.matrix;
  if (m.rows === 0 || m.cols === 0) throw new InputError(`${b.name} is empty (${shapeText(m)})`, b.range);
  checkSize(`${b.name} (${shapeText(m)})`, m.rows * m.cols, limits, b);
  if (!allFinite(m)) {
    const i = m.data.findIndex((x) => !Number.isFinite(x));
    throw new InputError(`${b.name} has a non-finite entry (${m.data[i]}) at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`, b.range);
  }
}

function checkSize(what: string, n: number, limits: PipelineLimits, b?: RoleBinding): void {
  if (n > limits.maxElements) {
    throw new InputError(`${what} has ${n} entries, more than the limit of ${limits.maxElements} (setting attentionExplorer.limits.maxMatrixElements)`, b?.range);
  }
}

function bindingRange(roles: RoleSet, role: 'k' | 'v') {
  return roles.mode === 'direct' ? roles[role].range : roles.x.range;
}

/** `["0", "1", …]`: labels when the source names no tokens. */
export function indexLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/0+$/, '');
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
