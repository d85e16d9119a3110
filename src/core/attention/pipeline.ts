import { optionsProblem } from './options';
import { roleTakesPart } from './optionRoles';
import { InputError } from '../errors';
import { type Matrix, shapeText, zeros } from '../matrix/matrix';
import { matmul, scale, allFinite } from '../matrix/ops';
import { attentionChain, type ChainResult } from './chain';
import { rowDiagnostics } from './diagnostics';
import { concatColumns, headColumns, meanOf, scoreAllowsHeads } from './heads';
import { numberText as formatNumber } from '../formula/expr';
import { concatFormula, concatOutputFormula, givenFormula, logitsFormula, maskedFormula, meanWeightsFormula, outputFormula, outputProjectionFormula, projectionFormula, scaledFormula, weightsFormula } from './formulas';
import { applyMask, planMask } from './masks';
import { rowArgmax } from './provenance';
import type { ExtraRoles, RoleSet } from './roles';
import { checkDotOperands, computeScores, SCORE_INFO } from './scores';
import { defaultScale } from './scoreInfo';
import type { AttentionOptions, AttentionResult, ColumnBlock, HeadResult, Operand, RoleBinding, Step, StepId } from './types';

/** Default options: scaled dot-product attention, no mask, temperature 1, one head, soft weights. */
export const DEFAULT_OPTIONS: Required<AttentionOptions> = {
  score: 'scaled_dot', mask: 'none', maskConvention: 'keep', temperature: 1, scale: null, heads: 1, hard: false,
};

/** Limits on the sizes the pipeline accepts, so a huge input ends in a clear error, not a frozen editor. */
export interface PipelineLimits {
  /** Largest number of entries of any matrix (inputs and L × S); default 4,194,304 (2048 × 2048). */
  readonly maxElements: number;
}

export const DEFAULT_LIMITS: PipelineLimits = { maxElements: 2048 * 2048 };

/**
 * Computes attention and keeps every intermediate step (Vaswani et al. 2017, eq. 1):
 * `Attention(Q, K, V) = softmax(Q·Kᵀ / √d_k) · V`, and its variants.
 *
 * Shapes: `X: (L, d_model)`, `W_Q: (d_model, d_k)`, `W_K: (d_model, d_k)`, `W_V: (d_model, d_v)` in the
 * projection mode (`Q = X·W_Q`, row-vector convention, one token per row), or `Q: (L, d_q)`, `K: (S, d_k)`,
 * `V: (S, d_v)` given directly (cross-attention when L ≠ S). Output: `weights: (L, S)`, `output: (L, d_v)`.
 *
 * - `score`: see {@link computeScores} (dot, scaled_dot, general, additive, concat, cosine); only
 *   `scaled_dot` has a `scaled` step, `scale · Q·Kᵀ` with `scale` = 1/√d_k unless given.
 * - `mask`: causal (upper-left, like PyTorch `is_causal=True`), causal lower-right, or the `mask` role's
 *   matrix; a `padding` role adds a key-padding mask. Masked logits are `−∞` and get weight exactly 0; a query
 *   with every key masked gets all-zero weights (PyTorch gives NaN there) and a note says so.
 * - `temperature` T: `weights = softmax(logits / T)`; `hard`: one-hot argmax of the logits instead.
 * - `heads` H > 1: multi-head attention as `torch.nn.MultiheadAttention` (no biases): Q, K, V are split into
 *   H contiguous column blocks, head h computes `softmax(Q_h·K_hᵀ / √(d_k / H))·V_h`, the heads are
 *   concatenated and multiplied by `W_O` when one is given; the top-level weights are the mean over heads.
 *
 * @throws InputError when shapes do not agree (naming both matrices and their shapes), when an input has NaN
 *   or ±∞ entries, when T ≤ 0, when a parameter the score needs is missing, or when a matrix exceeds
 *   `limits.maxElements`.
 */
