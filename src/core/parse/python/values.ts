/** The run-time values of the small Python subset the evaluator understands. */
import type { NDArray } from '../../ndarray/ndarray';
import type { GeneratorHandle } from '../../random/world';
import type { Node } from 'web-tree-sitter';

/** A Python list or tuple. */
export interface PyList {
  readonly kind: 'list';
  readonly items: readonly PyValue[];
  readonly tuple: boolean;
  /** For a literal list of names (`[word_1, word_2]`): the names, used as row labels when stacked. */
  readonly names?: readonly (string | null)[];
  /** Which items are float literals (`1.0`): NumPy makes a float64 array of them even when integer-valued. */
  readonly floats?: readonly boolean[];
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

/** A function defined in the user's program (`def softmax(x): …`). */
export interface PyFunction {
  readonly kind: 'function';
  readonly name: string;
  readonly node: Node;
  readonly params: readonly { readonly name: string; readonly default?: PyValue }[];
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

export type PyValue = number | boolean | string | null | NDArray | PyList | PyRef | PyMethod | PyFunction | PySlice | PyGenerator | PyGeneratorMethod;

/** Keyword arguments of a call, by name. */
export type Kwargs = ReadonlyMap<string, PyValue>;

export function isList(v: PyValue): v is PyList {
  return typeof v === 'object' && v !== null && v.kind === 'list';
}

export function isGenerator(v: PyValue): v is PyGenerator {
  return typeof v === 'object' && v !== null && v.kind === 'generator';
}

export function isRef(v: PyValue): v is PyRef {
  return typeof v === 'object' && v !== null && v.kind === 'ref';
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
    case 'ref': return v.path;
    case 'method': return `method ${v.name}`;
    case 'function': return `function ${v.name}`;
    case 'slice': return 'slice';
    case 'generator': return v.bitGenerator ? 'numpy.random.PCG64' : v.handle.label;
    case 'generatorMethod': return `method ${v.name} of ${v.self.handle.label}`;
  }
}
