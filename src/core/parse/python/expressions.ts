/**
 * Python expressions: literals, names, operators (a long chain such as a 70-term sum is evaluated without
 * recursion and does not count as nesting), comparisons, `and`/`or`/`not`, conditional expressions,
 * attributes, subscripts, calls, lambdas, comprehensions, dicts and sets.
 */
import type { Node } from './syntaxTree';
import { type ErrorDetail, InputError } from '../../errors';
import { dtypeOf, isNDArray } from '../../ndarray/ndarray';
import type { SourceRange } from '../../range';
import type { ProblemFix } from '../types';
import { noteView } from './aliases';
import { BUILTIN_NAMES, mathConstant } from './builtins';
import { comprehension } from './comprehensions';
import { dictGet, iterate, makeDict, makeSet, rangeItems, rangeLength } from './containers';
import { toInt } from './convert';
import { makeFunction, returnedInt } from './functions';
import type { Interp } from './interp';
import { NotEvaluable, libraryConstant } from './library';
import { arrayAttribute, subscriptArray } from './methods';
import { objectAttribute } from './objectMethods';
import { compareOperator, unaryOperator } from './arrayOperators';
import { binaryOp, compareOp, short, unaryOp } from './operators';
import { type Scope, type Unbound, comprehensionScopes } from './scope';
import { field, stringValue } from './syntax';
import { type PyValue, floatsOf, isDict, isGenerator, isList, isObject, isRef, list, typeName, withFloats } from './values';
import { carryApproximation, certainComparison } from './approximation';
import { carryLayout, subscriptLayout } from './torchLayout';
import { isTensor } from './tensorOrigin';
import { isApproximate, markApproximate, markCertain } from './torchPrecision';
import { evaluateListLiteral } from './literalScan';
import { type KindNames, binaryIsFloat, isFloatSyntax, isIntSyntax } from './floatSyntax';
import { generatorAttribute } from './randomCalls';
import { classAttribute, objectItem, readProperty } from './classes';

/** A wrong `@` whose operands fit once one is transposed: the error carries the fix. */
export class FixableError extends InputError {
  constructor(what: string | ErrorDetail, readonly focus: SourceRange, readonly fix: ProblemFix | undefined) {
    super(what);
  }
}

/** A name the expression reads is unknown: what depends on it is unknown too, with this as the cause. */
export class DependsOnUnknown extends NotEvaluable {
  constructor(readonly unknownName: string, readonly why: Unbound) {
    super(`${unknownName} is ${why.isError ? 'not available' : 'unknown'}`);
  }
}

/** What expressions need beyond {@link Interp}: document ranges (for fixes), the nesting left. */
export interface ExprHost extends Interp {
  range(node: Node): SourceRange | undefined;
  /** How many more levels of nesting the limit allows. */
  depthLeft(): number;
}

