/**
 * NumPy's operators on arrays and Python scalars (`+ - * / // % **`, comparisons, `& | ^ ~`, unary `-`),
 * with NumPy 2's type promotion (NEP 50: a Python scalar takes the array's dtype where it fits) and its
 * integer/bool semantics. Results NumPy computes in a way not reproduced here (float32 beyond + − × ÷,
 * int64 beyond 2^53, integer division by zero) raise {@link NotReproduced} instead of giving a number.
 */
import { InputError } from '../errors';
import { type Operand, elementwise, mapArray } from './broadcast';
import { type ArrayLimits, type DType, type NDArray, dtypeOf, isNDArray } from './array';

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
export function arithmetic(op: string, x: Operand, y: Operand, label: string, limits: ArrayLimits): NDArray {
  const t = resultType(x, y);
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

const COMPARE: Readonly<Record<string, Binary>> = {
  '<': (a, b) => (a < b ? 1 : 0), '<=': (a, b) => (a <= b ? 1 : 0), '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0), '==': (a, b) => (a === b ? 1 : 0), '!=': (a, b) => (a !== b ? 1 : 0),
};

/** `x op y` for a comparison: a bool array. */
export function compare(op: string, x: Operand, y: Operand, label: string, limits: ArrayLimits): NDArray {
  const f = COMPARE[op];
  if (!f) throw new NotReproduced(`comparison ${op} on arrays is not evaluated`);
  const t = resultType(x, y);
  // float32 against a float64 value compares in float64 after promotion; both sides hold exact values.
  void t;
  return elementwise(x, y, f, label, 'bool', limits);
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
