/**
 * The `torch.*` and `torch.nn.functional.*` functions on tensors (constructors are in torchTensor.ts, random
 * draws in torchCalls.ts), with torch's semantics (torchOps.ts). {@link callTorchFunction} is the entry point
 * from library.ts; it returns undefined for a path it does not know, so the caller can refuse it.
 */
import { InputError } from '../../errors';
import { type NDArray, NotReproduced, isNDArray, reshape, squeeze, swapaxes, transpose } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext, Impl } from './callContext';
import { toInt, toNumber, toShape } from './convert';
import { TORCH_CONSTRUCTORS, checkTensorDevice } from './torchTensor';
import { implicitSoftmaxDim, scaledDotProductAttention, torchLayerNorm, torchLinear } from './torchFunctional';
import {
  UNARY_NAMES, castTensor, dimOf, envOf, tensorResult, torchArgReduce, torchEinsum, torchJoin, torchLogSoftmax, torchMaskedFill, torchMatmul,
  torchReduce, torchSoftmax, torchSplit, torchUnary, torchWhere,
} from './torchOps';
import { torchDtype } from './torchTypes';
import { type Kwargs, type PyValue, isList } from './values';

/** A tensor argument, or an error naming it. */
export function tensorArg(v: PyValue | undefined, fn: string, name: string): NDArray {
  if (v !== undefined && isNDArray(v)) return v;
  throw new InputError(`${fn}(): argument '${name}' must be Tensor, not ${v === undefined ? 'missing' : v === null ? 'None' : typeof v === 'object' ? v.kind : typeof v}`);
}

/** An optional `dim=` argument: an int, a tuple of ints, or absent/None. */
export function dimsArg(v: PyValue | undefined, fn: string): number | number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (isList(v)) return v.items.map((x, i) => toInt(x, `${fn} dim[${i}]`));
  return toInt(v, `${fn} dim`);
}

/** The tensors of a sequence argument (`torch.cat([a, b])`). */
function tensorsArg(v: PyValue | undefined, fn: string): NDArray[] {
  if (v === undefined || !isList(v)) throw new InputError(`${fn}(): argument 'tensors' must be a tuple or list of Tensors`);
  return v.items.map((x, i) => tensorArg(x, fn, `tensors[${i}]`));
}

const softmaxLike = (log: boolean, functional: boolean): Impl => (args, kwargs, _ctx, fn) => {
  // F.softmax(input, dim, _stacklevel, dtype); torch.softmax(input, dim, dtype) and x.softmax(dim, dtype) take dtype third
  const b = bindArgs(fn, functional ? ['input', 'dim?', '_stacklevel?', 'dtype?'] : ['input', 'dim?', 'dtype?'], args, kwargs);
  const x = tensorArg(b.get('input'), fn, 'input');
  const d = b.get('dim');
  if (d == null && !functional) throw new InputError(`${fn}() missing required argument 'dim'`);
  const dim = d == null ? implicitSoftmaxDim(x.shape.length) : toInt(d, `${fn} dim`);
  const dtype = torchDtype(b.get('dtype'), fn);
  return log ? torchLogSoftmax(x, dim, fn, dtype) : torchSoftmax(x, dim, fn, dtype);
};

const unary = (name: string): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, name === 'relu' ? ['input', 'inplace?'] : ['input'], args, kwargs);
  const inplace = b.get('inplace');
  // `F.relu(x, inplace=True)` changes x itself (the evaluator then makes x unknown too).
  if (inplace !== undefined && inplace !== false && inplace !== 0 && inplace !== null) throw new NotReproduced(`${fn}(…, inplace=True) changes its input in place, which is not evaluated (without inplace=True it gives the same output)`);
  return torchUnary(name, tensorArg(b.get('input'), fn, 'input'), envOf(ctx), fn);
};