/** Evaluates `node` (one level; sub-expressions go back through `ip.expr`, which counts nesting). */
export function evaluate(ip: ExprHost, node: Node, scope: Scope): PyValue {
  switch (node.type) {
    case 'integer': case 'float': {
      const text = node.text.replace(/_/g, '');
      if (/[jJ]$/.test(text)) throw new NotEvaluable('complex numbers are not supported');
      const v = /^0[0-7]+$/.test(text) ? NaN : /^0[xob]/i.test(text) ? Number(text) : Number(text);
      if (Number.isNaN(v)) throw new NotEvaluable(`cannot read the number ${node.text}`);
      if (node.type === 'integer' && !Number.isSafeInteger(v)) throw new NotEvaluable(`the integer ${node.text} is beyond 2**53, which is not represented exactly`);
      return v;
    }
    case 'true': return true;
    case 'false': return false;
    case 'none': return null;
    case 'ellipsis': return { kind: 'ref', path: 'builtins.Ellipsis' };
    case 'string': case 'concatenated_string': return stringValue(node);
    case 'identifier': return lookup(node.text, scope);
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
      if (!inner) return { kind: 'list', items: [], tuple: true };
      return ip.expr(inner, scope);
    }
    case 'list': case 'tuple': case 'expression_list': {
      // Fast path: a literal of plain numbers is read from its text (literalScan.ts), not node by node.
      const scanned = node.type === 'list' ? evaluateListLiteral(node, 0, ip.depthLeft()) : undefined;
      if (scanned) {
        ip.budget.allocate(scanned.items.length * 8, ip.lineAt(node));
        return scanned;
      }
      const items: PyValue[] = [];
      const names: (string | null)[] = [];
      // Which items are floats by their syntax (`1.0`, `n / 2`): NumPy makes float64 of them even when integral.
      const floats: boolean[] = [];
      const open: boolean[] = [];
      let itemKinds: KindNames | undefined; // made when an integral item's int-or-float kind is asked
      for (const k of node.namedChildren) {
        if (!k || k.type === 'comment') continue;
        if (k.type === 'list_splat') {
          const spread = iterate(ip.expr(field(k, 'value', 0), scope));
          items.push(...spread);
          names.push(...spread.map(() => null));
          floats.push(...spread.map(() => false));
          open.push(...spread.map(() => false));
        } else {
          const item = ip.expr(k, scope);
          const float = isFloatSyntax(k, (n) => scope.isFloat(n));
          items.push(item);
          names.push(k.type === 'identifier' ? k.text : null);
          floats.push(float);
          open.push(typeof item === 'number' && Number.isInteger(item) && !float && !isIntSyntax(k, (itemKinds ??= kindNames(scope))));
        }
      }
      ip.budget.allocate(items.length * 8, ip.lineAt(node));
      const marks = open.some((o) => o) ? { open } : {};
      return markApproximate({ kind: 'list', items, tuple: node.type !== 'list', names, floats, ...marks }, items.some(isApproximate));
    }
    case 'dictionary': {
      const pairs: [PyValue, PyValue][] = [];
      for (const k of node.namedChildren) {
        if (!k || k.type === 'comment') continue;
        if (k.type === 'pair') pairs.push([ip.expr(field(k, 'key'), scope), ip.expr(field(k, 'value'), scope)]);
        else if (k.type === 'dictionary_splat') {
          const d = ip.expr(field(k, 'value', 0), scope);
          if (typeof d !== 'object' || d === null || d.kind !== 'dict') throw new InputError(`'${typeName(d)}' object is not a mapping`);
          pairs.push(...[...d.entries.values()].map(([a, b]): [PyValue, PyValue] => [a, b]));
        } else throw new NotEvaluable(`${k.type} in a dict is not evaluated`);
      }
      return makeDict(pairs);
    }
    case 'set': {
      const items: PyValue[] = [];
      for (const k of node.namedChildren) {
        if (!k || k.type === 'comment') continue;
        if (k.type === 'list_splat') items.push(...iterate(ip.expr(field(k, 'value', 0), scope)));
        else items.push(ip.expr(k, scope));
      }
      return makeSet(items);
    }
    case 'list_comprehension': case 'set_comprehension': case 'dictionary_comprehension': case 'generator_expression':
      return comprehension(ip, node, scope);
    case 'lambda': return makeFunction(ip, node, '<lambda>', scope);
    case 'unary_operator': {
      const op = field(node, 'operator').text;
      const arg = field(node, 'argument');
      const v = ip.expr(arg, scope);
      if (op === '-' && arg.type === 'integer' && v === 0) return 0;
      const arrayResult = unaryOperator(op, v); // NumPy's rules on arrays (arrayOperators.ts)
      if (arrayResult !== undefined) return carryApproximation(carryLayout(arrayResult, [v], op), [v], short(node.text));
      return carryApproximation(unaryOp(op, v, node.text), [v], short(node.text));
    }
    case 'binary_operator': return binaryChain(ip, node, scope);
    case 'comparison_operator': return compare(ip, node, scope);
    case 'boolean_operator': {
      // `a and b and c` nests to the left: walk the chain without recursion.
      const chain: Node[] = [];
      let cur: Node = node;
      while (cur.type === 'boolean_operator') { chain.push(cur); cur = field(cur, 'left'); }
      let v = ip.expr(cur, scope);
      for (let i = chain.length - 1; i >= 0; i--) {
        const op = field(chain[i], 'operator').text;
        const t = ip.truthy(v);
        if ((op === 'and' && t) || (op === 'or' && !t)) v = ip.expr(field(chain[i], 'right'), scope);
      }
      return v;
    }
    case 'not_operator': return !ip.truthy(ip.expr(field(node, 'argument'), scope));
    case 'conditional_expression': {
      const [a, cond, b] = node.namedChildren;
      if (!a || !cond || !b) throw new NotEvaluable('incomplete conditional expression');
      return ip.truthy(ip.expr(cond, scope)) ? ip.expr(a, scope) : ip.expr(b, scope);
    }
    case 'named_expression': {
      const v = ip.expr(field(node, 'value'), scope);
      let target = scope; // in a comprehension, the name is bound in the scope around it (PEP 572)
      while (comprehensionScopes.has(target) && target.parent) target = target.parent;
      ip.bindNames(field(node, 'name'), v, target);
      return v;
    }
    case 'attribute': return attribute(ip, node, scope);
    case 'subscript': return subscript(ip, node, scope);
    case 'call': {
      const { fn, args, kwargs } = callParts(ip, node, scope);
      return ip.call(fn, args, kwargs, node, scope);
    }
    case 'slice': {
      const parts: (number | undefined)[] = [undefined, undefined, undefined];
      let k = 0;
      for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i);
        if (!c || c.type === 'comment') continue;
        if (c.type === ':') k++;
        else {
          const v = ip.expr(c, scope);
          parts[k] = v === null ? undefined : toInt(v, 'slice index');
        }
      }
      return { kind: 'slice', start: parts[0], stop: parts[1], step: parts[2] };
    }
    case 'keyword_argument': case 'list_splat': case 'dictionary_splat':
      throw new NotEvaluable(`${node.type.replace(/_/g, ' ')} outside a call`);
    default:
      throw new NotEvaluable(`${node.type.replace(/_/g, ' ')} is not evaluated`);
  }
}

