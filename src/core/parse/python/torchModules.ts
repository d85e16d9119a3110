/**
 * PyTorch's built-in modules as objects of the evaluated program: `nn.Linear`, `nn.MultiheadAttention`,
 * `nn.Embedding` (their parameters drawn by torch's default initialisation, bit for bit, from the default
 * generator in construction order: src/core/random/torchInit.ts), `nn.LayerNorm`, `nn.Dropout`,
 * `nn.Softmax`, `nn.ReLU`, `nn.Tanh`, `nn.Identity`, `nn.Sequential`, `nn.ModuleList` and `nn.Parameter` (its
 * tensor); their forward passes (src/core/torch/nnMath.ts) and nn.Module's methods (`eval`, `train`,
 * `to('cpu')`, `register_buffer`…).
 *
 * Numbers: parameters are float32 exactly as torch holds them. Forward results are computed in float64 and
 * rounded once to float32: torch's float32 kernels accumulate in another order, so a float32 result agrees
 * with torch's within 1e-6 relative (+1e-7 absolute; measured against torch in test/unit/torchModules.test.ts)
 * and is marked approximate (torchPrecision.ts: every surface shows the note). Parameters, Embedding lookups
 * and element-wise modules on exact inputs (ReLU, Dropout in eval mode, Identity) are exact.
 *
 * Refused, with the reason: modules built before `torch.manual_seed` or after the generator's state was lost,
 * `dtype=`/`device=` other than float32 on the CPU, MultiheadAttention with `kdim`/`vdim` ≠ `embed_dim` or
 * `add_bias_kv` (not built: torch's generator is then unknown) or `add_zero_attn` (built; its forward is
 * refused), dropout in training mode (it draws from torch's generator, which is then unknown), `.cuda()`,
 * `.to('cuda')`, `.double()`, `.half()`, `load_state_dict` (the weights are not in the file).
 */
import { InputError } from '../../errors';
import { type NDArray, dtypeOf, isNDArray, ndarray, shapeString, typed } from '../../ndarray/ndarray';
import { initEmbedding, initLinear, initMultiheadAttention } from '../../random/torchInit';
import type { TorchSample } from '../../random/torchGenerator';
import type { TorchRandomState } from '../../random/torchState';
import { averageHeads, embedding, layerNorm, linear, multiheadAttention, softmaxAlong } from '../../torch/nnMath';
import { bindArgs } from './args';
import type { CallContext } from './callContext';
import { NotEvaluable } from './callContext';
import { toInt, toNumber, toShape } from './convert';
import { isTensor, markTensor } from './tensorOrigin';
import { implicitSoftmaxDim } from './torchFunctional';
import { isApproximate, markApproximate } from './torchPrecision';
import { TorchNotEvaluable, torchDrawDtype } from './torchCalls';
import { type Kwargs, type PyList, type PyObject, type PyValue, isList, isObject, isRef, tuple, typeName } from './values';
import { iterate } from './containers';

/** nn.Module methods an object answers (classes.ts returns them bound; {@link moduleMethod} runs them). */
export const MODULE_METHODS: ReadonlySet<string> = new Set(['eval', 'train', 'forward', 'cpu', 'float', 'to', 'cuda', 'double', 'half', 'bfloat16',
  'load_state_dict', 'state_dict', 'parameters', 'named_parameters', 'children', 'named_children', 'modules', 'named_modules', 'zero_grad',
  'requires_grad_', 'apply', 'register_buffer', 'register_parameter', 'add_module', 'register_module', 'type']);

/** How each tensor a module made or computed was obtained (for hovers and the CLI). */
const ORIGINS = new WeakMap<NDArray, string>();

/** The origin text of a module's parameter or result, if `a` is one. */
export function moduleOrigin(a: PyValue): string | undefined {
  return isNDArray(a) ? ORIGINS.get(a) : undefined;
}

/** How a float32 forward result is computed (its tolerance is the precision note of torchPrecision.ts). */
const TOLERANCE = 'float32, computed in float64 and rounded once';

/**
 * A float32 tensor of `shape` over `data` (rounded to float32 here), with its origin; `approximate` marks a
 * result torch accumulates in float32 in its own order (torchPrecision.ts: every surface shows the tolerance).
 */
function float32(shape: readonly number[], data: Float64Array, origin: string, approximate = true): NDArray {
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(data[i]);
  const t = typed([...shape], data, 'float32');
  markTensor(markApproximate(t, approximate), true);
  ORIGINS.set(t, origin);
  return t;
}

/** A parameter: torch's own float32 values, exact. */
function parameter(s: TorchSample, origin: string): NDArray {
  return float32(s.shape, new Float64Array(s.data), origin, false);
}

const MODULE_PATH = /^torch\.nn\.(?:modules\.\w+\.)?([A-Z]\w*)$/;

/** What a built-in module's construction needs: its generator state and the limits. */
type Ctx = Pick<CallContext, 'random' | 'limits' | 'frames'>;

/**
 * Builds the module `path` names (`torch.nn.Linear`), or returns undefined for a path that is not one of the
 * modules evaluated here (torchCalls.ts then refuses it, making the generator's state unknown when its
 * construction may draw).
 * @throws InputError as torch raises (bad sizes, unknown keywords), TorchNotEvaluable for what is refused.
 */
