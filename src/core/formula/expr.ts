/**
 * A formula as data: a small expression tree of symbols (with ids: `Q`, `K`, `d_k`…) and the operations the
 * attention pipeline writes (matrix product, transpose, fractions, √, softmax, cases of a mask…). The engine
 * builds one per step; {@link toLatex} (latex.ts) renders it for KaTeX in the panel and {@link toText}
 * (text.ts) as plain Unicode text for the CLI — neither is converted from the other.
 *
 * Plain JSON (no classes, no functions), so it may be kept, compared and sent as it is.
 */

/**
 * A symbol: an italic letter (`Q`, `d` of `d_k`), upright text (`logit`) or a program's name
 * (`attn_mask`, typeset in monospace), with an optional subscript and accent.
 */
export interface FormulaSymbol {
  readonly kind: 'symbol';
  /**
   * The quantity it stands for: a step id (`Q`, `scores`, `weights`…), a role (`wq`, `wa`, `mask`…), `d_k`,
   * `T` (temperature), `s` (scale) or an index (`i`, `j`, `h`). Absent for a bare word.
   */
  readonly id?: string;
  /** What is written: `Q`, `W`, `logit`, `attn_mask`. */
  readonly base: string;
  /** `italic` (default) for a mathematical symbol, `word` for upright text, `name` for a program's identifier. */
  readonly style?: 'italic' | 'word' | 'name';
  /** The subscript's items, separated by commas: a head's number, `indices` written together (`M_{0,ij}`). */
  readonly sub?: readonly Formula[];
  /** `bar`: a mean, `Ā`. */
  readonly accent?: 'bar';
}

/** A number, written as the pipeline's numbers are (up to 6 significant digits). */
export interface FormulaNumber {
  readonly kind: 'number';
  readonly value: number;
}

/** The functions of the pipeline, applied to one argument in parentheses. */
export type FormulaFunction = 'softmax' | 'onehot' | 'tanh';

export type Formula =
  | FormulaSymbol
  | FormulaNumber
  /** −∞ (a masked logit). */
  | { readonly kind: 'negInfinity' }
  /** An ellipsis in a list: `…`. */
  | { readonly kind: 'dots' }
  /** Indices written together in a subscript, `ij` (a program's entry `mask[i, j]`). */
  | { readonly kind: 'indices'; readonly items: readonly Formula[] }
  /** `Aᵀ`. */
  | { readonly kind: 'transpose'; readonly arg: Formula }
  /** Juxtaposition: a matrix product `Q K^⊤`, or a scalar times a matrix `0.25 S`. */
  | { readonly kind: 'product'; readonly factors: readonly Formula[] }
  /** The dot product of two vectors, `q_i · k_j`. */
  | { readonly kind: 'inner'; readonly left: Formula; readonly right: Formula }
  /** A fraction set as such (`\frac` in LaTeX, `a / b` in text). */
  | { readonly kind: 'frac'; readonly num: Formula; readonly den: Formula }
  /** Division written inline, `S / T`. */
  | { readonly kind: 'over'; readonly num: Formula; readonly den: Formula }
  | { readonly kind: 'plus'; readonly left: Formula; readonly right: Formula }
  | { readonly kind: 'minus'; readonly left: Formula; readonly right: Formula }
  | { readonly kind: 'sqrt'; readonly arg: Formula }
  /** The Euclidean norm of a vector, `‖q_i‖`. */
  | { readonly kind: 'norm'; readonly arg: Formula }
  | { readonly kind: 'call'; readonly fn: FormulaFunction; readonly arg: Formula }
  /** `argmax_j X`. */
  | { readonly kind: 'argmax'; readonly over: Formula; readonly arg: Formula }
  /** `Σ_h X`. */
  | { readonly kind: 'sum'; readonly over: Formula; readonly arg: Formula }
  /** A bracketed list: concatenated columns `[Z_0, Z_1]` (`comma`), a concatenated vector `[q_i ; k_j]` (`semicolon`). */
  | { readonly kind: 'list'; readonly items: readonly Formula[]; readonly separator: 'comma' | 'semicolon' }
  /** `left ≤ right`, `left ≠ right`, `left = right` (a condition). */
  | { readonly kind: 'relation'; readonly rel: 'le' | 'ne' | 'eq'; readonly left: Formula; readonly right: Formula }
  /** Conditions that all hold, `a ∧ b`. */
  | { readonly kind: 'and'; readonly args: readonly Formula[] }
  /** A definition or chain of equal expressions, `A = B = C`. */
  | { readonly kind: 'equation'; readonly sides: readonly Formula[] }
  /** `value` when `when` holds, for each case in order; `otherwise` else. */
  | { readonly kind: 'cases'; readonly cases: readonly { readonly value: Formula; readonly when: Formula }[]; readonly otherwise: Formula }
  /** A formula and the value of one of its symbols: `A = softmax(S / T), T = 0.5`. */
  | { readonly kind: 'where'; readonly main: Formula; readonly given: Formula };

/** An italic symbol: `sym('Q', 'Q')`, `sym('d_k', 'd', [sym('k')])`. */
export function sym(id: string | undefined, base: string, sub?: readonly Formula[]): FormulaSymbol {
  return { kind: 'symbol', ...(id === undefined ? {} : { id }), base, ...(sub && sub.length ? { sub } : {}) };
}

/** An index such as `i`, `j`, `h` (its own id). */
export function index(name: string): FormulaSymbol {
  return sym(name, name);
}

