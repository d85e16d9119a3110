/**
 * PyTorch's tensor operations on the evaluator's arrays, with torch's semantics: dtypes kept (float32 by
 * default, int64, bool; float64 when asked), torch's type promotion (torchTypes.ts), Python scalars cast to
 * the tensor's dtype before the operation (`x / math.sqrt(8)` is `x / float32(√8)`, as torch computes it).
 *
 * Exactness: element-wise + − × ÷, sqrt, comparisons, masking, shape operations and integer arithmetic are
 * torch's bit for bit (a float32 result is the float64 result rounded once, which is the correctly rounded
 * float32 operation). Matrix products, softmax, exp/log/tanh/sigmoid and sums of float32 tensors are computed
 * in float64 and rounded once to float32 (torchPrecision.ts: marked, and within 1e-6 relative of torch).
 * Float64 tensors are computed as NumPy computes float64.
 *
 * Every function takes tensors (NDArrays marked by tensorOrigin.ts) and returns marked tensors.
 */
import { InputError } from '../../errors';
import {
  type ArrayLimits, type DType, type NDArray, NotReproduced, arithmetic, astype, bitwise, broadcastShapes, broadcastTo, castValue,
  compare, concatenate, dtypeOf, einsum, isNDArray, mapArray, matmul, ndarray, normaliseAxis, reduce, shapeString, softmax,
  typed, where,
} from '../../ndarray/ndarray';
import type { CallContext } from './callContext';
import { isTensor, markTensor } from './tensorOrigin';
import { isPythonFloat } from './torchLiterals';
import { anyApproximate, markApproximate, viaFloat64 } from './torchPrecision';
import { type DefaultFloat, type TorchOperand, category, defaultFloat, promoteTorch, torchResultType } from './torchTypes';
import type { PyValue } from './values';

/** Marks `v` as a tensor, approximate when any of `from` is (or when `approx`). */
export function tensorResult<T extends PyValue>(v: T, from: readonly PyValue[] = [], approx = false): T {
  return markTensor(markApproximate(v, approx || anyApproximate(from)), true) as T;
}

/** A 0-d result of a core function (a number or boolean) as a 0-d array of `dtype`. */
export function asArray(v: NDArray | number | boolean, dtype: DType): NDArray {
  return isNDArray(v) ? v : typed([], Float64Array.of(Number(v)), dtype);
}

/** `a` in dtype `t` (a copy when it changes; float → int truncates toward zero as torch does). */
export function castTensor(a: NDArray, t: DType, fn: string): NDArray {
  if (dtypeOf(a) === t) return a;
  if (t === 'int64' && a.data.some((x) => !Number.isFinite(x))) {
    throw new NotReproduced(`${fn}: converting NaN or infinity to an integer gives an undefined value in torch`);
  }
  return astype(a, t);
}

/** A Python scalar or tensor operand as a tensor of dtype `t` (a scalar becomes 0-d). */
function operandIn(v: NDArray | number | boolean, t: DType, fn: string): NDArray {
  if (isNDArray(v)) return castTensor(v, t, fn);
  if (t === 'int64' && !Number.isInteger(Number(v))) throw new NotReproduced(`${fn}: a float scalar in an integer operation`);
  return typed([], Float64Array.of(castValue(Number(v), t)), t);
}

/** A value as an operand of a torch operation: a tensor/array or a Python scalar. */
function operandOf(v: PyValue, name: string, floatText: boolean): TorchOperand {
  if (isPythonFloat(v)) return { value: v.data[0], floatText: true };
  if (isNDArray(v) || typeof v === 'number' || typeof v === 'boolean') return { value: v, floatText };
  throw new NotReproduced(`${name}: a ${v === null ? 'None' : typeof v === 'object' ? v.kind : typeof v} next to a tensor is not evaluated`);
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%']);
const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);
const BITWISE = new Set(['&', '|', '^']);