export function constructTorchModule(path: string, args: readonly PyValue[], kwargs: Kwargs, ctx: Ctx): PyValue | undefined {
  const m = MODULE_PATH.exec(path);
  if (!m) return undefined;
  const name = m[1];
  const fn = `nn.${name}`;
  const state = ctx.random.torch;
  const plainDtype = (): boolean => {
    const dtype = kwargs.get('dtype');
    const device = kwargs.get('device');
    const dtypeOk = dtype == null || (isRef(dtype) && /^torch\.(float32|float)$/.test(dtype.path));
    const deviceOk = device == null || (typeof device === 'string' && /^cpu(:0)?$/.test(device));
    return dtypeOk && deviceOk && state.defaultDtype === 'float32';
  };
  // Parameters beyond the element limit are not drawn: the generator's state is then unknown.
  const guard = (count: number, what: string): void => {
    if (count <= ctx.limits.maxElements) return;
    state.forget(`${what} (${count} parameters, more than the limit of ${ctx.limits.maxElements} elements)`);
    throw new TorchNotEvaluable(`${what}: ${count} parameters is more than the limit of ${ctx.limits.maxElements} elements (setting attentionExplorer.limits); later draws are not shown until the next torch.manual_seed`);
  };
  const make = (attrs: [string, PyValue][]): PyObject => ({ kind: 'object', cls: null, builtin: name, attrs: new Map(attrs), module: { training: true, initialised: true } });
  switch (name) {
    case 'Parameter': {
      // A Parameter is its tensor (same memory, as in torch); requires_grad changes no value.
      const data = bindArgs(fn, ['data?', 'requires_grad?'], args, kwargs, false).get('data') ?? null;
      if (data === null) throw new TorchNotEvaluable(`${fn}() without data (an empty tensor) is not evaluated`);
      return tensorArg(data, `${fn} data`);
    }
    case 'Linear': {
      if (!plainDtype()) return undefined;
      const b = bindArgs(fn, ['in_features', 'out_features', 'bias?', 'device?', 'dtype?'], args, kwargs, false);
      const inF = toInt(b.get('in_features') ?? null, `${fn} in_features`), outF = toInt(b.get('out_features') ?? null, `${fn} out_features`);
      const bias = b.get('bias') ?? true;
      const seed = seededGenerator(state, `${fn}(${inF}, ${outF})`);
      guard(inF * outF, `${fn}(${inF}, ${outF})`);
      const p = initLinear(state.default.gen, inF, outF, truthyArg(bias));
      const what = `${fn}(${inF}, ${outF})`;
      return make([
        ['in_features', inF], ['out_features', outF],
        ['weight', parameter(p.weight, `${what}.weight: torch's default initialisation after ${seed} (float32, bit for bit)`)],
        ['bias', p.bias ? parameter(p.bias, `${what}.bias: torch's default initialisation after ${seed} (float32, bit for bit)`) : null],
      ]);
    }
    case 'MultiheadAttention': {
      if (!plainDtype()) return undefined;
      const b = bindArgs(fn, ['embed_dim', 'num_heads', 'dropout?', 'bias?', 'add_bias_kv?', 'add_zero_attn?', 'kdim?', 'vdim?', 'batch_first?', 'device?', 'dtype?'], args, kwargs, false);
      const e = toInt(b.get('embed_dim') ?? null, `${fn} embed_dim`), h = toInt(b.get('num_heads') ?? null, `${fn} num_heads`);
      const dims = [b.get('kdim'), b.get('vdim')].filter((d) => d != null).map((d) => toInt(d as PyValue, `${fn} kdim/vdim`));
      if (dims.some((d) => d !== e) || truthyArg(b.get('add_bias_kv') ?? false)) {
        state.forget(`${fn}(…) with kdim/vdim ≠ embed_dim or add_bias_kv (its initialisation draws are not reproduced)`);
        throw new TorchNotEvaluable(`${fn} with kdim/vdim different from embed_dim or add_bias_kv=True is not evaluated (separate projection weights); torch's generator state is not known after it`);
      }
      const what = `${fn}(${e}, ${h})`;
      const seed = seededGenerator(state, what);
      guard(4 * e * e, what);
      const p = initMultiheadAttention(state.default.gen, e, h, truthyArg(b.get('bias') ?? true));
      const origin = (k: string): string => `${what}.${k}: torch's default initialisation after ${seed} (float32, bit for bit)`;
      const outProj = make([
        ['in_features', e], ['out_features', e],
        ['weight', parameter(p.outProj.weight, origin('out_proj.weight'))],
        ['bias', p.outProj.bias ? parameter(p.outProj.bias, origin('out_proj.bias')) : null],
      ]);
      return make([
        ['embed_dim', e], ['num_heads', h], ['head_dim', e / h], ['dropout', toNumber(b.get('dropout') ?? 0, `${fn} dropout`)],
        ['batch_first', truthyArg(b.get('batch_first') ?? false)], ['add_zero_attn', truthyArg(b.get('add_zero_attn') ?? false)],
        ['in_proj_weight', parameter(p.inProjWeight, origin('in_proj_weight'))],
        ['in_proj_bias', p.inProjBias ? parameter(p.inProjBias, origin('in_proj_bias')) : null],
        ['out_proj', { ...outProj, builtin: 'NonDynamicallyQuantizableLinear' }],
      ]);
    }
    case 'Embedding': {
      if (!plainDtype()) return undefined;
      const b = bindArgs(fn, ['num_embeddings', 'embedding_dim', 'padding_idx?', 'max_norm?', 'norm_type?', 'scale_grad_by_freq?', 'sparse?', '_weight?', '_freeze?', 'device?', 'dtype?'], args, kwargs, false);
      if (b.get('_weight') != null) return undefined;
      const num = toInt(b.get('num_embeddings') ?? null, `${fn} num_embeddings`), dim = toInt(b.get('embedding_dim') ?? null, `${fn} embedding_dim`);
      const pad = b.get('padding_idx');
      const what = `${fn}(${num}, ${dim})`;
      const seed = seededGenerator(state, what);
      guard(num * dim, what);
      const w = initEmbedding(state.default.gen, num, dim, pad == null ? undefined : toInt(pad, `${fn} padding_idx`));
      return make([
        ['num_embeddings', num], ['embedding_dim', dim], ['max_norm', b.get('max_norm') ?? null],
        ['weight', parameter(w, `${what}.weight: torch's default initialisation (normal) after ${seed} (float32, bit for bit)`)],
      ]);
    }
    case 'LayerNorm': {
      if (!plainDtype()) return undefined;
      const b = bindArgs(fn, ['normalized_shape', 'eps?', 'elementwise_affine?', 'bias?', 'device?', 'dtype?'], args, kwargs, false);
      const raw = b.get('normalized_shape') ?? null;
      const shape = typeof raw === 'number' ? [toInt(raw, `${fn} normalized_shape`)] : toShape(raw, `${fn} normalized_shape`);
      const n = shape.reduce((x, y) => x * y, 1);
      const affine = truthyArg(b.get('elementwise_affine') ?? true);
      const bias = affine && truthyArg(b.get('bias') ?? true);
      const what = `${fn}(${shape.join(', ')})`;
      return make([
        ['normalized_shape', tuple(shape)], ['eps', toNumber(b.get('eps') ?? 1e-5, `${fn} eps`)],
        ['weight', affine ? float32(shape, new Float64Array(n).fill(1), `${what}.weight: ones (torch's default)`, false) : null],
        ['bias', bias ? float32(shape, new Float64Array(n), `${what}.bias: zeros (torch's default)`, false) : null],
      ]);
    }
    case 'Dropout': {
      const b = bindArgs(fn, ['p?', 'inplace?'], args, kwargs, false);
      const p = toNumber(b.get('p') ?? 0.5, `${fn} p`);
      if (p < 0 || p > 1) throw new InputError(`ValueError: dropout probability has to be between 0 and 1, but got ${p}`);
      return make([['p', p]]);
    }
    case 'Softmax': {
      const b = bindArgs(fn, ['dim?'], args, kwargs, false);
      const dim = b.get('dim');
      return make([['dim', dim == null ? null : toInt(dim, `${fn} dim`)]]);
    }
    case 'ReLU': {
      const inplace = bindArgs(fn, ['inplace?'], args, kwargs, false).get('inplace') ?? false;
      return make([['inplace', truthyArg(inplace)]]);
    }
    case 'Tanh': case 'Identity':
      if (name !== 'Identity') bindArgs(fn, [], args, kwargs, false);
      return make([]);
    case 'ModuleList': {
      const b = bindArgs(fn, ['modules?'], args, kwargs, false);
      const items = b.get('modules') == null ? [] : iterate(b.get('modules') as PyValue);
      return make(items.map((a, i) => {
        if (!isObject(a) || !a.module) throw new InputError(`TypeError: ${fn} is a Module subclass; item ${i} (${typeName(a)}) is not a Module`);
        return [String(i), a] as [string, PyValue];
      }));
    }
    case 'Sequential': {
      if (kwargs.size) throw new InputError(`TypeError: ${fn}() got an unexpected keyword argument '${[...kwargs.keys()][0]}'`);
      const mods = args.map((a, i) => {
        if (!isObject(a) || !a.module) throw new NotEvaluable(`${fn}(): argument ${i} is not a module this evaluator knows (an OrderedDict is not evaluated)`);
        return [String(i), a] as [string, PyValue];
      });
      return make(mods);
    }
    default:
      return undefined;
  }
}

