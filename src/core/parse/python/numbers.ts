/**
 * Python's arithmetic on scalars, as CPython computes it: floor division and modulo with the sign of the
 * divisor (`float_floor_div`/`float_rem` in Objects/floatobject.c), `**` with Python's errors, `round` with
 * round-half-even and correctly rounded decimal digits (`round(2.5) == 2`, `round(0.125, 2) == 0.12`,
 * `round(2.675, 2) == 2.67`). Python integers are exact at any size; numbers here are doubles, so an integer
 * result beyond 2**53 is refused rather than shown rounded.
 */
import { InputError } from '../../errors';
import { NotEvaluable } from './library';

const MAX_EXACT = 2 ** 53;

function isInt(x: number): boolean {
  return Number.isInteger(x);
}

/**
 * An integer result, refused when a double may not hold it exactly: beyond 2**53 − 1 a double cannot tell
 * `2**53` from `2**53 + 1`, so a result there may already be rounded.
 */
function exactInt(r: number, what: string): number {
  if (!Number.isSafeInteger(r)) throw new NotEvaluable(`${what}: the integer result is beyond 2**53, which Attention Explorer does not represent exactly`);
  return r;
}

/**
 * `a op b` on Python numbers (bools count as 0/1). `/` is true division, `//` and `%` follow the divisor's
 * sign. `float`: an operand is a Python float though its value is integral (`2.0 ** 60` is float arithmetic,
 * not an int beyond 2**53). @throws InputError for Python's ZeroDivisionError, OverflowError of a float `**`
 * and complex results of `**`.
 */
export function arithmetic(op: string, a: number, b: number, float = false): number {
  const ints = !float && isInt(a) && isInt(b);
  switch (op) {
    case '+': return ints ? exactInt(a + b, '+') : a + b;
    case '-': return ints ? exactInt(a - b, '-') : a - b;
    case '*': return ints ? exactInt(a * b, '*') : a * b;
    case '/':
      if (b === 0) throw new InputError('ZeroDivisionError: division by zero');
      if (ints && (Math.abs(a) > MAX_EXACT || Math.abs(b) > MAX_EXACT)) throw new NotEvaluable('/: an integer operand beyond 2**53');
      return a / b;
    case '//': return floorDiv(a, b, ints);
    case '%': return mod(a, b, ints);
    case '**': return power(a, b, ints);
    default: throw new NotEvaluable(`operator ${op} on numbers is not evaluated`);
  }
}

function floorDiv(a: number, b: number, ints: boolean): number {
  if (b === 0) throw new InputError('ZeroDivisionError: integer division or modulo by zero');
  if (ints) {
    if (Math.abs(a) > MAX_EXACT || Math.abs(b) > MAX_EXACT) throw new NotEvaluable('//: an integer operand beyond 2**53');
    let q = Math.trunc(a / b);
    if (q * b !== a && (a < 0) !== (b < 0)) q -= 1;
    return q === 0 ? 0 : q;
  }
  // CPython's float_floor_div.
  let m = a % b;
  let div = (a - m) / b;
  if (m) {
    if ((b < 0) !== (m < 0)) {
      m += b;
      div -= 1;
    }
  }
  if (div) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
    return floordiv;
  }
  return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
}

function mod(a: number, b: number, ints: boolean): number {
  if (b === 0) throw new InputError('ZeroDivisionError: integer division or modulo by zero');
  if (ints) {
    const r = a % b;
    return r !== 0 && (r < 0) !== (b < 0) ? r + b : r === 0 ? 0 : r;
  }
  // CPython's float_rem.
  let m = a % b;
  if (m) {
    if ((b < 0) !== (m < 0)) m += b;
  } else {
    m = b < 0 ? -0 : 0;
  }
  return m;
}

