/**
 * NumPy's random API as a program calls it: the legacy module functions (`np.random.seed`, `rand`, `randn`,
 * `randint`, `normal`, `choice`, `permutation`, `shuffle`, …) on the global RandomState, generator objects
 * (`np.random.default_rng(seed)`, `Generator(PCG64(seed))`, `RandomState(seed)`) and their methods.
 *
 * Rules that keep every number exact:
 * - a draw from a generator in an unknown state is refused, naming the line that made it unknown;
 * - a state-changing call that cannot be evaluated (its arguments, an unsupported distribution or option, an
 *   invalid seed) makes its generator's state unknown until the next seed ({@link afterFailedCall});
 * - a draw that happened but whose result cannot be shown (values beyond 2^53, more dimensions than arrays
 *   support yet) advances the generator exactly and only the result is refused ({@link DrawnNotShown});
 * - draws from an unseeded generator are made from a stand-in seed (0 for the global generator, then 1, 2, …:
 *   two unseeded generators never share a stream) and flagged `unseeded`.
 */
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import { type DType, MAX_RANK, type NDArray, dtypeOf, isNDArray, ndarray, shapeString } from '../../ndarray/ndarray';
import { NumpyGenerator, UnrepresentableDraw } from '../../random/numpyGenerator';
import { NumpyRandomState, type RandomArray } from '../../random/numpyLegacy';
import type { SeedEntropy } from '../../random/seedSequence';
import { GeneratorHandle } from '../../random/world';
import { bindArgs } from './args';
import { type CallContext, type Impl, NotEvaluable } from './callContext';
import { toArray, toInt, toNumber, toShape } from './convert';
import type { Scope } from './scope';
import { type Kwargs, type PyGenerator, type PyGeneratorMethod, type PyValue, isGenerator, isList, typeName } from './values';
import { type FloatNames, isFloatSyntax } from './floatSyntax';
import { tensorInfo } from './frameworkTensor';
import { isTensor } from './tensorOrigin';

/** Most dimensions a drawn array may have to be shown (the evaluator's arrays go to {@link MAX_RANK}). */
const MAX_SHOWN_RANK = MAX_RANK;

/** A call whose draw happened (the generator advanced as in NumPy) but whose result cannot be shown. */
export class DrawnNotShown extends NotEvaluable {
  override readonly name: string = 'DrawnNotShown';
}

/**
 * `shuffle(x)` drew its permutation and changes `x` in place: with `shuffled` (x's rows, or a list's items, in
 * the drawn order) the evaluator rebinds x to it as a change in place; without, `x` becomes unknown.
 */
export class InPlaceChange extends DrawnNotShown {
  override readonly name: string = 'InPlaceChange';
  constructor(message: string, readonly shuffled?: PyValue) {
    super(message);
  }
}

/**
 * `x` reordered along axis 0 by `order` (entry k is x's row order[k], as `shuffle` leaves it): a NumPy array or
 * a list; undefined for anything else (a tensor, a tuple), whose change in place is not followed.
 */
function shuffledValue(x: PyValue, order: Float64Array): PyValue | undefined {
  if (isList(x) && !x.tuple) return { kind: 'list', items: Array.from(order, (i) => x.items[i]), tuple: false };
  if (!isNDArray(x) || isTensor(x) || tensorInfo(x) || x.shape.length === 0) return undefined;
  const row = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(x.data.length);
  order.forEach((i, k) => data.set(x.data.subarray(i * row, (i + 1) * row), k * row));
  return ndarray(x.shape, data, undefined, x.dtype);
}

const SHUFFLE_NOT_FOLLOWED = 'shuffles x in place, which is not followed for this kind of x (the generator advanced exactly)';

/** `np.random.*` names that create or inspect generators without changing the global state. */
const STATE_FREE = new Set(['default_rng', 'RandomState', 'Generator', 'PCG64', 'MT19937', 'SeedSequence', 'get_state', 'Philox', 'SFC64', 'BitGenerator', 'PCG64DXSM']);

/**
 * The generator whose state a call to `fn` changes: the global one for `np.random.<f>` (any function but the
 * constructors), the object's own for a method of a generator object; undefined otherwise.
 */
export function generatorOfCallee(fn: PyValue, ctx: CallContext): GeneratorHandle | undefined {
  if (typeof fn !== 'object' || fn === null) return undefined;
  if (fn.kind === 'generatorMethod') return fn.self.handle;
  if (fn.kind === 'ref' && fn.path.startsWith('numpy.random.')) {
    const rest = fn.path.slice('numpy.random.'.length);
    if (!rest.includes('.') && !STATE_FREE.has(rest)) return ctx.random.global;
  }
  return undefined;
}