export function computeAttention(roles: RoleSet, options: AttentionOptions = {}, limits: PipelineLimits = DEFAULT_LIMITS): AttentionResult {
  const opts: Required<AttentionOptions> = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
  const problem = optionsProblem(opts, true);
  if (problem) throw new InputError(problem);
  const extras: ExtraRoles = roles.extras ?? {};
  const main: RoleBinding[] = roles.mode === 'projection' ? [roles.x, roles.wq, roles.wk, roles.wv] : [roles.q, roles.k, roles.v];
  const used = [...main, ...Object.values(extras).filter((b): b is RoleBinding => b !== undefined && roleTakesPart(b.role, opts))];
  for (const b of used) checkInput(b, limits);

  const steps: Step[] = [];
  let Q: Matrix, K: Matrix, V: Matrix;
  let queryLabels: readonly string[], keyLabels: readonly string[];
  if (roles.mode === 'projection') {
    const { x, wq, wk, wv } = roles;
    queryLabels = keyLabels = x.rowLabels ?? indexLabels(x.matrix.rows);
    Q = matmul(x.matrix, wq.matrix, x.name, wq.name);
    K = matmul(x.matrix, wk.matrix, x.name, wk.name);
    V = matmul(x.matrix, wv.matrix, x.name, wv.name);
    steps.push(
      projectionStep('Q', 'Queries', Q, queryLabels, x.name, wq.name, 'Each token\'s embedding (a row of X) is projected into a query: what the token is looking for.'),
      projectionStep('K', 'Keys', K, keyLabels, x.name, wk.name, 'Each token is projected into a key: what the token offers to be matched against.'),
      projectionStep('V', 'Values', V, keyLabels, x.name, wv.name, 'Each token is projected into a value: what the token contributes once it is attended to.'),
    );
  } else {
    Q = roles.q.matrix;
    K = roles.k.matrix;
    V = roles.v.matrix;
    queryLabels = roles.q.rowLabels ?? indexLabels(Q.rows);
    keyLabels = roles.k.rowLabels ?? indexLabels(K.rows);
    steps.push(
      givenStep('Q', 'Queries', Q, queryLabels, roles.q.name, 'one query per row: what each position is looking for.'),
      givenStep('K', 'Keys', K, keyLabels, roles.k.name, 'one key per row: what each position offers to be matched against.'),
      givenStep('V', 'Values', V, keyLabels, roles.v.name, 'one value per row: what each position contributes once attended to.'),
    );
  }
  const names = {
    q: roles.mode === 'direct' ? roles.q.name : 'Q',
    k: roles.mode === 'direct' ? roles.k.name : 'K',
    v: roles.mode === 'direct' ? roles.v.name : 'V',
  };
  if (K.rows !== V.rows) {
    throw new InputError(`${names.k} is ${shapeText(K)} but ${names.v} is ${shapeText(V)}: keys and values must have the same number of rows (S)`, roles.mode === 'direct' ? roles.v.range : roles.x.range);
  }
  checkSize('the score matrix Q·Kᵀ', Q.rows * K.rows, limits);
  const mask = planMask(opts.mask, opts.maskConvention, Q.rows, K.rows, extras);
  const notes: string[] = [];
  if (extras.mask && opts.mask !== 'matrix') {
    notes.push(`${extras.mask.name} (${shapeText(extras.mask.matrix)}) looks like a mask but is not applied: choose the mask "matrix" to apply it (and say whether its 1s mean attend or blocked).`);
  }
  const pad = extras.padding;
  if (pad && pad.source === 'inferred' && (pad.dtype === 'bool' || pad.dtype === 'int64')) {
    // `pad_mask = ids == 0` marks the padding (PyTorch's key_padding_mask: True = ignored); a Hugging Face
    // attention_mask marks the tokens to attend. The name alone does not say which: the note does.
    notes.push(opts.maskConvention === 'keep'
      ? `${pad.name} is applied as a key padding mask whose non-zero entries are the keys attended; if they mark the padding instead (PyTorch's key_padding_mask, ids == pad_id: True = ignored), choose the block convention (CLI --mask-convention block).`
      : `${pad.name} is applied as a key padding mask whose non-zero entries are the keys ignored (PyTorch's key_padding_mask); if they mark the keys to attend instead (a Hugging Face attention_mask), choose the keep convention.`);
  }
  if (roles.mode === 'direct' && roles.q.name === roles.k.name && roles.k.name === roles.v.name && roles.q.source === 'inferred') {
    notes.push(`Only ${roles.q.name} was found, so it plays Q, K and V (simplified self-attention without projections); name W_Q, W_K, W_V matrices, or choose roles, for the full version.`);
  }

  if (opts.heads === 1) {
    if (extras.wo) notes.push(`${extras.wo.name} (W_O) is applied with several heads only (CLI --heads N --wo NAME); with one head the output is A·V, without the output projection.`);
    const head = attend(Q, K, V, names, opts, extras, mask, queryLabels, keyLabels, undefined, undefined);
    steps.push(...head.steps);
    notes.push(...head.notes);
    return { options: opts, roles: used, steps, weights: head.weights, output: head.output, diagnostics: head.diagnostics, queryLabels, keyLabels, dk: head.dk, notes };
  }

  const H = opts.heads;
  if (!scoreAllowsHeads(opts.score)) {
    throw new InputError(`multi-head attention uses the dot, scaled_dot or cosine score; the ${opts.score} score has parameters for one head only`);
  }
  const heads: HeadResult[] = [];
  let dk = 0;
  for (let h = 0; h < H; h++) {
    const Qh = headColumns(Q, h, H, names.q), Kh = headColumns(K, h, H, names.k), Vh = headColumns(V, h, H, names.v);
    const blocks = { q: block(h, Qh), k: block(h, Kh), v: block(h, Vh) };
    const r = attend(Qh, Kh, Vh, { q: `Q_${h}`, k: `K_${h}`, v: `V_${h}` }, opts, extras, mask, queryLabels, keyLabels, h, blocks);
    dk = r.dk;
    notes.push(...r.notes.map((n) => `Head ${h}: ${n.charAt(0).toLowerCase()}${n.slice(1)}`));
    heads.push({ steps: r.steps, weights: r.weights, output: r.output, diagnostics: r.diagnostics });
  }
  const weights = meanOf(heads.map((h) => h.weights));
  steps.push({
    id: 'weights', role: 'head_mean', provenance: { kind: 'mean', heads: H }, title: `Attention weights (mean of ${H} heads)`, formula: meanWeightsFormula(H),
    description: `Each head attends on its own ${dk}-wide slice of Q, K and V (head_dim = d_k / H, scaled by 1/√${dk}); this is the mean of the ${H} heads' weights, as nn.MultiheadAttention returns with average_attn_weights=True.`,
    matrix: weights, rowLabels: queryLabels, colLabels: keyLabels,
  });
  const concat = concatColumns(heads.map((h) => h.output));
  const concatenated = { kind: 'concat', blocks: heads.map((hd, h) => block(h, hd.output)) } as const;
  let output = concat;
  const wo = extras.wo;
  if (wo) {
    steps.push({
      id: 'concat', role: 'concat', provenance: concatenated, title: 'Heads concatenated', formula: concatFormula(H), description: `The ${H} heads' context vectors side by side, in head order.`,
      matrix: concat, rowLabels: queryLabels, colLabels: indexLabels(concat.cols),
    });
    output = matmul(concat, wo.matrix, 'the concatenated heads', wo.name);
    steps.push({
      id: 'output', role: 'projection', title: 'Output', formula: outputProjectionFormula(), description: `The concatenated heads are projected by ${wo.name} (${shapeText(wo.matrix)}).`,
      matrix: output, rowLabels: queryLabels, colLabels: indexLabels(output.cols),
      provenance: { kind: 'product', left: { in: 'steps', name: 'concat', symbol: 'h' }, right: { in: 'inputs', name: wo.name, symbol: 'W_O' }, rightAxis: 'col' },
    });
  } else {
    notes.push('No W_O was given: the output is the concatenation of the heads, without an output projection.');
    steps.push({
      id: 'output', role: 'concat', provenance: concatenated, title: 'Output (heads concatenated)', formula: concatOutputFormula(H), description: `The ${H} heads' context vectors side by side (no W_O was given).`,
      matrix: concat, rowLabels: queryLabels, colLabels: indexLabels(concat.cols),
    });
  }
  return { options: opts, roles: used, steps, weights, output, diagnostics: rowDiagnostics(weights), queryLabels, keyLabels, dk, heads, notes };
}