/**
 * `F.dropout(input, p=0.5, training=True)` / `torch.dropout(input, p, train)` where it draws nothing: with
 * `training=False` (as `self.training` is after `.eval()`) or `p == 0`, torch returns the input itself. Returns
 * undefined otherwise (torchCalls.ts then refuses the draw and makes the generator's state unknown).
 */
export function functionalDropout(path: string, args: readonly PyValue[], kwargs: Kwargs): PyValue | undefined {
  if (path !== 'torch.dropout') return undefined;
  const b = bindArgs('F.dropout', ['input', 'p?', 'training?', 'inplace?'], args, new Map([...kwargs].map(([k, v]) => [k === 'train' ? 'training' : k, v])), false);
  const p = toNumber(b.get('p') ?? 0.5, 'F.dropout p');
  if (p < 0 || p > 1) throw new InputError(`ValueError: dropout probability has to be between 0 and 1, but got ${p}`);
  const training = b.get('training') ?? true;
  if (typeof training !== 'boolean' && typeof training !== 'number') return undefined;
  if (truthyArg(training) && p !== 0) return undefined;
  return tensorArg(b.get('input'), 'F.dropout input');
}

/** Python's truth of a flag argument (`bias=False`). */
function truthyArg(v: PyValue): boolean {
  return v !== false && v !== 0 && v !== null;
}

