/**
 * PyTorch's random functions in user programs: `torch.manual_seed(n)` / `torch.random.manual_seed(n)`,
 * `torch.Generator().manual_seed(n)` passed as `generator=`, and the draws `torch.randn`, `rand`,
 * `randint`, `randperm`, `normal` (float mean/std and a size), `randn_like`, `rand_like` — evaluated bit
 * for bit with PyTorch's CPU generator (src/core/random/torchGenerator.ts; float64 normals to 2 ulp).
 *
 * What is refused, with the reason: a draw before any seed (torch seeds from the operating system), a
 * CUDA device or generator, and half-precision dtypes. Draws of any rank are tensors of their dtype (float32
 * by default, float64, int64), evaluated further by torchOps.ts; nn modules are built in torchModules.ts.
 *
 * The state lives in the program's {@link TorchRandomState}, part of its RandomWorld (random/world.ts), so
 * that it is saved and restored with every other generator by the incremental evaluator.
 */
import { InputError } from '../../errors';
import { type NDArray, dtypeOf as arrayDtype, isNDArray, ndarray } from '../../ndarray/ndarray';
import { isTensor } from './tensorOrigin';
import { isPythonFloat } from './torchLiterals';
import type { TorchDtype, TorchFloatDtype, TorchSample } from '../../random/torchGenerator';
import type { TorchRandomState, TorchSeededGenerator } from '../../random/torchState';
import { bindArgs } from './args';
import { toInt, toNumber, toShape } from './convert';
import { type Kwargs, type PyValue, isList, isRef } from './values';

/** Thrown for a call that is understood but cannot be shown (the caller turns it into its NotEvaluable). */
export class TorchNotEvaluable extends Error {
  override readonly name = 'TorchNotEvaluable';
}

/** Remembers `e` as this module's refusal (the state it leaves is exact), then returns it to be thrown. */
export function refusal(state: TorchRandomState, e: TorchNotEvaluable): TorchNotEvaluable {
  state.lastRefusal = e.message;
  return e;
}

/** How each array this module made was obtained: `torch.randn (float32) after torch.manual_seed(0)`. */
const ORIGINS = new WeakMap<NDArray, { text: string; dtype: TorchDtype }>();

/** The torch dtype of an array made by a torch draw (kept in float64 storage), if `a` is one. */
export function torchDrawDtype(a: NDArray): TorchDtype | undefined {
  return ORIGINS.get(a)?.dtype;
}

/** The origin text of an array made by a torch draw (for hovers and the CLI), if `a` is one. */
export function torchOrigin(a: PyValue): string | undefined {
  return isNDArray(a) ? ORIGINS.get(a)?.text : undefined;
}

const GENERATOR_PATH = /^torch\.Generator#(\d+)$/;
const DRAWS = new Set(['randn', 'rand', 'randint', 'randperm', 'normal', 'randn_like', 'rand_like']);

/**
 * Evaluates `path` if it is one of torch's random functions; returns undefined for any other path.
 * @throws InputError for invalid arguments (as torch raises), TorchNotEvaluable for what cannot be shown.
 */
