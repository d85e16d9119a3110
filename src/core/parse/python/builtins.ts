/**
 * Python's built-in functions (`len range min max sum abs round int float sorted enumerate zip …`) and the
 * `math` module, with CPython's results and errors. Arrays passed to them are handled as Python would (`len`
 * is the first axis, `abs` is element-wise, `sum` adds the rows).
 */
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import { isNDArray, mapArray } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import { iterate, length, makeDict, makeSet, pyEquals } from './containers';
import { toInt, toNumber } from './convert';
import type { Interp } from './interp';
import { NotEvaluable } from './library';
import { arithmetic, compensatedSum, roundDigits, roundHalfEven, truncate } from './numbers';
import { binaryOp, order } from './operators';
import type { Scope } from './scope';
import { makeSuper } from './classes';
import { type Kwargs, type PyIterator, type PyValue, floatsOf, isDict, isList, list, tuple, typeName, withFloats } from './values';
import { isFloatSyntax } from './floatSyntax';
import { isPythonScalarText } from './arrayOperators';
import { rint } from '../../ndarray/math';

/** The names Python resolves to built-ins when the program does not bind them. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  'abs', 'len', 'float', 'int', 'bool', 'str', 'list', 'tuple', 'dict', 'set', 'print', 'max', 'min', 'sum', 'round', 'pow', 'range',
  'enumerate', 'zip', 'sorted', 'reversed', 'any', 'all', 'map', 'filter', 'divmod', 'isinstance', 'complex', 'slice', 'super',
]);

function iterator(what: string, items: PyValue[], sources: readonly PyValue[]): PyIterator {
  return { kind: 'iterator', what, items, state: { used: false }, sources };
}

function isNum(v: PyValue): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** Calls the built-in `name`. `at` is the call (for the budget's line). */
export function callBuiltin(ip: Interp, name: string, args: readonly PyValue[], kwargs: Kwargs, at: Node, scope: Scope): PyValue {
  const line = ip.lineAt(at);
  const items = (v: PyValue): PyValue[] => {
    const xs = iterate(v);
    ip.budget.allocate(xs.length * 8, line);
    return xs;
  };
  const a0 = args[0];
  switch (name) {
    case 'print': return null;
    case 'len': return length(one(name, args));
    case 'abs': {
      const x = one(name, args);
      if (isNDArray(x)) {
        ip.budget.spendWork(x.data.length, line);
        return mapArray(x, Math.abs);
      }
      if (!isNum(x)) throw new InputError(`bad operand type for abs(): '${typeName(x)}'`);
      return Math.abs(Number(x));
    }
    case 'float': {
      if (args.length === 0) return 0;
      const x = one(name, args);
      if (typeof x === 'string') return parseFloatPy(x);
      return toNumber(x, 'float()');
    }
    case 'int': {
      if (args.length === 0) return 0;
      if (typeof a0 === 'string') return parseIntPy(a0, args[1] ?? kwargs.get('base') ?? 10);
      const x = toNumber(one(name, args), 'int()');
      return truncate(x);
    }
    case 'bool': return args.length === 0 ? false : ip.truthy(one(name, args));
    case 'str': {
      if (args.length === 0) return '';
      const x = one(name, args);
      if (typeof x === 'string') return x;
      if (typeof x === 'boolean') return x ? 'True' : 'False';
      if (x === null) return 'None';
      throw new NotEvaluable(`str() of ${typeName(x)} is not evaluated (ints and floats are not told apart)`);
    }
    case 'round': {
      const b = bindArgs(name, ['number', 'ndigits?'], args, kwargs, false);
      const x = b.get('number') as PyValue;
      const nd = b.get('ndigits');
      // An integral np.float64 (`x.max()`, `x[0]`, held as a 0-D array): round() gives the int, round(v, n) v itself
      if (isNDArray(x) && x.shape.length === 0 && (x.dtype ?? 'float64') === 'float64' && Number.isInteger(x.data[0])) return nd == null ? x.data[0] : x;
      if (isNDArray(x)) throw new NotEvaluable('round() of an array is not evaluated here; use np.round');
      const v = toNumber(x, 'round()');
      if (nd == null) { // an int: Python's is exact, a double holds it only below 2**53 (round(1e20) is 10**20, an object array)
        if (Number.isNaN(v)) throw new InputError('ValueError: cannot convert float NaN to integer');
        if (!Number.isFinite(v)) throw new InputError('OverflowError: cannot convert float infinity to integer');
        const r = roundHalfEven(v);
        if (!Number.isSafeInteger(r)) throw new NotEvaluable('round(): the integer result is beyond 2**53, which Attention Explorer does not represent exactly');
        return r;
      }
      const digits = toInt(nd, 'round() ndigits');
      const py = roundDigits(v, digits, Number.isInteger(v));
      // A NumPy float64 (`x[0]`, `for v in x`, `w.max()`) rounds as np.round does, rint(v·10^d)/10^d: round(x[0], 3)
      // of 0.0025 is 0.002, Python's round of the float 0.0025 is 0.003. Both are plain numbers here.
      const argText = at.childForFieldName('arguments')?.namedChildren.find((n) => n !== null && n.type !== 'comment')?.text ?? '';
      if (!Number.isInteger(v) && !isPythonScalarText(argText)) {
        const np = digits >= 0 ? rint(v * 10 ** digits) / 10 ** digits : rint(v / 10 ** -digits) * 10 ** -digits;
        if (np !== py) throw new NotEvaluable(`round(${argText}, ${digits}) is ${py} for a Python float and ${np} for a NumPy float64 (NumPy rounds v·10^d), which the evaluator does not tell apart here (write round(float(${argText}), ${digits}) or np.round)`);
      }
      return py;
    }
    case 'pow': {
      const b = bindArgs(name, ['base', 'exp', 'mod?'], args, kwargs, false);
      if (b.get('mod') != null) throw new NotEvaluable('pow() with a modulus is not evaluated');
      return binaryOp('**', b.get('base') as PyValue, b.get('exp') as PyValue, 'base', 'exp', ip.ctx, ip.budget, line);
    }
    case 'divmod': {
      const b = bindArgs(name, ['a', 'b'], args, kwargs, false);
      const x = toNumber(b.get('a') as PyValue, 'divmod()'), y = toNumber(b.get('b') as PyValue, 'divmod()');
      return tuple([arithmetic('//', x, y), arithmetic('%', x, y)]);
    }
    case 'range': {
      if (args.length < 1 || args.length > 3) throw new InputError(`range expected 1 to 3 arguments, got ${args.length}`);
      // `range(6 / 2)`: a float, even when its value is integral (floatSyntax.ts).
      if (at.childForFieldName('arguments')?.namedChildren.some((a) => isFloatSyntax(a, (n) => scope.isFloat(n)))) throw new InputError(`TypeError: 'float' object cannot be interpreted as an integer (${at.text.length > 60 ? `${at.text.slice(0, 57)}…` : at.text})`);
      const ints = args.map((x, i) => {
        if (typeof x === 'number' && !Number.isInteger(x)) throw new InputError(`'float' object cannot be interpreted as an integer`);
        return toInt(x, `range() argument ${i + 1}`);
      });
      const [start, stop, step] = ints.length === 1 ? [0, ints[0], 1] : [ints[0], ints[1], ints[2] ?? 1];
      if (step === 0) throw new InputError('ValueError: range() arg 3 must not be zero');
      return { kind: 'range', start, stop, step };
    }
    case 'list': case 'tuple': { // a copy of a list keeps which items are floats (`np.array(list((1.0, 2.0)))` is float64)
      const src = args.length ? one(name, args) : null;
      const made = (name === 'list' ? list : tuple)(src === null ? [] : items(src));
      return isList(src) ? withFloats(made, floatsOf(src)) : made;
    }
    case 'set': return makeSet(args.length ? items(one(name, args)) : []);
    case 'dict': {
      const pairs: [PyValue, PyValue][] = [];
      if (args.length > 1) throw new InputError(`dict expected at most 1 argument, got ${args.length}`);
      if (args.length === 1) {
        if (isDict(a0)) pairs.push(...[...a0.entries.values()].map(([k, v]): [PyValue, PyValue] => [k, v]));
        else for (const p of items(a0)) {
          const kv = iterate(p);
          if (kv.length !== 2) throw new InputError(`dictionary update sequence element has length ${kv.length}; 2 is required`);
          pairs.push([kv[0], kv[1]]);
        }
      }
      for (const [k, v] of kwargs) pairs.push([k, v]);
      return makeDict(pairs);
    }
    case 'enumerate': {
      const b = bindArgs(name, ['iterable', 'start?'], args, kwargs, false);
      const start = toInt(b.get('start') ?? 0, 'enumerate() start');
      return iterator('enumerate', items(b.get('iterable') as PyValue).map((x, i) => tuple([start + i, x])), [b.get('iterable') as PyValue]);
    }
    case 'zip': {
      const strict = kwargs.get('strict') === true;
      const seqs = args.map(items);
      const n = seqs.length ? Math.min(...seqs.map((s) => s.length)) : 0;
      if (strict && seqs.some((s) => s.length !== n)) throw new InputError('ValueError: zip() arguments have different lengths');
      return iterator('zip', Array.from({ length: n }, (_, i) => tuple(seqs.map((s) => s[i]))), args);
    }
    case 'reversed': {
      const x = one(name, args);
      if (x !== null && typeof x === 'object' && (x.kind === 'iterator' || x.kind === 'set')) throw new InputError(`'${typeName(x)}' object is not reversible`);
      return iterator('reversed', items(x).reverse(), [x]);
    }
    case 'map': {
      if (args.length < 2) throw new InputError('map() must have at least two arguments.');
      const [f, ...its] = args;
      const seqs = its.map(items);
      const n = Math.min(...seqs.map((s) => s.length));
      return iterator('map', Array.from({ length: n }, (_, i) => ip.call(f, seqs.map((s) => s[i]), new Map(), at, scope)), its);
    }
    case 'filter': {
      const b = bindArgs(name, ['function', 'iterable'], args, kwargs, false);
      const f = b.get('function') as PyValue;
      return iterator('filter', items(b.get('iterable') as PyValue).filter((x) => ip.truthy(f === null ? x : ip.call(f, [x], new Map(), at, scope))), [b.get('iterable') as PyValue]);
    }
    case 'any': return items(one(name, args)).some((x) => ip.truthy(x));
    case 'all': return items(one(name, args)).every((x) => ip.truthy(x));
    case 'sum': {
      const b = bindArgs(name, ['iterable', 'start?'], args, kwargs, false);
      let acc: PyValue = b.get('start') ?? 0;
      if (typeof acc === 'string') throw new InputError("sum() can't sum strings [use ''.join(seq) instead]");
      const iterable = b.get('iterable') as PyValue;
      const xs = sumItems(iterable, items);
      const start = acc;
      for (const x of xs) acc = binaryOp('+', acc, x, 'sum', 'item', ip.ctx, ip.budget, line);
      if (!isNDArray(iterable)) checkPythonVersions(start, xs, acc);
      return acc;
    }
    case 'max': case 'min': return extreme(ip, name, args, kwargs, at, scope, items);
    case 'sorted': {
      const b = bindArgs(name, ['iterable'], args, kwargs, true);
      const key = kwargs.get('key') ?? null;
      const reverse = ip.truthy(kwargs.get('reverse') ?? false);
      const xs = b.get('iterable') as PyValue;
      const vals = xs !== null && typeof xs === 'object' && xs.kind === 'set' ? [...xs.entries.values()] : items(xs);
      const fl = isList(xs) ? floatsOf(xs) : undefined; // which items are floats, carried along (sorted([2.0, 1.0]) is float64 in np.array)
      const keyed = vals.map((v, i) => ({ v, f: fl?.[i] === true, k: key === null ? v : ip.call(key, [v], new Map(), at, scope) }));
      ip.budget.spendWork(keyed.length * Math.max(1, Math.ceil(Math.log2(keyed.length + 1))), line);
      keyed.sort((x, y) => {
        const c = order(x.k, y.k);
        if (Number.isNaN(c)) throw new NotEvaluable('sorting NaN values is not evaluated');
        return reverse ? -c : c;
      });
      return withFloats(list(keyed.map((x) => x.v)), fl && keyed.map((x) => x.f));
    }
    case 'slice': {
      if (args.length < 1 || args.length > 3) throw new InputError(`slice expected 1 to 3 arguments, got ${args.length}`);
      const part = (v: PyValue | undefined): number | undefined => (v == null ? undefined : toInt(v, 'slice index'));
      const [start, stop, step] = args.length === 1 ? [undefined, part(args[0]), undefined] : [part(args[0]), part(args[1]), part(args[2])];
      return { kind: 'slice', start, stop, step };
    }
    case 'super': return makeSuper(args, scope);
    case 'isinstance': throw new NotEvaluable('isinstance() is not evaluated (ints and floats are not told apart)');
    case 'complex': throw new NotEvaluable('complex numbers are not supported');
    default:
      throw new NotEvaluable(`${name}() is not evaluated`);
  }
}

