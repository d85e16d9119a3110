/**
 * The program's own classes: `class A(Base):` with methods, class attributes, `__init__`, `self.x = …`,
 * attribute reads, method calls, `super().__init__()`, instances called through `__call__`, and subclasses of
 * `torch.nn.Module`, whose instances are called through `forward` and have a training mode (`.eval()`,
 * `.train(mode)`, propagated to their submodules). Single inheritance only; decorators, metaclasses and
 * several bases are not evaluated.
 *
 * Objects change in place, as in Python (values.ts {@link PyObject}). When a method that may change its object
 * fails part-way, the object's state is not known any more: it is marked (`unknown`) and every later use says
 * why, never showing a half-changed object.
 */
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import { isNDArray } from '../../ndarray/ndarray';
import { callFunction } from './functions';
import type { Interp } from './interp';
import { NotEvaluable } from './library';
import { Scope } from './scope';
import { field } from './syntax';
import { forgetTorchAfterFailure } from './torchCalls';
import { callTorchModule, forwardCost, moduleMethod, MODULE_METHODS } from './torchModules';
import { type Kwargs, type PyBoundMethod, type PyClass, type PyFunction, type PyObject, type PySuper, type PyValue, isObject, isRef, typeName } from './values';

/** What running a class body needs from the evaluator. */
export interface ClassHost extends Interp {
  /** Runs `f` without reporting the statements it runs (a class body's names are not the module's). */
  loop(f: () => void): void;
}

/** Paths that name `torch.nn.Module`. */
const MODULE_BASE = /^torch\.nn\.(?:modules\.module\.)?Module$/;

/** The (object, class) of each method frame, for `super()` without arguments. */
const FRAMES = new WeakMap<Scope, { cls: PyClass; self: PyObject }>();