/**
 * Where a random function takes an integer NumPy would refuse as a float (`TypeError: 'float' object cannot be
 * interpreted as an integer`): the positional indices of its size, seed or population, or `all` (rand/randn dimensions).
 * The evaluator's numbers do not tell `2` from `2.0`, so the call's syntax is read for float literals there.
 */
const INTEGER_ARGUMENTS: Readonly<Record<string, readonly number[] | 'all'>> = {
  random: [0], random_sample: [0], ranf: [0], sample: [0], standard_normal: [0], rand: 'all', randn: 'all', normal: [2], uniform: [2],
  integers: [2], randint: [2], choice: [0, 1], seed: [0], default_rng: [0], PCG64: [0], RandomState: [0], permutation: [0],
};
const INTEGER_KEYWORDS = new Set(['size', 'seed']);
/**
 * Functions whose first argument is a population: an int n, or a sequence whose items may be floats
 * (`rng.choice([0.5, 0.25], 3)`, `rs.permutation([1.5, 2.5])` are fine in NumPy); only a float scalar is refused there.
 */
const POPULATION_FIRST = new Set(['choice', 'permutation']);
/** NumPy functions that take integers (shapes, sizes), likewise: `np.zeros(n / 2)` raises TypeError. */
const NUMPY_INTEGER_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  zeros: [0], ones: [0], empty: [0], full: [0], eye: [0, 1], identity: [0], tri: [0, 1],
};

/**
 * Refuses, as NumPy does, a float literal where a random call needs an integer (`np.random.seed(1.0)`,
 * `rng.random(size=2.0)`, `np.random.rand(2.0, 3)`), before anything is drawn.
 * @throws InputError naming the argument.
 */
export function checkIntegerLiterals(call: Node, fn: PyValue, names?: FloatNames): void {
  let name: string | undefined;
  let table = INTEGER_ARGUMENTS;
  if (typeof fn === 'object' && fn !== null && fn.kind === 'generatorMethod') name = fn.name;
  else if (typeof fn === 'object' && fn !== null && fn.kind === 'ref' && fn.path.startsWith('numpy.random.')) name = fn.path.slice('numpy.random.'.length);
  else if (typeof fn === 'object' && fn !== null && fn.kind === 'ref' && /^numpy\.\w+$/.test(fn.path)) {
    name = fn.path.slice('numpy.'.length);
    table = NUMPY_INTEGER_ARGUMENTS;
  }
  if (name === undefined) return;
  const at = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (at === undefined && table === NUMPY_INTEGER_ARGUMENTS) return;
  const hasFloat = (n: Node | null | undefined): boolean =>
    !!n && (isFloatSyntax(n, names) || ((n.type === 'tuple' || n.type === 'list') && n.namedChildren.some((c) => hasFloat(c))));
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null && a.type !== 'comment') ?? [];
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const population = table === INTEGER_ARGUMENTS && POPULATION_FIRST.has(name);
  const isBad = (a: Node | undefined, i: number): boolean => (population && i === 0 ? isFloatSyntax(a, names) : hasFloat(a));
  const bad = args.find((a) => a.type === 'keyword_argument' && INTEGER_KEYWORDS.has(a.childForFieldName('name')?.text ?? '') && hasFloat(a.childForFieldName('value'))) ??
    (at === 'all' ? positional.find((a) => hasFloat(a)) : at?.map((i) => positional[i]).find((a, k) => isBad(a, at[k])));
  if (bad) throw new InputError(`${call.childForFieldName('function')?.text ?? name}: ${bad.text} is a float where NumPy needs an integer (it raises TypeError)`);
}

/** `rng.<name>`: a bound method of a generator object. */
export function generatorAttribute(g: PyGenerator, name: string): PyValue {
  if (g.bitGenerator) throw new NotEvaluable(`attribute .${name} of a PCG64 bit generator is not evaluated (wrap it: np.random.Generator(PCG64(seed)))`);
  return { kind: 'generatorMethod', self: g, name };
}

/**
 * After a call to a state-changing random function failed with `e`: a draw that did not happen (or happened in
 * a way we cannot follow) makes the generator's state unknown; a draw that happened but cannot be shown leaves
 * it exact; `shuffle(x)` makes `x` (and the names sharing its data) unknown.
 */