/** What a torch operation needs from the evaluator: the limits and torch's default float dtype. */
export interface TorchEnv {
  readonly limits: ArrayLimits;
  readonly dflt: DefaultFloat;
}

/** The torch environment of a call context. */
export function envOf(ctx: CallContext): TorchEnv {
  return { limits: ctx.limits, dflt: ctx.random.torch.defaultDtype };
}

/**
 * `a op b` where an operand is a tensor: arithmetic, `@`, comparisons and `& | ^`, with torch's promotion.
 * `floatA`/`floatB` say an operand was written as a float literal (`2.0`).
 * @throws InputError where torch raises; NotReproduced where its result is not reproduced.
 */
export function torchBinary(op: string, a: PyValue, b: PyValue, nameA: string, nameB: string, env: TorchEnv, floatA = false, floatB = false): PyValue {
  const label = `${nameA} ${op} ${nameB}`;
  if (ARITHMETIC.has(op) || op === '**') {
    refuseUnknownNumberKind(a, nameA, floatA, b, nameB);
    refuseUnknownNumberKind(b, nameB, floatB, a, nameA);
  }
  const x = operandOf(a, nameA, floatA), y = operandOf(b, nameB, floatB);
  if (op === '@') {
    if (!isNDArray(x.value) || !isNDArray(y.value)) throw new InputError(`${label}: unsupported operand type(s) for @ (a Python scalar and a tensor)`);
    return torchMatmul(x.value, y.value, nameA, nameB, env.limits);
  }
  const t = torchResultType([x, y], env.dflt, label);
  let out: NDArray;
  if (COMPARISONS.has(op)) {
    out = compare(op, operandIn(x.value, t, label), operandIn(y.value, t, label), label, env.limits);
  } else if (BITWISE.has(op)) {
    if (category(t) === 2) throw new InputError(`${label}: "bitwise_${op === '&' ? 'and' : op === '|' ? 'or' : 'xor'}_cpu" not implemented for floating tensors`);
    out = bitwise(op, operandIn(x.value, t, label), operandIn(y.value, t, label), label, env.limits);
  } else if (op === '**') {
    out = torchPow(x.value, y.value, t, label, env.limits);
  } else if (ARITHMETIC.has(op)) {
    if (op === '-' && t === 'bool') throw new InputError(`${label}: subtraction, the \`-\` operator, with two bool tensors is not supported; use the \`^\` or logical_xor() operator instead`);
    const c = op === '/' && category(t) < 2 ? defaultFloat(env.dflt, label) : t; // true division of integers gives the default float dtype
    if ((op === '//' || op === '%') && category(c) === 2) throw new NotReproduced(`${label}: ${op} of floating tensors is not reproduced`);
    if ((op === '//' || op === '%') && c === 'bool') throw new NotReproduced(`${label}: ${op} of bool tensors is not reproduced`);
    out = arithmetic(op, operandIn(x.value, c, label), operandIn(y.value, c, label), label, env.limits);
  } else {
    throw new NotReproduced(`operator ${op} on tensors is not evaluated`);
  }
  return tensorResult(out, [a, b]);
}

/**
 * Source text whose Python kind (int or float) the evaluator does not know when it holds an integral number: a
 * call, an attribute or an item (`self.scale`, `f()`, `l[0]`, `min(2.0, 5.0)`), other than the sizes and int
 * conversions that are ints (`len(x)`, `int(v)`, `x.size(1)`, `x.shape[-1]`, `x.numel()`). Names and their
 * arithmetic are taken for what their syntax says (floatSyntax.ts).
 */
function kindUnknownText(text: string): boolean {
  const t = text.trim();
  if (/^[\w\s()+\-*%]*(?:\/\/[\w\s()+\-*%]*)*$/.test(t) && !/\w\s*\(/.test(t)) return false; // names, ints, + - * // %
  if (/^(?:len|int|round)\([^()]*\)$/.test(t)) return false;
  if (/^[\w.]+\.(?:size|numel|dim|ndimension|nelement)\([^()]*\)$|^[\w.]+\.shape\[[^\]]*\]$|^[\w.]+\.ndim$/.test(t)) return false;
  return true;
}

