/**
 * A {@link Formula} as plain Unicode text, for the CLI's step lines and anywhere KaTeX is not at hand:
 * `A = softmax((Q Kᵀ) / √d_k)`, `M_ij = (logit_ij if j ≤ i, −∞ otherwise)`. Subscripts are written `_k`
 * (`_(0,ij)` when they have several parts), a program's names as they are in the program (`attn_mask[i, j]`).
 */
import { type Formula, type FormulaSymbol, isSum, isUnit, numberText } from './expr';

export function toText(f: Formula): string {
  switch (f.kind) {
    case 'symbol': return symbol(f);
    case 'number': return numberText(f.value).replace(/^-/, '−');
    case 'negInfinity': return '−∞';
    case 'dots': return '…';
    case 'indices': return f.items.map(toText).join('');
    case 'transpose': return `${group(f.arg, isUnit(f.arg) && f.arg.kind !== 'transpose')}ᵀ`;
    case 'product': return f.factors.map((x) => group(x, isUnit(x) || x.kind === 'sum' || x.kind === 'argmax')).join(' ');
    case 'inner': return `${group(f.left, !isSum(f.left))} · ${group(f.right, !isSum(f.right))}`;
    case 'frac':
    case 'over': return `${group(f.num, isUnit(f.num) || f.num.kind === 'frac' || f.num.kind === 'over')} / ${group(f.den, isUnit(f.den))}`;
    case 'plus': return `${toText(f.left)} + ${toText(f.right)}`;
    case 'minus': return `${toText(f.left)} − ${group(f.right, !isSum(f.right))}`;
    case 'sqrt': return `√${group(f.arg, isUnit(f.arg) && f.arg.kind !== 'sqrt')}`;
    case 'norm': return `‖${toText(f.arg)}‖`;
    case 'call': return `${f.fn}(${toText(f.arg)})`;
    case 'argmax': return `argmax${subscript([f.over])} ${toText(f.arg)}`;
    case 'sum': return `Σ${subscript([f.over])} ${toText(f.arg)}`;
    case 'list': return `[${f.items.map(toText).join(f.separator === 'comma' ? ', ' : '; ')}]`;
    case 'relation': return `${toText(f.left)} ${{ le: '≤', ne: '≠', eq: '=' }[f.rel]} ${toText(f.right)}`;
    case 'and': return f.args.map(toText).join(' ∧ ');
    case 'equation': return f.sides.map(toText).join(' = ');
    case 'cases': return `(${f.cases.map((c) => `${toText(c.value)} if ${toText(c.when)}`).join(', ')}, ${toText(f.otherwise)} otherwise)`;
    case 'where': return `${toText(f.main)}, ${toText(f.given)}`;
  }
}

function symbol(f: FormulaSymbol): string {
  // A program's entry as the program writes it: attn_mask[i, j].
  if (f.style === 'name' && f.sub) return `${f.base}[${f.sub.flatMap((x) => (x.kind === 'indices' ? x.items : [x])).map(toText).join(', ')}]`;
  // A combining macron over each letter, composed where Unicode has the letter (`Ā`).
  const base = f.accent === 'bar' ? [...f.base].map((c) => `${c}\u0304`).join('').normalize('NFC') : f.base;
  return f.sub ? `${base}${subscript(f.sub)}` : base;
}

/** `_k`, `_ij`, `_(0,ij)`: parentheses unless the subscript is one run of letters and digits. */
function subscript(items: readonly Formula[]): string {
  const inside = items.map(toText).join(',');
  return /^[\p{L}\p{N}]+$/u.test(inside) ? `_${inside}` : `_(${inside})`;
}

function group(f: Formula, bare: boolean): string {
  return bare ? toText(f) : `(${toText(f)})`;
}
