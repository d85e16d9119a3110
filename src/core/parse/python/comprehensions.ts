/**
 * List, set and dict comprehensions and generator expressions (`[f(x) for x in xs if p(x)]`,
 * `{w: i for i, w in enumerate(words)}`, `sum(x * x for x in xs)`), with Python 3's scoping: the loop
 * variables are the comprehension's own, the first iterable is evaluated in the enclosing scope. A generator
 * is computed at once (the program cannot observe the difference: nothing it runs has side effects here) and
 * can be consumed once, as in Python.
 */
import { isApproximate, markApproximate } from './torchPrecision';
import type { Node } from './syntaxTree';
import { InputError } from '../../errors';
import { BudgetExceeded } from './budget';
import { forEachItem, makeDict, makeSet } from './containers';
import type { Interp } from './interp';
import { NotEvaluable } from './library';
import { Scope, comprehensionScopes } from './scope';
import { field, targetBindings } from './syntax';
import { isFloatSyntax } from './floatSyntax';
import { type PyValue, list, withFloats } from './values';

export function comprehension(ip: Interp, node: Node, scope: Scope): PyValue {
  const clauses = node.namedChildren.filter((c): c is Node => c !== null && (c.type === 'for_in_clause' || c.type === 'if_clause'));
  if (clauses[0]?.type !== 'for_in_clause') throw new NotEvaluable(`${node.type.replace(/_/g, ' ')} without a for clause`);
  const body = field(node, 'body');
  const names = new Set<string>();
  for (const c of clauses) {
    if (c.type !== 'for_in_clause') continue;
    if (c.children.some((t) => t?.type === 'async')) throw new NotEvaluable('async comprehensions are not evaluated');
    for (const n of targetBindings(field(c, 'left'))) names.add(n);
  }
  const local = new Scope(scope, names);
  comprehensionScopes.add(local);
  const line = ip.lineAt(node);
  const what = node.type === 'generator_expression' ? 'the generator expression' : `the ${node.type.replace(/_/g, ' ')}`;
  const out: PyValue[] = [];
  const pairs: [PyValue, PyValue][] = [];
  const emit = (): void => {
    ip.budget.allocate(8, line);
    if (node.type === 'dictionary_comprehension') pairs.push([ip.expr(field(body, 'key'), local), ip.expr(field(body, 'value'), local)]);
    else out.push(ip.expr(body, local));
  };
  const run = (i: number): void => {
    if (i === clauses.length) return emit();
    const c = clauses[i];
    if (c.type === 'if_clause') {
      if (ip.truthy(ip.expr(c.namedChildren[0] as Node, local))) run(i + 1);
      return;
    }
    const source = ip.expr(field(c, 'right'), i === 0 ? scope : local);
    forEachItem(source, (item) => {
      ip.budget.iterate(line, what);
      ip.bindNames(field(c, 'left'), item, local);
      run(i + 1);
      return true;
    });
  };
  const go = (): PyValue => {
    ip.inFrame(local, () => run(0));
    switch (node.type) {
      // An element that is a float by its syntax (`float(i)`, `i * 1.0`) is one even when integral.
      case 'list_comprehension': return markApproximate(withFloats(list(out), isFloatSyntax(body, (n) => local.isFloat(n)) ? out.map(() => true) : undefined), out.some(isApproximate));
      case 'set_comprehension': return makeSet(out);
      case 'dictionary_comprehension': return makeDict(pairs);
      default: return markApproximate({ kind: 'iterator', what: 'generator', items: out, state: { used: false } }, out.some(isApproximate));
    }
  };
  if (node.type !== 'generator_expression') return go();
  try {
    return go();
  } catch (e) {
    // Python would raise only when the generator is consumed, perhaps not at all: not an error of its own here.
    if (e instanceof InputError && !(e instanceof BudgetExceeded)) throw new NotEvaluable(`the generator expression raises: ${e.message}`);
    throw e;
  }
}