/**
 * `torch.manual_seed(0)` (how the default generator was seeded), or a refusal when its state is not known:
 * initial weights drawn from it would be invented numbers.
 */
function seededGenerator(state: TorchRandomState, what: string): string {
  const g = state.default;
  if (g.seed === null && g.why !== undefined) throw new TorchNotEvaluable(`${what}: its initial weights come from torch's generator, whose state is not known after ${g.why}`);
  if (g.seed === null) throw new TorchNotEvaluable(`${what} before torch.manual_seed(n): its initial weights come from a generator seeded by the operating system, so they are not reproducible statically`);
  return `torch.manual_seed(${g.seed})`;
}

/** The torch dtype of a tensor argument (tensors carry their dtype: torchTensor.ts, torchOps.ts). */
function tensorDtype(a: NDArray, what: string): 'float32' | 'float64' | 'int64' | 'bool' {
  const d = dtypeOf(a);
  if (d !== 'float64' || isTensor(a)) return d;
  const drawn = torchDrawDtype(a);
  if (drawn) return drawn;
  throw new NotEvaluable(`${what}: the dtype of this tensor (float32 or float64) is not known here, so the module's result is not shown`);
}

function tensorArg(v: PyValue | undefined, what: string): NDArray {
  if (!isNDArray(v)) throw new InputError(`TypeError: ${what} must be a Tensor`);
  // A NumPy array is refused by torch (TypeError); an array not known to come from torch is not shown.
  if (!isTensor(v)) throw new NotEvaluable(`${what} is not known to be a torch tensor (torch modules do not take NumPy arrays)`);
  return v;
}

/** A float32 input for a module whose parameters are float32 (torch raises for float64 or integer inputs). */
function float32Input(v: PyValue | undefined, what: string): NDArray {
  const a = tensorArg(v, what);
  const d = tensorDtype(a, what);
  if (d !== 'float32') throw new InputError(`RuntimeError: ${what}: mat1 and mat2 must have the same dtype, but got ${d === 'float64' ? 'Double' : d === 'int64' ? 'Long' : 'Bool'} and Float (the module's parameters are float32)`);
  return a;
}

function tensorAttr(obj: PyObject, name: string): NDArray | undefined {
  const v = obj.attrs.get(name);
  return isNDArray(v) ? v : undefined;
}

/** About how many multiply-adds the forward pass of `obj` on `args` costs (for the evaluator's work budget). */
export function forwardCost(obj: PyObject, args: readonly PyValue[]): number {
  const x = args[0];
  const n = isNDArray(x) ? x.data.length : 1;
  const w = obj.attrs.get('weight');
  if ((obj.builtin === 'Linear' || obj.builtin === 'NonDynamicallyQuantizableLinear') && isNDArray(w)) return n * w.shape[0];
  if (obj.builtin === 'MultiheadAttention') {
    const e = obj.attrs.get('embed_dim') as number;
    const s = isNDArray(args[1]) ? args[1].data.length / e : 1;
    return n * (4 * e + 2 * s);
  }
  return n;
}

/**
 * `module(*args)` for a built-in module: its forward pass. `callChild` calls a submodule (nn.Sequential).
 * @throws InputError as torch raises, NotEvaluable for what is refused (with the reason).
 */
