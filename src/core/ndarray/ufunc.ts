/**
 * NumPy's operators on arrays and Python scalars (`+ - * / // % **`, comparisons, `& | ^ ~`, unary `-`),
 * with NumPy 2's type promotion (NEP 50: a Python scalar takes the array's dtype where it fits) and its
 * integer/bool semantics. Results NumPy computes in a way not reproduced here (float32 beyond + − × ÷,
 * int64 beyond 2^53, integer division by zero) raise {@link NotReproduced} instead of giving a number.
 */
import { InputError } from '../errors';
import { type Operand, elementwise, mapArray } from './broadcast';
import { type ArrayLimits, type DType, type NDArray, astype, dtypeOf, isNDArray } from './array';

/** A result NumPy defines but the evaluator does not reproduce exactly: the value is left unknown. */
export class NotReproduced extends Error {
  override readonly name: string = 'NotReproduced';
}

/** The dtype-kind of an operand: an array's dtype, or the kind of a Python scalar. */
type Kind = DType | 'pybool' | 'pyint' | 'pyfloat';

function kindOf(x: Operand): Kind {
  if (isNDArray(x)) return dtypeOf(x);
  if (typeof x === 'boolean') return 'pybool';
  return Number.isInteger(x) ? 'pyint' : 'pyfloat';
}

const RANK: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 3 };

/** NumPy's promotion of two array dtypes (int64 with float32 gives float64). */
export function promoteTypes(a: DType, b: DType): DType {
  if ((a === 'int64' && b === 'float32') || (a === 'float32' && b === 'int64')) return 'float64';
  return RANK[a] >= RANK[b] ? a : b;
}

function scalarAsArray(k: Kind): DType {
  return k === 'pybool' ? 'bool' : k === 'pyint' ? 'int64' : k === 'pyfloat' ? 'float64' : k;
}

/** NumPy 2's result dtype of an operation on two operands (NEP 50 weak Python scalars). */
export function resultType(x: Operand, y: Operand): DType {
  const a = kindOf(x), b = kindOf(y);
  const weak = (k: Kind): boolean => k === 'pybool' || k === 'pyint' || k === 'pyfloat';
  if (weak(a) && weak(b)) return promoteTypes(scalarAsArray(a), scalarAsArray(b));
  if (weak(a) || weak(b)) {
    const arr = (weak(a) ? b : a) as DType;
    const s = weak(a) ? a : b;
    if (s === 'pybool') return arr;
    if (s === 'pyint') return arr === 'bool' ? 'int64' : arr;
    return arr === 'bool' || arr === 'int64' ? 'float64' : arr;
  }
  return promoteTypes(a as DType, b as DType);
}

/**
 * A Python scalar joining an operation whose dtype is `t`, converted to `t` first as NumPy 2 does (NEP 50: the
 * scalar is "weak", cast to the array's dtype): with a float32 array, `x * 0.1` multiplies by float32(0.1) and
 * `x == 0.1` compares with it. Arrays are returned as they are.
 */
export function weakOperand(v: Operand, t: DType): Operand {
  if (isNDArray(v) || t !== 'float32') return v;
  return Math.fround(Number(v));
}

const TWO53 = 2 ** 53;

function checkInt(out: NDArray, op: string): NDArray {
  for (const v of out.data) if (Math.abs(v) >= TWO53) throw new NotReproduced(`an int64 result of ${op} is beyond 2^53, where float64 arithmetic is not exact`);
  return out;
}