/** The items `sum` adds: a set's items only when they are integers (the order of float additions matters). */
/**
 * `sum()` of Python floats is not the same in every Python: 3.12 and later compensate (compensatedSum), 3.11 and
 * earlier, and NumPy scalars (`sum(list_of_x0_x1)`), add in order, as `acc` was computed. Where the two differ
 * (`sum([0.1] * 10)`: 1.0 or 0.9999999999999999), which Python runs the file is not known, so the value is
 * refused with both. An integral item may be an int or a float (`1` or `1.0`): both readings are checked.
 */
function checkPythonVersions(start: PyValue, xs: readonly PyValue[], acc: PyValue): void {
  if (typeof acc !== 'number' || Number.isInteger(acc) && xs.every((x) => typeof x !== 'number' || Number.isInteger(x))) return;
  const nums = [start, ...xs].map((x) => (typeof x === 'boolean' ? Number(x) : x));
  if (!nums.every((x): x is number => typeof x === 'number')) return;
  const [s, ...items] = nums;
  for (const integralIsFloat of [false, true]) {
    const compensated = compensatedSum(s, items, () => integralIsFloat);
    if (!Object.is(compensated, acc) && !(Number.isNaN(compensated) && Number.isNaN(acc))) {
      throw new NotEvaluable(`sum() of these floats is ${floatText(compensated)} in Python 3.12 and later (compensated summation) and ${floatText(acc)} in Python 3.11 and earlier or for NumPy scalars (added in order); which one runs this file is not known (math.fsum or np.sum give one answer everywhere)`);
    }
  }
}