interface HeadComputation {
  readonly steps: Step[];
  readonly weights: Matrix;
  readonly output: Matrix;
  readonly diagnostics: ReturnType<typeof rowDiagnostics>;
  readonly dk: number;
  readonly notes: string[];
}

/**
 * Scores → (scaled) → (masked) → weights → output for one head. `head` is its number with several heads, `blocks`
 * the head's column blocks of the pipeline's Q, K and V (undefined with one head).
 */
function attend(
  Q: Matrix, K: Matrix, V: Matrix, names: { q: string; k: string; v: string }, opts: Required<AttentionOptions>, extras: ExtraRoles,
  mask: ReturnType<typeof planMask>, queryLabels: readonly string[], keyLabels: readonly string[], head: number | undefined,
  blocks: { readonly q: ColumnBlock; readonly k: ColumnBlock; readonly v: ColumnBlock } | undefined,
): HeadComputation {
  const steps: Step[] = [];
  const notes: string[] = [];
  const dk = K.cols;
  const T = opts.temperature;
  const factor = opts.score === 'scaled_dot' ? opts.scale ?? defaultScale(dk) : undefined;
  const operands = { Q, K, qName: names.q, kName: names.k };
  // Soft attention runs as one chain of kernels (one WebAssembly call when installed); hard attention in steps.
  let chain: ChainResult | undefined;
  let s: ReturnType<typeof computeScores>;
  const plan = { scale: factor, keep: mask?.keep, invTemperature: T === 1 ? undefined : 1 / T };
  if (!opts.hard && (opts.score === 'dot' || opts.score === 'scaled_dot')) {
    checkDotOperands(operands);
    chain = attentionChain(Q, K, V, plan);
    s = computeScores(opts.score, operands, extras, chain.scores);
  } else {
    s = computeScores(opts.score, operands, extras);
    if (!opts.hard) chain = attentionChain(Q, K, V, plan, s.scores);
  }
  const info = SCORE_INFO[opts.score];
  // A head's operands are its column blocks of the pipeline's Q, K, V; one head's are the steps beside it.
  const qkv = (name: 'Q' | 'K' | 'V', symbol: string, columns: ColumnBlock | undefined): Operand =>
    columns ? { in: 'pipeline', name, symbol, columns } : { in: 'steps', name, symbol };
  const operandsQK = { left: qkv('Q', 'q', blocks?.q), right: qkv('K', 'k', blocks?.k) };
  const dot = s.isDotProduct ? { kind: 'product', ...operandsQK, rightAxis: 'row' } as const : undefined;
  const scored = { kind: 'score', score: opts.score, ...operandsQK } as const;
  steps.push({
    id: 'scores', role: 'scores', provenance: dot ?? scored, title: `Alignment scores (${info.title.toLowerCase()})`,
    formula: info.formula(head),
    description: `${capitalise(s.description)} (${info.source}.)`,
    matrix: s.scores, rowLabels: queryLabels, colLabels: keyLabels,
  });
  let logits = s.scores;
  let logitsId: StepId = 'scores';
  if (factor !== undefined) {
    logits = chain?.scaled ?? scale(s.scores, factor);
    const custom = opts.scale !== null;
    steps.push({
      id: 'scaled', role: 'scaled', title: 'Scaled scores',
      formula: scaledFormula(dk, custom ? factor : null, head),
      description: custom
        ? `The scores are multiplied by the chosen scale ${formatNumber(factor)} (instead of 1/√d_k = ${formatNumber(defaultScale(dk))}).`
        : `The scores are divided by √d_k = ${formatNumber(Math.sqrt(dk))} so that their spread does not grow with the key width, which would push the softmax into saturation.`,
      matrix: logits, rowLabels: queryLabels, colLabels: keyLabels,
      provenance: dot ? { ...dot, divisor: 1 / factor } : scored,
    });
    logitsId = 'scaled';
  }
  if (mask) {
    logits = chain?.masked ?? applyMask(logits, mask.keep);
    steps.push({ id: 'masked', role: 'masked', provenance: { kind: 'mask', of: logitsId, rules: mask.rules }, title: 'Masked scores', formula: maskedFormula(mask.conditions, head), description: capitalise(mask.description), matrix: logits, rowLabels: queryLabels, colLabels: keyLabels });
    logitsId = 'masked';
  }
  const tempered = opts.hard && T !== 1 ? scale(logits, 1 / T) : logits;
  const argmax = opts.hard ? rowArgmax(tempered.data, tempered.rows, tempered.cols) : undefined;
  const weights = chain?.weights ?? oneHot(argmax ?? [], logits.rows, logits.cols);
  const blocked = rowsFullyMasked(logits);
  if (blocked.length) notes.push(`Every key is masked for ${blocked.length === 1 ? 'query' : 'queries'} ${blocked.map((i) => queryLabels[i]).join(', ')}: ${blocked.length === 1 ? 'its' : 'their'} weights are all 0 (PyTorch would give NaN).`);
  steps.push({
    id: 'weights', role: 'weights', title: opts.hard ? 'Attention weights (hard)' : 'Attention weights',
    provenance: argmax ? { kind: 'hardmax', of: logitsId, argmax } : { kind: 'softmax', of: logitsId, temperature: T },
    formula: weightsFormula(logitsFormula({ masked: mask !== undefined, scaled: opts.score === 'scaled_dot', scale: opts.scale }, head), T, opts.hard, head),
    description: opts.hard
      ? 'Hard attention: each query puts all its weight on its best-scoring key (the first on ties), like a database lookup that returns exactly one value row.'
      : `A softmax over each row turns the scores into weights that are positive and sum to 1: how much each query attends to each key${T === 1 ? '' : `; the temperature T = ${formatNumber(T)} ${T < 1 ? 'sharpens' : 'flattens'} them`}.`,
    matrix: weights, rowLabels: queryLabels, colLabels: keyLabels,
  });
  const output = chain?.output ?? matmul(weights, V, 'weights', 'V');
  steps.push({
    id: 'output', role: blocks ? 'head_output' : 'output', title: head !== undefined ? 'Head output' : 'Context vectors', formula: outputFormula(head),
    description: 'Each output row is the weighted average of the value rows, with the attention weights of that query.',
    matrix: output, rowLabels: queryLabels, colLabels: indexLabels(output.cols),
    provenance: { kind: 'product', left: { in: 'steps', name: 'weights', symbol: 'a' }, right: qkv('V', 'v', blocks?.v), rightAxis: 'col' },
  });
  return { steps, weights, output, diagnostics: chain?.diagnostics ?? rowDiagnostics(weights), dk, notes };
}

