/**
 * Python floats known from their syntax. The evaluator's numbers are doubles and do not tell `3` from `3.0`;
 * where the difference shows (NumPy's dtype of `np.array([n / 2, 1])`, a TypeError for `range(6 / 2)` or
 * `np.zeros(6 / 2)`), the expression's syntax says whether it is a float: a float literal, a true division,
 * arithmetic with a float operand, `float()`, the math module's float functions and constants, `round(x, n)`,
 * `abs` or a sign of a float, `max`/`min` of floats only, and a name the scope knows holds a float (`n = 6 / 2`,
 * see Scope.isFloat). False means "not known to be a float": an int, or a name bound some other way (a parameter,
 * a loop variable).
 */
import type { Node } from './syntaxTree';

/** math functions that return a float whatever their arguments (math.floor, ceil, trunc, comb… return ints). */
const MATH_FLOATS = new Set(['sqrt', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'pow', 'fabs', 'hypot', 'radians', 'degrees', 'erf', 'erfc', 'gamma', 'lgamma', 'fmod', 'copysign', 'fsum', 'dist']);
/** Float constants (`math.pi`, `np.pi`: both Python floats). */
const FLOAT_CONSTANTS = new Set(['pi', 'e', 'tau', 'inf', 'nan']);
const MODULES = new Set(['math', 'np', 'numpy']);
/** The float attributes of `torch.finfo(…)` / `np.finfo(…)` (`bits` is an int). */
const FINFO_FLOATS = new Set(['min', 'max', 'eps', 'tiny', 'smallest_normal', 'resolution']);

/** The operators whose result is an int for int operands and a float with a float operand (`/` is always a float). */
const INT_PRESERVING = new Set(['+', '-', '*', '//', '%', '**']);

const inner = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');

/** Whether a name holds a Python float (Scope.isFloat); by default no name is known to. */
export type FloatNames = (name: string) => boolean;

const NO_NAMES: FloatNames = () => false;

/**
 * Whether `left op right` (the `binary_operator` node `n`) is a Python float by its syntax, given whether its
 * left operand is: always for `/` and for `** -k`, and for `+ - * // % **` with a float operand.
 */
export function binaryIsFloat(leftFloat: boolean, n: Node, names: FloatNames = NO_NAMES): boolean {
  const op = n.childForFieldName('operator')?.text;
  const r = n.childForFieldName('right');
  if (op === '/') return true;
  if (op === '**' && r?.type === 'unary_operator' && r.childForFieldName('operator')?.text === '-' && r.childForFieldName('argument')?.type === 'integer') return true;
  if (!INT_PRESERVING.has(op ?? '')) return false;
  return leftFloat || isFloatSyntax(r, names);
}