/** Python's/NumPy's floor division and remainder of floats (`npy_divmod`). */
export function divmod(a: number, b: number): [number, number] {
  if (b === 0) return [a / b, a % b];
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if ((b < 0) !== (mod < 0)) { mod += b; div -= 1; }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = (a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

function intFloorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (b > 0 ? r < 0 : r > 0) q -= 1;
  else if (b > 0 ? r >= b : r <= b) q += 1;
  return q;
}

type Binary = (a: number, b: number) => number;

/**
 * `x op y` for an arithmetic operator, element-wise with broadcasting and NumPy's dtypes.
 * @throws InputError where NumPy raises (bool `-`, int `**` negative, shapes that do not broadcast);
 *   NotReproduced where NumPy's result is not reproduced exactly.
 */
export function arithmetic(op: string, x0: Operand, y0: Operand, label: string, limits: ArrayLimits): NDArray {
  const t = resultType(x0, y0);
  const x = weakOperand(x0, t), y = weakOperand(y0, t);
  const go = (f: Binary, dtype: DType): NDArray => elementwise(x, y, f, label, dtype, limits);
  const f32 = (f: Binary): Binary => (a, b) => Math.fround(f(a, b));
  switch (op) {
    case '+':
      if (t === 'bool') return go((a, b) => (a || b ? 1 : 0), 'bool');
      if (t === 'int64') return checkInt(go((a, b) => a + b, t), label);
      return go(t === 'float32' ? f32((a, b) => a + b) : (a, b) => a + b, t);
    case '-':
      if (t === 'bool') throw new InputError('numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
      if (t === 'int64') return checkInt(go((a, b) => a - b, t), label);
      return go(t === 'float32' ? f32((a, b) => a - b) : (a, b) => a - b, t);
    case '*':
      if (t === 'bool') return go((a, b) => (a && b ? 1 : 0), 'bool');
      if (t === 'int64') return checkInt(go((a, b) => a * b, t), label);
      return go(t === 'float32' ? f32((a, b) => a * b) : (a, b) => a * b, t);
    case '/':
      if (t === 'float32') return go(f32((a, b) => a / b), t);
      return go((a, b) => a / b, 'float64');
    case '//': case '%': {
      if (t === 'bool') throw new NotReproduced(`${op} of two bool operands gives int8 in NumPy, which is not modelled`);
      if (t === 'float32') throw new NotReproduced(`${op} in float32 is not reproduced`);
      if (t === 'int64') {
        return go((a, b) => {
          if (b === 0) throw new NotReproduced(`integer ${op} by zero (NumPy warns and gives 0)`);
          const q = intFloorDiv(a, b);
          return op === '//' ? q : a - q * b;
        }, t);
      }
      return go(op === '//' ? (a, b) => divmod(a, b)[0] : (a, b) => divmod(a, b)[1], t);
    }
    case '**': {
      if (t === 'bool') throw new NotReproduced('** of two bool operands gives int8 in NumPy, which is not modelled');
      if (t === 'float32') throw new NotReproduced('** in float32 is not reproduced');
      if (t === 'int64') {
        return checkInt(go((a, b) => {
          if (b < 0) throw new InputError('Integers to negative integer powers are not allowed.');
          return Math.pow(a, b);
        }, t), label);
      }
      return go(Math.pow, t);
    }
    default:
      throw new NotReproduced(`operator ${op} on arrays is not evaluated`);
  }
}

/** NumPy's ufunc behind each operator, as its casting errors name it. */
const UFUNC_OF: Readonly<Record<string, string>> = {
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '//': 'floor_divide', '%': 'remainder', '**': 'power',
  '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor', '@': 'matmul', '<<': 'left_shift', '>>': 'right_shift',
};

/** Dtype kinds in the order NumPy's `same_kind` casting allows: bool → integer → floating. */
const KIND: Readonly<Record<DType, number>> = { bool: 0, int64: 1, float32: 2, float64: 2 };

/**
 * The result `value` of an in-place operator `x op= y` stored into the array `old`, as NumPy does it: the ufunc
 * writes into `x` (`out=x`) with casting rule `same_kind`, so the array keeps its dtype (a float32 array plus a
 * float64 array stays float32, rounded once), and a result of a higher kind (int64 `+=` 0.5, int64 `/=` 2,
 * bool `+=` 1) cannot be stored (numpy/_core/src/umath/ufunc_object.c, `validate_casting`).
 * @param old the array changed in place (any shape and dtype)
 * @param value the operator's result, already of `old`'s shape
 * @param op the operator without `=` (`+`, `/`, …); `text` the statement, for the message
 * @returns `value` in `old`'s dtype
 * @throws InputError (NumPy's UFuncTypeError) when the result's kind is higher than the array's
 */
export function castInPlace(old: NDArray, value: NDArray, op: string, text: string): NDArray {
  const from = dtypeOf(value), to = dtypeOf(old);
  if (from === to) return value;
  if (KIND[from] > KIND[to]) {
    throw new InputError(`UFuncTypeError: Cannot cast ufunc '${UFUNC_OF[op] ?? op}' output from dtype('${from}') to dtype('${to}') with casting rule 'same_kind' (${text})`);
  }
  return astype(value, to);
}

const COMPARE: Readonly<Record<string, Binary>> = {
  '<': (a, b) => (a < b ? 1 : 0), '<=': (a, b) => (a <= b ? 1 : 0), '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0), '==': (a, b) => (a === b ? 1 : 0), '!=': (a, b) => (a !== b ? 1 : 0),
};

/** `x op y` for a comparison: a bool array. */
export function compare(op: string, x: Operand, y: Operand, label: string, limits: ArrayLimits): NDArray {
  const f = COMPARE[op];
  if (!f) throw new NotReproduced(`comparison ${op} on arrays is not evaluated`);
  // float32 against a float64 array compares in float64 after promotion (both sides hold exact values); against a
  // Python float, in float32: `x == 0.1` is True where x holds float32(0.1).
  const t = resultType(x, y);
  return elementwise(weakOperand(x, t), weakOperand(y, t), f, label, 'bool', limits);
}

const SAFE_BITS = 2 ** 31;

/** `x & y`, `x | y`, `x ^ y` on bool or integer operands. @throws InputError for float operands. */
export function bitwise(op: string, x: Operand, y: Operand, label: string, limits: ArrayLimits): NDArray {
  const t = resultType(x, y);
  const name = op === '&' ? 'bitwise_and' : op === '|' ? 'bitwise_or' : 'bitwise_xor';
  if (t === 'float64' || t === 'float32') throw new InputError(`ufunc '${name}' not supported for the input types (${label})`);
  const f: Binary = op === '&' ? (a, b) => a & b : op === '|' ? (a, b) => a | b : (a, b) => a ^ b;
  return elementwise(x, y, (a, b) => {
    if (Math.abs(a) >= SAFE_BITS || Math.abs(b) >= SAFE_BITS) throw new NotReproduced(`${op} on integers beyond 2^31 is not evaluated`);
    return f(a, b);
  }, label, t, limits);
}

/** `~x`: logical not for bool, `-x - 1` for integers. @throws InputError for floats. */
export function invert(x: NDArray): NDArray {
  const t = dtypeOf(x);
  if (t === 'bool') return mapArray(x, (a) => (a ? 0 : 1));
  if (t === 'int64') return mapArray(x, (a) => -a - 1);
  throw new InputError("ufunc 'invert' not supported for the input types (a float array)");
}

/** `-x`. @throws InputError for bool arrays, as NumPy. */
export function negative(x: NDArray): NDArray {
  if (dtypeOf(x) === 'bool') throw new InputError('The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.');
  return mapArray(x, (a) => -a);
}
