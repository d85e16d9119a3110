/**
 * A {@link Formula} as LaTeX in the subset KaTeX typesets (the panel's step formulas and role symbols):
 * `\frac{Q K^{\top}}{\sqrt{d_k}} = \frac{S}{\sqrt{4}}`. Program names are escaped inside `\texttt{…}`, so any
 * identifier renders (KaTeX warns, and still typesets, for letters outside its fonts); test/unit/formula.test.ts
 * parses every step formula of every option combination with KaTeX.
 */
import { type Formula, type FormulaSymbol, isSum, isUnit, numberText } from './expr';

export function toLatex(f: Formula): string {
  switch (f.kind) {
    case 'symbol': return symbol(f);
    case 'number': return numberLatex(f.value);
    case 'negInfinity': return '-\\infty';
    case 'dots': return '\\dots';
    case 'indices': return f.items.map(toLatex).join('');
    case 'transpose': return `${group(f.arg, isUnit(f.arg) && f.arg.kind !== 'transpose')}^{\\top}`;
    case 'product': return f.factors.map((x, k) => (k > 0 ? (thinBefore(f.factors[k - 1]) ? ' \\, ' : ' ') : '') + group(x, !isSum(x) && x.kind !== 'over')).join('');
    case 'inner': return `${group(f.left, !isSum(f.left))} \\cdot ${group(f.right, !isSum(f.right))}`;
    case 'frac': return `\\frac{${toLatex(f.num)}}{${toLatex(f.den)}}`;
    case 'over': return `${group(f.num, isUnit(f.num) || f.num.kind === 'frac' || f.num.kind === 'over')} / ${group(f.den, isUnit(f.den))}`;
    case 'plus': return `${toLatex(f.left)} + ${toLatex(f.right)}`;
    case 'minus': return `${toLatex(f.left)} - ${group(f.right, !isSum(f.right))}`;
    case 'sqrt': return `\\sqrt{${toLatex(f.arg)}}`;
    case 'norm': return `\\lVert ${toLatex(f.arg)} \\rVert`;
    case 'call': return `${f.fn === 'tanh' ? '\\tanh' : `\\operatorname{${f.fn}}`}\\left(${toLatex(f.arg)}\\right)`;
    case 'argmax': return `\\arg\\max${subscript([f.over])} ${toLatex(f.arg)}`;
    case 'sum': return `\\sum${subscript([f.over])} ${toLatex(f.arg)}`;
    case 'list': return `[${f.items.map(toLatex).join(f.separator === 'comma' ? ', ' : ' ; ')}]`;
    case 'relation': return `${toLatex(f.left)} ${{ le: '\\le', ne: '\\ne', eq: '=' }[f.rel]} ${toLatex(f.right)}`;
    case 'and': return f.args.map(toLatex).join(' \\wedge ');
    case 'equation': return f.sides.map(toLatex).join(' = ');
    case 'cases': return `\\begin{cases} ${f.cases.map((c) => `${toLatex(c.value)} & ${toLatex(c.when)}`).join(' \\\\ ')} \\\\ ${toLatex(f.otherwise)} & \\text{otherwise} \\end{cases}`;
    case 'where': return `${toLatex(f.main)},\\ ${toLatex(f.given)}`;
  }
}

function symbol(f: FormulaSymbol): string {
  let base: string;
  switch (f.style ?? 'italic') {
    case 'word': base = `\\text{${escapeText(f.base)}}`; break;
    case 'name': base = `\\texttt{${escapeText(f.base)}}`; break;
    default: base = f.base;
  }
  if (f.accent === 'bar') base = `\\bar{${base}}`;
  return f.sub ? `${base}${subscript(f.sub)}` : base;
}

/** `_k`, `_{ij}`, `_{0,ij}`: braces unless the subscript is one character. */
function subscript(items: readonly Formula[]): string {
  const inside = items.map(toLatex).join(',');
  return inside.length === 1 ? `_${inside}` : `_{${inside}}`;
}

/** `0.25`; an exponent form `1e-7` as `1 \times 10^{-7}`. */
function numberLatex(x: number): string {
  const s = numberText(x);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

/** Text inside `\text{}` / `\texttt{}`: TeX's special characters as commands. */
function escapeText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) => ({
    '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', $: '\\$', '&': '\\&', '#': '\\#', '^': '\\textasciicircum{}', _: '\\_', '%': '\\%', '~': '\\textasciitilde{}',
  })[c] as string);
}

function group(f: Formula, bare: boolean): string {
  return bare ? toLatex(f) : `\\left(${toLatex(f)}\\right)`;
}

/** A thin space after a number or a norm, so `0.25 \, S` and `‖q‖ \, ‖k‖` do not run together. */
function thinBefore(f: Formula): boolean {
  return f.kind === 'number' || f.kind === 'norm';
}