export function callTorchModule(obj: PyObject, args: readonly PyValue[], kwargs: Kwargs, ctx: Ctx, callChild: (m: PyValue, args: PyValue[]) => PyValue): PyValue {
  const name = obj.builtin ?? '';
  const fn = `nn.${name}`;
  const training = obj.module?.training ?? true;
  switch (name) {
    case 'Linear': case 'NonDynamicallyQuantizableLinear': {
      const x = float32Input(bindArgs(fn, ['input'], args, kwargs, false).get('input'), `${fn} input`);
      const w = tensorAttr(obj, 'weight') as NDArray;
      const [outF, inF] = w.shape;
      if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inF) {
        const rows = x.shape.slice(0, -1).reduce((p, q) => p * q, 1);
        throw new InputError(`RuntimeError: mat1 and mat2 shapes cannot be multiplied (${rows}x${x.shape[x.shape.length - 1] ?? 1} and ${inF}x${outF}) (${fn}(${inF}, ${outF}) on input ${shapeString(x.shape)})`);
      }
      const rows = x.data.length / inF;
      const y = linear(x.data, rows, inF, w.data, outF, tensorAttr(obj, 'bias')?.data);
      return float32([...x.shape.slice(0, -1), outF], y, `${fn}(${inF}, ${outF}) forward: x·Wᵀ + b (${TOLERANCE})`);
    }
    case 'LayerNorm': {
      const x = float32Input(bindArgs(fn, ['input'], args, kwargs, false).get('input'), `${fn} input`);
      const nsValue = obj.attrs.get('normalized_shape');
      const ns = isList(nsValue ?? null) ? (nsValue as PyList).items as number[] : [];
      const tail = x.shape.slice(x.shape.length - ns.length);
      if (x.shape.length < ns.length || tail.some((d, i) => d !== ns[i])) {
        throw new InputError(`RuntimeError: Given normalized_shape=[${ns.join(', ')}], expected input with shape [*, ${ns.join(', ')}], but got input of size ${shapeString(x.shape)}`);
      }
      const n = ns.reduce((p, q) => p * q, 1);
      const y = layerNorm(x.data, n === 0 ? 0 : x.data.length / n, n, obj.attrs.get('eps') as number, tensorAttr(obj, 'weight')?.data, tensorAttr(obj, 'bias')?.data);
      return float32(x.shape, y, `${fn}(${ns.join(', ')}) forward: (x − mean) / √(var + eps) · weight + bias (${TOLERANCE})`);
    }
    case 'Embedding': {
      const ix = tensorArg(bindArgs(fn, ['input'], args, kwargs, false).get('input'), `${fn} input`);
      const d = tensorDtype(ix, `${fn} input`);
      if (d !== 'int64') throw new InputError(`RuntimeError: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${d} instead (${fn})`);
      // torch renormalises the rows it reads in place: the module's weight is not known after the call either.
      if (obj.attrs.get('max_norm') != null) changes(obj, `${fn}(max_norm=…)`, 'renormalises its weight in place during forward, which is not evaluated');
      const w = tensorAttr(obj, 'weight') as NDArray;
      const [num, dim] = w.shape;
      return float32([...ix.shape, dim], embedding(ix.data, w.data, num, dim), `${fn}(${num}, ${dim}) forward: rows of the weight (float32, exact)`, false);
    }
    case 'Dropout': {
      const x = tensorArg(bindArgs(fn, ['input'], args, kwargs, false).get('input'), `${fn} input`);
      const p = obj.attrs.get('p') as number;
      if (training && p > 0) {
        ctx.random.torch.forget(`${fn}(p=${p}) in training mode (it draws a random mask)`);
        throw new NotEvaluable(`${fn}(p=${p}) is in training mode (modules are until .eval() is called): it zeroes random elements with torch's generator, which is not reproduced, and later draws are not shown. Call model.eval() first (torch.no_grad() does not turn dropout off)`);
      }
      return x;
    }
    case 'Identity': return args[0] ?? null;
    case 'ReLU': case 'Tanh': {
      const x = tensorArg(bindArgs(fn, ['input'], args, kwargs, false).get('input'), `${fn} input`);
      if (obj.attrs.get('inplace') === true) throw new NotEvaluable(`${fn}(inplace=True) changes its input in place, which is not evaluated (nn.ReLU() gives the same output without changing it)`);
      return activation(name, x, fn);
    }
    case 'Softmax': {
      const x = tensorArg(bindArgs(fn, ['input'], args, kwargs, false).get('input'), `${fn} input`);
      const d = tensorDtype(x, `${fn} input`);
      if (d !== 'float32' && d !== 'float64') throw new InputError(`RuntimeError: "softmax" not implemented for '${d}'`);
      const given = obj.attrs.get('dim') as number | null;
      const nd = x.shape.length;
      const raw = given ?? implicitSoftmaxDim(nd);
      const dim = raw < 0 ? raw + Math.max(nd, 1) : raw;
      if (dim < 0 || dim >= Math.max(nd, 1)) throw new InputError(`IndexError: Dimension out of range (expected to be in range of [${-Math.max(nd, 1)}, ${Math.max(nd, 1) - 1}], but got ${raw})`);
      const y = softmaxAlong(x.data, nd === 0 ? [1] : x.shape, dim);
      if (d === 'float64') return markTensor(markApproximate(typed([...x.shape], y, 'float64'), true), true);
      return float32(x.shape, y, `${fn}(dim=${raw}) forward (${TOLERANCE})`);
    }
    case 'Sequential': {
      if (args.length !== 1 || kwargs.size) throw new InputError(`TypeError: ${fn}.forward() takes 1 positional argument (the input)`);
      let x = args[0];
      for (const child of obj.attrs.values()) {
        // nn.ReLU(inplace=True) on what an earlier layer computed changes only that intermediate: the output is the same.
        const inPlaceRelu = isObject(child) && child.builtin === 'ReLU' && child.attrs.get('inplace') === true;
        x = inPlaceRelu && x !== args[0] ? activation('ReLU', tensorArg(x, 'nn.ReLU input'), 'nn.ReLU') : callChild(child, [x]);
      }
      return x;
    }
    case 'MultiheadAttention':
      return mhaForward(obj, args, kwargs, training, ctx);
    case 'ModuleList':
      throw new InputError('NotImplementedError: Module [ModuleList] is missing the required "forward" function');
    default:
      throw new NotEvaluable(`${fn} forward is not evaluated`);
  }
}