/**
 * `v op t` with `t` an int64 or bool tensor and `v` an integral number whose Python kind is not known here: torch
 * gives int64 for an int and float32 for a float (`ids * self.scale` with `self.scale = 64 ** 0.5`), so it is refused.
 * @throws NotReproduced naming the operand
 */
function refuseUnknownNumberKind(v: PyValue, text: string, float: boolean, t: PyValue, tText: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || float || !isNDArray(t) || !isTensor(t)) return;
  const d = dtypeOf(t);
  if ((d !== 'int64' && d !== 'bool') || !kindUnknownText(text)) return;
  throw new NotReproduced(`${text} next to the ${d} tensor ${tText}: torch gives ${d === 'bool' ? 'an int64 result' : 'int64'} if it is a Python int and float32 if it is a float, and the evaluator does not know which it is here (write float(…) or int(…))`);
}

/**
 * `x ** y` as torch computes it: for a float tensor and a scalar exponent 2, 3, 0.5, −1 or −2, the products,
 * square root or reciprocal torch uses (exact); other float powers in float64 rounded once (approximate for
 * float32); integer powers exactly (a negative exponent raises, as in torch).
 */
function torchPow(x: NDArray | number | boolean, y: NDArray | number | boolean, t: DType, label: string, limits: ArrayLimits): NDArray {
  if (t === 'bool') throw new NotReproduced(`${label}: ** of bool tensors is not reproduced`);
  if (t === 'int64') return arithmetic('**', operandIn(x, t, label), operandIn(y, t, label), label, limits);
  const f = t === 'float32' ? Math.fround : (v: number): number => v;
  if (isNDArray(x) && !isNDArray(y)) {
    const e = Number(y);
    const base = castTensor(x, t, label);
    const special: Record<number, (v: number) => number> = {
      1: (v) => v, 2: (v) => f(v * v), 3: (v) => f(f(v * v) * v), 0.5: (v) => f(Math.sqrt(v)), [-1]: (v) => f(1 / v), [-2]: (v) => f(1 / f(v * v)), 0: () => 1,
    };
    if (special[e]) return mapArray(base, special[e], t);
  }
  const r = arithmetic('**', operandIn(x, 'float64', label), operandIn(y, 'float64', label), label, limits);
  return markApproximate(t === 'float32' ? astype(r, 'float32') : r, t === 'float32');
}

/**
 * `torch.matmul(a, b)` / `a @ b` (batched, broadcast): both tensors must have the same dtype (torch raises
 * otherwise); bool is not supported. Float32 products are approximate (torchPrecision.ts).
 * Shapes: `(..., n, k) @ (..., k, m) → (..., n, m)`; 1-D operands as NumPy's matmul.
 */
export function torchMatmul(a: NDArray, b: NDArray, nameA: string, nameB: string, limits: ArrayLimits): NDArray {
  const ta = dtypeOf(a), tb = dtypeOf(b);
  if (ta !== tb) throw new InputError(`${nameA} @ ${nameB}: expected both tensors to have the same dtype, but got ${ta} and ${tb} (torch does not promote in matmul)`);
  if (ta === 'bool') throw new InputError(`${nameA} @ ${nameB}: "addmm_impl_cpu_" not implemented for 'Bool'`);
  const r = viaFloat64([a, b], ta, ([x, y]) => asArray(matmul(x, y, nameA, nameB, limits), dtypeOf(x)));
  return tensorResult(r, [a, b]);
}

/** The dimension `dim` of `a` (negative counts from the end), as torch checks it. */
export function dimOf(dim: number, a: NDArray, fn: string): number {
  const nd = Math.max(a.shape.length, 1);
  if (dim < -nd || dim >= nd) throw new InputError(`${fn}: Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${dim})`);
  return a.shape.length === 0 ? 0 : normaliseAxis(dim, a.shape.length, fn);
}

