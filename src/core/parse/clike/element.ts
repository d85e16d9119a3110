/**
 * The value of one C-family or Mathematica matrix entry from its tokens: numbers lose their suffixes and digit
 * separators (`0.5f`, `1.0L`, `2u`, `1_000`, `1'000`, `1.5_f64`, `1.*^-3`), library names become the
 * arithmetic ones (`std::sqrt`, `Math.sqrt`, `Math.Sqrt`, `math.Sqrt`, `Sqrt[2]`, `M_PI`, `Math.PI`,
 * `std::f64::consts::PI`, `Pi`), Rust's `2.0_f64.sqrt()` becomes `sqrt(2)`, and casts (`(float)`, `as f64`)
 * are dropped; then {@link evaluateElement} checks and evaluates it (nothing is executed).
 */
import { InputError } from '../../errors';
import { evaluateElement } from '../element';
import { joinTokens } from '../literal/brackets';
import type { Token } from '../literal/tokens';

const NAMESPACES = new Set(['std', 'Math', 'math', 'MathF', 'Mathf', 'System', 'f64', 'f32', 'consts', 'numbers', 'core', 'cmath', 'StrictMath', 'FastMath', 'Float64', 'mat']);
const NAMES: Readonly<Record<string, string>> = {
  sqrt: 'sqrt', Sqrt: 'sqrt', sqrtf: 'sqrt', exp: 'exp', Exp: 'exp', expf: 'exp', log: 'log', Log: 'log', ln: 'log', abs: 'abs', Abs: 'abs', fabs: 'abs',
  pow: 'pow', Pow: 'pow', powf: 'pow', powi: 'pow', sin: 'sin', Sin: 'sin', cos: 'cos', Cos: 'cos', tan: 'tan', Tan: 'tan', tanh: 'tanh', Tanh: 'tanh',
  PI: 'pi', Pi: 'pi', pi: 'pi', M_PI: 'pi', E: 'e', M_E: 'e', e: 'e', SQRT_2: 'SQRT2', SQRT2: 'SQRT2', M_SQRT2: 'SQRT2', FRAC_1_SQRT_2: 'SQRT1_2', M_SQRT1_2: 'SQRT1_2',
  inv_sqrt2: 'SQRT1_2', sqrt2: 'SQRT2',
};
const CASTS = new Set(['float', 'double', 'int', 'long', 'f32', 'f64', 'i32', 'i64', 'usize', 'decimal', 'float32', 'float64', 'Float', 'Double']);
/** Rust methods on a number: `2.0_f64.sqrt()`. */
const METHODS = new Set(['sqrt', 'exp', 'ln', 'abs', 'powi', 'powf', 'sin', 'cos', 'tan', 'tanh']);

/** The number's text without digit separators and type suffixes, in mathjs syntax. */
export function numberText(raw: string): string {
  const t = raw.replace(/['_]/g, '');
  if (/^0[xX]/.test(t)) return t.replace(/[uUlLzZ]+$/, '').replace(/(?:[iu](?:8|16|32|64|128|size))$/, '');
  if (/^0[bBoO]/.test(t)) return t.replace(/[uUlL]+$/, '');
  return t.replace(/\.?\*\^/, 'e').replace(/\.(?=[eE])/, '').replace(/^([0-9.]+(?:[eE][+-]?\d+)?)(?![eE][+-]?\d)[A-Za-z][A-Za-z0-9]*$/, '$1').replace(/\.$/, '');
}

/**
 * The value of an entry written as `tokens` (`mathematica`: `f[x]` is a call).
 * @throws InputError when it is not a number or an arithmetic expression.
 */
export function evaluateEntry(tokens: readonly Token[], mathematica: boolean, what: string): number {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t.kind === 'ident' && NAMESPACES.has(t.text) && (next?.text === '::' || next?.text === '.') && tokens[k + 2]?.kind === 'ident') { k++; continue; }
    if (t.kind === 'num' && next?.text === '.' && METHODS.has(tokens[k + 2]?.text ?? '') && tokens[k + 3]?.text === '(') {
      // Rust: 2.0_f64.sqrt() → sqrt(2.0), 2.0_f64.powi(2) → pow(2.0, 2)
      const close = tokens.findIndex((x, j) => j > k + 3 && x.text === ')');
      if (close < 0) throw new InputError(`${what}: unbalanced parentheses`);
      const args = joinTokens(tokens.slice(k + 4, close), (x) => (x.kind === 'num' ? numberText(x.text) : x.text));
      const fn = NAMES[tokens[k + 2].text] ?? tokens[k + 2].text;
      out.push({ ...t, kind: 'ident', text: `${fn}(${numberText(t.text)}${args ? `, ${args}` : ''})` });
      k = close;
      continue;
    }
    if (t.text === '(' && CASTS.has(next?.text ?? '') && tokens[k + 2]?.text === ')') { k += 2; continue; }
    if (t.text === 'as' && CASTS.has(next?.text ?? '')) { k++; continue; }
    out.push(t);
  }
  const text = joinTokens(out, (t) => {
    if (t.kind === 'num') return numberText(t.text);
    if (t.kind === 'ident') return NAMES[t.text] ?? t.text;
    if (mathematica && t.text === '[') return '(';
    if (mathematica && t.text === ']') return ')';
    return t.text;
  });
  return evaluateElement(text, what);
}