export function afterFailedCall(e: unknown, h: GeneratorHandle, call: Node, line: number, scope: Scope, ctx: CallContext): void {
  if (e instanceof InPlaceChange) {
    ctx.random.completed.add(call.id);
    const args = call.childForFieldName('arguments');
    const target = args?.namedChildren.find((a) => a !== null && a.type !== 'comment' && a.type !== 'keyword_argument') ??
      args?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'x')?.childForFieldName('value');
    if (target?.type === 'identifier') {
      const old = scope.get(target.text);
      const why = { reason: e.message, range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } }, isError: false };
      if (old !== undefined && typeof old === 'object' && old !== null) for (const [alias] of [...scope.aliasesOf(old)]) scope.markUnbound(alias, why);
      scope.markUnbound(target.text, why);
    }
    return;
  }
  if (e instanceof DrawnNotShown) {
    ctx.random.completed.add(call.id);
    return;
  }
  if (e instanceof NotEvaluable || e instanceof InputError) {
    const text = call.text.length > 60 ? `${call.text.slice(0, 57)}…` : call.text;
    ctx.random.markUnknown(h, { call: text, line, cause: e.message });
  }
}

/** Draw calls that may change a generator, for {@link skippedDraws}. */
const DRAW_CALL = /(?:^|\.)random\.\w+$|^\w+\.\w+$/;

/**
 * After a module-level statement failed: the generators whose draws in it were skipped (never reached, or inside
 * a loop or comprehension, where some iterations may not have run), so their states are unknown. Looks at the
 * statement's calls and at the bodies of the user's functions it calls (and those they call, by name).
 */
export function skippedDraws(st: Node, scope: Scope, ctx: CallContext): GeneratorHandle[] {
  const out = new Set<GeneratorHandle>();
  const seen = new Set<number>();
  const visit = (root: Node, inLoop: boolean, depth: number): void => {
    // Top-down with an explicit stack, carrying "inside a loop": linear in the size of the statement (walking up
    // from each call to the root was cubic for `c(c(c(…)))`, as web-tree-sitter finds a parent from the root).
    const stack: [Node, boolean][] = [[root, inLoop]];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const [call, looped] = item;
      const inside = looped || (call.id !== root.id && LOOPS.has(call.type));
      const children = call.children;
      for (let k = children.length - 1; k >= 0; k--) {
        const child = children[k];
        if (child) stack.push([child, inside]);
      }
      if (call.type !== 'call') continue;
      const fnNode = call.childForFieldName('function');
      if (!fnNode) continue;
      const h = calleeHandle(fnNode, scope, ctx);
      if (h && (looped || !ctx.random.completed.has(call.id))) out.add(h);
      if (!h && depth < 16 && fnNode.type === 'identifier') {
        const f = scope.get(fnNode.text);
        if (typeof f === 'object' && f !== null && f.kind === 'function' && !seen.has(f.node.id)) {
          seen.add(f.node.id);
          const body = f.node.childForFieldName('body');
          if (body) visit(body, looped, depth + 1);
        }
      }
    }
  };
  visit(st, false, 0);
  return [...out];
}

/** The generator a call's function expression refers to, read without evaluating anything. */
function calleeHandle(fnNode: Node, scope: Scope, ctx: CallContext): GeneratorHandle | undefined {
  const text = fnNode.text;
  if (!DRAW_CALL.test(text) && fnNode.type !== 'identifier') return undefined;
  if (fnNode.type === 'identifier') {
    const v = scope.get(text);
    return v !== undefined ? generatorOfCallee(v, ctx) : undefined;
  }
  if (fnNode.type !== 'attribute') return undefined;
  const obj = fnNode.childForFieldName('object');
  const name = fnNode.childForFieldName('attribute')?.text ?? '';
  if (!obj) return undefined;
  if (/^(np|numpy)\.random$/.test(obj.text)) return STATE_FREE.has(name) ? undefined : ctx.random.global;
  if (obj.type === 'identifier') {
    const v = scope.get(obj.text);
    if (v !== undefined && isGenerator(v)) return v.handle;
    if (v !== undefined && typeof v === 'object' && v !== null && v.kind === 'ref' && v.path === 'numpy.random') return STATE_FREE.has(name) ? undefined : ctx.random.global;
  }
  return undefined;
}

/** Nodes whose body may run any number of times. */
const LOOPS: ReadonlySet<string> = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