export function callTorchRandom(path: string, args: readonly PyValue[], kwargs: Kwargs, state: TorchRandomState, maxElements = Infinity): PyValue | undefined {
  const p = path.replace(/^torch\.random\./, 'torch.');
  const method = /^torch\.Generator#(\d+)\.(\w+)$/.exec(p);
  const global = /^torch\.(manual_seed|seed|initial_seed|get_rng_state|set_rng_state)$/.exec(p);
  if (method || global) {
    const id = method ? Number(method[1]) : 0;
    const g = state.get(id);
    if (!g) throw new TorchNotEvaluable(`${path}(): unknown generator`);
    return generatorMethod(method ? method[2] : (global as RegExpExecArray)[1], id, g, args, kwargs, state, path);
  }
  if (p === 'torch.Generator') {
    checkDevice(kwargs.get('device') ?? args[0], path);
    return { kind: 'ref', path: `torch.Generator#${state.create()}` };
  }
  if (p === 'torch.set_default_dtype') {
    const d = bindArgs(path, ['d'], args, kwargs).get('d') as PyValue;
    const name = isRef(d) ? d.path.replace(/^torch\./, '') : '';
    state.defaultDtype = name === 'float64' || name === 'double' ? 'float64' : name === 'float32' || name === 'float' ? 'float32' : null;
    state.changes++;
    if (state.defaultDtype === null) throw new TorchNotEvaluable(`${path}(${name || '?'}): only float32 and float64 are reproduced; later draws without dtype= are not shown`);
    return null;
  }
  if (p === 'torch.set_default_tensor_type') {
    const t = args[0] ?? kwargs.get('t');
    const text = typeof t === 'string' ? t : isRef(t ?? null) ? (t as { path: string }).path : '';
    state.defaultDtype = /DoubleTensor$/.test(text) ? 'float64' : /FloatTensor$/.test(text) && !/cuda/.test(text) ? 'float32' : null;
    state.changes++;
    if (state.defaultDtype === null) throw new TorchNotEvaluable(`${path}(${text || '?'}): later draws without dtype= are not shown`);
    return null;
  }
  if (p === 'torch.get_default_dtype') {
    if (state.defaultDtype === null) throw new TorchNotEvaluable('torch.get_default_dtype(): the default dtype is not known here');
    return { kind: 'ref', path: `torch.${state.defaultDtype}` };
  }
  const name = p.startsWith('torch.') ? p.slice(6) : '';
  if (DRAWS.has(name)) return draw(name, args, kwargs, state, path, maxElements);
  const module = /^torch\.nn\.(?:modules\.\w+\.)?([A-Z]\w*)$/.exec(p);
  if (module && !NO_DRAW_MODULES.has(module[1])) constructModule(module[1], state);
  if (MAY_DRAW.test(p)) {
    state.forget(`${path}() (line not evaluated)`);
    throw new TorchNotEvaluable(`${path}() draws from torch's generator and is not reproduced; later draws are not shown until the next torch.manual_seed`);
  }
  return undefined;
}

/** torch functions (other than those above) that draw from a generator. */
const MAY_DRAW = /^torch\.(?:.*\b(?:rand\w*|normal_?|uniform_?|bernoulli_?|multinomial|poisson|dropout\w*|alpha_dropout|feature_alpha_dropout|shuffle|exponential_|cauchy_|geometric_|log_normal_|random_)|nn\.init\..*|distributions\..*)$/;

/** nn modules whose construction draws nothing. */
const NO_DRAW_MODULES = new Set(['Softmax', 'LogSoftmax', 'ReLU', 'GELU', 'SiLU', 'Tanh', 'Sigmoid', 'LeakyReLU', 'ELU', 'Softplus', 'Dropout',
  'Identity', 'Flatten', 'LayerNorm', 'BatchNorm1d', 'BatchNorm2d', 'Sequential', 'ModuleList', 'ModuleDict', 'Module']);

/**
 * A parameterised nn module that torchModules.ts does not build (another type, or `dtype=`/`device=` other
 * than float32 on the CPU): its initialisation may draw from torch's generator, whose state becomes unknown.
 */
function constructModule(name: string, state: TorchRandomState): never {
  const g = state.default;
  if (g.seed !== null || g.why !== undefined) state.forget(`nn.${name}(...) (its initialisation draws are not reproduced)`);
  throw new TorchNotEvaluable(`nn.${name}(…) is not evaluated here (only float32 CPU modules of the types Linear, MultiheadAttention, Embedding, LayerNorm… are); its initialisation draws from torch's generator, so later draws are not shown until the next torch.manual_seed`);
}

/** Random torch calls in a statement's text (any one of them may have drawn before the statement failed). */
const RANDOM_TEXT = /\b(?:rand\w*|normal_?|uniform_?|bernoulli_?|multinomial|poisson|dropout|shuffle|exponential_|cauchy_|random_|manual_seed|seed|set_rng_state|set_state|fork_rng|set_default_dtype|set_default_tensor_type|Linear|MultiheadAttention|Embedding|Conv\w*|LSTM|GRU|RNN|Transformer\w*|init)\b/g;