/** The value of a name: bound, unknown (with why), a built-in, or a library the program uses by convention. */
export function lookup(name: string, scope: Scope): PyValue {
  const v = scope.get(name);
  if (v !== undefined) return v;
  if (scope.isUnsetLocal(name)) throw new InputError(`UnboundLocalError: local variable '${name}' referenced before assignment`);
  const why = scope.whyUnbound(name);
  // Either way the statement that depends on it is not evaluated; the wrong definition itself was already
  // reported, so this one is not a problem of its own (one mistake, one diagnostic).
  if (why) throw new DependsOnUnknown(name, why);
  if (BUILTIN_NAMES.has(name)) return { kind: 'ref', path: `builtins.${name}` };
  if (name === 'np' || name === 'numpy') return { kind: 'ref', path: 'numpy' };
  if (name === 'torch' || name === 'math') return { kind: 'ref', path: name };
  if (name === 'tf') return { kind: 'ref', path: 'tensorflow' };
  if (name === 'jnp') return { kind: 'ref', path: 'jax.numpy' };
  throw new NotEvaluable(`name '${name}' is not defined`);
}

/** What floatSyntax.isIntSyntax asks of the names of `scope`. */
export function kindNames(scope: Scope): KindNames {
  return {
    isFloat: (name) => scope.isFloat(name),
    isOpen: (name) => scope.isOpenKind(name),
    isIntArray: (name) => {
      const v = scope.peek(name);
      return isNDArray(v) && (dtypeOf(v) === 'int64' || dtypeOf(v) === 'bool');
    },
    isArray: (name) => isNDArray(scope.peek(name)),
    isIntList: (name) => {
      const v = scope.peek(name);
      return v !== undefined && isList(v) && v.items.length > 0 && !v.floats?.some((f) => f) && !v.open?.some((o) => o) && v.items.every((x) => typeof x === 'number' && Number.isInteger(x));
    },
    returnedInt,
  };
}