// ---------------------------------------------------------------------------------------------------------
// Conversions

/** A `size` argument: omitted/None → a scalar draw. */
function sizeOf(v: PyValue | undefined, fn: string): number[] | undefined {
  return v == null ? undefined : toShape(v, `${fn} size`);
}

/**
 * Checks a size before drawing: NumPy's rule (non-negative integer dimensions) and the element limit. Any number
 * of dimensions is drawn: whether the array can be shown is decided after the draw ({@link asValue}).
 */
function checkSize(shape: readonly number[] | undefined, ctx: CallContext): void {
  if (!shape) return;
  for (const d of shape) if (!Number.isSafeInteger(d) || d < 0) throw new InputError(`negative dimensions are not allowed (size ${shapeString(shape)}; NumPy raises ValueError)`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > ctx.limits.maxElements) {
    throw new InputError(`a random array of shape ${shapeString(shape)} has ${n} entries, more than the limit of ${ctx.limits.maxElements} (setting attentionExplorer.limits.maxMatrixElements)`);
  }
}

/** A draw as a Python value: a scalar for no size, else an array (refused, after the draw, beyond {@link MAX_SHOWN_RANK} dimensions). */
function asValue(r: RandomArray, fn: string, dtype: DType = 'float64'): PyValue {
  if (r.shape.length === 0) return r.data[0];
  if (r.shape.length > MAX_SHOWN_RANK) {
    throw new DrawnNotShown(`${fn} drew an array of shape ${shapeString(r.shape)} (the generator advanced exactly), but arrays of more than ${MAX_SHOWN_RANK} dimensions are not shown yet`);
  }
  return ndarray(r.shape, r.data, undefined, dtype);
}

/** A plain number argument; arrays (broadcast parameters) are not evaluated. */
function scalarArg(v: PyValue | undefined, d: number, what: string): number {
  if (v === undefined || v === null) return d;
  if (isNDArray(v) || isList(v)) throw new NotEvaluable(`${what} given as an array (one parameter per draw) is not evaluated`);
  return toNumber(v, what);
}

/** An integer argument that must be exact (below 2^53). */
function exactInt(v: PyValue, what: string): number {
  const n = toInt(v, what);
  if (!Number.isSafeInteger(n)) throw new NotEvaluable(`${what} = ${n} is beyond 2^53 and cannot be read exactly`);
  return n;
}

/** A bound of randint/integers: NumPy truncates a float bound with `int()`, which is not followed here. */
function integralBound(x: number, what: string): number {
  if (!Number.isInteger(x)) throw new NotEvaluable(`${what} = ${x} is a float (NumPy truncates it), which is not evaluated`);
  return x;
}

/** Refuses a `dtype`/`out` option other than the default. */
function defaultDtype(b: Map<string, PyValue>, fn: string, allowed: RegExp): void {
  const d = b.get('dtype');
  if (b.get('out') != null) throw new NotEvaluable(`${fn}(out=…) is not evaluated`);
  if (d == null) return;
  const name = typeof d === 'string' ? d : typeof d === 'object' && d.kind === 'ref' ? d.path.split('.').pop() ?? '' : '';
  if (!allowed.test(name)) throw new NotEvaluable(`${fn}(dtype=${name || typeName(d)}) is not evaluated (only the default dtype is)`);
}

/** Draws with `h`, refusing when its state is unknown, and notes unseeded draws. */
function draw<T>(h: GeneratorHandle, ctx: CallContext, f: () => T): T {
  const reason = h.unknownReason();
  if (reason) {
    ctx.random.noteRefusedDraw();
    throw new NotEvaluable(reason);
  }
  try {
    return f();
  } catch (e) {
    if (e instanceof UnrepresentableDraw) throw new DrawnNotShown(e.message);
    throw e;
  } finally {
    ctx.random.noteDraw(h);
  }
}

/** The population of `choice(a)`: an int n, or the items along axis 0 of an array or list. */
function population(a: PyValue, ctx: CallContext, fn: string): { n: number; items?: NDArray | readonly PyValue[] } {
  if (typeof a === 'number' || typeof a === 'boolean') return { n: exactInt(a, `${fn} a`) };
  if (isNDArray(a)) {
    if (a.shape.length === 0) return { n: exactInt(a.data[0], `${fn} a`) };
    return { n: a.shape[0], items: a };
  }
  if (isList(a)) {
    if (a.items.every((x) => typeof x === 'number' || typeof x === 'boolean' || isList(x) || isNDArray(x))) {
      const arr = toArray(a, ctx.limits, `${fn} a`);
      return { n: arr.shape[0], items: arr };
    }
    return { n: a.items.length, items: a.items };
  }
  throw new NotEvaluable(`${fn}(a) with a ${typeName(a)} is not evaluated`);
}