/** A float as Python writes it, near enough for a message: `1.0`, `0.9999999999999999`. */
function floatText(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}

function sumItems(v: PyValue, items: (v: PyValue) => PyValue[]): PyValue[] {
  if (v !== null && typeof v === 'object' && v.kind === 'set') {
    const xs = [...v.entries.values()];
    if (xs.every((x) => typeof x === 'number' && Number.isInteger(x) || typeof x === 'boolean')) return xs;
    throw new NotEvaluable('sum() over a set of floats depends on the set\'s order, which is not evaluated');
  }
  return items(v);
}

function one(name: string, args: readonly PyValue[]): PyValue {
  if (args.length !== 1) throw new InputError(`${name}() takes exactly one argument (${args.length} given)`);
  return args[0];
}

function extreme(ip: Interp, name: string, args: readonly PyValue[], kwargs: Kwargs, at: Node, scope: Scope, items: (v: PyValue) => PyValue[]): PyValue {
  const key = kwargs.get('key') ?? null;
  let xs: PyValue[];
  if (args.length === 1) {
    const s = args[0];
    xs = s !== null && typeof s === 'object' && s.kind === 'set' ? [...s.entries.values()] : items(s);
  } else if (args.length > 1) xs = [...args];
  else throw new InputError(`${name} expected at least 1 argument, got 0`);
  if (xs.length === 0) {
    if (kwargs.has('default')) return kwargs.get('default') as PyValue;
    throw new InputError(`ValueError: ${name}() arg is an empty sequence`);
  }
  if (args.length === 1 && args[0] !== null && typeof args[0] === 'object' && args[0].kind === 'set' && xs.some((x) => typeof x === 'number' && Number.isNaN(x))) {
    throw new NotEvaluable(`${name}() over a set with NaN depends on the set's order`);
  }
  let best = xs[0];
  let bestKey = key === null ? best : ip.call(key, [best], new Map(), at, scope);
  for (let i = 1; i < xs.length; i++) {
    const k = key === null ? xs[i] : ip.call(key, [xs[i]], new Map(), at, scope);
    const c = order(k, bestKey);
    if (name === 'max' ? c > 0 : c < 0) {
      best = xs[i];
      bestKey = k;
    }
  }
  return best;
}

