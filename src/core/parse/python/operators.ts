/**
 * Python's operators on the evaluator's values: arithmetic (`+ - * / // % ** @`, bitwise on integers),
 * comparisons (chained, `in`, `is`), unary operators and truth values, with Python's results and errors.
 * Arrays go through the NumPy element-wise kernels; scalars through numbers.ts (CPython's rules).
 */
import { type ErrorOperand, InputError } from '../../errors';
import { type NDArray, elementwise, isNDArray, mapArray, matmul } from '../../ndarray/ndarray';
import type { Budget, LineRef } from './budget';
import { contains, pyEquals, scalarOf } from './containers';
import { toArray, toNumber } from './convert';
import { type CallContext, NotEvaluable } from './library';
import { arithmetic } from './numbers';
import { type OperandFloats, type OperandKindsOpen, binaryOperator, isPythonScalarText } from './arrayOperators';
import { type PyList, type PyValue, floatsOf, isList, typeName, withFloats } from './values';

/** A short name for an operand in messages: the source text when it is short. */
export function short(text: string): string {
  return text.length <= 24 ? text : `${text.slice(0, 21)}…`;
}

function isNumeric(v: PyValue): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/**
 * `a op b` with Python's semantics. `nameA`/`nameB` are the operands' source text (for messages); `line`
 * is charged for the work; `floats`: which operands are Python floats though integral (a name holding `6 / 2`).
 * @throws InputError for Python's TypeError/ZeroDivisionError and shape mismatches; NotEvaluable otherwise.
 */
export function binaryOp(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, ctx: CallContext, budget: Budget, line: LineRef, floats?: OperandFloats, open?: OperandKindsOpen): PyValue {
  // Objects of the program's classes may define __add__, __matmul__…, which are not evaluated.
  if (isObjectLike(a) || isObjectLike(b)) throw new NotEvaluable(`${op} on ${typeName(a)} and ${typeName(b)} (operator methods of classes) is not evaluated`);
  // Arrays (and `@`, and `& | ^` on bools and ints) follow NumPy's rules: arrayOperators.ts and ndarray/ufunc.ts.
  if (op === '@') budget.spendWork((isNDArray(a) ? a.data.length : 1) * (isNDArray(b) ? b.shape[b.shape.length - 1] ?? 1 : 1), line);
  else if (isNDArray(a) || isNDArray(b)) budget.spendWork(Math.max(isNDArray(a) ? a.data.length : 1, isNDArray(b) ? b.data.length : 1), line);
  const arrays = binaryOperator(op, a, b, short(nameA), short(nameB), ctx.limits, ctx.random.torch.defaultDtype, floats, open);
  if (arrays !== undefined) {
    if (isNDArray(arrays)) budget.allocate(arrays.data.length * 8, line);
    return arrays;
  }
  if (op === '@') {
    const A = toArray(a, ctx.limits, nameA), B = toArray(b, ctx.limits, nameB);
    budget.spendWork(A.data.length * (B.shape[B.shape.length - 1] ?? 1), line);
    const out = matmul(A, B, short(nameA), short(nameB));
    if (isNDArray(out)) budget.allocate(out.data.length * 8, line);
    return out;
  }
  if (isNDArray(a) || isNDArray(b)) return arrayOp(op, a, b, nameA, nameB, ctx, budget, line);
  if (isNumeric(a) && isNumeric(b)) {
    if (op === '&' || op === '|' || op === '^' || op === '<<' || op === '>>') return bitwise(op, a, b);
    const x = toNumber(a, nameA), y = toNumber(b, nameB);
    // `x[0] / 0` with a NumPy scalar gives inf (0 for ints) with a warning; a Python number raises ZeroDivisionError.
    // Both are plain numbers here: unless both texts show Python scalars, which one it is is not told.
    if (y === 0 && (op === '/' || op === '//' || op === '%') && !(isPythonScalarText(nameA) && isPythonScalarText(nameB))) {
      throw new NotEvaluable(`${short(nameA)} ${op} ${short(nameB)} divides by zero: Python numbers raise ZeroDivisionError, NumPy scalars (x[0], v.max()) give inf, nan or 0 with a warning, which the evaluator does not tell apart here`);
    }
    return arithmetic(op, x, y, floats !== undefined && (floats[0] || floats[1]));
  }
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
  if (op === '*' && (typeof a === 'string' || isList(a)) && isNumeric(b)) return repeat(a, b, budget, line);
  if (op === '*' && (typeof b === 'string' || isList(b)) && isNumeric(a)) return repeat(b, a, budget, line);
  if (op === '+' && isList(a) && isList(b)) {
    if (a.tuple !== b.tuple) throw new InputError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
    budget.allocate((a.items.length + b.items.length) * 8, line);
    const fa = floatsOf(a), fb = floatsOf(b);
    const floats = fa || fb ? [...(fa ?? a.items.map(() => false)), ...(fb ?? b.items.map(() => false))] : undefined;
    return withFloats({ kind: 'list', items: [...a.items, ...b.items], tuple: a.tuple }, floats);
  }
  if (typeof a === 'string' && op === '%') throw new NotEvaluable('%-formatting of strings is not evaluated');
  if (a !== null && typeof a === 'object' && (a.kind === 'set' || a.kind === 'dict') || b !== null && typeof b === 'object' && (b.kind === 'set' || b.kind === 'dict')) {
    throw new NotEvaluable(`${op} on ${typeName(a)} and ${typeName(b)} is not evaluated`);
  }
  throw new InputError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat(seq: string | PyList, n: number | boolean, budget: Budget, line: LineRef): PyValue {
  const k = Math.max(0, Number(n));
  if (!Number.isInteger(k)) throw new InputError(`can't multiply sequence by non-int of type 'float'`);
  if (typeof seq === 'string') {
    budget.allocate(seq.length * k * 2, line);
    return seq.repeat(k);
  }
  budget.allocate(seq.items.length * k * 8, line);
  const items: PyValue[] = [];
  for (let i = 0; i < k; i++) items.push(...seq.items);
  const f = floatsOf(seq);
  const floats: boolean[] = [];
  if (f) for (let i = 0; i < k; i++) floats.push(...f);
  return withFloats({ kind: 'list', items, tuple: seq.tuple }, f ? floats : undefined);
}

function bitwise(op: string, a: number | boolean, b: number | boolean): PyValue {
  if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) {
    return op === '&' ? a && b : op === '|' ? a || b : a !== b;
  }
  const x = Number(a), y = Number(b);
  if (!Number.isInteger(x) || !Number.isInteger(y)) throw new InputError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  const X = BigInt(x), Y = BigInt(y);
  let r: bigint;
  switch (op) {
    case '&': r = X & Y; break;
    case '|': r = X | Y; break;
    case '^': r = X ^ Y; break;
    case '<<': if (Y < 0n) throw new InputError('ValueError: negative shift count'); r = Y > 64n ? (X === 0n ? 0n : 1n << 64n) : X << Y; break;
    default: if (Y < 0n) throw new InputError('ValueError: negative shift count'); r = X >> Y;
  }
  const n = Number(r);
  if (Math.abs(n) > 2 ** 53) throw new NotEvaluable(`${op}: the integer result is beyond 2**53, which is not represented exactly`);
  return n;
}