/** `a[idx]` along axis 0 for the indices of a choice/permutation, shaped `shape` (+ a's trailing dimensions). */
function take(items: NDArray | readonly PyValue[], idx: RandomArray, fn: string): PyValue {
  if (!isNDArray(items)) {
    if (idx.shape.length === 0) return items[idx.data[0]];
    const picked = Array.from(idx.data, (i) => items[i]);
    if (picked.every((x) => typeof x === 'number' || typeof x === 'boolean')) {
      const dtype: DType = picked.every((x) => typeof x === 'boolean') ? 'bool' : picked.every((x) => typeof x === 'boolean' || Number.isInteger(x)) ? 'int64' : 'float64';
      return asValue({ shape: idx.shape, data: Float64Array.from(picked, (x) => Number(x)) }, fn, dtype);
    }
    throw new DrawnNotShown(`${fn} drew ${picked.length} items that are not numbers (the generator advanced exactly); arrays of them are not evaluated`);
  }
  const rest = items.shape.slice(1);
  const row = rest.reduce((a, b) => a * b, 1);
  const data = new Float64Array(idx.data.length * row);
  idx.data.forEach((i, k) => data.set(items.data.subarray(i * row, (i + 1) * row), k * row));
  const shape = [...idx.shape, ...rest];
  if (shape.length === 0) return data[0];
  return asValue({ shape, data }, fn, dtypeOf(items));
}

// ---------------------------------------------------------------------------------------------------------
// Seeds and constructors


/**
 * A seed for SeedSequence (`default_rng`, `PCG64`, `Generator`): None → unseeded; a non-negative int or a list of
 * them. @throws InputError where NumPy raises (negative, float); NotEvaluable beyond 2^53.
 */
function seedEntropy(v: PyValue | undefined, fn: string): SeedEntropy | undefined {
  if (v === undefined || v === null) return undefined;
  const one = (x: PyValue): number => {
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (typeof x !== 'number') throw new NotEvaluable(`${fn}(seed) with a ${typeName(x)} is not evaluated`);
    if (!Number.isInteger(x)) throw new InputError(`${fn}: seed must be an integer, not the float ${x} (NumPy raises TypeError)`);
    if (x < 0) throw new InputError(`${fn}: seed must be non-negative, got ${x} (NumPy raises ValueError)`);
    if (!Number.isSafeInteger(x)) throw new NotEvaluable(`${fn}: the seed ${x} is beyond 2^53 and cannot be read exactly`);
    return x;
  };
  if (isList(v)) return v.items.map(one);
  if (isNDArray(v)) return Array.from(v.data, one);
  return one(v);
}

function pcgGenerator(seed: PyValue | undefined, ctx: CallContext, fn: string, bitGenerator = false): PyGenerator {
  const entropy = seedEntropy(seed, fn);
  const handle = new GeneratorHandle(new NumpyGenerator(entropy ?? ctx.random.standInSeed()), 'Generator(PCG64)', entropy !== undefined);
  ctx.random.register(handle);
  return bitGenerator ? { kind: 'generator', handle, bitGenerator: true } : { kind: 'generator', handle };
}

