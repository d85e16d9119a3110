/**
 * Explains how one entry of a step was computed, with the actual numbers:
 * `q_0·k_2 = 2·2 + 0·4 + 2·3 = 10` (a dot product, from the step's `derivation`),
 * `(q_0·k_2)/√3 = 10/1.732 = 5.774` (scaled), `a_1·v[:,0] = 0.4548·1 + … = 0.9097` (output),
 * `a[0,2] = exp(5.774) / (exp(4.619) + …) = 0.7491` (softmax), the argmax of hard attention, the mean of
 * the heads' weights, and why a logit is masked (causal, mask matrix or key padding, with the convention).
 * A head's steps are explained in the head's scope ({@link headScope}): its own slices of Q, K and V.
 */
import { divisorText, formatNumber } from './format';
import { entry, numericEntry } from './wireMatrix';
import type { WireDerivation, WireMatrix, WireResult, WireStep } from './protocol';

/** Explanation of entry (i, j), or `undefined` when the step has none (inputs, given Q/K/V). */
export type CellExplainer = (i: number, j: number) => string | undefined;

/** Vectors longer than this show their first and last terms only. */
const MAX_TERMS = 6;

export function explainerFor(step: WireStep, result: WireResult, digits: number): CellExplainer | undefined {
  if (step.derivation) return dotExplainer(step, step.derivation, result, digits);
  if (step.id === 'weights' && result.heads?.length) return meanExplainer(step, result, digits);
  if (step.id === 'weights' && result.options.hard) return hardExplainer(step, result, digits);
  if (step.id === 'weights') return softmaxExplainer(step, result, digits);
  if (step.id === 'masked') return maskExplainer(step, result, digits);
  return undefined;
}

/**
 * The result as head `h` sees it: that head's steps after its own slices of Q, K and V (contiguous column
 * blocks, as nn.MultiheadAttention splits them), so the head's derivations resolve to the right operands.
 */
export function headScope(result: WireResult, h: number): WireResult {
  const head = result.heads?.[h];
  if (!head) return result;
  const H = result.heads?.length ?? 1;
  const sliced = result.steps
    .filter((s) => s.id === 'Q' || s.id === 'K' || s.id === 'V')
    .filter((s) => s.matrix.cols % H === 0)
    .map((s): WireStep => {
      const w = s.matrix.cols / H;
      const values: (number | null)[] = [];
      for (let i = 0; i < s.matrix.rows; i++) for (let j = 0; j < w; j++) values.push(entry(s.matrix, i, h * w + j));
      return { ...s, derivation: undefined, matrix: { rows: s.matrix.rows, cols: w, values }, colLabels: s.colLabels.slice(h * w, (h + 1) * w) };
    });
  return { ...result, steps: [...sliced, ...head.steps], diagnostics: head.diagnostics, heads: undefined };
}

/** A matrix named by a derivation: a step id first, else an input's name. */
export function operand(result: WireResult, name: string): WireMatrix | undefined {
  return result.steps.find((s) => s.id === name)?.matrix ?? result.inputs.find((i) => i.name === name)?.matrix;
}

function dotExplainer(step: WireStep, d: WireDerivation, result: WireResult, digits: number): CellExplainer | undefined {
  const left = operand(result, d.left);
  const right = operand(result, d.right);
  if (!left || !right) return undefined;
  const byRow = d.rightAxis === 'row';
  const n = left.cols;
  const fits = left.rows === step.matrix.rows && (byRow ? right.cols === n && right.rows === step.matrix.cols : right.rows === n && right.cols === step.matrix.cols);
  if (!fits) return undefined;
  const ls = d.leftSymbol;
  const rs = d.rightSymbol;
  const fmt = (x: number | null): string => formatNumber(x, digits);

  return (i, j) => {
    const a = (k: number): number => numericEntry(left, i, k);
    const b = (k: number): number => (byRow ? numericEntry(right, j, k) : numericEntry(right, k, j));
    const product = `${ls}_${i}·${byRow ? `${rs}_${j}` : `${rs}[:,${j}]`}`;
    const value = fmt(entry(step.matrix, i, j));
    if (d.divisor !== undefined) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += a(k) * b(k);
      return `(${product})/${divisorText(d.divisor, digits)} = ${fmt(dot)}/${fmt(d.divisor)} = ${value}`;
    }
    const terms = elide(n, (k) => `${factor(a(k), digits)}·${factor(b(k), digits)}`);
    return `${product} = ${terms.join(' + ')} = ${value}`;
  };
}

function softmaxExplainer(step: WireStep, result: WireResult, digits: number): CellExplainer | undefined {
  const index = result.steps.indexOf(step);
  const logits = index > 0 ? result.steps[index - 1].matrix : undefined;
  if (!logits || logits.rows !== step.matrix.rows || logits.cols !== step.matrix.cols) return undefined;
  const T = result.options.temperature;
  const fmt = (x: number | null): string => formatNumber(x, digits);
  const exp = (x: number | null): string => (T === 1 ? `exp(${fmt(x)})` : `exp(${fmt(x)}/${fmt(T)})`);
  return (i, j) => {
    const terms = elide(logits.cols, (k) => exp(entry(logits, i, k)));
    return `a[${i},${j}] = ${exp(entry(logits, i, j))} / (${terms.join(' + ')}) = ${fmt(entry(step.matrix, i, j))}`;
  };
}