/** NumPy's element-wise kernels (IEEE results: 1/0 is inf, not an error; // and % follow the divisor's sign). */
const ARRAY_ARITH: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '//': (a, b) => {
    if (b === 0) return a / b;
    const m = a % b;
    let div = (a - m) / b;
    if (m && (b < 0) !== (m < 0)) div -= 1;
    if (!div) return Object.is(a / b, -0) || a / b < 0 ? -0 : 0;
    const f = Math.floor(div);
    return div - f > 0.5 ? f + 1 : f;
  },
  '%': (a, b) => {
    if (b === 0) return NaN;
    let m = a % b;
    if (m) { if ((b < 0) !== (m < 0)) m += b; } else m = b < 0 ? -0 : 0;
    return m;
  },
  '**': (a, b) => Math.pow(a, b),
};

function arrayOp(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, ctx: CallContext, budget: Budget, line: LineRef): PyValue {
  const f = ARRAY_ARITH[op];
  if (!f) throw new NotEvaluable(`operator ${op} on arrays is not evaluated`);
  const lift = (v: PyValue, name: string): NDArray | number => (isNDArray(v) ? v : isNumeric(v) ? toNumber(v, name) : toArray(v, ctx.limits, name));
  const A = lift(a, nameA), B = lift(b, nameB);
  const size = Math.max(typeof A === 'number' ? 1 : A.data.length, typeof B === 'number' ? 1 : B.data.length);
  budget.spendWork(size, line);
  budget.allocate(size * 8, line);
  try {
    return elementwise(A, B, f, `${short(nameA)} ${op} ${short(nameB)}`);
  } catch (e) {
    if (e instanceof InputError && e.detail.kind === 'broadcast') throw new InputError({ ...e.detail, operands: [operand(nameA, A), operand(nameB, B)] });
    throw e;
  }
}

function operand(name: string, v: NDArray | number): ErrorOperand {
  return { name: short(name), shape: typeof v === 'number' ? null : v.shape };
}

