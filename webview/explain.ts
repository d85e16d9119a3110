/**
 * Explains how one entry of a step was computed, with the actual numbers:
 * `q_0·k_2 = 2·2 + 0·4 + 2·3 = 10` (a dot product, from the step's `derivation`),
 * `(q_0·k_2)/√3 = 10/1.732 = 5.774` (scaled), `a_1·v_{:,0} = 0.4548·1 + … = 0.9097` (output),
 * `a_{0,2} = exp(5.774) / (exp(4.619) + …) = 0.7491` (softmax) and `j = 2 > i = 0: masked` (causal mask).
 */
import { divisorText, formatNumber } from './format';
import { entry, numericEntry } from './matrix';
import type { WireDerivation, WireMatrix, WireResult, WireStep } from '../src/shared/protocol';

/** Explanation of entry (i, j), or `undefined` when the step has none (inputs, given Q/K/V). */
export type CellExplainer = (i: number, j: number) => string | undefined;

/** Vectors longer than this show their first and last terms only. */
const MAX_TERMS = 6;

export function explainerFor(step: WireStep, result: WireResult, digits: number): CellExplainer | undefined {
  if (step.derivation) return dotExplainer(step, step.derivation, result, digits);
  if (step.id === 'weights') return softmaxExplainer(step, result, digits);
  if (step.id === 'masked') return maskExplainer(step, digits);
  return undefined;
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
  const ls = plainSymbol(d.leftSymbol);
  const rs = plainSymbol(d.rightSymbol);
  const fmt = (x: number | null): string => formatNumber(x, digits);

  return (i, j) => {
    const a = (k: number): number => numericEntry(left, i, k);
    const b = (k: number): number => (byRow ? numericEntry(right, j, k) : numericEntry(right, k, j));
    const product = `${ls}_${i}·${byRow ? `${rs}_${j}` : `${rs}_{:,${j}}`}`;
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
    return `a_{${i},${j}} = ${exp(entry(logits, i, j))} / (${terms.join(' + ')}) = ${fmt(entry(step.matrix, i, j))}`;
  };
}

function maskExplainer(step: WireStep, digits: number): CellExplainer {
  return (i, j) =>
    j > i ? `key j = ${j} > query i = ${i}: masked, −∞ (weight 0)` : `key j = ${j} ≤ query i = ${i}: kept, ${formatNumber(entry(step.matrix, i, j), digits)}`;
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

/** `w^{q}` → `w^q`: a LaTeX symbol in the plain-text notation of the explanations. */
function plainSymbol(tex: string): string {
  return tex.replace(/\^\{(\w)\}/g, '^$1').replace(/\\/g, '');
}