/** The floating dtype a float-only function gives for `a` (integers and bool give the default float dtype). */
function floatDtype(a: NDArray, env: TorchEnv, fn: string): DType {
  return category(dtypeOf(a)) === 2 ? dtypeOf(a) : defaultFloat(env.dflt, fn);
}

/**
 * `softmax(x, dim)` along `dim` (integer tensors raise, as torch). `dtype=` casts the input first.
 * Shape kept; float32 approximate.
 */
export function torchSoftmax(x: NDArray, dim: number, fn: string, dtype?: DType): NDArray {
  const a = dtype ? castTensor(x, dtype, fn) : x;
  if (category(dtypeOf(a)) < 2) throw new InputError(`${fn}: "softmax_lastdim_kernel_impl" not implemented for '${dtypeOf(a) === 'bool' ? 'Bool' : 'Long'}'`);
  const ax = dimOf(dim, a, fn);
  if (a.shape.length === 0) return tensorResult(viaFloat64([a], dtypeOf(a), ([w]) => mapArray(w, (v) => (Number.isNaN(v) ? NaN : 1))), [x]);
  return tensorResult(viaFloat64([a], dtypeOf(a), ([w]) => softmax(ndarray(w.shape, w.data, undefined, 'float64'), ax)), [x]);
}

/** `log_softmax(x, dim)`: `x − max − log Σ exp(x − max)` along `dim`; float32 approximate. */
export function torchLogSoftmax(x: NDArray, dim: number, fn: string, dtype?: DType): NDArray {
  const a = dtype ? castTensor(x, dtype, fn) : x;
  if (category(dtypeOf(a)) < 2) throw new InputError(`${fn}: "log_softmax_lastdim_kernel_impl" not implemented for '${dtypeOf(a) === 'bool' ? 'Bool' : 'Long'}'`);
  const ax = dimOf(dim, a, fn);
  const r = viaFloat64([a], dtypeOf(a), ([w]) => {
    if (w.shape.length === 0) return mapArray(w, (v) => v - v);
    const m = reduce(w, ax, true, 'max', fn) as NDArray;
    const shifted = arithmetic('-', w, m, fn, { maxElements: Infinity });
    const s = reduce(mapArray(shifted, Math.exp), ax, true, 'sum', fn) as NDArray;
    return arithmetic('-', shifted, mapArray(s, Math.log), fn, { maxElements: Infinity });
  });
  return tensorResult(r, [x]);
}

/** Element-wise functions of one tensor, as torch names them; `exact` when float32 rounding once is torch's result. */
const UNARY: Readonly<Record<string, { f: (v: number) => number; exact: boolean; keepsInt?: boolean }>> = {
  exp: { f: Math.exp, exact: false }, log: { f: Math.log, exact: false }, tanh: { f: Math.tanh, exact: false },
  sigmoid: { f: (v) => 1 / (1 + Math.exp(-v)), exact: false }, sin: { f: Math.sin, exact: false }, cos: { f: Math.cos, exact: false },
  sqrt: { f: Math.sqrt, exact: true }, rsqrt: { f: (v) => 1 / Math.sqrt(v), exact: false },
  relu: { f: (v) => (v > 0 || Number.isNaN(v) ? v : 0), exact: true, keepsInt: true },
  abs: { f: Math.abs, exact: true, keepsInt: true }, neg: { f: (v) => -v, exact: true, keepsInt: true },
};

/** The names of {@link torchUnary}'s functions. */
export const UNARY_NAMES: ReadonlySet<string> = new Set(Object.keys(UNARY));