/**
 * Called by the evaluator when a statement could not be evaluated: if its text may have drawn from,
 * seeded or restored a torch generator (and the failure is not one of this module's own refusals of a
 * lone draw, which keep the state exact), every torch generator's state becomes unknown.
 */
export function forgetTorchAfterFailure(text: string, state: TorchRandomState, reason: string): void {
  if (/^with\b[^\n]*\bfork_rng\b/.test(text)) return; // skipped whole; torch restores the state after it anyway
  const calls = text.match(RANDOM_TEXT) ?? [];
  if (calls.length === 0) return;
  if (calls.length === 1 && state.lastRefusal === reason) return;
  state.forget(`the statement "${text.split('\n')[0].slice(0, 60)}" that could not be evaluated`);
}

/** `manual_seed`, `seed`, `initial_seed`, `get_rng_state`/`get_state`, `set_rng_state`/`set_state` of generator `id`. */
function generatorMethod(name: string, id: number, g: TorchSeededGenerator, args: readonly PyValue[], kwargs: Kwargs, state: TorchRandomState, fn: string): PyValue {
  const self: PyValue = { kind: 'ref', path: `torch.Generator#${id}` };
  switch (name) {
    case 'manual_seed':
      return seed(g, bindArgs(fn, ['seed'], args, kwargs).get('seed') as PyValue, fn, self);
    case 'initial_seed':
      if (g.seed === null) throw new TorchNotEvaluable(`${fn}(): the generator was seeded from the operating system`);
      return Number(g.seed);
    case 'get_rng_state': case 'get_state':
      return { kind: 'ref', path: `torch.rng_state#${state.save(id)}` };
    case 'set_rng_state': case 'set_state': {
      const v = bindArgs(fn, ['new_state'], args, kwargs).get('new_state') as PyValue;
      const m = isRef(v) ? /^torch\.rng_state#(\d+)$/.exec(v.path) : null;
      if (m && state.load(id, Number(m[1]))) return id === 0 ? null : self;
      lose(g, state, `${fn}() with a state not saved in this program`);
      throw new TorchNotEvaluable(`${fn}(): a state not saved by get_rng_state() in this program; later draws are not reproducible statically`);
    }
    default: // seed(): from the operating system
      lose(g, state, `${fn}() (a seed from the operating system)`);
      throw new TorchNotEvaluable(`${fn}() seeds the generator from the operating system: later draws are not reproducible statically`);
  }
}

/** Generator `g` no longer has a known state, because of `why`. */
function lose(g: TorchSeededGenerator, state: TorchRandomState, why: string): void {
  g.seed = null;
  g.why = why;
  state.changes++;
}

function seed(g: TorchSeededGenerator, v: PyValue, fn: string, returns: PyValue): PyValue {
  if (typeof v !== 'number' && typeof v !== 'boolean') throw new InputError(`${fn}(): the seed must be an integer, not ${typeof v}`);
  const n = toInt(v, `${fn} seed`);
  if (!Number.isSafeInteger(n)) throw new TorchNotEvaluable(`${fn}(${n}): seeds beyond 2^53 are not read exactly here`);
  g.gen.manualSeed(n);
  g.seed = String(n);
  g.why = undefined;
  return returns;
}

function generatorOf(v: PyValue | undefined, state: TorchRandomState, fn: string): TorchSeededGenerator {
  if (v == null) return state.default;
  const m = isRef(v) ? GENERATOR_PATH.exec(v.path) : null;
  const g = m ? state.get(Number(m[1])) : undefined;
  if (!g) throw new TorchNotEvaluable(`${fn}(): generator= must be a torch.Generator made in this program`);
  return g;
}

function checkDevice(v: PyValue | undefined, fn: string): void {
  if (v == null) return;
  const text = typeof v === 'string' ? v : isRef(v) ? v.path : '';
  if (/cuda|mps|xpu|hip/.test(text)) {
    throw new TorchNotEvaluable(`${fn}(device='${text}'): GPU generators (CUDA's Philox) are not reproducible statically; only the CPU generator is`);
  }
  if (typeof v === 'string' && !/^cpu(:\d+)?$/.test(v)) throw new TorchNotEvaluable(`${fn}(device='${v}') is not reproducible statically`);
}