/** Upright text: `logit`. */
export function word(text: string, id?: string, sub?: readonly Formula[]): FormulaSymbol {
  return { ...sym(id, text, sub), style: 'word' };
}

/** A program's identifier, in monospace: `attn_mask` (with `sub`, its entry `attn_mask[i, j]`). */
export function name(text: string, id?: string, sub?: readonly Formula[]): FormulaSymbol {
  return { ...sym(id, text, sub), style: 'name' };
}

/** Indices written together in a subscript: `indices(i, j)` is the `ij` of `M_{ij}`. */
export function indices(...items: Formula[]): Formula {
  return { kind: 'indices', items };
}

export function num(value: number): FormulaNumber {
  return { kind: 'number', value };
}

export function transpose(arg: Formula): Formula {
  return { kind: 'transpose', arg };
}

/** The product of `factors`; a factor that is itself a product is spliced in (`s · (Q Kᵀ)` is `s Q Kᵀ`). */
export function product(...factors: Formula[]): Formula {
  return { kind: 'product', factors: factors.flatMap((f) => (f.kind === 'product' ? f.factors : [f])) };
}

export function inner(left: Formula, right: Formula): Formula {
  return { kind: 'inner', left, right };
}

export function frac(numerator: Formula, denominator: Formula): Formula {
  return { kind: 'frac', num: numerator, den: denominator };
}

export function over(numerator: Formula, denominator: Formula): Formula {
  return { kind: 'over', num: numerator, den: denominator };
}

export function plus(left: Formula, right: Formula): Formula {
  return { kind: 'plus', left, right };
}

export function minus(left: Formula, right: Formula): Formula {
  return { kind: 'minus', left, right };
}

export function sqrt(arg: Formula): Formula {
  return { kind: 'sqrt', arg };
}

export function norm(arg: Formula): Formula {
  return { kind: 'norm', arg };
}

export function call(fn: FormulaFunction, arg: Formula): Formula {
  return { kind: 'call', fn, arg };
}

export function argmax(overIndex: Formula, arg: Formula): Formula {
  return { kind: 'argmax', over: overIndex, arg };
}

export function sum(overIndex: Formula, arg: Formula): Formula {
  return { kind: 'sum', over: overIndex, arg };
}

export function list(items: readonly Formula[], separator: 'comma' | 'semicolon' = 'comma'): Formula {
  return { kind: 'list', items, separator };
}

export function relation(rel: 'le' | 'ne' | 'eq', left: Formula, right: Formula): Formula {
  return { kind: 'relation', rel, left, right };
}

/** The conjunction of `args`, or the one condition itself. */
export function and(args: readonly Formula[]): Formula {
  return args.length === 1 ? args[0] : { kind: 'and', args };
}

export function equation(...sides: Formula[]): Formula {
  return { kind: 'equation', sides };
}

export function cases(list: readonly { value: Formula; when: Formula }[], otherwise: Formula): Formula {
  return { kind: 'cases', cases: list, otherwise };
}

export function where(main: Formula, given: Formula): Formula {
  return { kind: 'where', main, given };
}

export const NEG_INFINITY: Formula = { kind: 'negInfinity' };
export const DOTS: Formula = { kind: 'dots' };

/**
 * A number as formulas write it: integers exactly, others with up to 6 significant digits (`0.57735`), in
 * exponent form when JavaScript writes it so (`1e-7`); the renderers typeset the exponent.
 */
export function numberText(x: number): string {
  return Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString();
}

/**
 * Written as one unit, never put in parentheses as an operand: a symbol, a non-negative number, a call, a root,
 * a norm, a list, a transpose, indices.
 */
export function isUnit(f: Formula): boolean {
  return f.kind === 'symbol' || (f.kind === 'number' && f.value >= 0) || f.kind === 'call' || f.kind === 'sqrt' || f.kind === 'norm' || f.kind === 'list' || f.kind === 'transpose' || f.kind === 'indices';
}

/** A sum or difference (parenthesised as a factor). */
export function isSum(f: Formula): boolean {
  return f.kind === 'plus' || f.kind === 'minus';
}

/** `f` with every symbol replaced by `fn` of it (sub-formulas first: a symbol's subscript items too). */
export function mapSymbols(f: Formula, fn: (s: FormulaSymbol) => Formula): Formula {
  const m = (x: Formula): Formula => mapSymbols(x, fn);
  switch (f.kind) {
    case 'symbol': return fn(f.sub ? { ...f, sub: f.sub.map(m) } : f);
    case 'number': case 'negInfinity': case 'dots': return f;
    case 'transpose': case 'sqrt': case 'norm': case 'call': return { ...f, arg: m(f.arg) };
    case 'product': return { ...f, factors: f.factors.map(m) };
    case 'inner': case 'plus': case 'minus': case 'relation': return { ...f, left: m(f.left), right: m(f.right) };
    case 'frac': case 'over': return { ...f, num: m(f.num), den: m(f.den) };
    case 'argmax': case 'sum': return { ...f, over: m(f.over), arg: m(f.arg) };
    case 'list': case 'indices': return { ...f, items: f.items.map(m) };
    case 'and': return { ...f, args: f.args.map(m) };
    case 'equation': return { ...f, sides: f.sides.map(m) };
    case 'cases': return { ...f, cases: f.cases.map((c) => ({ value: m(c.value), when: m(c.when) })), otherwise: m(f.otherwise) };
    case 'where': return { ...f, main: m(f.main), given: m(f.given) };
  }
}