/** `torch.exp(x)`, `x.relu()`, `F.sigmoid`…: integer inputs of float functions give the default float dtype. */
export function torchUnary(name: string, x: NDArray, env: TorchEnv, fn: string): NDArray {
  const u = UNARY[name];
  if (!u) throw new NotReproduced(`${fn} is not evaluated`);
  if (u.keepsInt && category(dtypeOf(x)) < 2) {
    if (dtypeOf(x) === 'bool' && name !== 'relu') throw new InputError(`${fn}: not implemented for 'Bool'`);
    return tensorResult(mapArray(x, u.f), [x]);
  }
  const t = floatDtype(x, env, fn);
  const r = t === 'float32'
    ? markApproximate(mapArray(x, (v) => Math.fround(u.f(v)), 'float32'), !u.exact)
    : mapArray(x, u.f, t);
  return tensorResult(r, [x]);
}

/** Options of a torch reduction: `dim` (an int, a tuple, or all), `keepdim`. */
export interface ReduceOptions {
  readonly dim?: number | readonly number[];
  readonly keepdim?: boolean;
}

/**
 * `sum`/`mean`/`amax`/`amin`/`prod` over `dim` (all dims when absent), giving a tensor (0-d for a full
 * reduction). Integer and bool sums are int64 (exact); `mean` of an integer tensor raises as in torch; float32
 * sums and means are approximate.
 */
export function torchReduce(kind: 'sum' | 'mean' | 'amax' | 'amin' | 'prod', x: NDArray, opts: ReduceOptions, fn: string): NDArray {
  const t = dtypeOf(x);
  if (kind === 'mean' && category(t) < 2) throw new InputError(`${fn}: mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${t === 'bool' ? 'Bool' : 'Long'}`);
  const axes = opts.dim === undefined ? undefined : typeof opts.dim === 'number' ? dimOf(opts.dim, x, fn) : opts.dim.map((d) => dimOf(d, x, fn));
  const k = kind === 'amax' ? 'max' : kind === 'amin' ? 'min' : kind;
  const out: DType = (kind === 'sum' || kind === 'prod') && category(t) < 2 ? 'int64' : t;
  if (kind === 'amax' || kind === 'amin') {
    return tensorResult(asArray(reduce(x, axes, opts.keepdim === true, k, fn), t), [x]);
  }
  const r = viaFloat64([x], out, ([w]) => asArray(reduce(w, axes, opts.keepdim === true, k, fn), dtypeOf(w)));
  return tensorResult(castTensor(r, out, fn), [x]);
}

/**
 * `max(dim)`/`min(dim)` (values and indices, as torch's namedtuple: a tuple here) and `argmax`/`argmin`
 * (`dim` absent: the index in the flattened tensor). Exact.
 */
export function torchArgReduce(kind: 'max' | 'min' | 'argmax' | 'argmin', x: NDArray, dim: number | undefined, keepdim: boolean, fn: string): PyValue {
  const arg = kind === 'argmax' || kind === 'max' ? 'argmax' : 'argmin';
  if (dim === undefined) {
    if (kind === 'max' || kind === 'min') return tensorResult(asArray(reduce(x, undefined, false, kind, fn), dtypeOf(x)), [x]);
    const flat = ndarray([x.data.length], x.data, undefined, x.dtype);
    const i = asArray(reduce(flat, 0, false, arg, fn), 'int64');
    return tensorResult(keepdim ? ndarray(x.shape.map(() => 1), i.data, undefined, 'int64') : i, [x]);
  }
  const d = dimOf(dim, x, fn);
  const indices = tensorResult(asArray(reduce(x, d, keepdim, arg, fn), 'int64'), [x]);
  if (kind === 'argmax' || kind === 'argmin') return indices;
  const values = tensorResult(asArray(reduce(x, d, keepdim, kind, fn), dtypeOf(x)), [x]);
  return { kind: 'list', items: [values, indices], tuple: true };
}

/**
 * `x.masked_fill(mask, value)`: `value` where `mask` (a bool tensor, broadcast) is True, else `x`; the value is
 * cast to `x`'s dtype (`-1e9` becomes float32's −1e9). Shape: the broadcast of `x` and `mask`.
 * @throws InputError for a mask that is not bool or a tensor value with dimensions, as torch.
 */