/** A legacy seed (`np.random.seed`, `RandomState`): an int in [0, 2^32 − 1]. @throws InputError where NumPy raises. */
function legacySeed(v: PyValue, fn: string): number {
  if (isList(v) || isNDArray(v)) throw new NotEvaluable(`${fn} with a sequence of seeds (init_by_array) is not evaluated`);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number') throw new InputError(`${fn}: cannot use a ${typeName(v)} as a seed (NumPy raises TypeError)`);
  if (!Number.isInteger(v)) throw new InputError(`${fn}: the seed ${v} is a float; NumPy raises TypeError (Cannot cast scalar from dtype('float64') to dtype('int64'))`);
  if (v < 0 || v > 0xffffffff) throw new InputError(`${fn}: Seed must be between 0 and 2**32 - 1 (got ${v}; NumPy raises ValueError)`);
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// Legacy RandomState methods (the global one behind np.random.*, or a RandomState object)

type HandleImpl = (h: GeneratorHandle, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string) => PyValue;

function legacyOf(h: GeneratorHandle): NumpyRandomState {
  if (!(h.impl instanceof NumpyRandomState)) throw new Error('expected a RandomState');
  return h.impl;
}

const LEGACY_METHODS: Readonly<Record<string, HandleImpl>> = {
  seed: (h, args, kwargs, ctx, fn) => {
    const s = bindArgs(fn, ['seed?'], args, kwargs, false).get('seed');
    const rs = legacyOf(h);
    const n = s == null ? null : legacySeed(s, fn);
    if (n === null) {
      rs.seed(ctx.random.standInSeed()); // NumPy: fresh entropy from the operating system
      h.seeded = false;
    } else {
      rs.seed(n);
      h.seeded = true;
    }
    h.unknown = undefined;
    if (h === ctx.random.global) ctx.random.seed = n;
    return null;
  },
  randint: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['low', 'high?', 'size?', 'dtype?'], args, kwargs, false);
    defaultDtype(b, fn, /^(int|int64|int_|long)$/);
    const size = sizeOf(b.get('size'), fn);
    checkSize(size, ctx);
    const high = b.get('high');
    const low = integralBound(scalarArg(b.get('low'), 0, `${fn} low`), `${fn} low`);
    const hi = high == null ? undefined : integralBound(scalarArg(high, 0, `${fn} high`), `${fn} high`);
    return draw(h, ctx, () => asValue(legacyOf(h).randint(low, hi, size), fn, 'int64'));
  },
  rand: (h, args, kwargs, ctx, fn) => {
    bindArgs(fn, ['*dims'], args, kwargs, false);
    const d = args.map((a, i) => toInt(a, `${fn} dimension ${i}`));
    checkSize(d, ctx);
    return draw(h, ctx, () => asValue(legacyOf(h).rand(...d), fn));
  },
  randn: (h, args, kwargs, ctx, fn) => {
    bindArgs(fn, ['*dims'], args, kwargs, false);
    const d = args.map((a, i) => toInt(a, `${fn} dimension ${i}`));
    checkSize(d, ctx);
    return draw(h, ctx, () => asValue(legacyOf(h).randn(...d), fn));
  },
  random_sample: (h, args, kwargs, ctx, fn) => {
    const s = sizeOf(bindArgs(fn, ['size?'], args, kwargs, false).get('size'), fn);
    checkSize(s, ctx);
    return draw(h, ctx, () => asValue(legacyOf(h).random_sample(s), fn));
  },
  standard_normal: (h, args, kwargs, ctx, fn) => {
    const s = sizeOf(bindArgs(fn, ['size?'], args, kwargs, false).get('size'), fn);
    checkSize(s, ctx);
    return draw(h, ctx, () => asValue(legacyOf(h).standard_normal(s), fn));
  },
  uniform: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['low?', 'high?', 'size?'], args, kwargs, false);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    const lo = scalarArg(b.get('low'), 0, `${fn} low`), hi = scalarArg(b.get('high'), 1, `${fn} high`);
    return draw(h, ctx, () => asValue(legacyOf(h).uniform(lo, hi, s), fn));
  },
  normal: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['loc?', 'scale?', 'size?'], args, kwargs, false);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    const loc = scalarArg(b.get('loc'), 0, `${fn} loc`), scale = scalarArg(b.get('scale'), 1, `${fn} scale`);
    return draw(h, ctx, () => asValue(legacyOf(h).normal(loc, scale, s), fn));
  },
  choice: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'size?', 'replace?', 'p?'], args, kwargs, false);
    if (b.get('p') != null) throw new NotEvaluable(`${fn}(p=…) with probabilities is not evaluated`);
    const pop = population(b.get('a') as PyValue, ctx, fn);
    const size = sizeOf(b.get('size'), fn);
    checkSize(size, ctx);
    const replace = b.get('replace') ?? true;
    return draw(h, ctx, () => {
      const idx = legacyOf(h).choice(pop.n, size, replace !== false && replace !== 0);
      return pop.items ? take(pop.items, idx, fn) : asValue(idx, fn, 'int64');
    });
  },
  permutation: (h, args, kwargs, ctx, fn) => {
    const x = bindArgs(fn, ['x'], args, kwargs, false).get('x') as PyValue;
    if (typeof x === 'number') {
      const n = exactInt(x, `${fn} x`);
      checkSize([Math.max(n, 0)], ctx);
      return draw(h, ctx, () => asValue(legacyOf(h).permutation(n), fn, 'int64'));
    }
    const pop = population(x, ctx, fn);
    if (!pop.items) throw new InputError(`${fn}: x must be an integer or at least 1-dimensional (NumPy raises IndexError)`);
    const items = pop.items;
    return draw(h, ctx, () => take(items, { shape: [pop.n], data: legacyOf(h).shuffleOrder(pop.n) }, fn));
  },
  shuffle: (h, args, kwargs, ctx, fn) => {
    const x = bindArgs(fn, ['x'], args, kwargs, false).get('x') as PyValue;
    const n = shuffleLength(x, fn);
    const order = draw(h, ctx, () => legacyOf(h).shuffleOrder(n));
    throw new InPlaceChange(`${fn}(x) ${SHUFFLE_NOT_FOLLOWED}`, shuffledValue(x, order));
  },
};
const LEGACY: Readonly<Record<string, HandleImpl>> = { ...LEGACY_METHODS, random: LEGACY_METHODS.random_sample };

