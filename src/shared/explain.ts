/**
 * Explains how one entry of a step was computed, with the actual numbers:
 * `q_0·k_2 = 2·2 + 0·4 + 2·3 = 10` (a dot product),
 * `(q_0·k_2)/√3 = 10/1.732 = 5.774` (scaled), `a_1·v[:,0] = 0.4548·1 + … = 0.9097` (output),
 * `a[0,2] = exp(5.774) / (exp(4.619) + …) = 0.7491` (softmax), the argmax of hard attention, the mean of
 * the heads' weights, and why a logit is masked (causal, mask matrix or key padding, with the convention).
 * Everything is read from the step's provenance (the engine's): a head's step names its own column block of
 * Q, K and V, a mask step its rules, a hard weights step its argmax.
 */
import { lastKeptKey, maskEntryIndex, ruleBlocks } from '../core/attention/provenance';
import type { MaskRule, MaskTest, Operand } from '../core/attention/types';
import { divisorText, formatNumber } from './format';
import { entry, numericEntry } from './wireMatrix';
import type { WireMatrix, WireProvenance, WireResult, WireStep } from './protocol';
import { MASK_CONVENTION_INFO } from '../core/attention/maskInfo';

/** Explanation of entry (i, j), or `undefined` when the step has none (inputs, given Q/K/V). */
export type CellExplainer = (i: number, j: number) => string | undefined;

/** Vectors longer than this show their first and last terms only. */
const MAX_TERMS = 6;

/**
 * The explainer of `step`, a step of `result` (of head `head`'s steps when given), read from the step's
 * provenance: the operands, the logits, the mask rules and the argmax are the engine's, never re-derived here.
 * Undefined when the step has no provenance (it arrived sampled) or nothing to explain per cell.
 */
export function explainerFor(step: WireStep, result: WireResult, digits: number, head?: number): CellExplainer | undefined {
  const p = step.provenance;
  const steps = head === undefined ? result.steps : result.heads?.[head]?.steps;
  if (!p || !steps) return undefined;
  const fmt = (x: number | null): string => formatNumber(x, digits);
  switch (p.kind) {
    case 'product': return dotExplainer(step, p, result, steps, digits);
    case 'mean': return meanExplainer(step, result, fmt);
    case 'softmax': return softmaxExplainer(step, stepNamed(steps, p.of), p.temperature, fmt);
    case 'hardmax': return hardExplainer(step, stepNamed(steps, p.of), p.argmax, fmt);
    case 'mask': return maskExplainer(step, p.rules, result, fmt);
    default: return undefined;
  }
}

/** The matrix an operand names: a step of `steps` (the step's own list), of the pipeline, or an input. */
export function operand(result: WireResult, steps: readonly WireStep[], o: Operand): WireMatrix | undefined {
  switch (o.in) {
    case 'steps': return stepNamed(steps, o.name)?.matrix;
    case 'pipeline': return stepNamed(result.steps, o.name)?.matrix;
    case 'inputs': return result.inputs.find((i) => i.name === o.name)?.matrix;
  }
}

function stepNamed(steps: readonly WireStep[], id: string): WireStep | undefined {
  return steps.find((s) => s.id === id);
}

