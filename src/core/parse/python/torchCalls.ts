/**
 * PyTorch's random functions in user programs: `torch.manual_seed(n)` / `torch.random.manual_seed(n)`,
 * `torch.Generator().manual_seed(n)` passed as `generator=`, and the draws `torch.randn`, `rand`,
 * `randint`, `randperm`, `normal` (float mean/std and a size), `randn_like`, `rand_like` — evaluated bit
 * for bit with PyTorch's CPU generator (src/core/random/torchGenerator.ts; float64 normals to 2 ulp).
 *
 * What is refused, with the reason: a draw before any seed (torch seeds from the operating system), a
 * CUDA device or generator, half-precision dtypes, and — until the evaluator has N-D arrays — results of
 * more than 2 dimensions ("N-D tensors are not supported yet"; the generator still advances by exactly
 * what torch draws, so later draws stay right).
 *
 * The state lives in the program's {@link TorchRandomState}, part of its RandomWorld (random/world.ts), so
 * that it is saved and restored with every other generator by the incremental evaluator.
 */
import { InputError } from '../../errors';
import { type NDArray, isNDArray, ndarray, shapeString } from '../../ndarray/ndarray';
import type { TorchDtype, TorchFloatDtype, TorchSample } from '../../random/torchGenerator';
import type { TorchRandomState, TorchSeededGenerator } from '../../random/torchState';
import { bindArgs } from './args';
import { toInt, toNumber, toShape } from './convert';
import { type Kwargs, type PyValue, isList, isRef } from './values';

/** Thrown for a call that is understood but cannot be shown (the caller turns it into its NotEvaluable). */
export class TorchNotEvaluable extends Error {
  override readonly name = 'TorchNotEvaluable';
}

/** How each array this module made was obtained: `torch.randn (float32) after torch.manual_seed(0)`. */
const ORIGINS = new WeakMap<NDArray, { text: string; dtype: TorchDtype }>();

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
export function callTorchRandom(path: string, args: readonly PyValue[], kwargs: Kwargs, state: TorchRandomState): PyValue | undefined {
  const p = path.replace(/^torch\.random\./, 'torch.');
  if (p === 'torch.manual_seed') return seed(state.default, bindArgs(path, ['seed'], args, kwargs).get('seed') as PyValue, path, null);
  if (p === 'torch.seed' || p === 'torch.random.seed') {
    state.default.seed = null;
    throw new TorchNotEvaluable('torch.seed() seeds the generator from the operating system: later draws are not reproducible statically');
  }
  if (p === 'torch.Generator') {
    checkDevice(kwargs.get('device') ?? args[0], path);
    return { kind: 'ref', path: `torch.Generator#${state.create()}` };
  }
  const method = /^(torch\.Generator#\d+)\.(manual_seed|seed|initial_seed)$/.exec(p);
  if (method) {
    const g = generatorOf({ kind: 'ref', path: method[1] }, state, path);
    if (method[2] !== 'manual_seed') {
      g.seed = null;
      throw new TorchNotEvaluable(`${method[2]}() on a torch.Generator is not reproducible statically`);
    }
    return seed(g, bindArgs(path, ['seed'], args, kwargs).get('seed') as PyValue, path, { kind: 'ref', path: method[1] });
  }
  const name = p.startsWith('torch.') ? p.slice(6) : '';
  if (!DRAWS.has(name)) return undefined;
  return draw(name, args, kwargs, state, path);
}

function seed(g: TorchSeededGenerator, v: PyValue, fn: string, returns: PyValue): PyValue {
  if (typeof v !== 'number' && typeof v !== 'boolean') throw new InputError(`${fn}(): the seed must be an integer, not ${typeof v}`);
  const n = toInt(v, `${fn} seed`);
  if (!Number.isSafeInteger(n)) throw new TorchNotEvaluable(`${fn}(${n}): seeds beyond 2^53 are not read exactly here`);
  g.gen.manualSeed(n);
  g.seed = String(n);
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
  if (/^(int64|long|int32|int|int16|int8|uint8)$/.test(name)) return 'int64';
  throw new TorchNotEvaluable(`${fn}(dtype=${name || '?'}) is not reproduced (float32, float64 and integer dtypes are)`);
}

/** A size given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(size=(2, 3))`. */
function sizeOf(args: readonly PyValue[], kwargs: Kwargs, fn: string): number[] {
  const size = kwargs.get('size');
  if (args.length === 0 && size != null) return toShape(size, `${fn} size`);
  if (args.length === 1 && isList(args[0])) return toShape(args[0], `${fn} size`);
  return args.map((a, i) => toInt(a, `${fn} dimension ${i}`));
}

function draw(name: string, args: readonly PyValue[], kwargs: Kwargs, state: TorchRandomState, fn: string): PyValue {
  checkDevice(kwargs.get('device'), fn);
  const g = generatorOf(kwargs.get('generator'), state, fn);
  const call = (): [TorchSample, string] => {
    const gen = g.gen;
    switch (name) {
      case 'randn': case 'rand': {
        const shape = sizeOf(args, kwargs, fn);
        const dtype = floatDtype(dtypeOf(kwargs.get('dtype'), fn, 'float32'), fn);
        return [name === 'randn' ? gen.normal(shape, dtype) : gen.uniform(shape, dtype), name];
      }
      case 'randn_like': case 'rand_like': {
        const input = bindArgs(fn, ['input'], args, kwargs).get('input') as PyValue;
        if (!isNDArray(input)) throw new InputError(`${fn}(): input must be a tensor`);
        const known = ORIGINS.get(input)?.dtype;
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
        if (isNDArray(mean) || isNDArray(std)) throw new TorchNotEvaluable(`${fn}() with tensor mean or std is not reproduced (float mean, std and a size are)`);
        const size = b.get('size');
        if (size == null) throw new InputError(`${fn}(): with float mean and std, size is required`);
        const dtype = floatDtype(dtypeOf(kwargs.get('dtype'), fn, 'float32'), fn);
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
  if (g.seed === null) {
    const which = g === state.default ? 'torch.manual_seed(n)' : 'generator.manual_seed(n)';
    throw new TorchNotEvaluable(`${fn}() before ${which}: torch seeds its generator from the operating system, so these numbers are not reproducible statically`);
  }
  const [sample, label] = call();
  if (sample.shape.length > 2) {
    throw new TorchNotEvaluable(`torch.${label}: a tensor of shape ${shapeString(sample.shape)}: N-D tensors are not supported yet (the generator advanced by its ${sample.data.length} values)`);
  }
  if (sample.shape.length === 0) return sample.data[0]; // a 0-d tensor, shown as its number
  const value = ndarray(sample.shape, sample.data);
  const seedText = g === state.default ? `torch.manual_seed(${g.seed})` : `a torch.Generator seeded with ${g.seed}`;
  ORIGINS.set(value, { text: `torch.${label} (${sample.dtype}) after ${seedText}`, dtype: sample.dtype });
  return value;
}

function floatDtype(d: TorchDtype, fn: string): TorchFloatDtype {
  if (d === 'int64') throw new InputError(`${fn}(): "normal_kernel_cpu" / "uniform_kernel_cpu" not implemented for integer dtypes`);
  return d;
}

/** Integer draws asked for as floats keep their (exact) values; only the recorded dtype changes. */
function retype(s: TorchSample, d: TorchDtype): TorchSample {
  return { ...s, dtype: d };
}
