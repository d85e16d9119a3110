/**
 * Attributes and methods of PyTorch tensors (`x.T`, `x.mT`, `x.dtype`, `x.transpose(-2, -1)`, `x.view(2, 5, 4)`,
 * `x.masked_fill(mask == 0, float('-inf'))`, `x.softmax(dim=-1)`, `x.numpy()`, `x.item()`, …) with torch's
 * semantics (torchOps.ts). methods.ts calls {@link tensorAttribute} and {@link callTensorMethod} for tensors
 * first and falls back to NumPy's methods for what is not here.
 */
import { InputError } from '../../errors';
import { type NDArray, NotReproduced, castValue, dtypeOf, ndarray, shapeString, swapaxes, tile, transpose } from '../../ndarray/ndarray';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import { toInt, toList, toNumber } from './convert';
import { TORCH_FUNCTIONS, dimsArg, shapeFromArgs, tensorArg, torchPermute, torchReshape, torchSqueeze, torchT, torchUnsqueeze } from './torchFunctions';
import { castTensor, dimOf, inPlaceResult, tensorResult, torchBinary, torchExpand, torchMaskedFill, torchMatmul, UNARY_NAMES } from './torchOps';
import { markApproximate, isApproximate } from './torchPrecision';
import { pythonFloat } from './torchLiterals';
import { mayBeStrided, viewLayoutReason } from './torchLayout';
import { checkTensorDevice } from './torchTensor';
import { dtypeRef, torchDtype } from './torchTypes';
import { type Kwargs, type PyValue, isRef } from './values';

/** Methods that take the tensor as the first argument of the `torch.*` function of the same name. */
const AS_FUNCTION = new Set(['tril', 'triu', 'logical_not', 'matmul', 'softmax', 'log_softmax', 'sum', 'mean', 'amax', 'amin', 'prod', 'max', 'min', 'argmax', 'argmin',
  'split', 'chunk', 'transpose', 'swapaxes', 'maximum', 'minimum', ...UNARY_NAMES]);

const OWN = new Set(['t', 'permute', 'view', 'reshape', 'contiguous', 'unsqueeze', 'squeeze', 'expand', 'expand_as', 'view_as', 'reshape_as',
  'repeat', 'size', 'dim', 'ndimension', 'numel', 'masked_fill', 'detach', 'numpy', 'item', 'float', 'double', 'long', 'bool', 'to', 'type_as',
  'clone', 'cpu', 'cuda', 'tolist', 'flatten', 'bmm', 'mm', 'requires_grad_', 'dot']);

/** `x.<name>` for a tensor; undefined when torch's attribute is not modelled here (NumPy's is then tried). */
export function tensorAttribute(a: NDArray, name: string): PyValue | undefined {
  switch (name) {
    case 'T': return tensorResult(transpose(a), [a]); // torch reverses every dimension (deprecated beyond 2-D)
    case 'mT':
      if (a.shape.length < 2) throw new InputError(`tensor.mT is only supported on matrices or batches of matrices. Got ${a.shape.length}-D tensor.`);
      return tensorResult(swapaxes(a, -2, -1), [a]);
    case 'dtype': return dtypeRef(dtypeOf(a));
    case 'ndim': return a.shape.length;
    case 'shape': return { kind: 'list', items: [...a.shape], tuple: true };
    case 'data': return a;
    case 'device': return { kind: 'ref', path: 'torch.device#cpu' };
    case 'is_cuda': return false;
    case 'requires_grad': return false;
    default:
      return AS_FUNCTION.has(name) || OWN.has(name) || Object.prototype.hasOwnProperty.call(IN_PLACE, name) ? { kind: 'method', self: a, name } : undefined;
  }
}

/** Python's value of one element: a bool, an int, or a float (an integer-valued float stays a 0-d float64 array). */
function itemOf(a: NDArray): PyValue {
  const v = a.data[0];
  const t = dtypeOf(a);
  if (t === 'bool') return v !== 0;
  if (t === 'int64' || !Number.isInteger(v)) return v;
  return markApproximate(pythonFloat(v), isApproximate(a)); // a Python float: `ids * t` is float32, as in torch
}