/** What in a method body can change an object (an attribute assigned, a mutating call, an in-place method). */
const CHANGES_OBJECT = /\bself\.\w+(?:\.\w+)*\s*(?:[-+*/@%&|^]|\/\/|\*\*|<<|>>)?=(?!=)|\bself\.\w+(?:\.\w+)*\.(?:append|extend|insert|pop|remove|clear|update|setdefault|add|discard|sort|reverse)\s*\(|\.(?:train|eval|load_state_dict|apply|to|cuda|register_\w+|add_module)\s*\(|\b\w+_\(|\bsetattr\s*\(/;

/** Whether a method of `cls` other than `__init__` (up its bases) may change its object (then a failure part-way leaves it unknown). */
const MUTATING = new WeakMap<PyClass, boolean>();
function mayChangeObjects(cls: PyClass): boolean {
  let known = MUTATING.get(cls);
  if (known === undefined) {
    known = false;
    for (let c: PyClass | null = cls; c && !known; c = c.base) {
      for (const [k, v] of c.attrs) if (k !== '__init__' && typeof v === 'object' && v !== null && v.kind === 'function' && CHANGES_OBJECT.test(v.node.text)) known = true;
    }
    MUTATING.set(cls, known);
  }
  return known;
}

/**
 * The class a `class_definition` defines: its base evaluated, its body run in a scope of its own (methods
 * close over the enclosing scope, not the class body, as in Python).
 * @throws NotEvaluable for decorators, several bases, keyword arguments (metaclass=…) and bases that are not
 *   classes of the program or torch.nn.Module; InputError where Python raises.
 */
export function defineClass(h: ClassHost, st: Node, scope: Scope): PyClass {
  const name = field(st, 'name').text;
  const supers = st.childForFieldName('superclasses');
  const bases = (supers?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
  if (bases.some((b) => b.type === 'keyword_argument')) throw new NotEvaluable(`class ${name}: keyword arguments (metaclass=…) are not evaluated`);
  if (bases.length > 1) throw new NotEvaluable(`class ${name}: several base classes are not evaluated (single inheritance only)`);
  let base: PyClass | null = null;
  let torchModule = false;
  if (bases.length === 1 && bases[0].text !== 'object') {
    const b = h.expr(bases[0], scope);
    if (typeof b === 'object' && b !== null && b.kind === 'class') {
      base = b;
      torchModule = b.torchModule;
    } else if (isRef(b) && MODULE_BASE.test(b.path)) torchModule = true;
    else if (isRef(b) && b.path.startsWith('torch.nn.')) throw new NotEvaluable(`class ${name}(${bases[0].text}): subclasses of torch's built-in modules are not evaluated (nn.Module is)`);
    else throw new NotEvaluable(`class ${name}(${bases[0].text}): only classes of this program and nn.Module are evaluated as base classes`);
  }
  const body = field(st, 'body');
  const own = new Scope(scope);
  h.loop(() => h.block(body, own));
  const attrs = new Map<string, PyValue>();
  for (const [k, v] of own.entries()) {
    // A method defined in the body reads the enclosing scope, not the class body (Python's scoping rule).
    attrs.set(k, typeof v === 'object' && v !== null && v.kind === 'function' && v.closure === own ? { ...v, closure: scope } : v);
  }
  return { kind: 'class', name, base, torchModule, attrs };
}

/** `name` on `cls` or its bases, with the class that defines it. */
export function lookupClass(cls: PyClass | null, name: string): [PyValue, PyClass] | undefined {
  for (let c = cls; c; c = c.base) if (c.attrs.has(name)) return [c.attrs.get(name) as PyValue, c];
  return undefined;
}

const STATIC = /^@\s*staticmethod\s*$/;
const PROPERTY = /^@\s*property\s*$/;

/** A `@staticmethod` as the plain function it wraps (called without `self`). */
function undecorated(fn: PyFunction): PyFunction {
  const { decorator: _decorator, unsupported: _unsupported, ...plain } = fn;
  return plain;
}

/**
 * `obj.name` where `obj`'s class defines `name` with `@property` (a data descriptor: it wins over the object's
 * own attributes): the getter's result, run on obj. Undefined when `name` is not a property.
 */
export function readProperty(ip: Interp, obj: PyObject, name: string, at: Node): { readonly value: PyValue } | undefined {
  const found = lookupClass(obj.cls, name);
  if (!found) return undefined;
  const [v, owner] = found;
  if (typeof v !== 'object' || v === null || v.kind !== 'function' || !v.decorator || !PROPERTY.test(v.decorator)) return undefined;
  checkKnown(obj);
  return { value: callMethodOf(ip, obj, undecorated(v), owner, [], new Map(), at) };
}

/** Calls `fn` as a method of `self` found on class `owner` (so that `super()` works inside it). */
function callMethodOf(ip: Interp, self: PyObject, fn: PyFunction, owner: PyClass, args: readonly PyValue[], kwargs: Kwargs, at: Node): PyValue {
  try {
    return callFunction(ip, fn, [self, ...args], kwargs, at, (s) => FRAMES.set(s, { cls: owner, self }));
  } catch (e) {
    if (e instanceof InputError || e instanceof NotEvaluable) afterFailure(ip, self, fn, owner, e);
    throw e;
  }
}

/**
 * A method failed part-way: an object whose methods may change it is not known any more, and torch's
 * generator is not known either when the class may draw from it (`nn.Linear(…)` in a method not finished).
 */
function afterFailure(ip: Interp, self: PyObject, fn: PyFunction, owner: PyClass, e: Error): void {
  const text = fn.node.text;
  if (fn.name !== '__init__' && self.cls && mayChangeObjects(self.cls) && self.unknown === undefined) {
    self.unknown = `${owner.name}.${fn.name}() could not be evaluated (${e.message})`;
  }
  forgetTorchAfterFailure(text, ip.ctx.random.torch, e.message);
}

/**
 * `cls(*args, **kwargs)`: a new object, initialised by `__init__` (the nearest one up the bases). An
 * nn.Module subclass starts in training mode.
 * @throws InputError as Python raises (arguments without `__init__`, `__init__` returning a value).
 */
export function instantiate(ip: Interp, cls: PyClass, args: readonly PyValue[], kwargs: Kwargs, at: Node): PyObject {
  checkClassKnown(cls);
  const obj: PyObject = { kind: 'object', cls, attrs: new Map(), ...(cls.torchModule ? { module: { training: true, initialised: false } } : {}) };
  const init = lookupClass(cls, '__init__');
  if (init) {
    const [fn, owner] = init;
    if (typeof fn !== 'object' || fn === null || fn.kind !== 'function') throw new NotEvaluable(`${cls.name}.__init__ is not a function`);
    const r = callMethodOf(ip, obj, fn, owner, args, kwargs, at);
    if (r !== null) throw new InputError(`TypeError: __init__() should return None, not '${typeName(r)}'`);
  } else {
    if (args.length || kwargs.size) throw new InputError(`TypeError: ${cls.name}() takes no arguments`);
    if (obj.module) obj.module.initialised = true;
  }
  return obj;
}

/** `obj(*args)`: `__call__`, or for an nn.Module, `forward` (through Module.__call__). */
export function callObject(ip: Interp, obj: PyObject, args: readonly PyValue[], kwargs: Kwargs, at: Node, scope: Scope): PyValue {
  checkKnown(obj);
  if (obj.builtin) ip.budget.spendWork(forwardCost(obj, args), ip.lineAt(at));
  if (obj.builtin) return callTorchModule(obj, args, kwargs, ip.ctx, (m, a) => ip.call(m, a, new Map(), at, scope));
  const call = lookupClass(obj.cls, '__call__') ?? (obj.module ? lookupClass(obj.cls, 'forward') : undefined);
  if (!call) {
    if (obj.module) throw new InputError(`NotImplementedError: Module [${obj.cls?.name}] is missing the required "forward" function`);
    throw new InputError(`TypeError: '${typeName(obj)}' object is not callable`);
  }
  const [fn, owner] = call;
  if (typeof fn !== 'object' || fn === null || fn.kind !== 'function') throw new NotEvaluable(`${owner.name}.__call__ / forward is not a function`);
  // torch fails on one of Module's internal attributes (its name depends on the version)
  if (obj.module && !obj.module.initialised) throw new InputError(`AttributeError: nn.Module.__init__() was not called for this ${typeName(obj)} object (call super().__init__() first in __init__)`);
  return callMethodOf(ip, obj, fn, owner, args, kwargs, at);
}

/** Calls a bound method of a program's class. */
export function callBoundMethod(ip: Interp, m: PyBoundMethod, args: readonly PyValue[], kwargs: Kwargs, at: Node): PyValue {
  checkKnown(m.self);
  return callMethodOf(ip, m.self, m.fn, m.owner, args, kwargs, at);
}

function checkKnown(obj: PyObject): void {
  if (obj.unknown !== undefined) throw new NotEvaluable(`the state of this ${typeName(obj)} object is not known: ${obj.unknown}`);
  checkClassKnown(obj.cls);
}

/** @throws NotEvaluable when `cls` or a base had a class attribute changed in a way not evaluated (`self.history.append(x)` on a class-level list). */
export function checkClassKnown(cls: PyClass | null): void {
  for (let c = cls; c; c = c.base) if (c.unknown !== undefined) throw new NotEvaluable(`the class ${c.name} is not known any more: ${c.unknown}`);
}

/**
 * `value.name` for a class, an object or `super()`: the object's own attributes, then its class's (a method
 * comes bound), then nn.Module's (`training`, `eval`, `train`, `parameters`…).
 * @throws InputError (AttributeError) for a name none of them has.
 */
export function classAttribute(value: PyClass | PyObject | PySuper, name: string): PyValue {
  if (value.kind === 'class') {
    checkClassKnown(value);
    const found = lookupClass(value, name);
    if (found) {
      const v = found[0];
      return typeof v === 'object' && v !== null && v.kind === 'function' && v.decorator && STATIC.test(v.decorator) ? undecorated(v) : v;
    }
    if (name === '__name__') return value.name;
    throw new InputError(`AttributeError: type object '${value.name}' has no attribute '${name}'`);
  }
  if (value.kind === 'super') return superAttribute(value, name);
  const obj = value;
  checkKnown(obj);
  if (obj.attrs.has(name)) return obj.attrs.get(name) as PyValue;
  const found = lookupClass(obj.cls, name);
  if (found) {
    const [v, owner] = found;
    if (typeof v === 'object' && v !== null && v.kind === 'function' && v.decorator) {
      if (STATIC.test(v.decorator)) return undecorated(v);
      throw new NotEvaluable(`${owner.name}.${name}: the decorator ${v.decorator} is not evaluated`);
    }
    return typeof v === 'object' && v !== null && v.kind === 'function' ? { kind: 'boundMethod', self: obj, fn: v, owner } : v;
  }
  if (obj.module) {
    if (name === 'training') return obj.module.training;
    if (MODULE_METHODS.has(name)) {
      // A call that changes the module may fail before it runs (`m.load_state_dict(torch.load(p))`): the
      // module is unknown from the lookup on, for every name that holds it, until such a call succeeds.
      if (CHANGING_METHODS.has(name)) {
        obj.unknown = `${typeName(obj)}.${name}(…) could not be evaluated`;
        pending.add(obj);
      }
      return { kind: 'bound', self: obj, name };
    }
  }
  if (name === '__class__' && obj.cls) return obj.cls;
  throw new InputError(`AttributeError: '${typeName(obj)}' object has no attribute '${name}'`);
}

/** nn.Module methods that change the module (refused, or evaluated only for some arguments: `to('cpu')`). */
const CHANGING_METHODS = new Set(['train', 'to', 'cuda', 'double', 'half', 'bfloat16', 'type', 'load_state_dict', 'apply', 'register_buffer', 'register_parameter', 'add_module', 'register_module']);
/** Objects left unknown by the lookup of one of {@link CHANGING_METHODS}, whose call has not run yet. */
const pending = new WeakSet<PyObject>();

/** `super().name`: looked up from the base of the class whose method runs. */
function superAttribute(s: PySuper, name: string): PyValue {
  const found = lookupClass(s.cls.base, name);
  if (found) {
    const [v, owner] = found;
    return typeof v === 'object' && v !== null && v.kind === 'function' ? { kind: 'boundMethod', self: s.self, fn: v, owner } : v;
  }
  if (name === '__init__') return { kind: 'bound', self: s.self, name: s.self.module ? '__module_init__' : '__object_init__' };
  if (s.self.module && MODULE_METHODS.has(name)) return { kind: 'bound', self: s.self, name };
  throw new InputError(`AttributeError: 'super' object has no attribute '${name}'`);
}

/**
 * `obj.name = value`. On an nn.Module, a module or a tensor cannot be assigned before `Module.__init__` ran
 * (torch raises AttributeError for modules); `training` sets the mode of this module only.
 */
export function setAttribute(obj: PyObject, name: string, value: PyValue): void {
  checkKnown(obj);
  // A property (or its setter) decides what the assignment does: an attribute of the object would hide it.
  const declared = lookupClass(obj.cls, name)?.[0];
  if (typeof declared === 'object' && declared !== null && declared.kind === 'function' && declared.decorator && !STATIC.test(declared.decorator)) {
    throw new NotEvaluable(`assignment to ${name}, which ${typeName(obj)} defines with ${declared.decorator}, is not evaluated`);
  }
  if (obj.builtin) throw new NotEvaluable(`assignment to ${name} of torch.nn.${obj.builtin} is not evaluated`);
  if (obj.module) {
    if (!obj.module.initialised && isObject(value) && value.module) throw new InputError('AttributeError: cannot assign module before Module.__init__() call');
    if (name === 'training') {
      obj.module.training = value === true || (typeof value === 'number' && value !== 0);
      return;
    }
  }
  obj.attrs.set(name, value);
}

/** `super()` (no arguments, inside a method) or `super(Class, self)`. */
export function makeSuper(args: readonly PyValue[], scope: Scope): PySuper {
  if (args.length === 2) {
    const [cls, self] = args;
    if (typeof cls !== 'object' || cls === null || cls.kind !== 'class' || !isObject(self)) throw new NotEvaluable('super(type, obj) with these arguments is not evaluated');
    return { kind: 'super', cls, self };
  }
  if (args.length !== 0) throw new InputError(`TypeError: super() takes 0 or 2 arguments (${args.length} given)`);
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const f = FRAMES.get(s);
    if (f) return { kind: 'super', cls: f.cls, self: f.self };
  }
  // Outside a method called through an object (`Base.method(obj)`, a nested function): not modelled.
  throw new NotEvaluable('super() without arguments outside a method called on an object is not evaluated');
}

/**
 * A method of a built-in object: nn.Module's (`eval`, `train`, `parameters`…, torchModules.ts) and
 * `super().__init__()`.
 */
export function callObjectBuiltin(obj: PyObject, name: string, args: readonly PyValue[], kwargs: Kwargs): PyValue {
  if (name === '__object_init__') {
    if (args.length || kwargs.size) throw new InputError('TypeError: object.__init__() takes exactly one argument (the instance to initialize)');
    return null;
  }
  if (name === '__module_init__') {
    if (obj.module) obj.module.initialised = true;
    return null;
  }
  if (pending.has(obj)) {
    pending.delete(obj);
    obj.unknown = undefined; // the call runs now: moduleMethod decides (and marks the object when it refuses)
  }
  checkKnown(obj);
  return moduleMethod(obj, name, args, kwargs);
}

/** `seq[i]` of an nn.Sequential or nn.ModuleList (its i-th module; negative counts from the end). */
export function objectItem(obj: PyObject, idx: readonly PyValue[]): PyValue {
  checkKnown(obj);
  if (!obj.builtin) throw new NotEvaluable(`indexing a ${typeName(obj)} object (__getitem__) is not evaluated`);
  if (obj.builtin !== 'Sequential' && obj.builtin !== 'ModuleList') throw new InputError(`TypeError: '${typeName(obj)}' object is not subscriptable`);
  const i = idx.length === 1 ? idx[0] : null;
  if (typeof i !== 'number' || !Number.isInteger(i)) throw new NotEvaluable('indexing an nn.Sequential with anything but an integer is not evaluated');
  const items = [...obj.attrs.values()];
  const k = i < 0 ? i + items.length : i;
  if (k < 0 || k >= items.length) throw new InputError(`IndexError: index ${i} is out of range`);
  return items[k];
}

/** Adds to `out` the tensors a module object holds, by dotted name (`lin.weight`, `model.block.up.bias`), submodules included. */
export function tensorAttributes(obj: PyObject, prefix: string, out: [string, PyValue][], depth = 0): void {
  if (depth > 8) return;
  for (const [k, v] of obj.attrs) {
    if (isNDArray(v)) out.push([`${prefix}.${k}`, v]);
    else if (isObject(v) && v.module) tensorAttributes(v, `${prefix}.${k}`, out, depth + 1);
  }
}