/** `float(s)` with Python's grammar (`'1e-3'`, `' inf '`, `'nan'`; not `'0x10'` nor `''`). */
function parseFloatPy(s: string): number {
  const t = s.trim().replace(/_(?=\d)/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  throw new InputError(`ValueError: could not convert string to float: '${s}'`);
}

function parseIntPy(s: string, base: PyValue): number {
  const b = toInt(base, 'int() base');
  const t = s.trim().replace(/_(?=[0-9a-z])/gi, '');
  if (b === 10 && /^[+-]?\d+$/.test(t)) return truncate(Number(t));
  if (b >= 2 && b <= 36 && b !== 10) {
    // int('ff', 16), int('0b101', 2): Python's digits of that base, an optional sign and prefix (0x, 0o, 0b).
    const prefix = b === 16 ? /^0x/i : b === 8 ? /^0o/i : b === 2 ? /^0b/i : undefined;
    const m = /^([+-]?)(.*)$/.exec(t) as RegExpExecArray;
    const body = prefix ? m[2].replace(prefix, '') : m[2];
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
    if (body.length && [...body.toLowerCase()].every((c) => digits.includes(c))) {
      const v = [...body.toLowerCase()].reduce((acc, c) => acc * BigInt(b) + BigInt(digits.indexOf(c)), 0n) * (m[1] === '-' ? -1n : 1n);
      return truncate(Number(v));
    }
  }
  throw new InputError(`ValueError: invalid literal for int() with base ${b}: '${s}'`);
}

const MATH_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI, inf: Infinity, nan: NaN };

