/**
 * NumPy's element-wise functions with their dtypes: `exp log sqrt tanh sin cos` (float64 results), `abs sign`
 * (keep the dtype), `round` (half to even, as `np.round` computes it: `rint(x·10^d) / 10^d`), `clip`,
 * `maximum`/`minimum` (NaN propagates), `power`. float32 inputs raise {@link NotReproduced} where NumPy
 * computes in single precision with its own kernels.
 */
import { InputError } from '../errors';
import { type Operand, elementwise, mapArray, mapN } from './broadcast';
import { type ArrayLimits, type NDArray, dtypeOf } from './array';
import { NotReproduced, arithmetic, resultType, weakOperand } from './ufunc';

/** Floating-point functions of one argument: their result is float64 for bool, int64 and float64 input. */
export const FLOAT_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  exp: Math.exp, log: Math.log, sqrt: Math.sqrt, tanh: Math.tanh, sin: Math.sin, cos: Math.cos, tan: Math.tan,
  log2: Math.log2, log10: Math.log10, log1p: Math.log1p, expm1: Math.expm1, arctan: Math.atan, sinh: Math.sinh, cosh: Math.cosh,
};

/** `f(x)` for one of {@link FLOAT_FUNCTIONS}. */
export function floatFunction(name: string, x: NDArray): NDArray {
  const f = FLOAT_FUNCTIONS[name];
  if (!f) throw new NotReproduced(`np.${name} is not evaluated`);
  if (dtypeOf(x) === 'float32') throw new NotReproduced(`np.${name} of a float32 array is computed in float32 by NumPy, which is not reproduced`);
  return mapArray(x, f, 'float64');
}

/** NumPy `abs`: keeps the dtype. */
export function absolute(x: NDArray): NDArray {
  return mapArray(x, Math.abs);
}

/** NumPy `sign`: −1, 0 or 1 (NaN stays NaN), same dtype. @throws InputError for bool arrays. */
export function sign(x: NDArray): NDArray {
  if (dtypeOf(x) === 'bool') throw new InputError("ufunc 'sign' did not contain a loop with signature matching types (bool)");
  return mapArray(x, (v) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : v < 0 ? -1 : 0));
}

/** Round half to even (C `rint`). */
export function rint(v: number): number {
  if (!Number.isFinite(v)) return v;
  const f = Math.floor(v);
  const d = v - f;
  const r = d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r === 0 && (v < 0 || Object.is(v, -0)) ? -0 : r;
}

/** NumPy `round(x, decimals)`: `rint(x·10^d)/10^d` (`rint(x/10^−d)·10^−d` for d < 0); integers keep their dtype. */
export function round(x: NDArray, decimals: number): NDArray {
  const t = dtypeOf(x);
  if (t === 'float32') throw new NotReproduced('np.round of a float32 array is not reproduced');
  if (t === 'bool') throw new NotReproduced('np.round of a bool array is not evaluated');
  if (!Number.isInteger(decimals)) throw new InputError('round: decimals must be an integer');
  if (decimals >= 0) {
    if (t === 'int64') return x;
    const f = Math.pow(10, decimals);
    return mapArray(x, (v) => rint(v * f) / f);
  }
  const f = Math.pow(10, -decimals);
  return mapArray(x, (v) => rint(v / f) * f);
}

/** NumPy's `maximum`/`minimum`: NaN propagates; the dtype is the operands' result type. */
export function extremum(x: Operand, y: Operand, max: boolean, fn: string, limits: ArrayLimits): NDArray {
  const t = resultType(x, y);
  x = weakOperand(x, t); // a Python float joins float32 as float32 (NEP 50); the comparison itself is exact
  y = weakOperand(y, t);
  const f = max ? (a: number, b: number) => (a >= b || Number.isNaN(a) ? a : b) : (a: number, b: number) => (a <= b || Number.isNaN(a) ? a : b);
  const cast = t === 'float32' ? (v: number) => Math.fround(v) : (v: number) => v;
  return elementwise(x, y, (a, b) => cast(f(a, b)), fn, t, limits);
}

/** NumPy `clip(a, a_min, a_max)` = `minimum(maximum(a, a_min), a_max)` (either bound may be None). */
export function clip(a: NDArray, lo: Operand | null, hi: Operand | null, limits: ArrayLimits): NDArray {
  if (lo === null && hi === null) throw new InputError('clip: One of max or min must be given');
  let r: NDArray = a;
  if (lo !== null) r = extremum(r, lo, true, 'clip', limits);
  if (hi !== null) r = extremum(r, hi, false, 'clip', limits);
  return r;
}

/** NumPy `power(x, y)` (the `**` operator). */
export function power(x: Operand, y: Operand, limits: ArrayLimits): NDArray {
  return arithmetic('**', x, y, 'power', limits);
}

/** NumPy `where(condition, x, y)`: entries of `x` where the condition holds, else of `y`, all broadcast. */
export function where(cond: Operand, x: Operand, y: Operand, limits: ArrayLimits): NDArray {
  const t = resultType(x, y);
  // `np.where(m, x32, 0.3)` is float32: the Python float is float32(0.3) there (NEP 50).
  return mapN([cond, weakOperand(x, t), weakOperand(y, t)], (v) => (v[0] !== 0 ? v[1] : v[2]), t, 'where', limits);
}