/** `-x`, `+x`, `~x`. */
export function unaryOp(op: string, v: PyValue, what: string): PyValue {
  if (op !== 'not' && isObjectLike(v)) throw new NotEvaluable(`unary ${op} on ${typeName(v)} (operator methods of classes) is not evaluated`);
  if (isNDArray(v)) {
    if (op === '-') return mapArray(v, (x) => -x);
    if (op === '+') return v;
    throw new NotEvaluable(`operator ${op} on arrays is not evaluated`);
  }
  if (!isNumeric(v)) throw new InputError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  const x = Number(v);
  if (op === '-') return -x;
  if (op === '+') return x;
  if (op === '~') {
    if (!Number.isInteger(x)) throw new InputError(`bad operand type for unary ~: 'float'`);
    return -x - 1;
  }
  throw new NotEvaluable(`operator ${op} in ${what} is not evaluated`);
}

/** Compares two code-point sequences the way Python compares strings. */
function compareStrings(a: string, b: string): number {
  const A = [...a], B = [...b];
  for (let i = 0; i < Math.min(A.length, B.length); i++) {
    const x = A[i].codePointAt(0) as number, y = B[i].codePointAt(0) as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return A.length - B.length;
}

/** Python's ordering (`<`): numbers, strings, and lists/tuples lexicographically. @throws InputError otherwise. */
export function order(a0: PyValue, b0: PyValue): number {
  const a = scalarOf(a0), b = scalarOf(b0); // NumPy scalars held as 0-D arrays order as their numbers (max(x[0]))
  if (isNumeric(a) && isNumeric(b)) {
    const x = Number(a), y = Number(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (isList(a) && isList(b) && a.tuple === b.tuple) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      if (!pyEquals(a.items[i], b.items[i])) return order(a.items[i], b.items[i]);
    }
    return a.items.length - b.items.length;
  }
  if (isNDArray(a) || isNDArray(b)) throw new NotEvaluable('ordering arrays is not evaluated');
  throw new InputError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** One comparison `a op b` (`==`, `<`, `in`, `is not`, …). */
export function compareOp(op: string, a: PyValue, b: PyValue): boolean {
  if (isNDArray(a) || isNDArray(b)) {
    if (op === 'is' || op === 'is not') return (a === b) === (op === 'is');
    if ((op === 'in' || op === 'not in') && !isNDArray(b)) return contains(b, a) === (op === 'in');
    throw new NotEvaluable(`comparison ${op} on arrays is not evaluated`);
  }
  switch (op) {
    case '==': return pyEquals(a, b);
    case '!=': return !pyEquals(a, b);
    case 'in': return contains(b, a);
    case 'not in': return !contains(b, a);
    case 'is': case 'is not': {
      const simple = (v: PyValue): boolean => v === null || typeof v === 'boolean';
      let same: boolean;
      if (simple(a) || simple(b)) same = a === b;
      else if (typeof a === 'object' && typeof b === 'object') same = a === b;
      else throw new NotEvaluable(`'is' between ${typeName(a)} and ${typeName(b)} depends on object identity`);
      return op === 'is' ? same : !same;
    }
  }
  const c = order(a, b);
  switch (op) {
    case '<': return c < 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '>=': return c >= 0;
  }
  throw new NotEvaluable(`comparison ${op} is not evaluated`);
}

/** A program's object or class (classes.ts), whose operators may be its own methods. */
function isObjectLike(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && (v.kind === 'object' || v.kind === 'class');
}

/** Python's truth value. @throws NotEvaluable for an array of other than one element (NumPy raises ValueError). */
export function truthy(v: PyValue): boolean {
  if (v === null) return false;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return Boolean(v);
  switch (v.kind) {
    case 'object': {
      if (v.builtin === 'Sequential' || v.builtin === 'ModuleList') return v.attrs.size > 0; // their len()
      for (let c = v.cls; c; c = c.base) if (c.attrs.has('__bool__') || c.attrs.has('__len__')) throw new NotEvaluable(`the truth value of a ${typeName(v)} object (__bool__/__len__) is not evaluated`);
      return true;
    }
    case 'list': return v.items.length > 0;
    case 'dict': case 'set': return v.entries.size > 0;
    case 'view': return v.dict.entries.size > 0;
    case 'range': return (v.step > 0 ? v.stop > v.start : v.stop < v.start);
    case 'ndarray':
      if (v.data.length === 1) return v.data[0] !== 0;
      throw new InputError(`ValueError: the truth value of an array with ${v.data.length} elements is ambiguous; use a.any() or a.all()`);
    default: return true;
  }
}
