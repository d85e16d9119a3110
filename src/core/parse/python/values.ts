/**
 * The run-time values of the Python subset the evaluator understands. Values are immutable once made: a
 * change in place (`xs.append(v)`, `d[k] = v`, `A[i] = v`, `A += B`) makes a new value and rebinds the name,
 * and every other name that shares the old one loses its value (see aliases.ts). This keeps the records of the
 * incremental evaluator valid, and a shared value is never shown stale.
 */
import type { NDArray } from '../../ndarray/ndarray';
import type { GeneratorHandle } from '../../random/world';
import type { Node } from './syntaxTree';
import type { Scope } from './scope';

/** A Python list or tuple. */
export interface PyList {
  readonly kind: 'list';
  readonly items: readonly PyValue[];
  readonly tuple: boolean;
  /** For a literal list of names (`[word_1, word_2]`): the names, used as row labels when stacked. */
  readonly names?: readonly (string | null)[];
  /** Which items are float literals (`1.0`): NumPy makes a float64 array of them even when integer-valued. */
  readonly floats?: readonly boolean[];
  /**
   * Which items are integral numbers whose int-or-float kind the syntax leaves open (`[cfg["scale"], 1]`): an
   * array of the list takes int64 or float64 from them (convert.ts refuses to choose).
   */
  readonly open?: readonly boolean[];
}

/** A Python dict: insertion-ordered entries keyed by {@link hashKey} (`1`, `1.0` and `True` are one key). */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: ReadonlyMap<string, readonly [PyValue, PyValue]>;
}

/**
 * A Python set. Its iteration order depends on hashes (randomised for strings), so it is only used for
 * membership, `len`, `sorted`, `min`/`max` and integer sums, never iterated in an order we would invent.
 */
export interface PySet {
  readonly kind: 'set';
  readonly entries: ReadonlyMap<string, PyValue>;
}

/** `range(start, stop, step)`, kept lazy (a loop over `range(10**6)` allocates nothing). */
export interface PyRange {
  readonly kind: 'range';
  readonly start: number;
  readonly stop: number;
  readonly step: number;
}

/**
 * A one-shot iterator (`zip(…)`, `enumerate(…)`, `map(…)`, a generator expression), computed eagerly. Python
 * exhausts it after one pass; a second pass is refused (`used`), not replayed.
 */
export interface PyIterator {
  readonly kind: 'iterator';
  readonly what: string;
  readonly items: readonly PyValue[];
  readonly state: { used: boolean };
  /** What it reads (the lists and arrays given to `zip`, `enumerate`…): Python reads them as it goes. */
  readonly sources?: readonly PyValue[];
}

/** `d.keys()`, `d.values()`, `d.items()`: a view of a dict (not indexable). */
export interface PyView {
  readonly kind: 'view';
  readonly what: 'keys' | 'values' | 'items';
  readonly dict: PyDict;
}

/** A reference to a library object by its qualified name (`numpy.random.randint`, `scipy.special.softmax`). */
export interface PyRef {
  readonly kind: 'ref';
  readonly path: string;
}

/** A method looked up on an array (`X.transpose`), waiting to be called. */
export interface PyMethod {
  readonly kind: 'method';
  readonly self: NDArray;
  readonly name: string;
}

/** A method of a built-in value (`words.append`, `d.items`, `s.split`), waiting to be called. */
export interface PyBound {
  readonly kind: 'bound';
  readonly self: PyValue;
  readonly name: string;
}

/** One parameter of a user function: plain, `*args`, keyword-only, or `**kwargs`. */
export interface PyParam {
  readonly name: string;
  readonly kind: 'positional' | 'normal' | 'varargs' | 'keyword' | 'varkw';
  readonly default?: PyValue;
  /** The default is a Python float by its syntax (`s=2.0`): integral or not, the parameter holds a float. */
  readonly floatDefault?: true;
}

/** A function defined in the user's program (`def softmax(x): …` or a `lambda`), with the scope it closes over. */
export interface PyFunction {
  readonly kind: 'function';
  readonly name: string;
  /** The `function_definition` or `lambda` node. */
  readonly node: Node;
  readonly params: readonly PyParam[];
  readonly closure: Scope;
  /** The names local to its body (parameters and every name it binds). */
  readonly locals: ReadonlySet<string>;
  /** Why calling it is not evaluated (`global`, `yield`…), when it is not. */
  readonly unsupported?: string;
  /** A decorator that is not evaluated (`@property`, `@staticmethod`…): even reading it is refused. */
  readonly decorator?: string;
  /**
   * The text of its `def` (not for lambdas): the incremental evaluator takes a `def` run again with the same
   * text, closure and defaults for the same function (equality.ts), so that its callers need not run again.
   */
  readonly source?: string;
}

/** A Python `slice` (`a:b:c`), from a subscript. */
export interface PySlice {
  readonly kind: 'slice';
  readonly start?: number;
  readonly stop?: number;
  readonly step?: number;
}

/**
 * A NumPy random generator object: `np.random.default_rng(seed)` / `Generator(PCG64(seed))` (and the bare
 * `PCG64(seed)` bit generator it wraps), or a legacy `RandomState(seed)`. Its state lives in `handle`, shared by
 * every name bound to it, as in Python.
 */
export interface PyGenerator {
  readonly kind: 'generator';
  readonly handle: GeneratorHandle;
  /** `PCG64(seed)` itself, before `Generator(…)` wraps it: it has no sampling methods. */
  readonly bitGenerator?: boolean;
}