export function torchMaskedFill(x: NDArray, mask: NDArray, value: PyValue, limits: ArrayLimits, fn: string): NDArray {
  if (dtypeOf(mask) !== 'bool') throw new InputError(`${fn}: masked_fill_ only supports boolean masks, but got mask with dtype ${dtypeOf(mask)} (write mask == 0 or mask.bool())`);
  if (isNDArray(value) && value.shape.length > 0) throw new InputError(`${fn}: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.shape.length} dimension(s)`);
  if (!isNDArray(value) && typeof value !== 'number' && typeof value !== 'boolean') throw new InputError(`${fn}: the value must be a number`);
  const t = dtypeOf(x);
  const v = Number(isNDArray(value) ? value.data[0] : value);
  if (t === 'int64' && !Number.isFinite(v)) throw new NotReproduced(`${fn}: filling an integer tensor with ${v} is not reproduced`);
  const filled = where(mask, castValue(v, t), x, limits);
  return tensorResult(typed(filled.shape, filled.data, t), [x, mask, value]);
}

/** `torch.where(cond, x, y)`: entries of `x` where `cond` (bool) holds, else of `y`, broadcast and promoted as torch. */
export function torchWhere(cond: NDArray, x: PyValue, y: PyValue, env: TorchEnv, fn: string): NDArray {
  if (dtypeOf(cond) !== 'bool') throw new InputError(`${fn}: where expected condition to be a boolean tensor, but got a tensor with dtype ${dtypeOf(cond)}`);
  const ox = operandOf(x, fn, false), oy = operandOf(y, fn, false);
  const t = torchResultType([ox, oy], env.dflt, fn);
  const r = where(cond, operandIn(ox.value, t, fn), operandIn(oy.value, t, fn), env.limits);
  return tensorResult(typed(r.shape, r.data, t), [cond, x, y]);
}

/** `torch.cat(tensors, dim)` / `torch.stack(tensors, dim)`: the tensors promoted to a common dtype as torch does. */
export function torchJoin(kind: 'cat' | 'stack', items: readonly NDArray[], dim: number, limits: ArrayLimits, fn: string): NDArray {
  if (items.length === 0) throw new InputError(`${fn}: expected a non-empty list of Tensors`);
  const t = items.map(dtypeOf).reduce(promoteTorch);
  const cast = items.map((a) => castTensor(a, t, fn));
  let r: NDArray;
  if (kind === 'cat') {
    const nd = cast[0].shape.length;
    if (nd === 0) throw new InputError(`${fn}: zero-dimensional tensor (at position 0) cannot be concatenated`);
    r = concatenate(cast, dimOf(dim, cast[0], fn), limits, fn);
  } else {
    const s0 = cast[0].shape;
    for (const a of cast) if (a.shape.length !== s0.length || a.shape.some((d, i) => d !== s0[i])) throw new InputError(`${fn}: stack expects each tensor to be equal size, but got ${shapeString(s0)} and ${shapeString(a.shape)}`);
    const nd = s0.length + 1;
    if (dim < -nd || dim >= nd) throw new InputError(`${fn}: Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${dim})`);
    const ax = dim < 0 ? dim + nd : dim;
    r = concatenate(cast.map((a) => ndarray([...a.shape.slice(0, ax), 1, ...a.shape.slice(ax)], a.data, undefined, a.dtype)), ax, limits, fn);
  }
  return tensorResult(typed(r.shape, r.data, t), items);
}

/**
 * `torch.split(x, size_or_sections, dim)` (an int: pieces of that size, the last smaller; a list: those sizes)
 * and `torch.chunk(x, chunks, dim)` (pieces of ⌈n / chunks⌉). A tuple of tensors.
 */