/** The value of `math.<name>` when it is a constant. */
export function mathConstant(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(MATH_CONSTANTS, name) ? MATH_CONSTANTS[name] : undefined;
}

type MathFn = (xs: number[]) => number | boolean;

const domain = (name: string, ok: (x: number) => boolean, f: (x: number) => number): MathFn => ([x]) => {
  if (!ok(x)) throw new InputError(`ValueError: math domain error (math.${name}(${x}))`);
  return f(x);
};
const overflowing = (name: string, f: (x: number) => number): MathFn => ([x]) => {
  const r = f(x);
  if (!Number.isFinite(r) && Number.isFinite(x)) throw new InputError(`OverflowError: math range error (math.${name}(${x}))`);
  return r;
};

const MATH: Readonly<Record<string, { arity: number | [number, number]; f: MathFn }>> = {
  sqrt: { arity: 1, f: domain('sqrt', (x) => x >= 0 || Number.isNaN(x), Math.sqrt) },
  exp: { arity: 1, f: overflowing('exp', Math.exp) },
  log: { arity: [1, 2], f: ([x, b]) => {
    if (!(x > 0) && !Number.isNaN(x)) throw new InputError(`ValueError: math domain error (math.log(${x}))`);
    if (b === undefined) return Math.log(x);
    if (!(b > 0) || b === 1) throw new InputError('ValueError: math domain error (log base)');
    return Math.log(x) / Math.log(b);
  } },
  log2: { arity: 1, f: domain('log2', (x) => x > 0 || Number.isNaN(x), Math.log2) },
  log10: { arity: 1, f: domain('log10', (x) => x > 0 || Number.isNaN(x), Math.log10) },
  log1p: { arity: 1, f: domain('log1p', (x) => x > -1 || Number.isNaN(x), Math.log1p) },
  expm1: { arity: 1, f: overflowing('expm1', Math.expm1) },
  sin: { arity: 1, f: domain('sin', (x) => Number.isFinite(x) || Number.isNaN(x), Math.sin) },
  cos: { arity: 1, f: domain('cos', (x) => Number.isFinite(x) || Number.isNaN(x), Math.cos) },
  tan: { arity: 1, f: domain('tan', (x) => Number.isFinite(x) || Number.isNaN(x), Math.tan) },
  asin: { arity: 1, f: domain('asin', (x) => Math.abs(x) <= 1 || Number.isNaN(x), Math.asin) },
  acos: { arity: 1, f: domain('acos', (x) => Math.abs(x) <= 1 || Number.isNaN(x), Math.acos) },
  atan: { arity: 1, f: ([x]) => Math.atan(x) },
  atan2: { arity: 2, f: ([y, x]) => Math.atan2(y, x) },
  sinh: { arity: 1, f: overflowing('sinh', Math.sinh) },
  cosh: { arity: 1, f: overflowing('cosh', Math.cosh) },
  tanh: { arity: 1, f: ([x]) => Math.tanh(x) },
  fabs: { arity: 1, f: ([x]) => Math.abs(x) },
  floor: { arity: 1, f: ([x]) => truncateToInt(Math.floor(x), 'floor') },
  ceil: { arity: 1, f: ([x]) => truncateToInt(Math.ceil(x), 'ceil') },
  trunc: { arity: 1, f: ([x]) => truncate(x) },
  pow: { arity: 2, f: ([x, y]) => {
    if (x === 0 && y < 0) throw new InputError('ValueError: math domain error (math.pow)');
    if (x < 0 && Number.isFinite(y) && !Number.isInteger(y)) throw new InputError('ValueError: math domain error (math.pow)');
    const r = Math.pow(x, y);
    if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new InputError('OverflowError: math range error');
    return r;
  } },
  hypot: { arity: [0, 64], f: (xs) => Math.hypot(...xs) },
  copysign: { arity: 2, f: ([x, y]) => (Object.is(y, -0) || y < 0 ? -Math.abs(x) : Math.abs(x)) },
  isnan: { arity: 1, f: ([x]) => Number.isNaN(x) },
  isinf: { arity: 1, f: ([x]) => x === Infinity || x === -Infinity },
  isfinite: { arity: 1, f: ([x]) => Number.isFinite(x) },
  degrees: { arity: 1, f: ([x]) => x * (180 / Math.PI) },
  radians: { arity: 1, f: ([x]) => x * (Math.PI / 180) },
  fsum: { arity: -1 as unknown as number, f: (xs) => fsum(xs) },
  factorial: { arity: 1, f: ([x]) => {
    if (!Number.isInteger(x) || x < 0) throw new InputError('ValueError: factorial() not defined for negative or non-integral values');
    let r = 1;
    for (let i = 2; i <= x; i++) r *= i;
    if (r > 2 ** 53) throw new NotEvaluable('math.factorial(): the integer result is beyond 2**53');
    return r;
  } },
  gcd: { arity: [0, 64], f: (xs) => xs.reduce((a, b) => { a = Math.abs(a); b = Math.abs(b); while (b) [a, b] = [b, a % b]; return a; }, 0) },
};

