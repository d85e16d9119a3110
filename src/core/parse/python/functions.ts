/**
 * The program's own functions: `def` (defaults, keyword arguments, `*args`, keyword-only parameters,
 * `**kwargs`, several return values, nested functions and closures) and `lambda`. A call runs the body in a
 * new scope whose locals Python would decide (syntax.ts `localNames`), under the budget's call depth.
 */
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import { makeDict } from './containers';
import { type Interp, Return } from './interp';
import { NotEvaluable } from './library';
import { type NumberKind, Scope } from './scope';
import { isFloatSyntax, isIntSyntax } from './floatSyntax';
import { kindNames } from './expressions';
import { field, localNames } from './syntax';
import { type Kwargs, type PyFunction, type PyParam, type PyValue, tuple } from './values';

/** The function value of a `def` or `lambda` node, its defaults evaluated now (as Python does). */
export function makeFunction(ip: Interp, node: Node, name: string, scope: Scope): PyFunction {
  const params: PyParam[] = [];
  let kind: PyParam['kind'] = 'normal';
  const paramsNode = node.childForFieldName('parameters');
  for (const p of paramsNode?.namedChildren ?? []) {
    if (!p || p.type === 'comment') continue;
    switch (p.type) {
      case 'identifier': params.push({ name: p.text, kind }); break;
      case 'typed_parameter': {
        const inner = p.namedChildren[0] as Node;
        if (inner.type === 'list_splat_pattern') { params.push({ name: (inner.namedChildren[0] as Node).text, kind: 'varargs' }); kind = 'keyword'; }
        else if (inner.type === 'dictionary_splat_pattern') params.push({ name: (inner.namedChildren[0] as Node).text, kind: 'varkw' });
        else params.push({ name: inner.text, kind });
        break;
      }
      case 'default_parameter': case 'typed_default_parameter':
        params.push({
          name: field(p, 'name').text, kind, default: ip.expr(field(p, 'value'), scope),
          ...(isFloatSyntax(field(p, 'value'), (n) => scope.isFloat(n)) ? { floatDefault: true as const } : {}),
        });
        break;
      case 'list_splat_pattern': params.push({ name: (p.namedChildren[0] as Node).text, kind: 'varargs' }); kind = 'keyword'; break;
      case 'keyword_separator': kind = 'keyword'; break;
      case 'dictionary_splat_pattern': params.push({ name: (p.namedChildren[0] as Node).text, kind: 'varkw' }); break;
      case 'positional_separator':
        for (let i = 0; i < params.length; i++) if (params[i].kind === 'normal') params[i] = { ...params[i], kind: 'positional' };
        break;
      default: throw new NotEvaluable(`parameter ${p.text} of ${name}() is not supported`);
    }
  }
  const body = field(node, 'body');
  const names = params.map((p) => p.name);
  if (node.type === 'lambda') return { kind: 'function', name, node, params, closure: scope, locals: new Set(names) };
  const special = body.descendantsOfType(['global_statement', 'nonlocal_statement', 'yield', 'await']).some((n) => n !== null);
  return {
    kind: 'function', name, node, params, closure: scope, locals: localNames(body, names), source: node.text,
    ...(special ? { unsupported: `${name}() uses global, nonlocal, yield or await, which are not evaluated` } : {}),
  };
}

/**
 * The parameters a call gives a value written in its text, with that text: positional arguments after the ones
 * the text does not show (`self`, counted in `nArgs`), and keyword arguments. None when splats hide the mapping.
 */