/** The dtype asked for (`dtype=torch.float64`), or `fallback`. */
function dtypeOf(v: PyValue | undefined, fn: string, fallback: TorchDtype): TorchDtype {
  if (v == null) return fallback;
  const name = isRef(v) ? v.path.replace(/^torch\./, '') : typeof v === 'string' ? v : '';
  if (name === 'float32' || name === 'float') return 'float32';
  if (name === 'float64' || name === 'double') return 'float64';
  if (name === 'int64' || name === 'long') return 'int64';
  // torch.int is int32; int32/int16/int8/uint8 wrap around where int64 does not (`randint(250, 256, …, dtype=torch.uint8) + 10`).
  throw new TorchNotEvaluable(`${fn}(dtype=${name || '?'}) is not reproduced (float32, float64 and int64 are: narrower integers wrap around)`);
}

/** A size given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(size=(2, 3))`. */
function sizeOf(args: readonly PyValue[], kwargs: Kwargs, fn: string): number[] {
  const size = kwargs.get('size');
  if (args.length === 0 && size != null) return toShape(size, `${fn} size`);
  if (args.length === 1 && isList(args[0])) return toShape(args[0], `${fn} size`);
  return args.map((a, i) => toInt(a, `${fn} dimension ${i}`));
}

function draw(name: string, args: readonly PyValue[], kwargs: Kwargs, state: TorchRandomState, fn: string, maxElements: number): PyValue {
  checkDevice(kwargs.get('device'), fn);
  const g = generatorOf(kwargs.get('generator'), state, fn);
  const call = (): [TorchSample, string] => {
    // A draw too large to hold is not drawn: the generator's state is then unknown.
    const gen = {
      normal: (shape: readonly number[], ...rest: [TorchFloatDtype, number?, number?]) => g.gen.normal(guard(shape), ...rest),
      uniform: (shape: readonly number[], dtype: TorchFloatDtype) => g.gen.uniform(guard(shape), dtype),
      randint: (low: number, high: number, shape: readonly number[]) => g.gen.randint(low, high, guard(shape)),
      randperm: (n: number) => g.gen.randperm(guard([n])[0]),
    };
    switch (name) {
      case 'randn': case 'rand': {
        const shape = sizeOf(args, kwargs, fn);
        const dtype = floatDtype(dtypeOf(kwargs.get('dtype'), fn, defaultDtype(state, fn)), fn);
        return [name === 'randn' ? gen.normal(shape, dtype) : gen.uniform(shape, dtype), name];
      }
      case 'randn_like': case 'rand_like': {
        const input = bindArgs(fn, ['input'], args, kwargs).get('input') as PyValue;
        if (!isNDArray(input)) throw new InputError(`${fn}(): input must be a tensor`);
        const own = arrayDtype(input);
        const known = ORIGINS.get(input)?.dtype ?? (isTensor(input) && (own === 'float32' || own === 'float64') ? own : undefined);
        const dtype = floatDtype(dtypeOf(kwargs.get('dtype'), fn, known ?? 'float32'), fn);
        if (kwargs.get('dtype') == null && known === undefined) {
          throw new TorchNotEvaluable(`${fn}(): the dtype of the input tensor is not known here; pass dtype=torch.float32 or torch.float64`);
        }
        return [name === 'randn_like' ? gen.normal(input.shape, dtype) : gen.uniform(input.shape, dtype), name];
      }
      case 'normal': {
        const b = bindArgs(fn, ['mean', 'std', 'size?'], args, kwargs);
        const mean = b.get('mean') as PyValue;
        const std = b.get('std') as PyValue;
        if ((isNDArray(mean) && !isPythonFloat(mean)) || (isNDArray(std) && !isPythonFloat(std))) throw new TorchNotEvaluable(`${fn}() with tensor mean or std is not reproduced (float mean, std and a size are)`);
        const size = b.get('size');
        if (size == null) throw new InputError(`${fn}(): with float mean and std, size is required`);
        const dtype = floatDtype(dtypeOf(kwargs.get('dtype'), fn, defaultDtype(state, fn)), fn);
        return [gen.normal(toShape(size, `${fn} size`), dtype, toNumber(mean, `${fn} mean`), toNumber(std, `${fn} std`)), name];
      }
      case 'randint': {
        const pos = args.filter((a) => !isList(a));
        const sizeArg = args.find(isList) ?? kwargs.get('size');
        if (sizeArg == null) throw new InputError(`${fn}(): size is required (a tuple, e.g. randint(0, 10, (3,)))`);
        const lowArg = pos.length >= 2 ? pos[0] : kwargs.get('low') ?? 0;
        const highArg = pos.length >= 2 ? pos[1] : pos.length === 1 ? pos[0] : kwargs.get('high');
        if (highArg == null) throw new InputError(`${fn}(): high is required`);
        const s = gen.randint(toInt(lowArg, `${fn} low`), toInt(highArg, `${fn} high`), toShape(sizeArg, `${fn} size`));
        return [retype(s, dtypeOf(kwargs.get('dtype'), fn, 'int64')), name];
      }
      default: { // randperm
        const n = toInt(bindArgs(fn, ['n'], args, kwargs).get('n') as PyValue, `${fn} n`);
        return [retype(gen.randperm(n), dtypeOf(kwargs.get('dtype'), fn, 'int64')), name];
      }
    }
  };
  if (g.seed === null && g.why !== undefined) {
    throw new TorchNotEvaluable(`${fn}(): the generator's state is not known after ${g.why}, so these numbers are not reproducible statically`);
  }
  if (g.seed === null) {
    const which = g === state.default ? 'torch.manual_seed(n)' : 'generator.manual_seed(n)';
    throw new TorchNotEvaluable(`${fn}() before ${which}: torch seeds its generator from the operating system, so these numbers are not reproducible statically`);
  }
  const guard = (shape: readonly number[]): readonly number[] => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (n > maxElements) {
      lose(g, state, `${fn}() of ${n} values (more than the limit of ${maxElements} elements)`);
      throw new TorchNotEvaluable(`${fn}(): ${n} values is more than the limit of ${maxElements} elements (setting attentionExplorer.limits); later draws are not shown until the next manual_seed`);
    }
    return shape;
  };
  let drawn: [TorchSample, string];
  try {
    drawn = call();
  } catch (e) {
    // A draw torch makes but the evaluator does not (`torch.normal(mean=torch.zeros(3), std=1.0)`): the
    // generator moved on by an unknown amount, so later draws are unknown too.
    if (e instanceof TorchNotEvaluable && g.seed !== null) lose(g, state, `${fn}() (not evaluated)`);
    throw e;
  }
  const [sample, label] = drawn;
  const value = ndarray(sample.shape, sample.data, undefined, sample.dtype); // any rank; a 0-d tensor stays a tensor
  const seedText = g === state.default ? `torch.manual_seed(${g.seed})` : `a torch.Generator seeded with ${g.seed}`;
  ORIGINS.set(value, { text: `torch.${label} (${sample.dtype}) after ${seedText}`, dtype: sample.dtype });
  return value;
}

/** `torch.get_default_dtype()`, or a refusal when `set_default_dtype` was given something not reproduced. */
function defaultDtype(state: TorchRandomState, fn: string): TorchDtype {
  if (state.defaultDtype === null) throw new TorchNotEvaluable(`${fn}(): the default dtype was set to one that is not reproduced; pass dtype=`);
  return state.defaultDtype;
}

function floatDtype(d: TorchDtype, fn: string): TorchFloatDtype {
  if (d === 'int64') throw new InputError(`${fn}(): "normal_kernel_cpu" / "uniform_kernel_cpu" not implemented for integer dtypes`);
  return d;
}

/** Integer draws asked for as floats keep their (exact) values; only the recorded dtype changes. */
function retype(s: TorchSample, d: TorchDtype): TorchSample {
  return { ...s, dtype: d };
}