function power(a: number, b: number, ints: boolean): number {
  if (ints && b >= 0) {
    // Exactly, as Python's int power (Math.pow need not be exact for large integer results).
    if (!Number.isSafeInteger(a) || b > 1100) return exactInt(Math.pow(a, b), '**');
    const p = BigInt(a) ** BigInt(b);
    return exactInt(p <= BigInt(MAX_EXACT) && p >= -BigInt(MAX_EXACT) ? Number(p) : Infinity, '**');
  }
  if (a === 0 && b < 0) throw new InputError('ZeroDivisionError: 0.0 cannot be raised to a negative power');
  if (a < 0 && !isInt(b) && Number.isFinite(b)) throw new NotEvaluable('** of a negative number to a fractional power gives a complex number, which is not evaluated');
  const r = Math.pow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw new InputError('OverflowError: (34, \'Numerical result out of range\')');
  return r;
}

/** Python's `round(x)`: the nearest integer, ties to even. @throws InputError for inf and NaN. */
export function roundHalfEven(x: number): number {
  if (Number.isNaN(x)) throw new InputError('ValueError: cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new InputError('OverflowError: cannot convert float infinity to integer');
  const f = Math.floor(x);
  const d = x - f;
  const r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r === 0 ? 0 : r;
}

/**
 * Python's `round(x, ndigits)` for a float: the double nearest to the exact decimal value of `x` rounded to
 * `ndigits` digits, ties to even (CPython rounds the exact binary value through its correctly rounded dtoa).
 * For an integer `x`, `round(x, n)` is an integer (ties to even for negative `n`).
 */
export function roundDigits(x: number, ndigits: number, xIsInt: boolean): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (xIsInt && ndigits >= 0) return x;
  if (ndigits > 330) return x;
  if (ndigits < -330) return x >= 0 ? 0 : -0;
  // x = m · 2^e exactly, with m an integer.
  const { mantissa, exponent } = decompose(Math.abs(x));
  // value · 10^n = N / D with integers N, D.
  let N = mantissa, D = 1n;
  if (exponent >= 0) N <<= BigInt(exponent);
  else D <<= BigInt(-exponent);
  if (ndigits >= 0) N *= 10n ** BigInt(ndigits);
  else D *= 10n ** BigInt(-ndigits);
  let q = N / D;
  const r2 = (N % D) * 2n;
  if (r2 > D || (r2 === D && q % 2n === 1n)) q += 1n;
  const sign = x < 0 ? '-' : '';
  const out = Number(`${sign}${q}e${-ndigits}`);
  if (xIsInt) return exactInt(out, 'round()');
  return out === 0 ? (x < 0 ? -0 : 0) : out;
}

/** The exact binary form of a positive finite double: `x = mantissa · 2^exponent`. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return { mantissa, exponent };
}

/** `int(x)` of a float: truncation toward zero. @throws InputError for inf and NaN. */
export function truncate(x: number): number {
  if (Number.isNaN(x)) throw new InputError('ValueError: cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new InputError('OverflowError: cannot convert float infinity to integer');
  const t = Math.trunc(x);
  return exactInt(t === 0 ? 0 : t, 'int()');
}

/**
 * `sum(items, start)` of Python numbers as CPython 3.12 and later compute it (`builtin_sum_impl` in
 * Python/bltinmodule.c, gh-100425): ints are added exactly until the first float; from then on floats are added
 * with Neumaier's compensated summation (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen", ZAMM 54) and ints plainly, and the compensation is added at the end unless it is 0 or not
 * finite. Python 3.11 and earlier add every float in order. `isFloat(x)` says whether an integral number is a
 * Python float (a non-integral one always is). Items are doubles; ints are within 2**53 (see arithmetic).
 */
export function compensatedSum(start: number, items: readonly number[], isFloat: (x: number) => boolean): number {
  const float = (x: number): boolean => !isInt(x) || isFloat(x);
  let i = 0;
  let total = start;
  if (!float(start)) {
    while (i < items.length && !float(items[i])) total += items[i++];
    if (i === items.length) return total;
    total += items[i++]; // int + float: the float loop starts from this float, with no compensation yet
  }
  let c = 0;
  for (; i < items.length; i++) {
    const x = items[i];
    if (!float(x)) {
      total += x;
      continue;
    }
    const t = total + x;
    c += Math.abs(total) >= Math.abs(x) ? (total - t) + x : (x - t) + total;
    total = t;
  }
  return c !== 0 && Number.isFinite(c) ? total + c : total;
}
