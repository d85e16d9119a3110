/**
 * PyTorch's tensor constructors: `torch.tensor`, `as_tensor`, `from_numpy`, `Tensor`/`FloatTensor`/
 * `DoubleTensor`/`LongTensor`/`BoolTensor`, `zeros`, `ones`, `full`, `eye`, `arange`, `zeros_like`,
 * `ones_like`, `full_like`, `tril`, `triu`. Dtypes as torch infers them: Python floats give the default dtype
 * (float32), ints int64, bools bool; a NumPy array keeps its dtype (`from_numpy` of a float64 array is float64).
 *
 * Refused, with the reason: `torch.empty`/`empty_like` (uninitialised memory: its values are whatever was in
 * memory), `torch.Tensor(2, 3)` with sizes (the same), and tensors on a GPU device (`device='cuda'`: torch's GPU
 * kernels accumulate in another order, and this file evaluates the CPU's semantics only).
 */
import { InputError } from '../../errors';
import { type DType, type NDArray, NotReproduced, arange, castValue, dtypeOf, eye, full, isNDArray, ndarray, triangle, typed } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { Impl } from './callContext';
import { toArray, toInt, toNumber, toShape } from './convert';
import { isTensor } from './tensorOrigin';
import { isPythonFloat } from './torchLiterals';
import { castTensor, envOf, tensorResult } from './torchOps';
import { type DefaultFloat, defaultFloat, torchDtype } from './torchTypes';
import { type Kwargs, type PyValue, isList, isRef } from './values';

/**
 * Refuses a GPU `device=` (a string `'cuda'`, `'cuda:0'`, `torch.device('cuda')`); CPU devices pass.
 * @throws NotReproduced for any device other than the CPU.
 */
export function checkTensorDevice(v: PyValue | undefined, fn: string): void {
  if (v === undefined || v === null) return;
  const text = typeof v === 'string' ? v : isRef(v) ? v.path : '';
  if (/^(?:torch\.device#)?cpu(?::\d+)?$/.test(text)) return;
  throw new NotReproduced(`${fn}(device=${text ? `'${text.replace(/^torch\.device#/, '')}'` : '…'}): tensors on a GPU are not evaluated (their kernels accumulate in another order than the CPU's); only CPU tensors are`);
}

/**
 * A tensor from Python data or an array, as `torch.tensor(data, dtype=…)` makes it: Python floats give the
 * default float dtype (rounded to float32), ints int64, bools bool; an array keeps its dtype.
 */
export function tensorFromData(v: PyValue, dtype: DType | undefined, dflt: DefaultFloat, limits: { maxElements: number }, fn: string): NDArray {
  let a: NDArray;
  if (isPythonFloat(v)) a = castTensor(v, defaultFloat(dflt, fn), fn); // `torch.tensor(2.0)`
  else if (isNDArray(v)) a = v;
  else {
    const raw = toArray(v, limits, fn);
    // torch reads Python floats as the default dtype (NumPy would make float64).
    const fromArrays = isList(v) && v.items.some((x) => isNDArray(x) && dtypeOf(x) === 'float64' && !isTensor(x));
    a = dtypeOf(raw) === 'float64' && !fromArrays ? castTensor(raw, defaultFloat(dflt, fn), fn) : raw;
  }
  const out = dtype ? castTensor(a, dtype, fn) : a;
  return tensorResult(out === v ? ndarray(out.shape, out.data.slice(), out.rowLabels, out.dtype) : out, [v]);
}

/** A size given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])`, `f(torch.Size)` or `f(size=(2, 3))`. */
function sizeArgs(args: readonly PyValue[], kwargs: Kwargs, fn: string): number[] {
  const size = kwargs.get('size');
  if (args.length === 0 && size != null) return toShape(size, `${fn} size`);
  if (args.length === 1 && isList(args[0])) return toShape(args[0], `${fn} size`);
  return args.map((a, i) => toInt(a, `${fn} dimension ${i}`));
}

/** The dtype a fill value gives without `dtype=`: bool, int64, or the default float. */
function scalarDtype(v: PyValue, dflt: DefaultFloat, fn: string): DType {
  if (typeof v === 'boolean') return 'bool';
  if (isPythonFloat(v)) return defaultFloat(dflt, fn);
  if (isNDArray(v)) return dtypeOf(v);
  return typeof v === 'number' && Number.isInteger(v) ? 'int64' : defaultFloat(dflt, fn);
}

const filled = (value: number): Impl => (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  const t = torchDtype(kwargs.get('dtype'), fn) ?? defaultFloat(ctx.random.torch.defaultDtype, fn);
  return tensorResult(full(sizeArgs(args, kwargs, fn), value, ctx.limits, t));
};

const filledLike = (value: number | undefined): Impl => (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  const b = bindArgs(fn, value === undefined ? ['input', 'fill_value'] : ['input'], args, kwargs);
  const input = b.get('input') as PyValue;
  if (!isNDArray(input)) throw new InputError(`${fn}(): argument 'input' must be Tensor`);
  const v = value ?? toNumber(b.get('fill_value') as PyValue, `${fn} fill_value`);
  const t = torchDtype(kwargs.get('dtype'), fn) ?? dtypeOf(input);
  return tensorResult(full(input.shape, v, ctx.limits, t));
};

const uninitialised: Impl = (_args, _kwargs, _ctx, fn) => {
  throw new NotReproduced(`${fn}() returns uninitialised memory: its values are whatever was there, not reproducible; use torch.zeros`);
};

const triangular = (lower: boolean): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['input', 'diagonal?'], args, kwargs);
  const input = b.get('input') as PyValue;
  if (!isNDArray(input)) throw new InputError(`${fn}(): argument 'input' must be Tensor`);
  if (input.shape.length < 2) throw new InputError(`${fn}: input tensor must have at least 2 dimensions (got shape ${input.shape.length === 0 ? '()' : `(${input.shape[0]},)`})`);
  const k = b.get('diagonal') == null ? 0 : toInt(b.get('diagonal') as PyValue, `${fn} diagonal`);
  return tensorResult(triangle(input, k, lower, ctx.limits), [input]);
};