/** True when `n` is a Python float by its syntax (see the module comment); `names` tells about names. */
export function isFloatSyntax(n: Node | null | undefined, names: FloatNames = NO_NAMES): boolean {
  if (!n) return false;
  const floaty = (m: Node | null | undefined): boolean => isFloatSyntax(m, names);
  switch (n.type) {
    case 'float': return true;
    case 'identifier': return names(n.text);
    case 'parenthesized_expression': {
      const xs = inner(n);
      return xs.length === 1 && floaty(xs[0]);
    }
    case 'unary_operator': {
      const op = n.childForFieldName('operator')?.text;
      return (op === '-' || op === '+') && floaty(n.childForFieldName('argument'));
    }
    case 'binary_operator': {
      // A left-nested chain (`a + b - c …`) is walked with a loop: a 20,000-term sum must not overflow the stack.
      const links: Node[] = [];
      let cur: Node | null = n;
      while (cur?.type === 'binary_operator') {
        links.push(cur);
        cur = cur.childForFieldName('left');
      }
      let float = floaty(cur);
      for (let i = links.length - 1; i >= 0; i--) float = binaryIsFloat(float, links[i], names);
      return float;
    }
    case 'conditional_expression': {
      const xs = inner(n);
      return xs.length === 3 && floaty(xs[0]) && floaty(xs[2]);
    }
    case 'attribute': {
      const obj = n.childForFieldName('object'), attr = n.childForFieldName('attribute')?.text ?? '';
      // `torch.finfo(x.dtype).min`, `np.finfo(np.float32).max`: Python floats, integral ones too (−3.4028e38)
      if (obj?.type === 'call' && /(?:^|\.)finfo$/.test(obj.childForFieldName('function')?.text ?? '')) return FINFO_FLOATS.has(attr);
      return obj?.type === 'identifier' && MODULES.has(obj.text) && FLOAT_CONSTANTS.has(attr);
    }
    case 'call': {
      const f = n.childForFieldName('function');
      const args = inner(n.childForFieldName('arguments') ?? n).filter((a) => a.type !== 'keyword_argument');
      if (!f) return false;
      if (f.type === 'identifier') {
        if (f.text === 'float') return true;
        if (f.text === 'abs') return args.length === 1 && floaty(args[0]);
        if (f.text === 'round') return args.length === 2 && floaty(args[0]);
        if (f.text === 'max' || f.text === 'min') return args.length >= 2 && args.every(floaty); // one of them, a float either way
        return false;
      }
      if (f.type === 'attribute' && f.childForFieldName('object')?.text === 'math') return MATH_FLOATS.has(f.childForFieldName('attribute')?.text ?? '');
      return false;
    }
    default: return false;
  }
}

/** Calls whose result is an int: sizes and int conversions (`len(x)`, `int(v)`, `x.size(1)`, `x.numel()`). */
const INT_FUNCTIONS = new Set(['len', 'int', 'ord']);
const INT_METHODS = new Set(['size', 'numel', 'dim', 'ndimension', 'nelement', 'bit_length', 'index', 'count']);
/**
 * Reductions of arrays: a plain integral number from one is a NumPy int (a float result is a 0-D float64 array,
 * convert.ts unwrap), whatever the receiver's syntax (`(A > 0).sum()`).
 */
