/**
 * Python operators on arrays, with NumPy's semantics: arithmetic (`+ - * / // % **`), `@`, comparisons
 * (giving bool arrays), `& | ^`, unary `-` and `~`. Lists next to an array are converted as NumPy converts
 * them; a 0-D result is a scalar, as NumPy returns one.
 */
import {
  type ArrayLimits, type NDArray, NotReproduced, arithmetic, bitwise, compare, dtypeOf, invert, isNDArray, matmul, ndarray, negative,
} from '../../ndarray/ndarray';
import { toArray, toOperand, unwrap } from './convert';
import { frameworkBinary, frameworkUnary } from './frameworkOps';
import { isTensor, markTensor } from './tensorOrigin';
import { torchBinary } from './torchOps';
import { isApproximate, markApproximate } from './torchPrecision';
import type { DefaultFloat } from './torchTypes';
import type { PyValue } from './values';

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**']);
const BITWISE = new Set(['&', '|', '^']);
const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

const involvesArray = (a: PyValue, b: PyValue): boolean => isNDArray(a) || isNDArray(b);

/**
 * `a op b` when NumPy's rules apply (an array operand, `@`, or `& | ^` on bools/ints); undefined when it is
 * plain Python arithmetic on scalars (the evaluator's business).
 * @throws InputError where NumPy raises; NotEvaluable where its result is not reproduced.
 */
/** Which operands of a binary operator are Python floats even though integral (known from names, floatSyntax.ts). */
export type OperandFloats = readonly [boolean, boolean];

/**
 * Which operands are integral numbers whose Python kind (int or float) the syntax leaves open (an item, an
 * attribute, a call: `cfg["scale"]`, `self.scale`; floatSyntax.ts isIntSyntax).
 */
export type OperandKindsOpen = readonly [boolean, boolean];

export function binaryOperator(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, limits: ArrayLimits, torchDefault: DefaultFloat = 'float32', floats: OperandFloats = [false, false], open: OperandKindsOpen = [false, false]): PyValue | undefined {
  const tensor = frameworkBinary(op, a, b, nameA, nameB, limits); // TensorFlow tensors, JAX arrays (frameworkOps.ts)
  if (tensor !== undefined) return tensor;
  if (isTensor(a) || isTensor(b)) { // torch's rules (torchOps.ts)
    return torchBinary(op, a, b, nameA, nameB, { limits, dflt: torchDefault }, floats[0] || FLOAT_LITERAL.test(nameA.trim()), floats[1] || FLOAT_LITERAL.test(nameB.trim()));
  }
  refuseOpenIntKind(op, a, b, nameA, nameB, floats, open);
  const r = numpyBinary(op, a, b, nameA, nameB, limits, floats);
  return r === undefined ? r : markTensor(r, isTensor(a) || isTensor(b));
}

/** Operators whose result dtype next to an int64 or bool array depends on whether the number is an int or a float. */
const KIND_DECIDES = new Set(['+', '-', '*', '//', '%', '**']);

/**
 * An int64 or bool array with an integral number whose Python kind the syntax leaves open (`ids * cfg["scale"]`,
 * `np.arange(3) + params[1]`): NumPy gives int64 for an int and float64 for a float, and a later step may depend on
 * it (`np.full_like(r, 0.5)` is 0 or 0.5), so the result is refused, as torch's is (torchOps.ts).
 * @throws NotReproduced naming the operand
 */
function refuseOpenIntKind(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, floats: OperandFloats, open: OperandKindsOpen): void {
  if (!KIND_DECIDES.has(op)) return;
  const sides = [[a, nameA, b, nameB, floats[0], open[0]], [b, nameB, a, nameA, floats[1], open[1]]] as const;
  for (const [v, text, other, otherText, float, isOpen] of sides) {
    if (typeof v !== 'number' || !Number.isInteger(v) || float || !isOpen || !isNDArray(other)) continue;
    const d = dtypeOf(other);
    if (d !== 'int64' && d !== 'bool') continue;
    throw new NotReproduced(`${text} next to the ${d} array ${otherText}: NumPy gives ${d === 'bool' ? 'an int64 result' : 'int64'} if ${text} is a Python int and float64 if it is a float, and the evaluator does not know which it is here (write float(${text}) or int(${text}))`);
  }
}