/** nn.ReLU / nn.Tanh forward on `x`: float32 ReLU is exact (unless x is approximate), Tanh within the tolerance. */
function activation(name: string, x: NDArray, fn: string): NDArray {
  const d = tensorDtype(x, `${fn} input`);
  if (d !== 'float32' && d !== 'float64') throw new InputError(`RuntimeError: ${fn} is not implemented for ${d} tensors here`);
  const data = Float64Array.from(x.data, name === 'ReLU' ? (v) => (v > 0 ? v : Number.isNaN(v) ? v : 0) : Math.tanh);
  if (d === 'float64') return markTensor(markApproximate(typed([...x.shape], data, 'float64'), name === 'Tanh' || isApproximate(x)), true) as NDArray;
  const exact = name === 'ReLU' && !isApproximate(x);
  return float32(x.shape, data, name === 'ReLU' ? `${fn} forward: max(x, 0) (float32${exact ? ', exact' : ''})` : `${fn} forward (${TOLERANCE})`, !exact);
}

/**
 * True when `v` is a module that changes its input in place when called (`nn.ReLU(inplace=True)`, also inside an
 * nn.Sequential): a failed call to it may have changed its argument.
 */
export function changesInputInPlace(v: PyValue | undefined, depth = 0): boolean {
  if (!isObject(v) || !v.module || depth > 20) return false;
  if (v.builtin === 'ReLU' && v.attrs.get('inplace') === true) return true;
  return [...v.attrs.values()].some((c) => changesInputInPlace(c, depth + 1));
}

/** A mask as additive float values (bool: True → −∞; float: as is). */
function additive(m: NDArray, what: string, invertBool: boolean): Float64Array {
  const d = dtypeOf(m);
  if (d === 'bool') return Float64Array.from(m.data, (v) => ((v !== 0) !== invertBool ? -Infinity : 0));
  if (d === 'int64') throw new InputError(`AssertionError: only bool and floating types of ${what} are supported`);
  if (torchDrawDtype(m) === 'int64') throw new InputError(`AssertionError: only bool and floating types of ${what} are supported`);
  return m.data;
}

/**
 * `nn.MultiheadAttention.forward(query, key, value, key_padding_mask=None, need_weights=True,
 * attn_mask=None, average_attn_weights=True, is_causal=False)`: query (L, N, E) or with batch_first (N, L, E)
 * or unbatched (L, E); key/value (S, N, E) likewise. Returns (attn_output, attn_weights): the output in the
 * query's layout; the weights (N, L, S) averaged over heads or (N, H, L, S), unbatched without N, or None
 * with need_weights=False. A bool attn_mask/key_padding_mask is True where attention is NOT allowed.
 */