function truncateToInt(x: number, name: string): number {
  if (!Number.isFinite(x)) throw new InputError(`${Number.isNaN(x) ? 'ValueError: cannot convert float NaN' : 'OverflowError: cannot convert float infinity'} to integer (math.${name})`);
  if (Math.abs(x) > 2 ** 53) throw new NotEvaluable(`math.${name}(): the integer result is beyond 2**53`);
  return x === 0 ? 0 : x;
}

/** Shewchuk's exactly rounded sum (CPython's math.fsum). */
function fsum(xs: number[]): number {
  const partials: number[] = [];
  let special = 0, inf = 0;
  for (let x of xs) {
    if (!Number.isFinite(x)) {
      if (Number.isNaN(x)) special = NaN;
      else inf += x;
      continue;
    }
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    if (!Number.isFinite(x)) throw new InputError('OverflowError: intermediate overflow in fsum');
    partials.push(x);
  }
  if (Number.isNaN(special) || Number.isNaN(inf)) return NaN;
  if (inf !== 0) return inf;
  let n = partials.length;
  let hi = 0;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

/** Calls `math.<name>` on Python numbers (a one-element array counts as a number, as in Python). */
export function callMath(name: string, args: readonly PyValue[], kwargs: Kwargs): PyValue {
  const spec = MATH[name];
  if (!spec) throw new NotEvaluable(`math.${name}() is not evaluated`);
  if (kwargs.size) throw new InputError(`math.${name}() takes no keyword arguments`);
  let xs: number[];
  if (name === 'fsum') {
    if (args.length !== 1) throw new InputError(`math.fsum() takes exactly one argument (${args.length} given)`);
    xs = iterate(args[0]).map((x) => toNumber(x, 'math.fsum()'));
  } else {
    const [lo, hi] = typeof spec.arity === 'number' ? [spec.arity, spec.arity] : spec.arity;
    if (args.length < lo || args.length > hi) throw new InputError(`math.${name}() takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments (${args.length} given)`);
    xs = args.map((x) => {
      if (isNDArray(x) && x.data.length !== 1) throw new InputError(`TypeError: only length-1 arrays can be converted to Python scalars (math.${name})`);
      if (typeof x === 'string' || x === null || (typeof x === 'object' && !isNDArray(x))) throw new InputError(`TypeError: must be real number, not ${typeName(x)} (math.${name})`);
      return toNumber(x, `math.${name}()`);
    });
  }
  return spec.f(xs);
}

/** `a == b` for values in messages and `list.index`. */
export { pyEquals };