/** The legacy typed constructors: `torch.FloatTensor([[1, 2]])` is float32 whatever the data. */
const legacy = (t: DType | 'default'): Impl => (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  if (args.length === 0 || !(isList(args[0]) || isNDArray(args[0]))) {
    throw new NotReproduced(`${fn}(sizes) returns uninitialised memory: its values are not reproducible; use torch.zeros`);
  }
  const dtype = t === 'default' ? defaultFloat(ctx.random.torch.defaultDtype, fn) : t;
  return tensorFromData(args[0], dtype, ctx.random.torch.defaultDtype, ctx.limits, fn);
};

/** `torch.arange(end)`, `arange(start, end, step=1)`: int64 when every argument is an int, else the default float. */
const torchArange: Impl = (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  const pos = [...args];
  for (const k of ['start', 'end', 'step']) if (kwargs.has(k)) pos.push(kwargs.get(k) as PyValue);
  if (pos.length === 0) throw new InputError(`${fn}() missing required argument 'end'`);
  const nums = pos.map((v, i) => toNumber(v, `${fn} argument ${i}`));
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  const allInt = pos.every((v) => typeof v === 'number' && Number.isInteger(v));
  const t = torchDtype(kwargs.get('dtype'), fn) ?? (allInt ? 'int64' : defaultFloat(ctx.random.torch.defaultDtype, fn));
  if (step === 0) throw new InputError(`${fn}: step must be nonzero`);
  if ((end - start) / step < 0) throw new InputError(`${fn}: upper bound and larger bound inconsistent with step sign`);
  // torch computes start + i·step in double, then casts to the dtype.
  const a = arange(start, end, step, ctx.limits, 'int64');
  const data = a.data.map((_, i) => castValue(start + i * step, t));
  return tensorResult(typed(a.shape, data, t));
};

const torchFull: Impl = (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  const b = bindArgs(fn, ['size', 'fill_value'], args, kwargs);
  const v = b.get('fill_value') as PyValue;
  const t = torchDtype(kwargs.get('dtype'), fn) ?? scalarDtype(v, ctx.random.torch.defaultDtype, fn);
  return tensorResult(full(toShape(b.get('size') as PyValue, `${fn} size`), toNumber(v, `${fn} fill_value`), ctx.limits, t));
};

const torchEye: Impl = (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  const b = bindArgs(fn, ['n', 'm?'], args, kwargs);
  const n = toInt(b.get('n') as PyValue, `${fn} n`);
  const m = b.get('m') == null ? n : toInt(b.get('m') as PyValue, `${fn} m`);
  const t = torchDtype(kwargs.get('dtype'), fn) ?? defaultFloat(ctx.random.torch.defaultDtype, fn);
  return tensorResult(eye(n, m, ctx.limits, 0, t));
};

const fromData: Impl = (args, kwargs, ctx, fn) => {
  checkTensorDevice(kwargs.get('device'), fn);
  const b = bindArgs(fn, ['data'], args, kwargs);
  return tensorFromData(b.get('data') as PyValue, torchDtype(kwargs.get('dtype'), fn), envOf(ctx).dflt, ctx.limits, fn);
};

const fromNumpy: Impl = (args, kwargs, _ctx, fn) => {
  const a = bindArgs(fn, ['ndarray'], args, kwargs).get('ndarray') as PyValue;
  if (!isNDArray(a) || isTensor(a)) throw new InputError(`${fn}(): expected np.ndarray (got ${isNDArray(a) ? 'Tensor' : typeof a})`);
  return tensorResult(ndarray(a.shape, a.data, a.rowLabels, a.dtype), [a]);
};

/** The constructors, by their name under `torch.`. */
export const TORCH_CONSTRUCTORS: Readonly<Record<string, Impl>> = {
  tensor: fromData, as_tensor: fromData, asarray: fromData, from_numpy: fromNumpy,
  Tensor: legacy('default'), FloatTensor: legacy('float32'), DoubleTensor: legacy('float64'), LongTensor: legacy('int64'), BoolTensor: legacy('bool'),
  zeros: filled(0), ones: filled(1), full: torchFull, eye: torchEye, arange: torchArange,
  zeros_like: filledLike(0), ones_like: filledLike(1), full_like: filledLike(undefined),
  empty: uninitialised, empty_like: uninitialised, empty_strided: uninitialised,
  tril: triangular(true), triu: triangular(false),
};