/** Hard attention: 1 on the first best-scoring key of the row, 0 elsewhere. */
function hardExplainer(step: WireStep, result: WireResult, digits: number): CellExplainer | undefined {
  const index = result.steps.indexOf(step);
  const logits = index > 0 ? result.steps[index - 1].matrix : undefined;
  if (!logits || logits.rows !== step.matrix.rows || logits.cols !== step.matrix.cols) return undefined;
  const fmt = (x: number | null): string => formatNumber(x, digits);
  return (i, j) => {
    let best = -Infinity;
    let arg = -1;
    for (let k = 0; k < logits.cols; k++) {
      const v = numericEntry(logits, i, k);
      if (v > best) {
        best = v;
        arg = k;
      }
    }
    if (arg < 0) return `every key is masked for query ${i}: a[${i},${j}] = 0`;
    const a = fmt(entry(step.matrix, i, j));
    return arg === j
      ? `argmax_k logit[${i},k] = ${j} (logit ${fmt(best)}): a[${i},${j}] = ${a}`
      : `argmax_k logit[${i},k] = ${arg} (logit ${fmt(best)} > ${fmt(entry(logits, i, j))}): a[${i},${j}] = ${a}`;
  };
}

/** The mean of the heads' weights. */
function meanExplainer(step: WireStep, result: WireResult, digits: number): CellExplainer | undefined {
  const heads = (result.heads ?? []).map((h) => h.steps.find((s) => s.id === 'weights')?.matrix);
  if (!heads.every((m): m is WireMatrix => m !== undefined && m.rows === step.matrix.rows && m.cols === step.matrix.cols)) return undefined;
  const fmt = (x: number | null): string => formatNumber(x, digits);
  const H = heads.length;
  return (i, j) => {
    const terms = elide(H, (h) => fmt(entry(heads[h] as WireMatrix, i, j)));
    const symbols = elide(H, (h) => `a^${h}`);
    return `ā[${i},${j}] = (${symbols.join(' + ')})/${H} = (${terms.join(' + ')})/${H} = ${fmt(entry(step.matrix, i, j))}`;
  };
}

/** Why a logit is masked or kept: causal alignment, the mask matrix and the key padding, with the convention. */
function maskExplainer(step: WireStep, result: WireResult, digits: number): CellExplainer {
  const { mask, maskConvention } = result.options;
  const L = step.matrix.rows;
  const S = step.matrix.cols;
  const maskMatrix = mask === 'matrix' ? result.inputs.find((x) => x.role === 'mask') : undefined;
  const padding = result.inputs.find((x) => x.role === 'padding');
  const convention = maskConvention === 'keep' ? '1 = attend' : '1 = blocked';
  const allowed = (x: number | null): boolean => (maskConvention === 'keep' ? x !== 0 : x === 0);
  return (i, j) => {
    const blocked: string[] = [];
    const kept: string[] = [];
    if (mask === 'causal') (j > i ? blocked : kept).push(`key j = ${j} ${j > i ? '>' : '≤'} query i = ${i}`);
    if (mask === 'causal_lower_right') {
      const limit = i + S - L;
      (j > limit ? blocked : kept).push(`key j = ${j} ${j > limit ? '>' : '≤'} i + S − L = ${limit}`);
    }
    if (maskMatrix && maskMatrix.matrix.rows === L && maskMatrix.matrix.cols === S) {
      const m = entry(maskMatrix.matrix, i, j);
      (allowed(m) ? kept : blocked).push(`${maskMatrix.name}[${i}, ${j}] = ${formatNumber(m, digits)} (${convention})`);
    }
    if (padding && padding.matrix.values.length === S) {
      const p = padding.matrix.values[j];
      (allowed(p) ? kept : blocked).push(`${padding.name}[${j}] = ${formatNumber(p, digits)} (${convention})`);
    }
    return blocked.length
      ? `${blocked.join(', ')}: masked, −∞ (weight 0)`
      : `${kept.join(', ')}${kept.length ? ': ' : ''}kept, ${formatNumber(entry(step.matrix, i, j), digits)}`;
  };
}

/** The `n` terms, or the first three, `…` and the last two when there are more than `MAX_TERMS`. */
function elide(n: number, term: (k: number) => string): string[] {
  if (n <= MAX_TERMS) return Array.from({ length: n }, (_, k) => term(k));
  return [term(0), term(1), term(2), '…', term(n - 2), term(n - 1)];
}

/** A factor of a product; negative numbers in parentheses so `2·(−1)` reads right. */
function factor(x: number, digits: number): string {
  const s = formatNumber(x, digits);
  return x < 0 ? `(${s})` : s;
}