/** The dtype `x.to(…)` asks for, or undefined for a device only (`x.to('cpu')`). */
function toTarget(v: PyValue | undefined, fn: string): NDArray['dtype'] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || (isRef(v) && v.path.startsWith('torch.device'))) { checkTensorDevice(v, fn); return undefined; }
  if (typeof v === 'object' && v.kind === 'ndarray') return dtypeOf(v);
  return torchDtype(v, fn);
}

/**
 * Calls the tensor method `name` on `a`; undefined when it is not modelled here.
 * @throws InputError where torch raises; NotReproduced where the result is not reproduced.
 */
export function callTensorMethod(a: NDArray, name: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue | undefined {
  const fn = `.${name}()`;
  if (AS_FUNCTION.has(name)) return TORCH_FUNCTIONS[name]([a, ...args], kwargs, ctx, fn);
  switch (name) {
    case 't': return torchT(a, fn);
    case 'permute': return torchPermute(a, shapeFromArgs(args, fn), fn);
    case 'view': case 'reshape': {
      if (name === 'view' && args.length === 1 && !(typeof args[0] === 'number' || (typeof args[0] === 'object' && args[0] !== null && args[0].kind === 'list'))) {
        throw new NotReproduced(`${fn} with a dtype (a reinterpretation of the bytes) is not evaluated`);
      }
      if (name === 'view' && mayBeStrided(a)) throw new NotReproduced(viewLayoutReason(fn));
      return torchReshape(a, shapeFromArgs(args.length === 0 && kwargs.has('shape') ? [kwargs.get('shape') as PyValue] : args, fn), ctx, fn);
    }
    case 'view_as': case 'reshape_as':
      if (name === 'view_as' && mayBeStrided(a)) throw new NotReproduced(viewLayoutReason(fn));
      return torchReshape(a, tensorArg(args[0], fn, 'other').shape, ctx, fn);
    // a tensor that may be strided is copied into a new contiguous one (torchLayout.ts)
    case 'contiguous': return mayBeStrided(a) ? tensorResult(ndarray(a.shape, a.data.slice(), a.rowLabels, a.dtype), [a]) : a;
    case 'detach': case 'cpu': case 'requires_grad_': return a;
    case 'cuda': throw new NotReproduced(`${fn}: tensors on a GPU are not evaluated (their kernels accumulate in another order than the CPU's)`);
    case 'unsqueeze': return torchUnsqueeze(a, toInt(bindArgs(fn, ['dim'], args, kwargs).get('dim') as PyValue, `${fn} dim`), fn);
    case 'squeeze': return torchSqueeze(a, dimsArg(bindArgs(fn, ['dim?'], args, kwargs).get('dim'), fn), fn);
    case 'flatten': {
      const b = bindArgs(fn, ['start_dim?', 'end_dim?'], args, kwargs);
      if (a.shape.length === 0) return tensorResult(ndarray([1], a.data, undefined, a.dtype), [a]);
      const s = dimOf(b.get('start_dim') == null ? 0 : toInt(b.get('start_dim') as PyValue, fn), a, fn);
      const e = dimOf(b.get('end_dim') == null ? -1 : toInt(b.get('end_dim') as PyValue, fn), a, fn);
      if (s > e) throw new InputError(`${fn}: flatten() has invalid args: start_dim cannot come after end_dim`);
      const merged = a.shape.slice(s, e + 1).reduce((p, v) => p * v, 1);
      return torchReshape(a, [...a.shape.slice(0, s), merged, ...a.shape.slice(e + 1)], ctx, fn);
    }
    case 'expand': return torchExpand(a, shapeFromArgs(args, fn), ctx.limits, fn);
    case 'expand_as': return torchExpand(a, tensorArg(args[0], fn, 'other').shape, ctx.limits, fn);
    case 'repeat': {
      const reps = shapeFromArgs(args, fn);
      if (reps.length < a.shape.length) throw new InputError(`${fn}: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor`);
      return tensorResult(tile(a, reps, ctx.limits), [a]); // NumPy's tile is torch's repeat
    }
    case 'size': {
      const d = bindArgs(fn, ['dim?'], args, kwargs).get('dim');
      if (d == null) return { kind: 'list', items: [...a.shape], tuple: true };
      return a.shape[dimOf(toInt(d, `${fn} dim`), a, fn)];
    }
    case 'dim': case 'ndimension': return a.shape.length;
    case 'numel': return a.data.length;
    case 'masked_fill': {
      const b = bindArgs(fn, ['mask', 'value'], args, kwargs);
      return torchMaskedFill(a, tensorArg(b.get('mask'), fn, 'mask'), b.get('value') as PyValue, ctx.limits, fn);
    }
    case 'numpy': return markApproximate(ndarray(a.shape, a.data, a.rowLabels, a.dtype), isApproximate(a)); // a NumPy array of the same dtype
    case 'tolist': return toList(a);
    case 'item':
      if (a.data.length !== 1) throw new InputError(`${fn}: a Tensor with ${a.data.length} elements cannot be converted to Scalar (shape ${shapeString(a.shape)})`);
      return itemOf(a);
    case 'float': return tensorResult(castTensor(a, 'float32', fn), [a]);
    case 'double': return tensorResult(castTensor(a, 'float64', fn), [a]);
    case 'long': return tensorResult(castTensor(a, 'int64', fn), [a]);
    case 'bool': return tensorResult(castTensor(a, 'bool', fn), [a]);
    case 'type_as': return tensorResult(castTensor(a, dtypeOf(tensorArg(args[0], fn, 'other')), fn), [a]);
    case 'to': {
      checkTensorDevice(kwargs.get('device'), fn);
      const targets = [...args, kwargs.get('dtype')].map((v) => toTarget(v, fn)).filter((t) => t !== undefined);
      return targets.length === 0 ? a : tensorResult(castTensor(a, targets[targets.length - 1] as NonNullable<NDArray['dtype']>, fn), [a]);
    }
    case 'clone': return tensorResult(ndarray(a.shape, a.data.slice(), a.rowLabels, a.dtype), [a]);
    case 'mm': case 'bmm': return TORCH_FUNCTIONS[name]([a, ...args], kwargs, ctx, fn);
    case 'dot': {
      const b = tensorArg(args[0], fn, 'tensor');
      if (a.shape.length !== 1 || b.shape.length !== 1) throw new InputError(`${fn}: 1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`);
      return torchMatmul(a, b, 'self', 'tensor', ctx.limits);
    }
    default:
      return undefined;
  }
}

/** In-place methods and the operator or out-of-place method they apply (`x.add_(y)` is `x + y` kept in x). */
const IN_PLACE: Readonly<Record<string, string>> = {
  add_: '+', sub_: '-', mul_: '*', div_: '/', masked_fill_: 'masked_fill', tril_: 'tril', triu_: 'triu', zero_: 'zero', fill_: 'fill',
  transpose_: 'transpose', unsqueeze_: 'unsqueeze', squeeze_: 'squeeze', t_: 't', exp_: 'exp', sqrt_: 'sqrt', tanh_: 'tanh', sigmoid_: 'sigmoid', relu_: 'relu',
};

/**
 * `x.masked_fill_(mask, v)`, `x.add_(y)`, … as a whole statement: the new value of `x` (the caller rebinds it,
 * in place), or undefined when `name` is not one of these.
 * @throws InputError where torch raises (a result that does not fit `x`'s shape or dtype).
 */
export function tensorInPlace(a: NDArray, name: string, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): NDArray | undefined {
  const op = IN_PLACE[name];
  if (op === undefined) return undefined;
  const fn = `.${name}()`;
  let value: PyValue;
  if (op.length === 1) {
    const other = bindArgs(fn, ['other'], args, kwargs).get('other') as PyValue;
    // `x.add_(y, alpha=2)`, `x.div_(2, rounding_mode='floor')`: a keyword changes the result, none is modelled
    for (const k of kwargs.keys()) if (k !== 'other') throw new NotReproduced(`${fn} with ${k}= is not evaluated`);
    value = torchBinary(op, a, other, 'self', 'other', { limits: ctx.limits, dflt: ctx.random.torch.defaultDtype });
  } else if (op === 'zero' || op === 'fill') {
    const v = op === 'zero' ? 0 : toNumber(bindArgs(fn, ['value'], args, kwargs).get('value') as PyValue, `${fn} value`);
    value = tensorResult(ndarray(a.shape, new Float64Array(a.data.length).fill(castValue(v, dtypeOf(a))), undefined, a.dtype));
  } else {
    value = callTensorMethod(a, op, args, kwargs, ctx) as PyValue;
    if (['transpose', 'unsqueeze', 'squeeze', 't'].includes(op)) return value as NDArray; // the shape changes in place
  }
  return inPlaceResult(a, value, fn);
}