/** A method looked up on a generator object (`rng.standard_normal`), waiting to be called. */
export interface PyGeneratorMethod {
  readonly kind: 'generatorMethod';
  readonly self: PyGenerator;
  readonly name: string;
}

/**
 * A class defined in the program (`class Attention(nn.Module): …`), single inheritance only. Its attributes
 * are what its body bound (methods are {@link PyFunction}s). See classes.ts.
 */
export interface PyClass {
  readonly kind: 'class';
  readonly name: string;
  /** The program's base class, or null (a base of `object` or `torch.nn.Module`). */
  readonly base: PyClass | null;
  /** True when the class derives from `torch.nn.Module` (directly or through `base`). */
  readonly torchModule: boolean;
  readonly attrs: ReadonlyMap<string, PyValue>;
  /**
   * Set when a class attribute was changed in place through an instance in a way not evaluated
   * (`self.history.append(x)` on a class-level list): every instance reads it, so none is known any more.
   */
  unknown?: string;
}

/**
 * An object: an instance of a program's class, or a built-in `torch.nn` module (`builtin` names its type,
 * e.g. `Linear`). Unlike other values its attributes change in place, as in Python (`self.W_q = …`,
 * `model.eval()`): every holder sees the change. Statements that bind objects always run again in
 * incremental evaluation (incremental.ts), so a record never holds an object changed later.
 */
export interface PyObject {
  readonly kind: 'object';
  readonly cls: PyClass | null;
  /** The torch.nn module type of a built-in module (`Linear`, `MultiheadAttention`…), see torchModules.ts. */
  readonly builtin?: string;
  readonly attrs: Map<string, PyValue>;
  /** nn.Module state (absent for plain objects): training mode, and whether `Module.__init__` ran. */
  readonly module?: { training: boolean; initialised: boolean };
  /** Set when the object's state stopped being known (a method that changes it failed part-way): why. */
  unknown?: string;
}

/** A method of a program's class bound to an object (`model.forward`), found on class `owner`. */
export interface PyBoundMethod {
  readonly kind: 'boundMethod';
  readonly self: PyObject;
  readonly fn: PyFunction;
  readonly owner: PyClass;
}

/** `super()` inside a method of class `cls`, for object `self`. */
export interface PySuper {
  readonly kind: 'super';
  readonly cls: PyClass;
  readonly self: PyObject;
}

export type PyValue =
  | number | boolean | string | null
  | NDArray | PyList | PyDict | PySet | PyRange | PyIterator | PyView | PyRef | PyMethod | PyBound | PyFunction | PySlice
  | PyGenerator | PyGeneratorMethod | PyClass | PyObject | PyBoundMethod | PySuper;

/** Keyword arguments of a call, by name. */
export type Kwargs = ReadonlyMap<string, PyValue>;

export function isList(v: PyValue): v is PyList {
  return typeof v === 'object' && v !== null && v.kind === 'list';
}

export function isDict(v: PyValue): v is PyDict {
  return typeof v === 'object' && v !== null && v.kind === 'dict';
}

export function isGenerator(v: PyValue): v is PyGenerator {
  return typeof v === 'object' && v !== null && v.kind === 'generator';
}

export function isObject(v: PyValue | undefined): v is PyObject {
  return typeof v === 'object' && v !== null && v.kind === 'object';
}

export function isRef(v: PyValue): v is PyRef {
  return typeof v === 'object' && v !== null && v.kind === 'ref';
}

export function list(items: readonly PyValue[]): PyList {
  return { kind: 'list', items, tuple: false };
}

/**
 * Which items of `l` are Python floats though integral ({@link PyList.floats}), or undefined when none is known to
 * be. Lists made from other lists (repeated, concatenated, sliced, copied) keep them: `np.array([0.0] * 3)` is
 * float64 in NumPy (it was int64 here).
 */
export function floatsOf(l: PyList): readonly boolean[] | undefined {
  return l.floats && l.floats.some((f) => f) ? l.floats : undefined;
}

/** `l` made of `items`, with `floats` when some are known floats. */
export function withFloats(l: PyList, floats: readonly boolean[] | undefined): PyList {
  return floats && floats.some((f) => f) ? { ...l, floats } : l;
}

export function tuple(items: readonly PyValue[]): PyList {
  return { kind: 'list', items, tuple: true };
}

/** Python's name for the type of a value, for error messages. */
export function typeName(v: PyValue): string {
  if (v === null) return 'None';
  switch (typeof v) {
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean': return 'bool';
    case 'string': return 'str';
  }
  switch (v.kind) {
    case 'ndarray': return 'ndarray';
    case 'list': return v.tuple ? 'tuple' : 'list';
    case 'dict': return 'dict';
    case 'set': return 'set';
    case 'range': return 'range';
    case 'iterator': return v.what;
    case 'view': return `dict_${v.what}`;
    case 'ref': return v.path;
    case 'method': case 'bound': return `method ${v.name}`;
    case 'function': return `function ${v.name}`;
    case 'slice': return 'slice';
    case 'generator': return v.bitGenerator ? 'numpy.random.PCG64' : v.handle.label;
    case 'generatorMethod': return `method ${v.name} of ${v.self.handle.label}`;
    case 'class': return 'type';
    case 'object': return v.builtin ? `torch.nn.${v.builtin}` : v.cls?.name ?? 'object';
    case 'boundMethod': return `method ${v.fn.name}`;
    case 'super': return 'super';
  }
}