function dotExplainer(step: WireStep, d: Extract<WireProvenance, { kind: 'product' }>, result: WireResult, steps: readonly WireStep[], digits: number): CellExplainer | undefined {
  const left = operand(result, steps, d.left);
  const right = operand(result, steps, d.right);
  if (!left || !right) return undefined;
  const byRow = d.rightAxis === 'row';
  // The columns each operand contributes: a head's block, or all of them.
  const l0 = d.left.columns?.start ?? 0, r0 = d.right.columns?.start ?? 0;
  const n = d.left.columns?.width ?? left.cols;
  const rightCols = d.right.columns?.width ?? right.cols;
  const fits = l0 + n <= left.cols && r0 + rightCols <= right.cols && left.rows === step.matrix.rows
    && (byRow ? rightCols === n && right.rows === step.matrix.cols : right.rows === n && rightCols === step.matrix.cols);
  if (!fits) return undefined;
  const ls = d.left.symbol;
  const rs = d.right.symbol;
  const fmt = (x: number | null): string => formatNumber(x, digits);

  return (i, j) => {
    const a = (k: number): number => numericEntry(left, i, l0 + k);
    const b = (k: number): number => (byRow ? numericEntry(right, j, r0 + k) : numericEntry(right, k, r0 + j));
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

function softmaxExplainer(step: WireStep, logitsStep: WireStep | undefined, T: number, fmt: (x: number | null) => string): CellExplainer | undefined {
  const logits = logitsStep?.matrix;
  if (!logits || logits.rows !== step.matrix.rows || logits.cols !== step.matrix.cols) return undefined;
  const exp = (x: number | null): string => (T === 1 ? `exp(${fmt(x)})` : `exp(${fmt(x)}/${fmt(T)})`);
  return (i, j) => {
    const terms = elide(logits.cols, (k) => exp(entry(logits, i, k)));
    return `a[${i},${j}] = ${exp(entry(logits, i, j))} / (${terms.join(' + ')}) = ${fmt(entry(step.matrix, i, j))}`;
  };
}

/** Hard attention: 1 on the key the engine picked for the row (`argmax`), 0 elsewhere. */
function hardExplainer(step: WireStep, logitsStep: WireStep | undefined, argmax: readonly number[], fmt: (x: number | null) => string): CellExplainer | undefined {
  const logits = logitsStep?.matrix;
  if (!logits || logits.rows !== step.matrix.rows || logits.cols !== step.matrix.cols || argmax.length !== step.matrix.rows) return undefined;
  return (i, j) => {
    const arg = argmax[i];
    if (arg < 0) return `every key is masked for query ${i}: a[${i},${j}] = 0`;
    const a = fmt(entry(step.matrix, i, j));
    const best = fmt(entry(logits, i, arg));
    return arg === j
      ? `argmax_k logit[${i},k] = ${j} (logit ${best}): a[${i},${j}] = ${a}`
      : `argmax_k logit[${i},k] = ${arg} (logit ${best} > ${fmt(entry(logits, i, j))}): a[${i},${j}] = ${a}`;
  };
}

/** The mean of the heads' weights. */
function meanExplainer(step: WireStep, result: WireResult, fmt: (x: number | null) => string): CellExplainer | undefined {
  const heads = (result.heads ?? []).map((h) => h.steps.find((s) => s.role === 'weights')?.matrix);
  if (!heads.length || !heads.every((m): m is WireMatrix => m !== undefined && m.rows === step.matrix.rows && m.cols === step.matrix.cols)) return undefined;
  const H = heads.length;
  return (i, j) => {
    const terms = elide(H, (h) => fmt(entry(heads[h] as WireMatrix, i, j)));
    const symbols = elide(H, (h) => `a^${h}`);
    return `ā[${i},${j}] = (${symbols.join(' + ')})/${H} = (${terms.join(' + ')})/${H} = ${fmt(entry(step.matrix, i, j))}`;
  };
}

/** What a mask test means, for people. */
const TEST_TEXT: Readonly<Record<MaskTest, string>> = { zero: MASK_CONVENTION_INFO.keep.meaning, nonzero: MASK_CONVENTION_INFO.block.meaning, neg_inf: 'additive: 0 = attend, −∞ = blocked' };

/**
 * Why a logit is masked or kept: each of the engine's mask rules with the entry it read (causal alignment, the
 * mask matrix, the key padding); whether the cell is masked is the step's own value (−∞).
 */
function maskExplainer(step: WireStep, rules: readonly MaskRule[], result: WireResult, fmt: (x: number | null) => string): CellExplainer {
  const inputs = new Map(result.inputs.map((x) => [x.name, x.matrix]));
  return (i, j) => {
    const blocked: string[] = [];
    const kept: string[] = [];
    for (const rule of rules) {
      if (rule.kind === 'causal') {
        const last = lastKeptKey(rule, i);
        const bound = rule.align === 'upper_left' ? 'query i' : 'i + S − L';
        const blocks = ruleBlocks(rule, i, j, () => null);
        (blocks ? blocked : kept).push(`key j = ${j} ${blocks ? '>' : '≤'} ${bound} = ${last}`);
        continue;
      }
      const m = inputs.get(rule.input);
      const at = maskEntryIndex(rule, i, j);
      if (!m || at.flat >= m.values.length) continue;
      const read = (flat: number): number | null => m.values[flat];
      const where = rule.kind === 'padding' ? `[${j}]` : `[${at.row}, ${at.col}]`;
      (ruleBlocks(rule, i, j, read) ? blocked : kept).push(`${rule.input}${where} = ${fmt(read(at.flat))} (${TEST_TEXT[rule.blocks]})`);
    }
    const value = entry(step.matrix, i, j);
    if (value === null) return `${blocked.join(', ')}${blocked.length ? ': ' : ''}masked, −∞ (weight 0)`;
    return `${kept.join(', ')}${kept.length ? ': ' : ''}kept, ${fmt(value)}`;
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