function shuffleLength(x: PyValue, fn: string): number {
  if (isNDArray(x)) {
    if (x.shape.length === 0) throw new InputError(`${fn}: x must be at least 1-dimensional`);
    return x.shape[0];
  }
  if (isList(x) && !x.tuple) return x.items.length;
  throw new NotEvaluable(`${fn}(x) with a ${typeName(x)} is not evaluated`);
}

// ---------------------------------------------------------------------------------------------------------
// Generator methods

function pcgOf(h: GeneratorHandle): NumpyGenerator {
  if (!(h.impl instanceof NumpyGenerator)) throw new Error('expected a Generator');
  return h.impl;
}

const GENERATOR: Readonly<Record<string, HandleImpl>> = {
  random: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['size?', 'dtype?', 'out?'], args, kwargs, false);
    defaultDtype(b, fn, /^(float|float64|double|d|f8)$/);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    return draw(h, ctx, () => asValue(pcgOf(h).random(s), fn));
  },
  standard_normal: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['size?', 'dtype?', 'out?'], args, kwargs, false);
    defaultDtype(b, fn, /^(float|float64|double|d|f8)$/);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    return draw(h, ctx, () => asValue(pcgOf(h).standard_normal(s), fn));
  },
  normal: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['loc?', 'scale?', 'size?'], args, kwargs, false);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    const loc = scalarArg(b.get('loc'), 0, `${fn} loc`), scale = scalarArg(b.get('scale'), 1, `${fn} scale`);
    return draw(h, ctx, () => asValue(pcgOf(h).normal(loc, scale, s), fn));
  },
  uniform: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['low?', 'high?', 'size?'], args, kwargs, false);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    const lo = scalarArg(b.get('low'), 0, `${fn} low`), hi = scalarArg(b.get('high'), 1, `${fn} high`);
    return draw(h, ctx, () => asValue(pcgOf(h).uniform(lo, hi, s), fn));
  },
  integers: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['low', 'high?', 'size?', 'dtype?', 'endpoint?'], args, kwargs, false);
    defaultDtype(b, fn, /^(int|int64|int_|long)$/);
    const s = sizeOf(b.get('size'), fn);
    checkSize(s, ctx);
    const intArg = (v: PyValue | undefined, what: string): number | undefined => {
      if (v == null) return undefined;
      if (isNDArray(v) || isList(v)) throw new NotEvaluable(`${what} given as an array is not evaluated`);
      return exactInt(integralBound(toNumber(v, what), what), what);
    };
    const low = intArg(b.get('low'), `${fn} low`) as number;
    const high = intArg(b.get('high'), `${fn} high`);
    const endpoint = b.get('endpoint');
    return draw(h, ctx, () => asValue(pcgOf(h).integers(low, high, s, endpoint === true || endpoint === 1), fn, 'int64'));
  },
  choice: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['a', 'size?', 'replace?', 'p?', 'axis?', 'shuffle?'], args, kwargs, false);
    if (b.get('p') != null) throw new NotEvaluable(`${fn}(p=…) with probabilities is not evaluated`);
    if ((b.get('axis') ?? 0) !== 0) throw new NotEvaluable(`${fn}(axis=…) other than 0 is not evaluated`);
    const pop = population(b.get('a') as PyValue, ctx, fn);
    const size = sizeOf(b.get('size'), fn);
    checkSize(size, ctx);
    const replace = b.get('replace') ?? true, shuffle = b.get('shuffle') ?? true;
    return draw(h, ctx, () => {
      const idx = pcgOf(h).choice(pop.n, size, replace !== false && replace !== 0, shuffle !== false && shuffle !== 0);
      return pop.items ? take(pop.items, idx, fn) : asValue(idx, fn, 'int64');
    });
  },
  permutation: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['x', 'axis?'], args, kwargs, false);
    if ((b.get('axis') ?? 0) !== 0) throw new NotEvaluable(`${fn}(axis=…) other than 0 is not evaluated`);
    const x = b.get('x') as PyValue;
    if (typeof x === 'number') {
      const n = exactInt(x, `${fn} x`);
      checkSize([Math.max(n, 0)], ctx);
      return draw(h, ctx, () => asValue(pcgOf(h).permutation(n), fn, 'int64'));
    }
    const pop = population(x, ctx, fn);
    if (!pop.items) throw new InputError(`${fn}: x must be an integer or at least 1-dimensional`);
    const items = pop.items;
    return draw(h, ctx, () => take(items, { shape: [pop.n], data: pcgOf(h).shuffleOrder(pop.n) }, fn));
  },
  shuffle: (h, args, kwargs, ctx, fn) => {
    const b = bindArgs(fn, ['x', 'axis?'], args, kwargs, false);
    if ((b.get('axis') ?? 0) !== 0) throw new NotEvaluable(`${fn}(axis=…) other than 0 is not evaluated`);
    const x = b.get('x') as PyValue;
    const n = shuffleLength(x, fn);
    const order = draw(h, ctx, () => pcgOf(h).shuffleOrder(n));
    throw new InPlaceChange(`${fn}(x) ${SHUFFLE_NOT_FOLLOWED}`, shuffledValue(x, order));
  },
};