/** Evaluates `a op b op c …` (left-nested) with a loop; `**` (right-nested) recurses through `ip.expr`. */
function binaryChain(ip: ExprHost, node: Node, scope: Scope): PyValue {
  const chain: Node[] = [];
  let cur: Node = node;
  for (;;) {
    if (cur.type === 'binary_operator') { chain.push(cur); cur = field(cur, 'left'); continue; }
    if (cur.type === 'parenthesized_expression' && cur.namedChildCount === 1 && cur.namedChildren[0]?.type === 'binary_operator') { cur = cur.namedChildren[0]; continue; }
    break;
  }
  let value = ip.expr(cur, scope);
  let leftNode = cur;
  const names = (name: string): boolean => scope.isFloat(name);
  let kinds: KindNames | undefined; // made when an operand's int-or-float kind is asked
  // Whether the chain so far is a Python float by its syntax, once asked (then kept up link by link).
  let leftFloat: boolean | undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    const r = field(n, 'right');
    const op = field(n, 'operator').text;
    const b = ip.expr(r, scope);
    try {
      // Where a Python float's integral value counts: its dtype next to an array (`n * A` with `n = 6 / 2`), and
      // float rather than int arithmetic between two integral numbers (`2.0 ** 60`, `1e308 * 10` is inf).
      const mixed = (typeof value === 'number' && isNDArray(b)) || (typeof b === 'number' && isNDArray(value));
      const integral = typeof value === 'number' && typeof b === 'number' && Number.isInteger(value) && Number.isInteger(b);
      if ((mixed || integral) && leftFloat === undefined) leftFloat = isFloatSyntax(leftNode, names);
      const floats = mixed || integral ? [leftFloat ?? false, isFloatSyntax(r, names)] as const : undefined;
      // An integral number next to an array whose int-or-float kind the syntax leaves open (`cfg["scale"]`).
      if (mixed) kinds ??= kindNames(scope);
      const open = mixed && floats && kinds ? [typeof value === 'number' && !floats[0] && !isIntSyntax(leftNode, kinds), typeof b === 'number' && !floats[1] && !isIntSyntax(r, kinds)] as const : undefined;
      const result = carryLayout(binaryOp(op, value, b, leftNode.text, r.text, ip.ctx, ip.budget, ip.lineAt(n), floats, open), [value, b], op === '@' ? 'matmul' : op);
      value = carryApproximation(result, [value, b], short(n.text));
    } catch (e) {
      if (op === '@' && e instanceof InputError && !(e instanceof FixableError)) throw matmulFix(ip, e, n, leftNode, r, value, b);
      throw e;
    }
    if (leftFloat !== undefined) leftFloat = binaryIsFloat(leftFloat, n, names);
    leftNode = n;
  }
  return value;
}

/** A matmul shape error, with a quick fix when transposing one operand makes the shapes agree. */
function matmulFix(ip: ExprHost, e: InputError, node: Node, l: Node, r: Node, a: PyValue, b: PyValue): InputError {
  const range = ip.range(node);
  if (!range) return e;
  const A = isNDArray(a) && a.shape.length === 2 ? a.shape : undefined;
  const B = isNDArray(b) && b.shape.length === 2 ? b.shape : undefined;
  const transposed = (n: Node): string => {
    if (/\.T$/.test(n.text)) return n.text.slice(0, -2);
    return n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript' || n.type === 'call' ? `${n.text}.T` : `(${n.text}).T`;
  };
  let fix: ProblemFix | undefined;
  const rr = ip.range(r), lr = ip.range(l);
  if (A && B && A[1] === B[1] && rr) fix = { title: `Transpose the right operand: ${l.text} @ ${transposed(r)}`, range: rr, newText: transposed(r) };
  else if (A && B && A[0] === B[0] && lr) fix = { title: `Transpose the left operand: ${transposed(l)} @ ${r.text}`, range: lr, newText: transposed(l) };
  return new FixableError(e.detail, range, fix);
}