function mhaForward(obj: PyObject, args: readonly PyValue[], kwargs: Kwargs, training: boolean, ctx: Ctx): PyValue {
  const fn = 'nn.MultiheadAttention';
  const b = bindArgs(fn, ['query', 'key', 'value', 'key_padding_mask?', 'need_weights?', 'attn_mask?', 'average_attn_weights?', 'is_causal?'], args, kwargs, false);
  const E = obj.attrs.get('embed_dim') as number, H = obj.attrs.get('num_heads') as number;
  const p = obj.attrs.get('dropout') as number;
  if (obj.attrs.get('add_zero_attn') === true) throw new NotEvaluable(`${fn}(add_zero_attn=True) is not evaluated`);
  if (training && p > 0) {
    ctx.random.torch.forget(`${fn}(dropout=${p}) in training mode (it draws a random mask)`);
    throw new NotEvaluable(`${fn}(dropout=${p}) is in training mode: its attention dropout draws from torch's generator, which is not reproduced, and later draws are not shown. Call .eval() first`);
  }
  const q = float32Input(b.get('query'), `${fn} query`), k = float32Input(b.get('key'), `${fn} key`), v = float32Input(b.get('value'), `${fn} value`);
  const batched = q.shape.length === 3;
  if (!batched && q.shape.length !== 2) throw new InputError(`AssertionError: query should be unbatched 2D or batched 3D tensor but received ${q.shape.length}-D query tensor`);
  const want = batched ? 3 : 2;
  for (const [t, nm] of [[k, 'key'], [v, 'value']] as const) {
    if (t.shape.length !== want) throw new InputError(`AssertionError: For ${batched ? 'batched (3-D)' : 'unbatched (2-D)'} \`query\`, expected \`${nm}\` to be ${batched ? '3-D' : '2-D'} but found ${t.shape.length}-D tensor`);
  }
  const batchFirst = obj.attrs.get('batch_first') === true;
  // Batch-major views: (N, L, E).
  const major = (t: NDArray): { n: number; len: number; data: Float64Array } => {
    if (!batched) return { n: 1, len: t.shape[0], data: t.data };
    if (batchFirst) return { n: t.shape[0], len: t.shape[1], data: t.data };
    const [len, n, e] = t.shape;
    const out = new Float64Array(t.data.length);
    for (let i = 0; i < len; i++) for (let j = 0; j < n; j++) out.set(t.data.subarray((i * n + j) * e, (i * n + j + 1) * e), (j * len + i) * e);
    return { n, len, data: out };
  };
  for (const [t, nm] of [[q, 'query'], [k, 'key'], [v, 'value']] as const) {
    if (t.shape[t.shape.length - 1] !== E) throw new InputError(`AssertionError: was expecting embedding dimension of ${E}, but got ${t.shape[t.shape.length - 1]} (${nm} ${shapeString(t.shape)})`);
  }
  if (k.shape.some((d, i) => d !== v.shape[i])) throw new InputError(`AssertionError: key shape ${shapeString(k.shape)} does not match value shape ${shapeString(v.shape)}`);
  const Q = major(q), K = major(k), V = major(v);
  if (K.n !== Q.n) throw new InputError(`AssertionError: key's batch size ${K.n} does not match query's ${Q.n}`);
  const N = Q.n, L = Q.len, S = K.len;
  const needWeights = truthyArg(b.get('need_weights') ?? true);
  const isCausal = truthyArg(b.get('is_causal') ?? false);
  const attnMaskArg = b.get('attn_mask') ?? null;
  const kpmArg = b.get('key_padding_mask') ?? null;
  if (isCausal && attnMaskArg === null) throw new InputError('RuntimeError: Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.');
  let mask: Float64Array | undefined;
  const add = (from: (bh: number, i: number, j: number) => number): void => {
    mask ??= new Float64Array(N * H * L * S);
    for (let bh = 0; bh < N * H; bh++) for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) mask[(bh * L + i) * S + j] += from(bh, i, j);
  };
  if (attnMaskArg !== null) {
    const m = tensorArg(attnMaskArg, `${fn} attn_mask`);
    const a = additive(m, 'attn_mask', false);
    if (m.shape.length === 2) {
      if (m.shape[0] !== L || m.shape[1] !== S) throw new InputError(`RuntimeError: The shape of the 2D attn_mask is ${shapeString(m.shape)}, but should be (${L}, ${S}).`);
      add((_bh, i, j) => a[i * S + j]);
    } else if (m.shape.length === 3) {
      if (m.shape[0] !== N * H || m.shape[1] !== L || m.shape[2] !== S) throw new InputError(`RuntimeError: The shape of the 3D attn_mask is ${shapeString(m.shape)}, but should be (${N * H}, ${L}, ${S}).`);
      add((bh, i, j) => a[(bh * L + i) * S + j]);
    } else throw new InputError(`RuntimeError: attn_mask's dimension ${m.shape.length} is not supported`);
    if (isCausal && !needWeights && kpmArg === null) {
      // torch then ignores attn_mask and uses the is_causal hint; shown only when both say the same.
      const causal = Array.from({ length: L * S }, (_, t) => (Math.floor(t / S) >= t % S ? 0 : -Infinity));
      const same = m.shape.length === 2 && causal.every((c, t) => (c === 0) === (a[t] === 0) && (c === 0 || a[t] === -Infinity));
      if (!same) throw new NotEvaluable(`${fn}(is_causal=True, need_weights=False): torch uses the causal hint and ignores this attn_mask, which is not the causal mask; not evaluated`);
    }
  }
  if (kpmArg !== null) {
    const m = tensorArg(kpmArg, `${fn} key_padding_mask`);
    const expected = batched ? [N, S] : [S];
    if (m.shape.length !== expected.length || m.shape.some((d, i) => d !== expected[i])) {
      throw new InputError(`AssertionError: expecting key_padding_mask shape of ${shapeString(expected)}, but got ${shapeString(m.shape)}`);
    }
    const a = additive(m, 'key_padding_mask', false);
    add((bh, _i, j) => a[Math.floor(bh / H) * S + j]);
  }
  if (mask) {
    for (let r = 0; r < N * H * L; r++) {
      if (mask.subarray(r * S, (r + 1) * S).every((x) => x === -Infinity)) {
        throw new NotEvaluable(`${fn}: query ${r % L} of batch ${Math.floor(r / (H * L))} has every key masked; torch's result for such a row (NaN or 0) depends on its version and path, so it is not shown`);
      }
    }
  }
  const get = (key: string): Float64Array => (tensorAttr(obj, key) as NDArray).data;
  const outProj = obj.attrs.get('out_proj') as PyObject;
  const r = multiheadAttention(
    { embedDim: E, numHeads: H, inProjWeight: get('in_proj_weight'), inProjBias: tensorAttr(obj, 'in_proj_bias')?.data, outProjWeight: (tensorAttr(outProj, 'weight') as NDArray).data, outProjBias: tensorAttr(outProj, 'bias')?.data },
    { n: N, l: L, s: S, query: Q.data, key: K.data, value: V.data, mask },
  );
  reportHeads(ctx, fn, r, mask, { N, H, L, S, E });
  // Back to the query's layout.
  let outData = r.output;
  let outShape: number[];
  if (!batched) outShape = [L, E];
  else if (batchFirst) outShape = [N, L, E];
  else {
    outShape = [L, N, E];
    outData = new Float64Array(r.output.length);
    for (let j = 0; j < N; j++) for (let i = 0; i < L; i++) outData.set(r.output.subarray((j * L + i) * E, (j * L + i + 1) * E), (i * N + j) * E);
  }
  const what = `${fn}(${E}, ${H})`;
  const output = float32(outShape, outData, `${what} forward: attn_output (${TOLERANCE})`);
  if (!needWeights) return tuple([output, null]);
  const average = truthyArg(b.get('average_attn_weights') ?? true);
  const wData = average ? averageHeads(r.weights, N, H, L, S) : r.weights;
  const wShape = average ? [N, L, S] : [N, H, L, S];
  const weights = float32(batched ? wShape : wShape.slice(1), wData, `${what} forward: attn_weights${average ? ' averaged over heads' : ' per head'} (${TOLERANCE})`);
  return tuple([output, weights]);
}