/** Calls `rng.<name>(…)` on a generator object. @throws NotEvaluable for methods that are not modelled (the state becomes unknown). */
export function callGeneratorMethod(m: PyGeneratorMethod, args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext): PyValue {
  const h = m.self.handle;
  const table = h.impl instanceof NumpyGenerator ? GENERATOR : LEGACY;
  const fn = `${h.impl instanceof NumpyGenerator ? 'Generator' : 'RandomState'}.${m.name}`;
  if (!Object.prototype.hasOwnProperty.call(table, m.name)) throw new NotEvaluable(`${fn}() is not evaluated`);
  return table[m.name](h, args, kwargs, ctx, fn);
}

// ---------------------------------------------------------------------------------------------------------
// The np.random module

const onGlobal = (name: string): Impl => (args, kwargs, ctx, fn) => LEGACY[name](ctx.random.global, args, kwargs, ctx, fn);

/** `numpy.random.<name>` functions, for library.ts. */
export const RANDOM_FUNCTIONS: Readonly<Record<string, Impl>> = {
  ...Object.fromEntries(Object.keys(LEGACY).map((k) => [k, onGlobal(k)])),
  ranf: onGlobal('random_sample'),
  sample: onGlobal('random_sample'),
  default_rng: (args, kwargs, ctx, fn) => {
    const seed = bindArgs(fn, ['seed?'], args, kwargs, false).get('seed');
    if (seed != null && isGenerator(seed)) {
      if (seed.bitGenerator) return { kind: 'generator', handle: seed.handle };
      if (seed.handle.impl instanceof NumpyGenerator) return seed;
      throw new NotEvaluable(`${fn}(RandomState) is not evaluated`);
    }
    return pcgGenerator(seed, ctx, fn);
  },
  PCG64: (args, kwargs, ctx, fn) => pcgGenerator(bindArgs(fn, ['seed?'], args, kwargs, false).get('seed'), ctx, fn, true),
  Generator: (args, kwargs, _ctx, fn) => {
    const bg = bindArgs(fn, ['bit_generator'], args, kwargs, false).get('bit_generator') as PyValue;
    if (!isGenerator(bg) || !bg.bitGenerator) throw new NotEvaluable(`${fn}(${typeName(bg)}) is not evaluated (only Generator(PCG64(seed)) is)`);
    return { kind: 'generator', handle: bg.handle };
  },
  RandomState: (args, kwargs, ctx, fn) => {
    const s = bindArgs(fn, ['seed?'], args, kwargs, false).get('seed');
    const handle = new GeneratorHandle(new NumpyRandomState(s == null ? ctx.random.standInSeed() : legacySeed(s, fn)), 'RandomState(MT19937)', s != null);
    ctx.random.register(handle);
    return { kind: 'generator', handle };
  },
};