const REDUCTIONS = new Set(['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'trace', 'ptp']);
/** math functions that return ints (Python 3). */
const MATH_INTS = new Set(['floor', 'ceil', 'trunc', 'isqrt', 'comb', 'perm', 'factorial', 'gcd', 'lcm']);
const INT_ATTRIBUTES = new Set(['ndim', 'size', 'itemsize', 'nbytes']);

/** What isIntSyntax asks of the names in scope. */
export interface KindNames {
  /** The name holds a Python float (Scope.isFloat). */
  readonly isFloat: (name: string) => boolean;
  /** The name holds an integral number of open kind (Scope.isOpenKind). */
  readonly isOpen: (name: string) => boolean;
  /** The name holds an int or bool array (its items are NumPy ints). */
  readonly isIntArray: (name: string) => boolean;
  /** The name holds an array. */
  readonly isArray: (name: string) => boolean;
  /** The name holds a list or tuple of Python ints only (`max(rest)`, `sum(rest)` are then ints). */
  readonly isIntList: (name: string) => boolean;
  /** The call of a program's function last returned a Python int (functions.ts returnedInt). */
  readonly returnedInt: (call: Node) => boolean;
}

const NO_KIND_NAMES: KindNames = { isFloat: () => false, isOpen: () => false, isIntArray: () => false, isArray: () => false, isIntList: () => false, returnedInt: () => false };

/**
 * True when `n` is a Python int by its syntax: an integer literal, `True`/`False`, a name not known to hold a float
 * or a number of open kind (names are taken for what their syntax says, see Scope.isFloat and Scope.isOpenKind),
 * `+ - * // % **` and unary signs of ints, sizes (`len(x)`, `x.shape[0]`, `x.ndim`, `x.size(1)`, `x.numel()`), `int(…)`, `round(x)` and `abs`, `min`, `max` of
 * ints, `math.floor` and the other int functions of math, an item of a name `intArray` says holds an int or bool
 * array (`ids[0]`), what a NumPy function or a method of an array (`array`) returns other than `.item()`, `max`,
 * `min` and `sum` of a list of ints, and what a call of the program's functions returned as an int. False for
 * what the syntax leaves open: an item (`cfg["scale"]`, `params[1]`), an attribute (`self.scale`), a call of the
 * program's functions that did not return an int by its syntax; and for floats.
 */
export function isIntSyntax(n: Node | null | undefined, kinds: KindNames = NO_KIND_NAMES): boolean {
  if (!n) return false;
  const inty = (m: Node | null | undefined): boolean => isIntSyntax(m, kinds);
  switch (n.type) {
    case 'integer': case 'true': case 'false': return true;
    case 'identifier': return !kinds.isFloat(n.text) && !kinds.isOpen(n.text);
    case 'boolean_operator': return inty(n.childForFieldName('left')) && inty(n.childForFieldName('right')); // `0 or 5`
    case 'conditional_expression': {
      const xs = inner(n);
      return xs.length === 3 && inty(xs[0]) && inty(xs[2]);
    }
    case 'parenthesized_expression': {
      const xs = inner(n);
      return xs.length === 1 && inty(xs[0]);
    }
    case 'unary_operator': return inty(n.childForFieldName('argument'));
    case 'binary_operator': {
      // Left-nested chains with a loop (long sums must not overflow the stack).
      let cur: Node | null = n;
      while (cur?.type === 'binary_operator') {
        const op = cur.childForFieldName('operator')?.text;
        if (!INT_PRESERVING.has(op ?? '')) return false;
        if (!inty(cur.childForFieldName('right'))) return false;
        cur = cur.childForFieldName('left');
      }
      return inty(cur);
    }
    case 'attribute': return INT_ATTRIBUTES.has(n.childForFieldName('attribute')?.text ?? '');
    case 'subscript': {
      // `x.shape[0]`: an entry of a shape; `ids[0]` of an int or bool array (`intArray`): a NumPy int.
      const value = n.childForFieldName('value');
      return (value?.type === 'attribute' && value.childForFieldName('attribute')?.text === 'shape') || (value?.type === 'identifier' && kinds.isIntArray(value.text));
    }
    case 'call': {
      const f = n.childForFieldName('function');
      const args = inner(n.childForFieldName('arguments') ?? n);
      if (f?.type === 'identifier') {
        if (INT_FUNCTIONS.has(f.text)) return true;
        if (f.text === 'round') return args.length === 1 || (args.length === 2 && inty(args[0])); // round(3, 1) is the int 3
        if (f.text === 'abs' || f.text === 'min' || f.text === 'max') {
          if (args.length > 0 && args.every((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && inty(a)) && (f.text === 'abs' || args.length > 1)) return true;
        }
        // max(xs), min(xs), sum(xs) of a list of ints
        if ((f.text === 'min' || f.text === 'max' || f.text === 'sum') && args.length === 1 && args[0].type === 'identifier') return kinds.isIntList(args[0].text);
        return kinds.returnedInt(n);
      }
      if (f?.type !== 'attribute') return false;
      const obj = f.childForFieldName('object'), attr = f.childForFieldName('attribute')?.text ?? '';
      if (INT_METHODS.has(attr) || REDUCTIONS.has(attr)) return true;
      if (obj?.type === 'identifier' && obj.text === 'math') return MATH_INTS.has(attr);
      // NumPy gives a float result as a float scalar (held as a 0-D float64 array, convert.ts unwrap), so an
      // integral number that a NumPy function or an array's method returns is an int (np.argmax(x), x.sum() of
      // ints); `.item()` and `.tolist()` give Python numbers, which are not told apart.
      if (obj !== null && /^(?:np|numpy)(?:\.|$)/.test(obj.text)) return true;
      // A generator's integer draws (`rng.integers(0, 10)`, `rs.randint(5)`) are NumPy ints.
      if (attr === 'integers' || attr === 'randint') return true;
      return obj?.type === 'identifier' && kinds.isArray(obj.text) && attr !== 'item' && attr !== 'tolist';
    }
    default: return false;
  }
}