function compare(ip: ExprHost, node: Node, scope: Scope): PyValue {
  const operands = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
  const ops = node.childrenForFieldName('operators').filter((n): n is Node => n !== null).map((n) => n.text.replace(/\s+/g, ' '));
  if (ops.length !== operands.length - 1) throw new NotEvaluable('comparison not evaluated');
  let a = ip.expr(operands[0], scope);
  if (ops.length === 1) {
    // An array operand: NumPy's element-wise comparison, a bool array (arrayOperators.ts).
    const b = ip.expr(operands[1], scope);
    const arrays = compareOperator(ops[0], a, b, short(operands[0].text), short(operands[1].text), ip.ctx.limits, ip.ctx.random.torch.defaultDtype);
    if (arrays !== undefined) {
      carryLayout(arrays, [a, b], ops[0]);
      // A comparison of approximate values whose every outcome is certain is exact (`w.max() > 0.3` at 0.35).
      if ((isApproximate(a) || isApproximate(b)) && certainComparison(a, b, ip.ctx.limits)) return markCertain(arrays);
      return carryApproximation(arrays, [a, b], short(node.text));
    }
    return carryApproximation(compareOp(ops[0], a, b), [a, b], short(node.text));
  }
  for (let i = 0; i < ops.length; i++) {
    const b = ip.expr(operands[i + 1], scope);
    if (!carryApproximation(compareOp(ops[i], a, b), [a, b], short(node.text))) return false;
    a = b;
  }
  return true;
}

const VIEW_ATTRIBUTES = new Set(['T', 'mT', 'real', 'flat']);

function attribute(ip: ExprHost, node: Node, scope: Scope): PyValue {
  const obj = ip.expr(field(node, 'object'), scope);
  const name = field(node, 'attribute').text;
  if (isRef(obj)) {
    if (obj.path === 'math') {
      const c = mathConstant(name);
      if (c !== undefined) return c;
    }
    const path = `${obj.path}.${name}`;
    return libraryConstant(path) ?? { kind: 'ref', path };
  }
  if (isGenerator(obj)) return generatorAttribute(obj, name);
  if (isNDArray(obj)) {
    const v = arrayAttribute(obj, name);
    if (VIEW_ATTRIBUTES.has(name)) noteView(v, [obj]);
    carryLayout(v, [obj], name); // `x.T` is a strided view of a tensor
    return markApproximate(v, isNDArray(v) && isApproximate(obj)); // `n.T` (sizes, `n.shape`, are exact)
  }
  if (obj !== null && typeof obj === 'object' && obj.kind === 'function') throw new NotEvaluable(`attribute ${name} of a function is not evaluated`);
  if (obj !== null && typeof obj === 'object' && (obj.kind === 'class' || obj.kind === 'object' || obj.kind === 'super')) {
    const property = obj.kind === 'object' ? readProperty(ip, obj, name, node) : undefined;
    return property ? property.value : classAttribute(obj, name);
  }
  return objectAttribute(obj, name);
}

/** The values of a subscript's index (`a[i]`, `a[i, j]`, `a[1:3, ::2]`). */
export function indexValues(ip: Interp, node: Node, scope: Scope): PyValue[] {
  return node.childrenForFieldName('subscript').filter((n): n is Node => n !== null && n.type !== 'comment').map((n) => ip.expr(n, scope));
}

function subscript(ip: ExprHost, node: Node, scope: Scope): PyValue {
  const base = field(node, 'value');
  const value = ip.expr(base, scope);
  const idx = indexValues(ip, node, scope);
  // torch has no negative strides: `x[::-1]` raises (use x.flip(0))
  if (isTensor(value) && idx.some((i) => typeof i === 'object' && i !== null && i.kind === 'slice' && (i.step ?? 1) < 0)) throw new InputError('ValueError: step must be greater than zero (a tensor cannot be sliced backwards; use x.flip(dim))');
  const item = getItem(value, idx, base.text);
  if (isNDArray(value)) subscriptLayout(value, idx, item); // `x[:, :2]` is a strided view of a tensor
  return isDict(value) ? item : carryApproximation(item, [value, ...idx], short(node.text));
}