const reduction = (kind: 'sum' | 'mean' | 'amax' | 'amin' | 'prod'): Impl => (args, kwargs, _ctx, fn) => {
  const b = bindArgs(fn, ['input', 'dim?', 'keepdim?'], args, kwargs);
  const x = tensorArg(b.get('input'), fn, 'input');
  const dtype = torchDtype(kwargs.get('dtype'), fn);
  return torchReduce(kind, dtype ? castTensor(x, dtype, fn) : x, { dim: dimsArg(b.get('dim'), fn), keepdim: b.get('keepdim') === true }, fn);
};

const argReduction = (kind: 'max' | 'min' | 'argmax' | 'argmin'): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['input', 'dim?', 'keepdim?'], args, kwargs);
  const x = tensorArg(b.get('input'), fn, 'input');
  const d = b.get('dim');
  if ((kind === 'max' || kind === 'min') && isNDArray(d)) { // torch.max(a, b): element-wise
    return TORCH_FUNCTIONS[kind === 'max' ? 'maximum' : 'minimum']([x, d], new Map(), ctx, fn);
  }
  return torchArgReduce(kind, x, d == null ? undefined : toInt(d, `${fn} dim`), b.get('keepdim') === true, fn);
};

const extremum = (max: boolean): Impl => (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['input', 'other'], args, kwargs);
  const x = tensorArg(b.get('input'), fn, 'input'), y = tensorArg(b.get('other'), fn, 'other');
  const cond = torchWhereMask(x, y, max);
  return torchWhere(cond, x, y, envOf(ctx), fn);
};

/** The mask of `maximum`/`minimum`: where `x` wins (NaN propagates from either side). */
function torchWhereMask(x: NDArray, y: NDArray, max: boolean): NDArray {
  const shapeOk = x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]);
  if (!shapeOk) throw new NotReproduced('torch.maximum/minimum of tensors of different shapes is not evaluated');
  return { kind: 'ndarray', shape: x.shape, dtype: 'bool', data: x.data.map((a, i) => (Number.isNaN(a) || (max ? a >= y.data[i] : a <= y.data[i]) ? 1 : 0)) };
}

const transposeFn: Impl = (args, kwargs, _ctx, fn) => {
  const b = bindArgs(fn, ['input', 'dim0', 'dim1'], args, kwargs);
  const x = tensorArg(b.get('input'), fn, 'input');
  return tensorResult(swapaxes(x, dimOf(toInt(b.get('dim0') as PyValue, `${fn} dim0`), x, fn), dimOf(toInt(b.get('dim1') as PyValue, `${fn} dim1`), x, fn)), [x]);
};

/** `t(input)`: a matrix's transpose; vectors and scalars unchanged; more dimensions raise. */
export function torchT(x: NDArray, fn: string): NDArray {
  if (x.shape.length > 2) throw new InputError(`${fn}: t() expects a tensor with <= 2 dimensions, but self is ${x.shape.length}D`);
  return tensorResult(x.shape.length === 2 ? transpose(x) : x, [x]);
}

/** `squeeze(x, dim)`: torch leaves a dimension that is not 1 as it is (NumPy raises). */
export function torchSqueeze(x: NDArray, dim: number | number[] | undefined, fn: string): NDArray {
  if (dim === undefined) return tensorResult(squeeze(x), [x]);
  const dims = (typeof dim === 'number' ? [dim] : dim).map((d) => dimOf(d, x, fn)).filter((d) => x.shape[d] === 1);
  return tensorResult(x.shape.length === 0 ? x : squeeze(x, dims), [x]);
}

/** `unsqueeze(x, dim)`: a new dimension of size 1 at `dim` (in `[-ndim-1, ndim]`). */
export function torchUnsqueeze(x: NDArray, dim: number, fn: string): NDArray {
  const nd = x.shape.length + 1;
  if (dim < -nd || dim >= nd) throw new InputError(`${fn}: Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${dim})`);
  const d = dim < 0 ? dim + nd : dim;
  return tensorResult({ ...x, shape: [...x.shape.slice(0, d), 1, ...x.shape.slice(d)], rowLabels: undefined }, [x]);
}