function numpyBinary(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, limits: ArrayLimits, floats: OperandFloats): PyValue | undefined {
  if (op === '@') return matmul(toArray(a, limits, nameA), toArray(b, limits, nameB), nameA, nameB, limits);
  if (BITWISE.has(op) && !involvesArray(a, b)) {
    if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&' ? a && b : op === '|' ? a || b : a !== b;
    if ((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')) {
      return unwrap(bitwise(op, a, b, `${nameA} ${op} ${nameB}`, limits));
    }
    return undefined;
  }
  if (!involvesArray(a, b)) return undefined;
  refuseUnknownScalarKind(a, b, nameA, nameB);
  const x = floatLiteral(toOperand(a, limits, nameA), nameA, b, floats[0]), y = floatLiteral(toOperand(b, limits, nameB), nameB, a, floats[1]);
  const label = `${nameA} ${op} ${nameB}`;
  if (ARITHMETIC.has(op)) return unwrap(arithmetic(op, x, y, label, limits));
  if (BITWISE.has(op)) return unwrap(bitwise(op, x, y, label, limits));
  if (COMPARISONS.has(op)) return unwrap(compare(op, x, y, label, limits));
  return undefined;
}

/**
 * Whether an operand's source text is certainly a Python scalar: numeric literals and their arithmetic (`0.1`,
 * `-1e9`, `1 / 3`), `True`/`False`, `np.pi`…, `float(…)`, `int(…)`, `len(…)`, `math.…`.
 */
export function isPythonScalarText(text: string): boolean {
  return PYTHON_SCALAR.test(text.trim());
}

/**
 * Why a scalar the evaluator holds as a plain number (source `text`) next to a float32 array (`where`: "the
 * float32 array x", "a float32 array in np.where()") gives no value: NumPy 2 computes in float32 when it is a
 * Python number (NEP 50) and in float64 when it is a NumPy scalar, and a plain number does not say which.
 */
export function unknownScalarKind(text: string, where: string): string {
  return `${text} next to ${where}: NumPy computes in float64 if it is a NumPy scalar (np.float64(…), np.sqrt(…), x.mean(), x[i]) and in float32 if it is a Python number, which the evaluator does not tell apart here (write float(${text}) or a literal)`;
}

const NUMBER = String.raw`(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?`;
const PYTHON_SCALAR = new RegExp(String.raw`^(?:[\s(+-]*${NUMBER}(?:[\s)]*(?:\*\*|//|[-+*/%])[\s(+-]*${NUMBER})*[\s)]*|True|False|(?:np|numpy|math)\.(?:pi|e|inf|nan)|(?:float|int|len|math\.\w+)\([^()]*\))$`);

/**
 * A NumPy float32 array with a scalar the evaluator holds as a plain number: NumPy 2 computes in float32 when the
 * scalar is a Python float or int (NEP 50: weak, `x * 0.1` is float32) but in float64 when it is a NumPy scalar
 * (`x / np.sqrt(d)`, `x * ids[0]`, `x * v.mean()` are float64). Both are plain numbers here, so unless the
 * operand's text shows a Python scalar (a literal, `float(…)`) the result is not given.
 * @throws NotReproduced naming the operand
 */
function refuseUnknownScalarKind(a: PyValue, b: PyValue, nameA: string, nameB: string): void {
  for (const [v, text, other] of [[a, nameA, b], [b, nameB, a]] as const) {
    if (typeof v !== 'number' || !isNDArray(other) || dtypeOf(other) !== 'float32' || isPythonScalarText(text)) continue;
    throw new NotReproduced(unknownScalarKind(text, `the float32 array ${text === nameA ? nameB : nameA}`));
  }
}

const FLOAT_LITERAL = /^[-+]?\s*(?:\d[\d_]*\.[\d_]*|\.\d[\d_]*|\d[\d_]*(?:\.[\d_]*)?[eE][-+]?\d+)$/;

/**
 * An integer-valued Python float written as a literal (`x - 1.0`) or known to be one (`float`: a name holding
 * `6 / 2`): a float, whatever its value. Next to an int or
 * bool array it makes the result float64, as a 0-D float64 operand does (next to float32 it stays weak).
 */
function floatLiteral(v: NDArray | number | boolean, text: string, other: PyValue, float: boolean): NDArray | number | boolean {
  if (typeof v !== 'number' || !Number.isInteger(v) || !(float || FLOAT_LITERAL.test(text.trim()))) return v;
  if (isNDArray(other) && dtypeOf(other) === 'float32') return v;
  return ndarray([], Float64Array.of(v));
}

/** `a op b` for a comparison with an array operand: a bool array; undefined when neither is an array. */
export function compareOperator(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, limits: ArrayLimits, torchDefault: DefaultFloat = 'float32'): PyValue | undefined {
  if (!involvesArray(a, b) || !COMPARISONS.has(op)) return undefined;
  const tensor = frameworkBinary(op, a, b, nameA, nameB, limits);
  if (tensor !== undefined) return tensor;
  if (isTensor(a) || isTensor(b)) return torchBinary(op, a, b, nameA, nameB, { limits, dflt: torchDefault }, FLOAT_LITERAL.test(nameA.trim()), FLOAT_LITERAL.test(nameB.trim()));
  refuseUnknownScalarKind(a, b, nameA, nameB);
  return markTensor(unwrap(compare(op, toOperand(a, limits, nameA), toOperand(b, limits, nameB), `${nameA} ${op} ${nameB}`, limits)), isTensor(a) || isTensor(b));
}

/** `-a` / `~a` on an array; `~` on a Python bool/int; undefined otherwise. */
export function unaryOperator(op: string, a: PyValue): PyValue | undefined {
  const tensor = frameworkUnary(op, a);
  if (tensor !== undefined) return tensor;
  if (isNDArray(a)) {
    const keep = (r: NDArray): PyValue => (isTensor(a) ? markTensor(markApproximate(r, isApproximate(a)), true) : unwrap(r)); // a tensor stays 0-d
    if (op === '-') return keep(negative(a));
    if (op === '~') return keep(invert(a));
    if (op === '+') return a;
    return undefined;
  }
  if (op === '~' && typeof a === 'boolean') return -(a ? 1 : 0) - 1; // Python: ~True == -2
  if (op === '~' && typeof a === 'number' && Number.isInteger(a)) return -a - 1;
  return undefined;
}
