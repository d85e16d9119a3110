/**
 * Where NumPy functions and array methods take their `out` array positionally: `np.exp(x, x)`,
 * `np.add(a, b, a)`, `np.cumsum(a, 0, None, a)`, `x.sum(0, None, y)` write into that array as `out=` does, and
 * `np.add.at(a, idx, v)` changes `a` itself. None of these writes is evaluated: the call is refused, and the
 * array it may have changed becomes unknown (evaluator.ts). Sources: NumPy's reference — a ufunc's signature
 * is `ufunc(x1[, x2], /[, out])`, its first `nin` arguments are inputs and the next ones outputs
 * (numpy/_core/code_generators/generate_umath.py); the other functions' signatures are in
 * numpy/_core/fromnumeric.py and numpy/_core/multiarray.py.
 */

/** NumPy ufuncs with one input: a second positional argument is `out`. */
const UNARY_UFUNCS = [
  'abs', 'absolute', 'fabs', 'sign', 'negative', 'positive', 'reciprocal', 'square', 'sqrt', 'cbrt',
  'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan',
  'sinh', 'cosh', 'tanh', 'arcsinh', 'arccosh', 'arctanh', 'floor', 'ceil', 'trunc', 'rint', 'fix',
  'isnan', 'isinf', 'isfinite', 'signbit', 'logical_not', 'invert', 'bitwise_not', 'bitwise_invert',
  'deg2rad', 'rad2deg', 'degrees', 'radians', 'conjugate', 'conj', 'spacing', 'modf', 'frexp',
];

/** NumPy ufuncs with two inputs: a third positional argument is `out`. */
const BINARY_UFUNCS = [
  'add', 'subtract', 'multiply', 'divide', 'true_divide', 'floor_divide', 'power', 'float_power', 'pow',
  'mod', 'remainder', 'fmod', 'divmod', 'maximum', 'minimum', 'fmax', 'fmin', 'matmul', 'vecdot', 'matvec', 'vecmat',
  'equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal', 'logical_and', 'logical_or',
  'logical_xor', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'left_shift', 'right_shift', 'arctan2', 'atan2',
  'hypot', 'copysign', 'nextafter', 'logaddexp', 'logaddexp2', 'heaviside', 'ldexp', 'gcd', 'lcm',
];

/** Other NumPy functions and the index of their positional `out` parameter. */
const FUNCTIONS: Readonly<Record<string, number>> = {
  dot: 2, outer: 2, clip: 3, round: 2, around: 2, round_: 2, concatenate: 2, take: 3, compress: 3, choose: 2,
  sum: 3, prod: 3, mean: 3, std: 3, var: 3, cumsum: 3, cumprod: 3, nansum: 3, nanmean: 3, nanprod: 3,
  nanstd: 3, nanvar: 3, nancumsum: 3, nancumprod: 3, trace: 5,
  max: 2, min: 2, amax: 2, amin: 2, argmax: 2, argmin: 2, nanmax: 2, nanmin: 2, nanargmax: 2, nanargmin: 2,
  ptp: 2, any: 2, all: 2, median: 2, nanmedian: 2, percentile: 3, quantile: 3, nanpercentile: 3, nanquantile: 3,
};

/** NumPy array methods and the index of their positional `out` parameter (`x.sum(axis, dtype, out)`). */
const METHODS: Readonly<Record<string, number>> = {
  sum: 2, prod: 2, mean: 2, std: 2, var: 2, cumsum: 2, cumprod: 2, trace: 4,
  max: 1, min: 1, argmax: 1, argmin: 1, ptp: 1, any: 1, all: 1, round: 1, dot: 1, clip: 2, take: 2, compress: 2, choose: 1,
};

const OUT_INDEX: ReadonlyMap<string, number> = new Map<string, number>([
  ...UNARY_UFUNCS.map((n): [string, number] => [n, 1]),
  ...BINARY_UFUNCS.map((n): [string, number] => [n, 2]),
  ...Object.entries(FUNCTIONS),
]);

/** The ufunc methods that take an `out` positionally (`np.add.reduce(a, axis, dtype, out)`), by index. */
const UFUNC_METHOD_OUT: Readonly<Record<string, number>> = { reduce: 3, accumulate: 3, reduceat: 4 };

/** Where a NumPy call may write: into its positional argument `index` (an `out` slot), or into its first argument (`ufunc.at`). */
export type OutSlot = { readonly kind: 'out'; readonly index: number } | { readonly kind: 'first' };

/**
 * Where a call of the NumPy function `path` (`numpy.exp`, `numpy.add.at`, `numpy.add.reduce`; canonical, as
 * library.ts names it) may write into an argument it is given positionally; `undefined` for every other path
 * (also outside `numpy.`: JAX arrays are immutable, torch takes `out` by keyword only).
 */
export function outSlot(path: string): OutSlot | undefined {
  if (!path.startsWith('numpy.')) return undefined;
  const parts = path.slice(6).split('.');
  if (parts.length === 2 && (UNARY_UFUNCS.includes(parts[0]) || BINARY_UFUNCS.includes(parts[0]))) {
    if (parts[1] === 'at') return { kind: 'first' };
    const k = UFUNC_METHOD_OUT[parts[1]];
    return k === undefined ? undefined : { kind: 'out', index: k };
  }
  const k = parts.length === 1 ? OUT_INDEX.get(parts[0]) : undefined;
  return k === undefined ? undefined : { kind: 'out', index: k };
}

/** The index of the positional `out` parameter of the NumPy array method `name` (`x.sum(axis, dtype, out)`: 2). */
export function methodOutIndex(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
}