/** `permute(x, dims)`: the dimensions reordered (every dimension exactly once). */
export function torchPermute(x: NDArray, dims: readonly number[], fn: string): NDArray {
  if (dims.length !== x.shape.length) throw new InputError(`${fn}: permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.shape.length} is not equal to len(dims) = ${dims.length}`);
  return tensorResult(transpose(x, dims.map((d) => dimOf(d, x, fn))), [x]);
}

/** `reshape`/`view`: one dimension may be −1. */
export function torchReshape(x: NDArray, shape: readonly number[], ctx: CallContext, fn: string): NDArray {
  try {
    return tensorResult(reshape(x, shape, ctx.limits), [x]);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${fn}: shape '[${shape.join(', ')}]' is invalid for input of size ${x.data.length}`);
    throw e;
  }
}

/** A shape given as `f(x, 2, 3)` or `f(x, (2, 3))`. */
export function shapeFromArgs(rest: readonly PyValue[], fn: string): number[] {
  return rest.length === 1 && isList(rest[0]) ? toShape(rest[0], fn) : rest.map((v, i) => toInt(v, `${fn} dimension ${i}`));
}

const sdpa: Impl = (args, kwargs, ctx, fn) => {
  const b = bindArgs(fn, ['query', 'key', 'value', 'attn_mask?', 'dropout_p?', 'is_causal?', 'scale?', 'enable_gqa?'], args, kwargs);
  if (b.get('enable_gqa') === true) throw new NotReproduced(`${fn}(enable_gqa=True) is not evaluated`);
  const mask = b.get('attn_mask');
  const scale = b.get('scale');
  return scaledDotProductAttention(tensorArg(b.get('query'), fn, 'query'), tensorArg(b.get('key'), fn, 'key'), tensorArg(b.get('value'), fn, 'value'), {
    attnMask: mask == null ? null : tensorArg(mask, fn, 'attn_mask'),
    dropoutP: b.get('dropout_p') == null ? 0 : toNumber(b.get('dropout_p') as PyValue, `${fn} dropout_p`),
    isCausal: b.get('is_causal') === true,
    scale: scale == null ? null : toNumber(scale, `${fn} scale`),
  }, ctx.limits, fn).output;
};

/** `torch.*` functions by name (the F.* ones are looked up under the same names, see {@link callTorchFunction}). */
export const TORCH_FUNCTIONS: Readonly<Record<string, Impl>> = {
  ...TORCH_CONSTRUCTORS,
  matmul: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['input', 'other'], args, kwargs);
    return torchMatmul(tensorArg(b.get('input'), fn, 'input'), tensorArg(b.get('other'), fn, 'other'), 'input', 'other', ctx.limits);
  },
  mm: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['input', 'mat2'], args, kwargs);
    const x = tensorArg(b.get('input'), fn, 'input'), y = tensorArg(b.get('mat2'), fn, 'mat2');
    if (x.shape.length !== 2 || y.shape.length !== 2) throw new InputError(`${fn}: self must be a matrix (got shapes ${x.shape.length}-D and ${y.shape.length}-D)`);
    return torchMatmul(x, y, 'input', 'mat2', ctx.limits);
  },
  bmm: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['input', 'mat2'], args, kwargs);
    const x = tensorArg(b.get('input'), fn, 'input'), y = tensorArg(b.get('mat2'), fn, 'mat2');
    if (x.shape.length !== 3 || y.shape.length !== 3) throw new InputError(`${fn}: batch1 must be a 3D tensor (got ${x.shape.length}-D and ${y.shape.length}-D)`);
    if (x.shape[0] !== y.shape[0]) throw new InputError(`${fn}: batch1 and batch2 must have same number of batches, got ${x.shape[0]} and ${y.shape[0]}`);
    return torchMatmul(x, y, 'input', 'mat2', ctx.limits);
  },
  transpose: transposeFn, swapaxes: transposeFn,
  t: (args, kwargs, _ctx, fn) => torchT(tensorArg(bindArgs(fn, ['input'], args, kwargs).get('input'), fn, 'input'), fn),
  permute: (args, _kwargs, _ctx, fn) => torchPermute(tensorArg(args[0], fn, 'input'), shapeFromArgs(args.slice(1), fn), fn),
  reshape: (args, _kwargs, ctx, fn) => torchReshape(tensorArg(args[0], fn, 'input'), shapeFromArgs(args.slice(1), fn), ctx, fn),
  squeeze: (args, kwargs, _ctx, fn) => {
    const b = bindArgs(fn, ['input', 'dim?'], args, kwargs);
    return torchSqueeze(tensorArg(b.get('input'), fn, 'input'), dimsArg(b.get('dim'), fn), fn);
  },
  unsqueeze: (args, kwargs, _ctx, fn) => {
    const b = bindArgs(fn, ['input', 'dim'], args, kwargs);
    return torchUnsqueeze(tensorArg(b.get('input'), fn, 'input'), toInt(b.get('dim') as PyValue, `${fn} dim`), fn);
  },
  softmax: softmaxLike(false, false), log_softmax: softmaxLike(true, false),
  sum: reduction('sum'), mean: reduction('mean'), amax: reduction('amax'), amin: reduction('amin'), prod: reduction('prod'),
  max: argReduction('max'), min: argReduction('min'), argmax: argReduction('argmax'), argmin: argReduction('argmin'),
  maximum: extremum(true), minimum: extremum(false),
  cat: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['tensors', 'dim?'], args, kwargs);
    return torchJoin('cat', tensorsArg(b.get('tensors'), fn), b.get('dim') == null ? 0 : toInt(b.get('dim') as PyValue, `${fn} dim`), ctx.limits, fn);
  },
  stack: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['tensors', 'dim?'], args, kwargs);
    return torchJoin('stack', tensorsArg(b.get('tensors'), fn), b.get('dim') == null ? 0 : toInt(b.get('dim') as PyValue, `${fn} dim`), ctx.limits, fn);
  },
  split: (args, kwargs, _ctx, fn) => {
    const b = bindArgs(fn, ['tensor', 'split_size_or_sections', 'dim?'], args, kwargs);
    const spec = b.get('split_size_or_sections') as PyValue;
    return torchSplit('split', tensorArg(b.get('tensor'), fn, 'tensor'), isList(spec) ? toShape(spec, fn) : toInt(spec, `${fn} split_size`), b.get('dim') == null ? 0 : toInt(b.get('dim') as PyValue, `${fn} dim`), fn);
  },
  chunk: (args, kwargs, _ctx, fn) => {
    const b = bindArgs(fn, ['input', 'chunks', 'dim?'], args, kwargs);
    return torchSplit('chunk', tensorArg(b.get('input'), fn, 'input'), toInt(b.get('chunks') as PyValue, `${fn} chunks`), b.get('dim') == null ? 0 : toInt(b.get('dim') as PyValue, `${fn} dim`), fn);
  },
  einsum: (args, _kwargs, ctx, fn) => {
    if (typeof args[0] !== 'string') throw new InputError(`${fn}(): the first argument must be the equation string`);
    const ops = args.length === 2 && isList(args[1]) ? args[1].items : args.slice(1);
    return torchEinsum(args[0], ops.map((x, i) => tensorArg(x, fn, `operand ${i}`)), ctx.limits, fn);
  },
  where: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['condition', 'input?', 'other?'], args, kwargs);
    if (!b.has('input')) throw new NotReproduced(`${fn}(condition) with one argument (the indices) is not evaluated`);
    return torchWhere(tensorArg(b.get('condition'), fn, 'condition'), b.get('input') as PyValue, b.get('other') as PyValue, envOf(ctx), fn);
  },
  masked_fill: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['input', 'mask', 'value'], args, kwargs);
    return torchMaskedFill(tensorArg(b.get('input'), fn, 'input'), tensorArg(b.get('mask'), fn, 'mask'), b.get('value') as PyValue, ctx.limits, fn);
  },
  linear: (args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['input', 'weight', 'bias?'], args, kwargs);
    const bias = b.get('bias');
    return torchLinear(tensorArg(b.get('input'), fn, 'input'), tensorArg(b.get('weight'), fn, 'weight'), bias == null ? null : tensorArg(bias, fn, 'bias'), ctx.limits, fn);
  },
  scaled_dot_product_attention: sdpa,
  device: (args, kwargs, _ctx, fn) => {
    const d = bindArgs(fn, ['type', 'index?'], args, kwargs).get('type');
    checkTensorDevice(typeof d === 'string' ? d : undefined, fn);
    if (typeof d !== 'string') throw new NotReproduced(`${fn}() of a non-string device is not evaluated`);
    return { kind: 'ref', path: `torch.device#${d}` };
  },
  logical_not: (args, kwargs, _ctx, fn) => {
    const x = tensorArg(bindArgs(fn, ['input'], args, kwargs).get('input'), fn, 'input');
    return tensorResult({ kind: 'ndarray', shape: x.shape, dtype: 'bool', data: x.data.map((v) => (v === 0 ? 1 : 0)) }, [x]);
  },
  layer_norm: (args, kwargs, _ctx, fn) => {
    const b = bindArgs(fn, ['input', 'normalized_shape', 'weight?', 'bias?', 'eps?'], args, kwargs);
    const w = b.get('weight'), bias = b.get('bias');
    return torchLayerNorm(tensorArg(b.get('input'), fn, 'input'), toShape(b.get('normalized_shape') as PyValue, `${fn} normalized_shape`),
      w == null ? null : tensorArg(w, fn, 'weight'), bias == null ? null : tensorArg(bias, fn, 'bias'), b.get('eps') == null ? 1e-5 : toNumber(b.get('eps') as PyValue, `${fn} eps`), fn);
  },
  clone: (args, kwargs, _ctx, fn) => {
    const x = tensorArg(bindArgs(fn, ['input'], args, kwargs).get('input'), fn, 'input');
    return tensorResult({ ...x, data: x.data.slice() }, [x]);
  },
  finfo: (args, kwargs, ctx, fn) => {
    const d = bindArgs(fn, ['type?'], args, kwargs).get('type');
    const t = d == null ? ctx.random.torch.defaultDtype : torchDtype(d, fn);
    if (t !== 'float32' && t !== 'float64') throw new InputError(`${fn}(): torch.finfo() requires a floating point input type (got ${t ?? 'an unknown default'})`);
    return { kind: 'ref', path: `torch.finfo#${t}` };
  },
  ...Object.fromEntries([...UNARY_NAMES].map((n) => [n, unary(n)])),
};

/** `F.softmax`/`F.log_softmax`: `dim` may be left out (torch's implicit, deprecated choice). */
const FUNCTIONAL: Readonly<Record<string, Impl>> = {
  softmax: softmaxLike(false, true), log_softmax: softmaxLike(true, true),
};

/**
 * Calls the torch function at `path` (`torch.matmul`, `torch.nn.functional.softmax`, …); undefined when the path
 * is not one of them.
 * @throws InputError where torch raises; NotReproduced where the result is not reproduced.
 */
export function callTorchFunction(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | undefined {
  const f = /^torch\.nn\.functional\.(\w+)$/.exec(path);
  const name = f ? f[1] : /^torch\.(\w+)$/.exec(path)?.[1];
  if (name === undefined) return undefined;
  const table = f && Object.prototype.hasOwnProperty.call(FUNCTIONAL, name) ? FUNCTIONAL : TORCH_FUNCTIONS;
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const short = f ? `F.${name}` : `torch.${name}`;
  return table[name](args, kwargs, ctx, short);
}
