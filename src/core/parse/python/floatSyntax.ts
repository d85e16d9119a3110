/**
 * Python floats known from their syntax. The evaluator's numbers are doubles and do not tell `3` from `3.0`;
 * where the difference shows (NumPy's dtype of `np.array([n / 2, 1])`, a TypeError for `range(6 / 2)` or
 * `np.zeros(6 / 2)`), the expression's syntax says whether it is a float: a float literal, a true division,
 * arithmetic with a float operand, `float()`, the math module's float functions and constants, `round(x, n)`,
 * `abs` or a sign of a float. False means "not known to be a float": an int, or a name, whose type the syntax
 * does not say.
 */
import type { Node } from 'web-tree-sitter';

/** math functions that return a float whatever their arguments (math.floor, ceil, trunc, comb… return ints). */
const MATH_FLOATS = new Set(['sqrt', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'pow', 'fabs', 'hypot', 'radians', 'degrees', 'erf', 'erfc', 'gamma', 'lgamma', 'fmod', 'copysign', 'fsum', 'dist']);
/** Float constants (`math.pi`, `np.pi`: both Python floats). */
const FLOAT_CONSTANTS = new Set(['pi', 'e', 'tau', 'inf', 'nan']);
const MODULES = new Set(['math', 'np', 'numpy']);

const inner = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');

/** True when `n` is a Python float by its syntax (see the module comment). */
export function isFloatSyntax(n: Node | null | undefined): boolean {
  if (!n) return false;
  switch (n.type) {
    case 'float': return true;
    case 'parenthesized_expression': {
      const xs = inner(n);
      return xs.length === 1 && isFloatSyntax(xs[0]);
    }
    case 'unary_operator': {
      const op = n.childForFieldName('operator')?.text;
      return (op === '-' || op === '+') && isFloatSyntax(n.childForFieldName('argument'));
    }
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      const l = n.childForFieldName('left'), r = n.childForFieldName('right');
      if (op === '/') return true;
      if (op === '**' && r?.type === 'unary_operator' && r.childForFieldName('operator')?.text === '-' && r.childForFieldName('argument')?.type === 'integer') return true;
      return (op === '+' || op === '-' || op === '*' || op === '//' || op === '%' || op === '**') && (isFloatSyntax(l) || isFloatSyntax(r));
    }
    case 'conditional_expression': {
      const xs = inner(n);
      return xs.length === 3 && isFloatSyntax(xs[0]) && isFloatSyntax(xs[2]);
    }
    case 'attribute': {
      const obj = n.childForFieldName('object'), attr = n.childForFieldName('attribute')?.text ?? '';
      return obj?.type === 'identifier' && MODULES.has(obj.text) && FLOAT_CONSTANTS.has(attr);
    }
    case 'call': {
      const f = n.childForFieldName('function');
      const args = inner(n.childForFieldName('arguments') ?? n).filter((a) => a.type !== 'keyword_argument');
      if (!f) return false;
      if (f.type === 'identifier') {
        if (f.text === 'float') return true;
        if (f.text === 'abs') return args.length === 1 && isFloatSyntax(args[0]);
        if (f.text === 'round') return args.length === 2 && isFloatSyntax(args[0]);
        return false;
      }
      if (f.type === 'attribute' && f.childForFieldName('object')?.text === 'math') return MATH_FLOATS.has(f.childForFieldName('attribute')?.text ?? '');
      return false;
    }
    default: return false;
  }
}