/** The hard weights: 1 at each row's `argmax` (see {@link rowArgmax}), 0 elsewhere; a row with −1 stays all zeros. */
function oneHot(argmax: readonly number[], rows: number, cols: number): Matrix {
  const out = zeros(rows, cols);
  argmax.forEach((j, i) => {
    if (j >= 0) out.data[i * cols + j] = 1;
  });
  return out;
}

/** Head `h`'s block of columns of a matrix whose heads each have `part.cols` columns. */
function block(h: number, part: Matrix): ColumnBlock {
  return { start: h * part.cols, width: part.cols };
}

function rowsFullyMasked(logits: Matrix): number[] {
  const out: number[] = [];
  for (let i = 0; i < logits.rows; i++) {
    let all = logits.cols > 0;
    for (let j = 0; j < logits.cols && all; j++) all = logits.data[i * logits.cols + j] === -Infinity;
    if (all) out.push(i);
  }
  return out;
}

const QKV_ROLES = { Q: 'queries', K: 'keys', V: 'values' } as const;

function projectionStep(id: 'Q' | 'K' | 'V', title: string, m: Matrix, labels: readonly string[], xName: string, wName: string, description: string): Step {
  return {
    id, role: QKV_ROLES[id], title, formula: projectionFormula(id), description,
    matrix: m, rowLabels: labels, colLabels: indexLabels(m.cols),
    provenance: { kind: 'product', left: { in: 'inputs', name: xName, symbol: 'x' }, right: { in: 'inputs', name: wName, symbol: `W_${id}` }, rightAxis: 'col' },
  };
}

function givenStep(id: 'Q' | 'K' | 'V', title: string, m: Matrix, labels: readonly string[], name: string, description: string): Step {
  return {
    id, role: QKV_ROLES[id], provenance: { kind: 'given', input: name }, title, formula: givenFormula(id, name),
    description: `Given: ${description}`, matrix: m, rowLabels: labels, colLabels: indexLabels(m.cols),
  };
}

function checkInput(b: RoleBinding, limits: PipelineLimits): void {
  const m = b.matrix;
  // An N-D array is computed slice by slice by computeAttentionND (batched.ts), never as its first slice here.
  if (b.array && b.array.shape.length > 2) throw new InputError(`${b.name} has shape (${b.array.shape.join(', ')}): N-D inputs go through computeAttentionND`, b.range);
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

/** `["0", "1", …]`: labels when the source names no tokens. */
export function indexLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