/** `value[idx]` with Python's rules (NumPy's for arrays; the result of basic indexing may view the array). */
export function getItem(value: PyValue, idx: readonly PyValue[], name: string): PyValue {
  if (isNDArray(value)) {
    const r = subscriptArray(value, idx, name);
    noteView(r, [value]);
    return r;
  }
  if (isObject(value)) return objectItem(value, idx);
  if (value !== null && typeof value === 'object' && value.kind === 'dict') return dictGet(value, idx.length === 1 ? idx[0] : { kind: 'list', items: idx, tuple: true });
  if (idx.length !== 1) throw new InputError(`${typeName(value)} indices must be integers or slices, not tuple`);
  const i = idx[0];
  let items: readonly PyValue[];
  if (isList(value)) items = value.items;
  else if (typeof value === 'string') items = [...value];
  else if (value !== null && typeof value === 'object' && value.kind === 'range') {
    if (typeof i === 'object' && i !== null && i.kind === 'slice') items = rangeItems(value);
    else {
      const n = rangeLength(value);
      const k = toIndex(i, n, 'range');
      return value.start + k * value.step;
    }
  } else if (value !== null && typeof value === 'object' && value.kind === 'ref') throw new NotEvaluable(`indexing ${value.path} is not evaluated`);
  else throw new InputError(`'${typeName(value)}' object is not subscriptable`);
  if (typeof i === 'object' && i !== null && i.kind === 'slice') {
    const at = sliceIndices(i, items.length);
    const picked = at.map((k) => items[k]);
    if (typeof value === 'string') return picked.join('');
    if (!isList(value)) return list(picked);
    const f = floatsOf(value);
    return withFloats({ kind: 'list', items: picked, tuple: value.tuple }, f && at.map((k) => f[k]));
  }
  const k = toIndex(i, items.length, typeName(value));
  return items[k];
}

function toIndex(i: PyValue, n: number, what: string): number {
  if (typeof i !== 'number' && typeof i !== 'boolean') {
    if (isNDArray(i) || isList(i)) throw new InputError(`${what} indices must be integers or slices, not ${typeName(i)}`);
    throw new InputError(`${what} indices must be integers or slices, not ${typeName(i)}`);
  }
  const raw = Number(i);
  if (!Number.isInteger(raw)) throw new InputError(`${what} indices must be integers or slices, not float`);
  const k = raw < 0 ? raw + n : raw;
  if (k < 0 || k >= n) throw new InputError(`IndexError: ${what} index out of range (index ${raw}, length ${n})`);
  return k;
}

/** The positions a slice picks from a sequence of length `n` (Python's `slice.indices`). */
export function sliceIndices(s: { start?: number; stop?: number; step?: number }, n: number): number[] {
  const step = s.step ?? 1;
  if (step === 0) throw new InputError('ValueError: slice step cannot be zero');
  const clamp = (x: number | undefined, def: number, lo: number, hi: number): number => {
    if (x === undefined) return def;
    const y = x < 0 ? x + n : x;
    return Math.min(Math.max(y, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const start = clamp(s.start, 0, 0, n), stop = clamp(s.stop, n, 0, n);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = clamp(s.start, n - 1, -1, n - 1), stop = clamp(s.stop, -1, -1, n - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

/** The callee and arguments of a call (`*xs` and `**kw` spread). */
export function callParts(ip: Interp, node: Node, scope: Scope): { fn: PyValue; args: PyValue[]; kwargs: Map<string, PyValue> } {
  const fn = ip.expr(field(node, 'function'), scope);
  const argsNode = node.childForFieldName('arguments');
  const args: PyValue[] = [];
  const kwargs = new Map<string, PyValue>();
  if (argsNode?.type === 'argument_list') {
    for (const a of argsNode.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = field(a, 'name').text;
        if (kwargs.has(k)) throw new InputError(`keyword argument repeated: ${k}`);
        kwargs.set(k, ip.expr(field(a, 'value'), scope));
      } else if (a.type === 'list_splat') args.push(...iterate(ip.expr(field(a, 'value', 0), scope)));
      else if (a.type === 'dictionary_splat') {
        const d = ip.expr(field(a, 'value', 0), scope);
        if (typeof d !== 'object' || d === null || d.kind !== 'dict') throw new InputError(`argument after ** must be a mapping, not ${typeName(d)}`);
        for (const [k, v] of d.entries.values()) {
          if (typeof k !== 'string') throw new InputError('keywords must be strings');
          kwargs.set(k, v);
        }
      } else args.push(ip.expr(a, scope));
    }
  } else if (argsNode) {
    args.push(ip.expr(argsNode, scope)); // f(x for x in xs): one generator argument
  }
  return { fn, args, kwargs };
}