function argumentNodes(fn: PyFunction, nArgs: number, at: Node): { readonly name: string; readonly node: Node | null }[] {
  const nodes = at.type === 'call' ? (at.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment') : [];
  if (nodes.some((n) => n.type === 'list_splat' || n.type === 'dictionary_splat' || n.type === 'generator_expression')) return [];
  const positional = nodes.filter((n) => n.type !== 'keyword_argument');
  const offset = nArgs - positional.length;
  if (offset < 0) return [];
  const params = fn.params.filter((p) => p.kind === 'normal' || p.kind === 'positional');
  const out: { name: string; node: Node | null }[] = [];
  positional.forEach((n, i) => { const p = params[offset + i]; if (p) out.push({ name: p.name, node: n }); });
  for (const n of nodes) {
    if (n.type !== 'keyword_argument') continue;
    const name = n.childForFieldName('name')?.text ?? '';
    if (fn.params.some((p) => p.name === name && p.kind !== 'positional')) out.push({ name, node: n.childForFieldName('value') });
  }
  return out;
}

/**
 * What the call's syntax says of the numbers its parameters hold (Scope.markNumber): a Python float for a float
 * default that was used (`def g(x, s=2.0)`) or a float literal at the call (`h(ids, 1.0)`, `h(ids, s=1.0)`: torch
 * makes `ids * s` float32); of open kind for an integral number whose kind the argument's text leaves open
 * (`f(ids, cfg["scale"])`, `f(x, self.n)`). Names and literals in the arguments are taken for what their syntax says.
 */
function parameterKinds(fn: PyFunction, values: ReadonlyMap<string, PyValue>, nArgs: number, at: Node, defaulted: ReadonlySet<string>): [string, NumberKind][] {
  const out: [string, NumberKind][] = fn.params.filter((p) => p.floatDefault && defaulted.has(p.name)).map((p) => [p.name, 'float']);
  for (const { name, node } of argumentNodes(fn, nArgs, at)) {
    const v = values.get(name);
    if (isFloatSyntax(node)) out.push([name, 'float']);
    else if (typeof v === 'number' && Number.isInteger(v) && !isIntSyntax(node)) out.push([name, 'open']);
  }
  return out;
}

/** Binds a call's arguments to the parameters, as Python does. @throws InputError as Python raises TypeError. */
function bind(fn: PyFunction, args: readonly PyValue[], kwargs: Kwargs, defaulted?: Set<string>): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  const rest = new Map(kwargs);
  let i = 0;
  let varkw: string | undefined;
  for (const p of fn.params) {
    if (p.kind === 'varargs') {
      out.set(p.name, tuple(args.slice(i)));
      i = args.length;
      continue;
    }
    if (p.kind === 'varkw') { varkw = p.name; continue; }
    if ((p.kind === 'normal' || p.kind === 'positional') && i < args.length) {
      if (p.kind === 'normal' && rest.has(p.name)) throw new InputError(`${fn.name}() got multiple values for argument '${p.name}'`);
      out.set(p.name, args[i++]);
    } else if (p.kind !== 'positional' && rest.has(p.name)) {
      out.set(p.name, rest.get(p.name) as PyValue);
      rest.delete(p.name);
    } else if (p.default !== undefined) {
      out.set(p.name, p.default);
      defaulted?.add(p.name);
    }
    else throw new InputError(`${fn.name}() missing 1 required ${p.kind === 'keyword' ? 'keyword-only ' : 'positional '}argument: '${p.name}'`);
  }
  if (i < args.length) {
    const positional = fn.params.filter((p) => p.kind === 'normal' || p.kind === 'positional').length;
    throw new InputError(`${fn.name}() takes ${positional} positional argument${positional === 1 ? '' : 's'} but ${args.length} were given`);
  }
  if (varkw) out.set(varkw, makeDict([...rest].map(([k, v]) => [k, v] as const)));
  else if (rest.size) throw new InputError(`${fn.name}() got an unexpected keyword argument '${[...rest.keys()][0]}'`);
  return out;
}

/**
 * The calls of the program's functions whose last evaluation returned a Python int by the syntax of its `return`
 * (`return n * fact(n - 1)`), for floatSyntax.isIntSyntax: the call's result is then known to be an int.
 */
const intReturns = new WeakMap<Node, boolean>();

/** True when the call `at` of a program's function last returned a Python int (see {@link intReturns}). */
export function returnedInt(at: Node): boolean {
  return intReturns.get(at) === true;
}

/** Calls a user function. `at` is the call's node; `onFrame` sees the new local scope before the body runs (methods, classes.ts). */
export function callFunction(ip: Interp, fn: PyFunction, args: readonly PyValue[], kwargs: Kwargs, at: Node, onFrame?: (scope: Scope) => void): PyValue {
  if (fn.unsupported) throw new NotEvaluable(fn.unsupported);
  const defaulted = new Set<string>();
  const values = bind(fn, args, kwargs, defaulted);
  const body = field(fn.node, 'body');
  const isLambda = fn.node.type === 'lambda';
  const locals = fn.locals;
  const scope = new Scope(fn.closure, locals);
  for (const [k, v] of values) scope.set(k, v);
  for (const [k, kind] of parameterKinds(fn, values, args.length, at, defaulted)) scope.markNumber(k, kind);
  onFrame?.(scope);
  ip.budget.enter(fn.name, ip.lineAt(at));
  try {
    return ip.inFrame(scope, () => {
      intReturns.delete(at);
      if (isLambda) {
        const v = ip.expr(body, scope);
        if (typeof v === 'number' && Number.isInteger(v) && isIntSyntax(body, kindNames(scope))) intReturns.set(at, true);
        return v;
      }
      try {
        ip.block(body, scope);
        return null;
      } catch (e) {
        if (e instanceof Return) {
          if (e.int) intReturns.set(at, true);
          return e.value;
        }
        throw e;
      }
    }, isLambda ? undefined : { name: fn.name, parameters: fn.node.childForFieldName('parameters') });
  } finally {
    ip.budget.leave();
  }
}