export function torchSplit(kind: 'split' | 'chunk', x: NDArray, spec: number | readonly number[], dim: number, fn: string): PyValue {
  const d = dimOf(dim, x, fn);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec <= 0) throw new InputError(`${fn}: ${kind === 'chunk' ? 'chunk expects `chunks` to be greater than 0' : 'split expects split_size be non-negative'}, got: ${spec}`);
    const each = kind === 'chunk' ? Math.ceil(n / spec) : spec;
    sizes = [];
    for (let at = 0; at < n || (at === 0 && sizes.length === 0); at += each) sizes.push(Math.min(each, n - at));
    if (each === 0) sizes = [0];
  } else {
    sizes = [...spec];
    if (sizes.reduce((s, v) => s + v, 0) !== n) throw new InputError(`${fn}: split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes.join(', ')}]`);
  }
  const outer = x.shape.slice(0, d).reduce((p, v) => p * v, 1), inner = x.shape.slice(d + 1).reduce((p, v) => p * v, 1);
  const pieces: PyValue[] = [];
  let start = 0;
  for (const s of sizes) {
    const out = new Float64Array(outer * s * inner);
    for (let o = 0; o < outer; o++) out.set(x.data.subarray((o * n + start) * inner, (o * n + start + s) * inner), o * s * inner);
    const shape = [...x.shape];
    shape[d] = s;
    pieces.push(tensorResult(ndarray(shape, out, undefined, x.dtype), [x]));
    start += s;
  }
  return { kind: 'list', items: pieces, tuple: true };
}

/** `torch.einsum(equation, *operands)`: operands promoted to a common dtype; float32 approximate. */
export function torchEinsum(equation: string, operands: readonly NDArray[], limits: ArrayLimits, fn: string): NDArray {
  if (operands.length === 0) throw new InputError(`${fn}: einsum(): must provide at least one operand`);
  const t = operands.map(dtypeOf).reduce(promoteTorch);
  const cast = operands.map((a) => castTensor(a, t, fn));
  const r = viaFloat64(cast, t, (ws) => asArray(einsum(equation.replace(/\s+/g, ''), ws, limits), dtypeOf(ws[0])));
  return tensorResult(castTensor(r, t, fn), operands);
}

/**
 * `x.expand(*sizes)`: broadcast to `sizes` (−1 keeps a dimension; new leading dimensions allowed).
 * @throws InputError where torch raises (a size that is not 1 expanded to another).
 */
export function torchExpand(x: NDArray, sizes: readonly number[], limits: ArrayLimits, fn: string): NDArray {
  if (sizes.length < x.shape.length) throw new InputError(`${fn}: the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.shape.length})`);
  const lead = sizes.length - x.shape.length;
  const target = sizes.map((s, i) => {
    if (s !== -1) return s;
    if (i < lead) throw new InputError(`${fn}: the expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
    return x.shape[i - lead];
  });
  broadcastShapes([x.shape, target], fn);
  return tensorResult(broadcastTo(x, target, limits, fn), [x]);
}

/**
 * The value an in-place operation leaves in `old` (`x += y`, `x.masked_fill_(…)`): `value` cast back to `old`'s
 * dtype (torch computes in the promoted dtype, then casts: `x32 += x64` is float32), with `old`'s shape.
 * @throws InputError where torch raises: a result of a higher category (`int_tensor += 0.5`) or of another shape.
 */
export function inPlaceResult(old: NDArray, value: PyValue, fn: string): NDArray {
  if (!isNDArray(value) || value.shape.length !== old.shape.length || value.shape.some((d, i) => d !== old.shape[i])) {
    throw new InputError(`${fn}: output with shape ${shapeString(old.shape)} doesn't match the broadcast shape ${isNDArray(value) ? shapeString(value.shape) : '()'}`);
  }
  if (category(dtypeOf(value)) > category(dtypeOf(old))) {
    throw new InputError(`${fn}: result type ${dtypeOf(value)} can't be cast to the desired output type ${dtypeOf(old)}`);
  }
  return tensorResult(castTensor(value, dtypeOf(old), fn), [value]);
}