/**
 * The attention inside one forward call, for the panel (CallContext.frames): q, k, v by head (N, H, L|S, D)
 * as the module computed them (float32 values), the additive mask (N, H, L, S) and the weights per head.
 */
function reportHeads(ctx: Ctx, fn: string, r: { q: Float64Array; k: Float64Array; v: Float64Array; weights: Float64Array }, mask: Float64Array | undefined, d: { N: number; H: number; L: number; S: number; E: number }): void {
  if (!ctx.frames) return;
  const { N, H, L, S, E } = d, D = E / H;
  const byHead = (x: Float64Array, len: number): NDArray => {
    const out = new Float64Array(N * H * len * D);
    for (let b = 0; b < N; b++) for (let h = 0; h < H; h++) for (let i = 0; i < len; i++) {
      for (let c = 0; c < D; c++) out[((b * H + h) * len + i) * D + c] = Math.fround(x[(b * len + i) * E + h * D + c]);
    }
    return ndarray([N, H, len, D], out, undefined, 'float32');
  };
  ctx.frames.report(fn, [
    ['q', byHead(r.q, L)], ['k', byHead(r.k, S)], ['v', byHead(r.v, S)],
    ...(mask ? [['attn_mask', ndarray([N, H, L, S], mask)] as const] : []),
    ['weights', ndarray([N, H, L, S], r.weights.map(Math.fround), undefined, 'float32')],
  ]);
}

/**
 * nn.Module's methods on any module object (built-in or a program's subclass): `eval()`, `train(mode)`
 * (this module and every submodule), `cpu()`, `float()`, `to('cpu' | torch.float32)` (no change),
 * `zero_grad()`, `requires_grad_()`, `register_buffer(name, tensor)`, `register_parameter(name, param)`; the others are refused, and those that would change the module
 * (`cuda`, `to('cuda')`, `double`, `load_state_dict`…) leave it unknown.
 */
export function moduleMethod(obj: PyObject, name: string, args: readonly PyValue[], kwargs: Kwargs): PyValue {
  const what = obj.builtin ? `nn.${obj.builtin}` : obj.cls?.name ?? 'module';
  switch (name) {
    case 'eval': bindArgs(`${what}.eval`, [], args, kwargs, false); setTraining(obj, false, 0); return obj;
    case 'train': {
      const mode = bindArgs(`${what}.train`, ['mode?'], args, kwargs, false).get('mode') ?? true;
      if (typeof mode !== 'boolean') throw new InputError('ValueError: training mode is expected to be boolean');
      setTraining(obj, mode, 0);
      return obj;
    }
    case 'cpu': case 'float': case 'zero_grad': case 'requires_grad_':
      return name === 'zero_grad' ? null : obj;
    case 'to': {
      const target = args[0] ?? kwargs.get('device') ?? kwargs.get('dtype') ?? null;
      const text = typeof target === 'string' ? target : isRef(target) ? target.path : '';
      if (/^cpu(:0)?$/.test(text) || /^torch\.(float32|float|cpu)$/.test(text)) return obj;
      return changes(obj, `${what}.to(${text || '…'})`, /cuda|mps|xpu/.test(text) ? 'moves the module to a GPU, whose results are not reproduced statically' : 'changes the module in a way that is not evaluated');
    }
    case 'cuda': return changes(obj, `${what}.cuda()`, 'moves the module to a GPU, whose results are not reproduced statically');
    case 'double': case 'half': case 'bfloat16': case 'type': return changes(obj, `${what}.${name}()`, 'changes its parameters\' dtype, which is not evaluated (float32 on the CPU is)');
    case 'load_state_dict': return changes(obj, `${what}.load_state_dict(…)`, 'loads weights that are not in this file');
    case 'register_buffer': case 'register_parameter': {
      const b = bindArgs(`${what}.${name}`, name === 'register_buffer' ? ['name', 'tensor', 'persistent?'] : ['name', 'param'], args, kwargs, false);
      const key = b.get('name');
      const value = b.get(name === 'register_buffer' ? 'tensor' : 'param') ?? null;
      if (typeof key !== 'string') throw new InputError(`TypeError: ${name}() name should be a string`);
      if (value !== null && !isNDArray(value)) throw new InputError(`TypeError: cannot assign '${typeName(value)}' object to ${name === 'register_buffer' ? 'buffer' : 'parameter'} '${key}' (torch Tensor or None required)`);
      obj.attrs.set(key, value);
      return null;
    }
    case 'apply': case 'add_module': case 'register_module':
      return changes(obj, `${what}.${name}(…)`, 'changes the module in a way that is not evaluated');
    default:
      throw new NotEvaluable(`${what}.${name}() is not evaluated`);
  }
}

/** Refuses a call that changes `obj`: the object is unknown from here on. */
function changes(obj: PyObject, call: string, why: string): never {
  obj.unknown = `${call} ${why}`;
  throw new NotEvaluable(`${call} ${why}; the module is not shown after it`);
}

function setTraining(obj: PyObject, mode: boolean, depth: number): void {
  if (!obj.module || depth > 64) return;
  obj.module.training = mode;
  for (const v of obj.attrs.values()) if (isObject(v)) setTraining(v, mode, depth + 1);
}
